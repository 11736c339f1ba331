/* test-center-feed.c: GET /v1/feed against gridwall-center
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "center-harness.h"

#include <string.h>

static void
report_n (TestCenter *center,
          guint       n)
{
  for (guint i = 0; i < n; i++)
    g_free (test_report_case (center, NULL));
}

static void
assert_sequences (GPtrArray *events,
                  guint64    first,
                  guint      n)
{
  g_assert_nonnull (events);
  g_assert_cmpuint (events->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (test_event_sequence (events->pdata[i]), ==, first + i);
}

static void
test_replay (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=0", "--test-hooks", NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) tail = NULL;
  g_autoptr(GPtrArray) none = NULL;
  JsonObject *e;

  report_n (center, 10);
  all = test_feed_collect (center, "demo-wall", 0, 10, 5000, NULL, NULL);
  assert_sequences (all, 1, 10);
  e = json_node_get_object (all->pdata[0]);
  g_assert_cmpstr (json_object_get_string_member (e, "specversion"), ==, "1.0");
  g_assert_cmpstr (json_object_get_string_member (e, "id"), ==, "360100-1");
  g_assert_cmpstr (json_object_get_string_member (e, "source"), ==, "/centers/360100");
  g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "cn.gridwall.case.reported");
  g_assert_cmpstr (json_object_get_string_member (e, "sequence"), ==, "00000000000000000001");
  g_assert_cmpstr (json_object_get_string_member (e, "datacontenttype"), ==, "application/json");
  g_assert_true (json_object_has_member (json_object_get_object_member (e, "data"), "case"));

  /* Exactly N+1.. and nothing more. */
  tail = test_feed_collect (center, "demo-wall", 4, 100, 700, NULL, NULL);
  assert_sequences (tail, 5, 6);
  none = test_feed_collect (center, "demo-wall", 10, 1, 300, NULL, NULL);
  g_assert_cmpuint (none->len, ==, 0);
}

typedef struct
{
  TestCenter *center;
  guint       n;
} LaterReport;

static gboolean
report_later (gpointer data)
{
  LaterReport *later = data;

  report_n (later->center, later->n);
  return G_SOURCE_REMOVE;
}

static void
test_live (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=0", "--test-hooks", NULL);
  LaterReport later = { center, 3 };
  g_autoptr(GPtrArray) events = NULL;

  report_n (center, 2);
  g_timeout_add (300, report_later, &later);
  events = test_feed_collect (center, "demo-dispatcher", 1, 4, 5000, NULL, NULL);
  assert_sequences (events, 2, 4);
}

static void
test_refusals (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=0", "--test-hooks", NULL);
  g_autoptr(TestReply) ahead = NULL;
  g_autoptr(TestReply) letters = NULL;
  g_autoptr(TestReply) long_after = NULL;
  g_autoptr(TestReply) plain = NULL;
  guint status = 0;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) anonymous = NULL;

  report_n (center, 3);
  ahead = test_http (center, "GET", "/v1/feed?after=9", "demo-wall", NULL, NULL);
  g_assert_cmpuint (ahead->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (ahead), "error"), ==,
                   "sequence_ahead");
  refused = test_feed_collect (center, "demo-wall", 4, 1, 3000, &status, NULL);
  g_assert_null (refused);
  g_assert_cmpuint (status, ==, 400);

  letters = test_http (center, "GET", "/v1/feed?after=abc", "demo-wall", NULL, NULL);
  g_assert_cmpuint (letters->status, ==, 400);
  long_after = test_http (center, "GET", "/v1/feed?after=123456789012345678901", "demo-wall",
                          NULL, NULL);
  g_assert_cmpuint (long_after->status, ==, 400);

  anonymous = test_feed_collect (center, NULL, 0, 1, 3000, &status, NULL);
  g_assert_null (anonymous);
  g_assert_cmpuint (status, ==, 401);

  /* Not an upgrade: refused, not served. */
  plain = test_http (center, "GET", "/v1/feed?after=0", "demo-wall", NULL, NULL);
  g_assert_cmpuint (plain->status, >=, 400);
}

static void
test_history_lost (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=0", "--test-hooks",
                                                    "--history=5", NULL);
  g_autoptr(TestReply) lost = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) edge = NULL;
  g_autoptr(GPtrArray) oldest = NULL;
  guint status = 0;

  report_n (center, 12);
  lost = test_http (center, "GET", "/v1/feed?after=2", "demo-wall", NULL, NULL);
  g_assert_cmpuint (lost->status, ==, 410);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (lost), "error"), ==,
                   "history_lost");
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (lost), "oldest"), ==,
                   "00000000000000000008");
  refused = test_feed_collect (center, "demo-wall", 6, 1, 3000, &status, NULL);
  g_assert_null (refused);
  g_assert_cmpuint (status, ==, 410);

  edge = test_feed_collect (center, "demo-wall", 7, 5, 3000, NULL, NULL);
  assert_sequences (edge, 8, 5);
  oldest = test_feed_collect (center, "demo-wall", 0, 5, 3000, NULL, NULL);
  assert_sequences (oldest, 8, 5);
}

static void
test_drop_every (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=0", "--test-hooks",
                                                    "--drop-every=3", NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  report_n (center, 8);
  first = test_feed_collect (center, "demo-wall", 0, 8, 5000, NULL, NULL);
  assert_sequences (first, 1, 3);
  second = test_feed_collect (center, "demo-wall", 3, 8, 5000, NULL, NULL);
  assert_sequences (second, 4, 3);
}

static void
test_kill_and_resume (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=1200", "--speed=600",
                                                    "--seed=3", NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) replayed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(TestReply) snapshot = NULL;
  guint64 last;

  g_usleep (1500 * G_USEC_PER_SEC / 1000);
  last = test_snapshot_sequence (center);
  g_assert_cmpuint (last, >, 5);
  before = test_feed_collect (center, "demo-wall", 0, (guint) last, 10000, NULL, NULL);
  assert_sequences (before, 1, (guint) last);

  test_center_kill (center, TRUE);
  test_center_spawn (center, "--rate=1200", "--speed=600", "--seed=3", NULL);

  /* Everything committed is still there, byte for byte. */
  g_assert_cmpuint (test_snapshot_sequence (center), >=, last);
  replayed = test_feed_collect (center, "demo-wall", 0, (guint) last, 10000, NULL, NULL);
  assert_sequences (replayed, 1, (guint) last);
  for (guint i = 0; i < last; i++)
    {
      g_autofree char *a = json_to_string (before->pdata[i], FALSE);
      g_autofree char *b = json_to_string (replayed->pdata[i], FALSE);

      g_assert_cmpstr (a, ==, b);
    }

  /* A client that had applied up to last resumes with no gap. */
  after = test_feed_collect (center, "demo-wall", last, 5, 10000, NULL, NULL);
  assert_sequences (after, last + 1, 5);

  /* Every case of the first run is still there, at its version or later. */
  snapshot = test_http (center, "GET", "/v1/snapshot", "demo-wall", NULL, NULL);
  {
    g_autoptr(GHashTable) versions = g_hash_table_new (g_str_hash, g_str_equal);
    JsonArray *cases = json_object_get_array_member (test_reply_object (snapshot), "cases");

    for (guint i = 0; i < json_array_get_length (cases); i++)
      {
        JsonObject *c = json_array_get_object_element (cases, i);

        g_hash_table_insert (versions, (gpointer) json_object_get_string_member (c,
                                                                                 "service_request_id"),
                             GINT_TO_POINTER ((int) json_object_get_int_member (c, "version")));
      }
    for (guint i = 0; i < before->len; i++)
      {
        JsonObject *data = json_object_get_object_member (json_node_get_object (before->pdata[i]),
                                                          "data");
        JsonObject *c = json_object_get_object_member (data, "case");
        const char *id = json_object_get_string_member (c, "service_request_id");

        g_assert_true (g_hash_table_contains (versions, id));
        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (versions, id)), >=,
                         json_object_get_int_member (c, "version"));
      }
  }
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 data)
{
  /* 0xffff: closed without a close frame (libsoup cuts the TCP connection
   * on an oversized frame). */
  gushort code = soup_websocket_connection_get_close_code (conn);

  *(gushort *) data = code ? code : 0xffff;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SoupWebsocketConnection **conn = data;

  *conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, NULL);
  g_assert_nonnull (*conn);
}

/* A client must send nothing; a huge frame is a protocol error. */
static void
test_client_frames (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=0", NULL);
  const gsize sizes[] = { 10, 2 * 1024 * 1024 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autofree char *uri = g_strconcat ("ws", center->uri + 4, "v1/feed", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      char *protocols[] = { (char *) "cloudevents.json", NULL };
      SoupWebsocketConnection *conn = NULL;
      g_autofree char *text = g_strnfill (sizes[i], 'x');
      gushort code = 0;
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    "Bearer demo-wall");
      soup_session_websocket_connect_async (session, msg, NULL, protocols, G_PRIORITY_DEFAULT,
                                            NULL, on_connected, &conn);
      while (conn == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_signal_connect (conn, "closed", G_CALLBACK (on_closed), &code);
      soup_websocket_connection_send_text (conn, text);
      while (code == 0 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE), g_usleep (1000);
      if (i == 0)
        g_assert_cmpuint (code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
      else
        g_assert_true (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG || code == 0xffff);
      g_object_unref (conn);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/center/feed/replay", test_replay);
  g_test_add_func ("/center/feed/live", test_live);
  g_test_add_func ("/center/feed/refusals", test_refusals);
  g_test_add_func ("/center/feed/history-lost", test_history_lost);
  g_test_add_func ("/center/feed/drop-every", test_drop_every);
  g_test_add_func ("/center/feed/kill-and-resume", test_kill_and_resume);
  g_test_add_func ("/center/feed/client-frames", test_client_frames);
  return g_test_run ();
}
