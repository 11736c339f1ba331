/* test-feed-hostile.c: a centre that breaks the protocol on purpose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tiny libsoup server in the test sends broken JSON, a binary frame, an
 * invalid event, gaps, duplicates and an oversized frame. The feed must stay
 * up, count and report each, and resume to the right sequence.
 */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "feed-test-util.h"

/* Sequences in the scripts are relative to BASE: the core refuses a snapshot at 0. */
#define BASE 100

typedef struct
{
  SoupServer *server;
  char       *uri;
  GPtrArray  *connections;
  guint       n_snapshots;
  guint       n_connections;
  void      (*script) (SoupWebsocketConnection *connection, guint64 after, gpointer data);
} Hostile;

static char *
case_json (const char *id,
           gint64      version,
           double      lat)
{
  return g_strdup_printf (
    "{\"service_request_id\":\"%s\",\"service_code\":\"fire_lane_blocked\","
    "\"service_name\":\"消防通道堵塞\",\"category\":\"safety\",\"description\":\"test\","
    "\"status\":\"open\",\"status_detail\":\"reported\",\"agency_responsible\":null,"
    "\"co_agencies\":[],\"requested_datetime\":\"2026-11-21T14:03:12+08:00\","
    "\"updated_datetime\":\"2026-11-21T14:03:12+08:00\",\"expected_datetime\":null,"
    "\"resolved_datetime\":null,\"closed_datetime\":null,\"lat\":%.4f,\"long\":115.89,"
    "\"address\":\"民巷\",\"media_url\":null,\"priority\":\"normal\",\"channel\":\"grid_app\","
    "\"grid_code\":\"360102002001003\",\"resolved_level\":null,\"satisfaction\":null,"
    "\"supervised\":false,\"version\":%" G_GINT64_FORMAT "}", id, lat, version);
}

static char *
event_json (guint64 sequence,
            double  lat)
{
  g_autofree char *id = g_strdup_printf ("T-%06" G_GUINT64_FORMAT, sequence);
  g_autofree char *kase = case_json (id, 1, lat);

  sequence += BASE;

  return g_strdup_printf (
    "{\"specversion\":\"1.0\",\"id\":\"360100-%" G_GUINT64_FORMAT "\","
    "\"source\":\"/centers/360100\",\"type\":\"cn.gridwall.case.reported\","
    "\"time\":\"2026-11-21T14:03:12+08:00\",\"sequence\":\"%020" G_GUINT64_FORMAT "\","
    "\"datacontenttype\":\"application/json\",\"data\":{\"case\":%s,"
    "\"actor\":{\"id\":\"resident\",\"name\":\"居民\"},\"note\":null,\"department\":null}}",
    sequence, sequence, kase);
}

static void
send_event (SoupWebsocketConnection *connection,
            guint64                  sequence)
{
  g_autofree char *text = event_json (sequence, 28.68);

  soup_websocket_connection_send_text (connection, text);
}

static void
reply_json (SoupServerMessage *message,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static gboolean
authorized (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (g_strcmp0 (value, "Bearer " TOKEN_WALL) == 0)
    return TRUE;
  reply_json (message, 401, "{\"error\":\"unauthorized\",\"message\":\"unknown token\"}");
  return FALSE;
}

static void
me_handler (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  if (authorized (message))
    reply_json (message, 200, "{\"user\":\"wall-01\",\"name\":\"大屏\",\"role\":\"wall\","
                              "\"center\":{\"code\":\"360100\",\"name\":\"测试中心\"}}");
}

static void
grids_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  if (authorized (message))
    reply_json (message, 200, "{\"type\":\"FeatureCollection\",\"features\":[]}");
}

/* The first snapshot is empty at 0; later ones (resyncs) are at 10 with one case. */
static void
snapshot_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Hostile *hostile = user_data;
  g_autofree char *kase = case_json ("S-000001", 3, 28.7);
  g_autofree char *json = NULL;

  if (!authorized (message))
    return;
  json = g_strdup_printf ("{\"sequence\":\"%020u\",\"generated\":\"2026-11-21T14:03:12+08:00\","
                          "\"mode\":{\"mode\":\"normal\",\"reason\":null,\"case\":null},"
                          "\"departments\":[],\"cases\":[%s]}",
                          BASE + (hostile->n_snapshots == 0 ? 0 : 10),
                          hostile->n_snapshots == 0 ? "" : kase);
  hostile->n_snapshots++;
  reply_json (message, 200, json);
}

static void
feed_handler (SoupServer              *server,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Hostile *hostile = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (message));
  guint64 after = 0;

  if (query != NULL && g_str_has_prefix (query, "after="))
    after = g_ascii_strtoull (query + strlen ("after="), NULL, 10);
  g_test_message ("connection %u after %" G_GUINT64_FORMAT, hostile->n_connections, after);
  hostile->n_connections++;
  g_ptr_array_add (hostile->connections, g_object_ref (connection));
  g_assert_cmpuint (after, >=, BASE);
  hostile->script (connection, after - BASE, hostile);
}

static Hostile *
hostile_new (void (*script) (SoupWebsocketConnection *, guint64, gpointer))
{
  Hostile *hostile = g_new0 (Hostile, 1);
  char *protocols[] = { (char *) "cloudevents.json", NULL };
  g_autoptr(GError) error = NULL;
  GSList *uris;

  hostile->script = script;
  hostile->connections = g_ptr_array_new_with_free_func (g_object_unref);
  hostile->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hostile->server, "/v1/me", me_handler, hostile, NULL);
  soup_server_add_handler (hostile->server, "/v1/grids", grids_handler, hostile, NULL);
  soup_server_add_handler (hostile->server, "/v1/snapshot", snapshot_handler, hostile, NULL);
  soup_server_add_websocket_handler (hostile->server, "/v1/feed", NULL, protocols,
                                     feed_handler, hostile, NULL);
  soup_server_listen_local (hostile->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hostile->server);
  hostile->uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return hostile;
}

static void
hostile_free (Hostile *hostile)
{
  g_ptr_array_unref (hostile->connections);
  soup_server_disconnect (hostile->server);
  g_object_unref (hostile->server);
  g_free (hostile->uri);
  g_free (hostile);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Hostile, hostile_free)

typedef struct
{
  GwCaseStore *store;
  guint64      sequence;
  guint64      n_rejected;
} Target;

static gboolean
reached (gpointer data)
{
  Target *target = data;

  return gw_case_store_get_sequence (target->store) >= target->sequence
         && gw_case_store_get_n_rejected (target->store) >= target->n_rejected;
}

/* Connection by connection (a resumed subscription starts one event early: the
 * feed checks that the centre resends the last event it applied unchanged):
 *   after 0: 1 2 [broken JSON, meant as 3] 4            -> gap at 4, resume after 1
 *   after 1: 2 3 4 4 5 [binary] [6 with lat 91] 7      -> duplicate, 2 rejected, gap at 7
 *   after 4: 5 6 7 [1.5 MiB frame]                     -> too large, connection closed
 *   after 6: 7 8 9                                     -> caught up
 */
static void
misbehave (SoupWebsocketConnection *connection,
           guint64                  after,
           gpointer                 data)
{
  if (after == 0)
    {
      send_event (connection, 1);
      send_event (connection, 2);
      soup_websocket_connection_send_text (connection,
                                           "{\"specversion\":\"1.0\",\"sequence\":"
                                           "\"00000000000000000103\",\"id\":");
      send_event (connection, 4);
    }
  else if (after == 1)
    {
      g_autofree char *bad = event_json (6, 91.2);
      static const guint8 binary[] = { 0, 1, 2, 3 };

      send_event (connection, 2);
      send_event (connection, 3);
      send_event (connection, 4);
      send_event (connection, 4);
      send_event (connection, 5);
      soup_websocket_connection_send_binary (connection, binary, sizeof binary);
      soup_websocket_connection_send_text (connection, bad);
      send_event (connection, 7);
    }
  else if (after == 4)
    {
      g_autofree char *huge = NULL;
      g_autofree char *padding = g_strnfill (1536 * 1024, ' ');

      send_event (connection, 5);
      send_event (connection, 6);
      send_event (connection, 7);
      huge = g_strdup_printf ("{\"padding\":\"%s\"}", padding);
      soup_websocket_connection_send_text (connection, huge);
    }
  else if (after == 6)
    {
      send_event (connection, 7);
      send_event (connection, 8);
      send_event (connection, 9);
    }
  else
    g_error ("unexpected subscription after %" G_GUINT64_FORMAT, after);
}

static gboolean
rejections_contain (GPtrArray  *rejections,
                    const char *needle)
{
  for (guint i = 0; i < rejections->len; i++)
    if (strstr (g_ptr_array_index (rejections, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
count_rejected (GwFeed     *feed,
                guint64     sequence,
                const char *message,
                guint      *count)
{
  (*count)++;
}

static void
test_misbehaving_peer (void)
{
  g_autoptr(Hostile) hostile = hostile_new (misbehave);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = gw_test_feed_new (store);
  Target target = { store, BASE + 9, 4 };
  GPtrArray *rejections;
  guint n_signals = 0;

  g_signal_connect (feed, "rejected", G_CALLBACK (count_rejected), &n_signals);
  gw_feed_set_center (feed, hostile->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);

  if (!gw_test_wait_for (reached, &target, 15000))
    g_error ("the feed reached %" G_GUINT64_FORMAT " with %" G_GUINT64_FORMAT " rejected "
             "(state %d, last error %s)", gw_case_store_get_sequence (store),
             gw_case_store_get_n_rejected (store), gw_feed_get_state (feed),
             gw_feed_get_last_error (feed));
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 5000);

  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, BASE + 9);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 4);
  g_assert_cmpuint (gw_case_store_get_n_duplicates (store), >=, 1);
  g_assert_cmpuint (gw_case_store_get_n_applied (store), ==, 9);
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("T-%06u", i);
      g_assert_nonnull (gw_case_store_lookup (store, id));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 9);

  rejections = gw_feed_get_recent_rejections (feed);
  g_assert_cmpuint (rejections->len, ==, 4);
  g_assert_cmpuint (n_signals, ==, 4);
  g_assert_true (rejections_contain (rejections, "event 103"));
  g_assert_true (rejections_contain (rejections, "event 106"));
  g_assert_true (rejections_contain (rejections, "binary"));
  /* newest first */
  g_assert_nonnull (strstr (g_ptr_array_index (rejections, 0), "1048576"));
  g_assert_cmpuint (hostile->n_connections, ==, 4);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 0);
  g_assert_cmpstr (gw_feed_get_center_name (feed), ==, "测试中心");
  g_assert_cmpstr (gw_feed_get_role (feed), ==, "wall");
  g_assert_nonnull (gw_feed_get_grids (feed));

  gw_feed_stop (feed);
  g_assert_cmpint (gw_feed_get_state (feed), ==, GW_FEED_STATE_IDLE);
}

/* Every subscription after 1 skips 2: resumes do not help, a snapshot must. */
static void
stuck_gap (SoupWebsocketConnection *connection,
           guint64                  after,
           gpointer                 data)
{
  if (after < 10)
    {
      if (after == 0)
        send_event (connection, 1);
      send_event (connection, 3);
    }
  else
    send_event (connection, 11);
}

static void
test_repeated_gap_reloads (void)
{
  g_autoptr(Hostile) hostile = hostile_new (stuck_gap);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = gw_test_feed_new (store);
  g_autoptr(GArray) states = gw_test_record_states (feed);
  Target target = { store, BASE + 11, 0 };

  g_object_set (feed, "max-gap-retries", 2, NULL);
  gw_feed_set_center (feed, hostile->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);

  if (!gw_test_wait_for (reached, &target, 15000))
    g_error ("the feed stayed at %" G_GUINT64_FORMAT " (last error %s)",
             gw_case_store_get_sequence (store), gw_feed_get_last_error (feed));
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 5000);
  g_assert_cmpuint (hostile->n_snapshots, ==, 2);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 1);
  /* 1 + 2 resumes at sequence 1, then the reload */
  g_assert_cmpuint (hostile->n_connections, ==, 4);
  g_assert_true (gw_test_states_include (states, GW_FEED_STATE_RECONNECTING,
                                         GW_FEED_STATE_RESYNCING));
  g_assert_nonnull (gw_case_store_lookup (store, "S-000001"));
  g_assert_nonnull (gw_case_store_lookup (store, "T-000011"));
  g_signal_handlers_disconnect_by_data (feed, states);
}

/* The centre loses events 2.. and reuses their sequences for other events. */
static void
rewrite_history (SoupWebsocketConnection *connection,
                 guint64                  after,
                 gpointer                 data)
{
  Hostile *hostile = data;

  if (after == 0 && hostile->n_connections == 1)
    {
      send_event (connection, 1);
      send_event (connection, 2);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  else if (after == 1)
    {
      g_autofree char *other = event_json (2, 28.5);

      soup_websocket_connection_send_text (connection, other);
      send_event (connection, 3);
    }
  else if (after == 10)
    send_event (connection, 11);
  else
    g_error ("unexpected subscription after %" G_GUINT64_FORMAT, after);
}

static void
test_rewritten_history_reloads (void)
{
  g_autoptr(Hostile) hostile = hostile_new (rewrite_history);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = gw_test_feed_new (store);
  Target target = { store, BASE + 11, 0 };

  gw_feed_set_center (feed, hostile->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  if (!gw_test_wait_for (reached, &target, 15000))
    g_error ("the feed stayed at %" G_GUINT64_FORMAT " (last error %s)",
             gw_case_store_get_sequence (store), gw_feed_get_last_error (feed));
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 5000);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 1);
  g_assert_nonnull (strstr (gw_feed_get_last_error (feed), "differently"));
  /* Event 3 of the new history was never applied on top of the old 2. */
  g_assert_null (gw_case_store_lookup (store, "T-000003"));
  g_assert_nonnull (gw_case_store_lookup (store, "S-000001"));
}

static void
never_connect (SoupWebsocketConnection *connection,
               guint64                  after,
               gpointer                 data)
{
  g_error ("a refused client subscribed");
}

static void
test_refused_token (void)
{
  g_autoptr(Hostile) hostile = hostile_new (never_connect);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = gw_test_feed_new (store);

  gw_feed_set_center (feed, hostile->uri, "not-a-token", NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_FAILED, 5000);
  g_assert_nonnull (strstr (gw_feed_get_last_error (feed), "401"));
  g_assert_nonnull (strstr (gw_feed_get_last_error (feed), "token"));
  gw_feed_stop (feed);
}

static void
test_bad_configuration (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = gw_test_feed_new (store);
  g_autofree char *garbage = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  gw_feed_set_center (feed, "http://127.0.0.1:1/", TOKEN_WALL, "/nonexistent/ca.pem");
  gw_feed_start (feed);
  g_assert_cmpint (gw_feed_get_state (feed), ==, GW_FEED_STATE_FAILED);
  g_assert_nonnull (strstr (gw_feed_get_last_error (feed), "/nonexistent/ca.pem"));

  fd = g_file_open_tmp ("gw-bad-ca-XXXXXX.pem", &garbage, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (garbage, "not a certificate\n", -1, NULL));
  close (fd);
  gw_feed_set_center (feed, "http://127.0.0.1:1/", TOKEN_WALL, garbage);
  gw_feed_start (feed);
  g_assert_cmpint (gw_feed_get_state (feed), ==, GW_FEED_STATE_FAILED);
  g_assert_nonnull (strstr (gw_feed_get_last_error (feed), "CA file"));
  g_unlink (garbage);

  gw_feed_set_center (feed, "ftp://example.org/", TOKEN_WALL, NULL);
  gw_feed_start (feed);
  g_assert_cmpint (gw_feed_get_state (feed), ==, GW_FEED_STATE_FAILED);
  g_assert_nonnull (strstr (gw_feed_get_last_error (feed), "ftp://example.org/"));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/feed/hostile/misbehaving-peer", test_misbehaving_peer);
  g_test_add_func ("/feed/hostile/repeated-gap-reloads", test_repeated_gap_reloads);
  g_test_add_func ("/feed/hostile/rewritten-history", test_rewritten_history_reloads);
  g_test_add_func ("/feed/hostile/refused-token", test_refused_token);
  g_test_add_func ("/feed/hostile/bad-configuration", test_bad_configuration);

  return g_test_run ();
}
