/* test-feed-outbox.c: the dispatcher's outbox against the real centre
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - a dispatcher process killed (SIGKILL) while its assignment is on the wire
 *   to a stopped centre, the centre then killed too: after both come back the
 *   assignment is in the centre's events table exactly once;
 * - two dispatchers assign the same case: one wins, the other is told who;
 * - a stale command sent again at the new version, a refused one, the wall.
 */
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <glib/gstdio.h>

#include "feed-test-util.h"
#include "gw-dispatcher.h"

static char *
grids_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "center", "test-grids.geojson", NULL);
}

static GwTestCenter *
start_center (void)
{
  GwTestCenter *center = gw_test_center_new ();
  g_autofree char *grids = grids_path ();

  if (center != NULL)
    gw_test_center_start (center, "--rate=0", "--test-hooks", "--grids", grids, NULL);
  return center;
}

static JsonObject *
post (GwTestCenter *center,
      const char   *path,
      const char   *token,
      const char   *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (center->uri, path + 1, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", uri);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  reply = soup_session_send_and_read (session, message, NULL, NULL);
  g_assert_nonnull (reply);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  root = json_from_string (g_bytes_get_data (reply, NULL), NULL);
  return json_object_ref (json_node_get_object (root));
}

/* A case the simulator leaves alone, at version 1. */
static char *
report_case (GwTestCenter *center)
{
  g_autoptr(JsonObject) reply = post (center, "/v1/test/report", TOKEN_DISPATCHER,
                                      "{\"service_code\": \"fire_lane_blocked\", \"lat\": 28.69,"
                                      " \"long\": 115.89, \"simulate\": false}");
  JsonObject *kase = json_object_get_object_member (reply, "case");

  g_assert_cmpint (json_object_get_int_member (kase, "version"), ==, 1);
  return g_strdup (json_object_get_string_member (kase, "service_request_id"));
}

static int
count_events (GwTestCenter *center,
              const char   *case_id,
              const char   *type)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (center->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM events WHERE case_id = ?1"
                                           " AND type = ?2", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* ---- the sender process ---- */

static GSubprocess *
spawn_sender (GwTestCenter *center,
              const char   *outbox,
              const char   *log,
              const char   *case_id)
{
  g_autofree char *sender = g_test_build_filename (G_TEST_BUILT, "feed", "outbox-sender", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (case_id != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, sender, center->uri,
                                TOKEN_DISPATCHER, outbox, log, case_id, "1", "360102-cg", NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, sender, center->uri,
                                TOKEN_DISPATCHER, outbox, log, NULL);
  g_assert_no_error (error);
  return process;
}

typedef struct
{
  const char *log;
  const char *needle;
} LogWait;

static gboolean
log_has (gpointer data)
{
  LogWait *wait = data;
  g_autofree char *text = NULL;

  return g_file_get_contents (wait->log, &text, NULL, NULL) && strstr (text, wait->needle);
}

static void
wait_log (const char *log,
          const char *needle,
          guint       timeout_ms)
{
  LogWait wait = { log, needle };

  if (!gw_test_wait_for (log_has, &wait, timeout_ms))
    {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
      g_error ("the sender's log has no “%s” after %u ms:\n%s", needle, timeout_ms, text);
    }
}

static void
test_killed_mid_send (void)
{
  g_autoptr(GwTestCenter) center = start_center ();
  g_autofree char *outbox = NULL, *log = NULL, *case_id = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;

  if (center == NULL)
    return;
  outbox = g_build_filename (center->dir, "outbox.sqlite", NULL);
  log = g_build_filename (center->dir, "sender.log", NULL);
  case_id = report_case (center);

  /* The centre stops answering; the sender stores the command and sends it. */
  gw_test_center_signal (center, SIGSTOP);
  first = spawn_sender (center, outbox, log, case_id);
  wait_log (log, "sending 0", 10000);
  gw_test_sleep (300);   /* the request is in the centre's socket */
  g_subprocess_force_exit (first);
  g_subprocess_wait (first, NULL, NULL);

  /* The centre reads what was sent (or not: we cannot know), then dies. */
  gw_test_center_signal (center, SIGCONT);
  gw_test_sleep (300);
  gw_test_center_kill (center);
  g_test_message ("the first send reached the centre: %s",
                  count_events (center, case_id, "cn.gridwall.case.assigned") ? "yes" : "no");

  /* A new sender finds the command in flight and retries while the centre is down. */
  second = spawn_sender (center, outbox, log, NULL);
  wait_log (log, "queued 3", 10000);
  {
    g_autofree char *grids = grids_path ();

    gw_test_center_start (center, "--rate=0", "--test-hooks", "--grids", grids, NULL);
  }
  g_assert_true (g_subprocess_wait_check (second, NULL, &error));
  g_assert_no_error (error);
  wait_log (log, "done applied", 1000);

  g_assert_cmpint (count_events (center, case_id, "cn.gridwall.case.assigned"), ==, 1);
  {
    g_autofree char *text = NULL;

    g_file_get_contents (log, &text, NULL, NULL);
    g_test_message ("the senders' log:\n%s", text);
  }
  g_remove (outbox);
}

/* ---- in-process dispatchers ---- */

static GwDispatcher *
new_dispatcher (GwTestCenter *center,
                const char   *token,
                const char   *name)
{
  g_autofree char *path = g_build_filename (center->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwOutbox) outbox = gw_outbox_new (path, &error);
  g_autoptr(GwCenterClient) client = gw_center_client_new (center->uri, token, NULL, &error);
  GwDispatcher *dispatcher;

  g_assert_no_error (error);
  dispatcher = gw_dispatcher_new (outbox, client);
  gw_dispatcher_set_backoff (dispatcher, 50, 400);
  g_assert_true (gw_dispatcher_start (dispatcher, &error));
  return dispatcher;
}

static gboolean
is_final (gpointer data)
{
  return gw_command_state_is_final (gw_command_get_state (GW_COMMAND (data)));
}

static void
wait_final (GwCommand *command)
{
  g_assert_true (gw_test_wait_for (is_final, command, 15000));
}

static void
test_two_dispatchers (void)
{
  g_autoptr(GwTestCenter) center = start_center ();
  g_autoptr(GwDispatcher) one = NULL, two = NULL;
  g_autoptr(GwCommand) a = NULL, b = NULL;
  g_autofree char *case_id = NULL;
  GwCommandArgs to_cg = { .department = "360102-cg" };
  GwCommandArgs to_ga = { .department = "360102-ga" };
  GwCommand *winner, *loser;

  if (center == NULL)
    return;
  case_id = report_case (center);
  one = new_dispatcher (center, TOKEN_DISPATCHER, "one.sqlite");
  two = new_dispatcher (center, "demo-dispatcher-2", "two.sqlite");
  a = gw_dispatcher_submit (one, case_id, 1, GW_ACTION_ASSIGN, &to_cg, NULL);
  b = gw_dispatcher_submit (two, case_id, 1, GW_ACTION_ASSIGN, &to_ga, NULL);
  g_assert_nonnull (gw_dispatcher_lookup_pending (one, case_id));
  wait_final (a);
  wait_final (b);

  winner = gw_command_get_state (a) == GW_COMMAND_APPLIED ? a : b;
  loser = winner == a ? b : a;
  g_assert_cmpint (gw_command_get_state (winner), ==, GW_COMMAND_APPLIED);
  g_assert_cmpint (gw_command_get_state (loser), ==, GW_COMMAND_CONFLICT);
  g_assert_cmpstr (gw_command_get_conflict_by_id (loser), ==,
                   winner == a ? "dispatcher-01" : "dispatcher-02");
  g_assert_cmpstr (gw_command_get_conflict_action (loser), ==, "assigned");
  g_assert_cmpstr (gw_command_get_conflict_department (loser), ==,
                   gw_command_get_department (winner));
  g_assert_nonnull (strstr (gw_command_get_outcome (loser),
                            gw_command_get_conflict_by_name (loser)));
  g_test_message ("the loser reads: %s", gw_command_get_outcome (loser));
  g_assert_null (gw_dispatcher_lookup_pending (one, case_id));
  g_assert_cmpint (count_events (center, case_id, "cn.gridwall.case.assigned"), ==, 1);
}

static void
test_stale_refused_wall (void)
{
  g_autoptr(GwTestCenter) center = start_center ();
  g_autoptr(GwDispatcher) desk = NULL, wall = NULL;
  g_autoptr(GwCommand) stale = NULL, refused = NULL, walled = NULL, superv = NULL;
  g_autofree char *case_id = NULL, *update = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GDateTime) past = g_date_time_new_now_utc ();
  GwCommandArgs to_cg = { .department = "360102-cg" };
  GwCommandArgs late = { .department = "360102-cg", .deadline = past };
  GwCommandArgs none = { 0 };

  if (center == NULL)
    return;
  case_id = report_case (center);
  update = g_strdup_printf ("{\"case\": \"%s\", \"note\": \"补充现场照片\"}", case_id);
  updated = post (center, "/v1/test/update", TOKEN_DISPATCHER, update);
  desk = new_dispatcher (center, TOKEN_DISPATCHER, "desk.sqlite");
  wall = new_dispatcher (center, TOKEN_WALL, "wall.sqlite");

  /* 412: the case moved on by a note; the desk sends it again at version 2. */
  stale = gw_dispatcher_submit (desk, case_id, 1, GW_ACTION_ASSIGN, &to_cg, NULL);
  wait_final (stale);
  g_assert_cmpint (gw_command_get_state (stale), ==, GW_COMMAND_STALE);
  g_assert_true (gw_dispatcher_retry (desk, stale, 2, NULL));
  wait_final (stale);
  g_assert_cmpint (gw_command_get_state (stale), ==, GW_COMMAND_APPLIED);
  g_assert_cmpuint (gw_command_get_sequence (stale), >, 0);

  /* 422: the dispatcher's words name the field. */
  refused = gw_dispatcher_submit (desk, case_id, 3, GW_ACTION_REASSIGN, &late, NULL);
  wait_final (refused);
  g_assert_cmpint (gw_command_get_state (refused), ==, GW_COMMAND_REJECTED);
  g_assert_nonnull (g_hash_table_lookup (gw_command_get_fields (refused), "deadline"));
  g_assert_nonnull (strstr (gw_command_get_outcome (refused), "deadline"));

  /* The wall may not. */
  walled = gw_dispatcher_submit (wall, case_id, 3, GW_ACTION_SUPERVISE, &none, NULL);
  wait_final (walled);
  g_assert_cmpint (gw_command_get_state (walled), ==, GW_COMMAND_REJECTED);
  g_assert_nonnull (strstr (gw_command_get_outcome (walled), "may not"));

  superv = gw_dispatcher_submit (desk, case_id, 3, GW_ACTION_SUPERVISE, &none, NULL);
  wait_final (superv);
  g_assert_cmpint (gw_command_get_state (superv), ==, GW_COMMAND_APPLIED);
  g_assert_true (gw_dispatcher_dismiss (desk, superv, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (gw_dispatcher_get_commands (desk)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/feed/outbox/killed-mid-send", test_killed_mid_send);
  g_test_add_func ("/feed/outbox/two-dispatchers", test_two_dispatchers);
  g_test_add_func ("/feed/outbox/stale-refused-wall", test_stale_refused_wall);
  return g_test_run ();
}
