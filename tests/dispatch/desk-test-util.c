/* desk-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/prctl.h>

#include <gdk/x11/gdkx.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "desk-test-util.h"
#include "gw-window.h"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
desk_test_private_display (void)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "Xvfb", "-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
                         NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GSubprocess *xvfb;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;
  g_autofree char *display = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  xvfb = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (xvfb == NULL)
    {
      g_test_message ("no private Xvfb (%s): using DISPLAY=%s", error->message,
                      g_getenv ("DISPLAY"));
      return;
    }
  /* Xvfb writes its display number once it accepts connections. */
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (xvfb));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  display = g_strdup_printf (":%s", g_strstrip (line));
  g_setenv ("DISPLAY", display, TRUE);
  g_test_message ("private display %s", display);
  /* Kept for the life of the test program; PR_SET_PDEATHSIG ends it. */
}

void
desk_test_init (int    *argc,
                char ***argv)
{
  g_autofree char *home = g_dir_make_tmp ("gw-desk-test-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  /* Texts are compared in English; the input is X11's (xdotool). */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  desk_test_private_display ();
  gw_test_init (argc, argv);
}

JsonObject *
desk_test_post (const char *base_uri,
                const char *path,
                const char *token,
                const char *json,
                guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (base_uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  JsonNode *root;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                              &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

char *
desk_test_report_at (DeskRun    *run,
                     const char *service_code,
                     const char *priority,
                     double      lat,
                     double      lon,
                     char      **grid_code)
{
  g_autofree char *json = g_strdup_printf ("{\"service_code\": \"%s\", \"lat\": %.6f, "
                                           "\"long\": %.6f, \"priority\": \"%s\", "
                                           "\"description\": \"desk test\", \"simulate\": false}",
                                           service_code, lat, lon, priority);
  guint status = 0;
  g_autoptr(JsonObject) reply = desk_test_post (run->center->uri, "v1/test/report",
                                                TOKEN_DISPATCHER,
                                                json, &status);
  JsonObject *c;

  g_assert_cmpuint (status, ==, 200);
  c = json_object_get_object_member (reply, "case");
  if (grid_code != NULL)
    *grid_code = g_strdup (json_object_get_string_member (c, "grid_code"));
  return g_strdup (json_object_get_string_member (c, "service_request_id"));
}

void
desk_test_report (DeskRun    *run,
                  const char *service_code,
                  const char *priority)
{
  g_free (run->case_id);
  g_free (run->grid_code);
  run->case_id = desk_test_report_at (run, service_code, priority, 28.6829, 115.8940,
                                      &run->grid_code);
  g_test_message ("case %s in grid %s", run->case_id, run->grid_code);
}

guint
desk_test_command (DeskRun    *run,
                   const char *token,
                   const char *case_id,
                   const char *action,
                   const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("%sv1/cases/%s/%s", run->center->uri, case_id, action);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *version = desk_test_db_case_of (run, case_id, "version");
  g_autofree char *if_match = g_strdup_printf ("\"%s\"", version);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_headers_append (soup_message_get_request_headers (msg), "If-Match", if_match);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_test_message ("%s %s: %u %.*s", action, case_id, soup_message_get_status (msg),
                    (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
  return soup_message_get_status (msg);
}

void
desk_test_step (DeskRun    *run,
                const char *case_id,
                const char *step)
{
  g_autofree char *json = g_strdup_printf ("{\"case\": \"%s\", \"step\": \"%s\"}", case_id, step);
  guint status = 0;
  g_autoptr(JsonObject) reply = desk_test_post (run->center->uri, "v1/test/step", TOKEN_DISPATCHER,
                                                json, &status);

  g_assert_cmpuint (status, ==, 200);
}

void
desk_test_fail (DeskRun    *run,
                const char *why)
{
  if (run->failure == NULL)
    run->failure = g_strdup_printf ("step %u: %s (last toast: %s)", run->step, why,
                                    run->desk ? gw_desk_get_last_toast (run->desk) : "none");
  g_application_quit (G_APPLICATION (run->app));
}

static gboolean
poll_steps (gpointer user_data)
{
  DeskRun *run = user_data;

  if (run->failure != NULL)
    {
      run->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () > run->deadline)
    {
      desk_test_fail (run, "timed out");
      run->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (run->window == NULL)
    {
      run->window = gtk_application_get_active_window (GTK_APPLICATION (run->app));
      if (run->window == NULL)
        return G_SOURCE_CONTINUE;
    }
  if (run->desk == NULL && (run->desk = gw_desk_get_for_window (run->window)) == NULL)
    return G_SOURCE_CONTINUE;
  while (run->steps[run->step] != NULL && run->failure == NULL && run->steps[run->step] (run))
    {
      g_test_message ("step %u done", run->step);
      run->step++;
    }
  if (run->steps[run->step] == NULL && run->failure == NULL)
    {
      g_application_quit (G_APPLICATION (run->app));
      run->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
desk_test_run (DeskRun        *run,
               const char     *token,
               const DeskStep *steps,
               guint           timeout_s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_file = g_build_filename (run->center->dir, "token", NULL);
  char *argv[] = { "gridwall", "--center", run->center->uri, "--token-file", token_file,
                   "--dispatch", NULL };
  int status;

  g_file_set_contents (token_file, token, -1, &error);
  g_assert_no_error (error);
  run->steps = steps;
  run->app = gw_application_new ();
  run->deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  run->step = 0;
  run->poll_id = g_timeout_add (50, poll_steps, run);
  status = g_application_run (G_APPLICATION (run->app), G_N_ELEMENTS (argv) - 1, argv);
  g_clear_handle_id (&run->poll_id, g_source_remove);
  if (run->xdotool != NULL)
    g_subprocess_force_exit (run->xdotool);
  g_clear_object (&run->xdotool);
  g_assert_cmpstr (run->failure, ==, NULL);
  g_assert_cmpint (status, ==, 0);
  run->desk = NULL;
  run->window = NULL;
  g_clear_object (&run->app);
}

void
desk_test_xdotool (DeskRun *run,
                   ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (run->window));
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  GtkWindow *top = gw_desk_get_dialog (run->desk) ? gw_desk_get_dialog (run->desk)
                                                  : gw_desk_get_question (run->desk);
  g_autofree char *top_xid = NULL;
  const char *arg;
  va_list ap;

  top_xid = top ? g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (
                                        gtk_native_get_surface (GTK_NATIVE (top))))
                : g_strdup (xid);
  g_ptr_array_add (args, g_strdup ("xdotool"));
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_str_equal (arg, "%W") ? g_strdup (xid)
                           : g_str_equal (arg, "%T") ? g_strdup (top_xid) : g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);
  {
    g_autofree char *line = g_strjoinv (" ", (char **) args->pdata);
    g_test_message ("%s", line);
  }
  g_clear_object (&run->xdotool);
  run->xdotool = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_NONE,
                                    &error);
  g_assert_no_error (error);
}

gboolean
desk_test_input_done (DeskRun *run)
{
  GSubprocess *p = run->xdotool;

  if (p == NULL)
    return TRUE;
  /* g_subprocess_get_identifier is NULL once the child was reaped. */
  if (g_subprocess_get_identifier (p) != NULL)
    return FALSE;
  if (!g_subprocess_get_successful (p))
    desk_test_fail (run, "xdotool failed");
  g_clear_object (&run->xdotool);
  return TRUE;
}

gboolean
desk_test_point (DeskRun   *run,
                 GtkWidget *widget,
                 double     dx,
                 double     dy,
                 int       *x,
                 int       *y)
{
  graphene_point_t in, out;
  double sx = 0, sy = 0;

  in = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0 + dx,
                            gtk_widget_get_height (widget) / 2.0 + dy);
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (run->window), &in, &out))
    return FALSE;
  gtk_native_get_surface_transform (GTK_NATIVE (run->window), &sx, &sy);
  *x = (int) (out.x + sx);
  *y = (int) (out.y + sy);
  return TRUE;
}

static sqlite3 *
open_db (DeskRun *run)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (run->center->db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

char *
desk_test_db_case (DeskRun    *run,
                   const char *column)
{
  return desk_test_db_case_of (run, run->case_id, column);
}

char *
desk_test_db_case_of (DeskRun    *run,
                      const char *case_id,
                      const char *column)
{
  sqlite3 *db = open_db (run);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM cases WHERE id = ?", column);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

int
desk_test_db_events (DeskRun    *run,
                     const char *type)
{
  return desk_test_db_events_of (run, run->case_id, type);
}

int
desk_test_db_events_of (DeskRun    *run,
                        const char *case_id,
                        const char *type)
{
  sqlite3 *db = open_db (run);
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM events WHERE case_id = ? AND type = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

void
desk_test_snapshot (const char *name)
{
  const char *dir = g_getenv ("DESK_TEST_SHOTS");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;

  /* For a person looking at the desk: DESK_TEST_SHOTS=/tmp/shots saves the screen. */
  if (dir == NULL)
    return;
  path = g_strdup_printf ("%s/%s.png", dir, name);
  command = g_strdup_printf ("import -window root %s", path);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

gboolean
desk_step_ready (DeskRun *run)
{
  GwFeed *feed = gw_application_get_feed (run->app);
  GwCaseQueue *queue = gw_desk_get_queue (run->desk);

  if (!gtk_widget_get_mapped (GTK_WIDGET (run->window))
      || gw_feed_get_state (feed) != GW_FEED_STATE_CONNECTED
      || gw_application_get_grids (run->app) == NULL
      || gw_case_store_lookup (gw_application_get_store (run->app), run->case_id) == NULL)
    return FALSE;
  return gw_case_queue_find_card (queue, run->case_id) != NULL;
}
