/* center-harness.c: run gridwall-center and talk to it, for the centre's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "center-harness.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

static SoupSession *
session (void)
{
  static SoupSession *session;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, NULL);
  return session;
}

const char *
test_grids_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_DIST, "center", "test-grids.geojson", NULL);
  return path;
}

static void
read_listening_line (TestCenter *self)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (self->process);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (out);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "gridwall-center: listening on ";

  /* Skip whatever a wrapper (gdb, valgrind) may print first. */
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (!g_str_has_prefix (line, prefix));
  self->uri = g_strdup (line + strlen (prefix));
  g_assert_true (g_str_has_prefix (self->uri, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (self->uri, "/"));
}

/* A test that aborts must not leave its centre running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

TestCenter *
test_center_spawn (TestCenter *reuse,
                   const char *first_arg,
                   ...)
{
  const char *binary = g_getenv ("GRIDWALL_CENTER");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  TestCenter *self = reuse;
  va_list args;

  g_assert_nonnull (binary);
  if (self == NULL)
    {
      self = g_new0 (TestCenter, 1);
      self->dir = g_dir_make_tmp ("gw-center-test-XXXXXX", &error);
      g_assert_no_error (error);
      self->db = g_build_filename (self->dir, "center.db", NULL);
    }
  g_clear_object (&self->process);
  g_clear_pointer (&self->uri, g_free);

  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, (char *) "--port=0");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, self->db);
  g_ptr_array_add (argv, (char *) "--grids");
  g_ptr_array_add (argv, (char *) test_grids_path ());
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  read_listening_line (self);
  return self;
}

void
test_center_kill (TestCenter *self,
                  gboolean    hard)
{
  if (self->process == NULL)
    return;
  g_subprocess_send_signal (self->process, hard ? SIGKILL : SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  if (!hard)
    {
      g_assert_true (g_subprocess_get_if_exited (self->process));
      g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
    }
  g_clear_object (&self->process);
}

void
test_center_free (TestCenter *self)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  if (self == NULL)
    return;
  test_center_kill (self, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (self->db, suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (self->dir);
  g_free (self->dir);
  g_free (self->db);
  g_free (self->uri);
  g_free (self);
}

void
test_reply_free (TestReply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

JsonObject *
test_reply_object (TestReply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

TestReply *
test_http_bytes (TestCenter         *self,
                 const char         *method,
                 const char         *path,
                 const char         *token,
                 GBytes             *body,
                 const char * const *headers)
{
  g_autofree char *uri = g_strconcat (self->uri, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *request_headers;
  TestReply *reply = g_new0 (TestReply, 1);

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", auth);
    }
  for (guint i = 0; headers && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  bytes = soup_session_send_and_read (session (), msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  reply->length = g_bytes_get_size (bytes);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->length > 0 && json_parser_load_from_data (parser, reply->body, reply->length, NULL) &&
      json_parser_get_root (parser) != NULL)
    reply->json = json_node_ref (json_parser_get_root (parser));
  return reply;
}

TestReply *
test_http (TestCenter *self,
           const char *method,
           const char *path,
           const char *token,
           const char *body,
           ...)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  va_list args;

  va_start (args, body);
  for (const char *h = va_arg (args, const char *); h != NULL; h = va_arg (args, const char *))
    g_ptr_array_add (headers, (char *) h);
  va_end (args);
  g_ptr_array_add (headers, NULL);
  return test_http_bytes (self, method, path, token, bytes, (const char * const *) headers->pdata);
}

char *
test_report_case (TestCenter *self,
                  gint64     *version)
{
  g_autoptr(TestReply) reply = test_http (self, "POST", "/v1/test/report", "demo-dispatcher",
                                          "{\"service_code\": \"fire_lane_blocked\", "
                                          "\"lat\": 28.69, \"long\": 115.89, "
                                          "\"description\": \"测试：消防通道被占\", "
                                          "\"simulate\": false}", NULL);
  JsonObject *kase;

  g_assert_cmpuint (reply->status, ==, 200);
  kase = json_object_get_object_member (test_reply_object (reply), "case");
  if (version)
    *version = json_object_get_int_member (kase, "version");
  return g_strdup (json_object_get_string_member (kase, "service_request_id"));
}

guint64
test_event_sequence (JsonNode *event)
{
  const char *text = json_object_get_string_member (json_node_get_object (event), "sequence");

  return g_ascii_strtoull (text, NULL, 10);
}

guint64
test_snapshot_sequence (TestCenter *self)
{
  g_autoptr(TestReply) reply = test_http (self, "GET", "/v1/snapshot", "demo-wall", NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_ascii_strtoull (json_object_get_string_member (test_reply_object (reply), "sequence"),
                           NULL, 10);
}

typedef struct
{
  SoupWebsocketConnection *conn;
  GPtrArray               *events;
  guint                    wanted;
  gboolean                 done;
  gboolean                 failed;
  guint                    status;
  gushort                  close_code;
  guint                    timeout_id;
} Collect;

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            Collect                 *collect)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  if (collect->events->len >= collect->wanted)
    return;
  json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                              (gssize) g_bytes_get_size (message), &error);
  g_assert_no_error (error);
  g_ptr_array_add (collect->events, json_node_ref (json_parser_get_root (parser)));
  if (collect->events->len >= collect->wanted)
    collect->done = TRUE;
}

static void
on_closed (SoupWebsocketConnection *conn,
           Collect                 *collect)
{
  g_test_message ("feed: closed with %u events, code %u", collect->events->len,
                  soup_websocket_connection_get_close_code (conn));
  collect->close_code = soup_websocket_connection_get_close_code (conn);
  collect->done = TRUE;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Collect *collect = user_data;
  g_autoptr(GError) error = NULL;

  collect->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (collect->conn == NULL)
    {
      g_test_message ("feed refused: %s", error->message);
      collect->failed = TRUE;
      collect->done = TRUE;
      return;
    }
  g_assert_cmpstr (soup_websocket_connection_get_protocol (collect->conn), ==,
                   "cloudevents.json");
  g_signal_connect (collect->conn, "message", G_CALLBACK (on_message), collect);
  g_signal_connect (collect->conn, "closed", G_CALLBACK (on_closed), collect);
  if (collect->wanted == 0)
    collect->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Collect *collect = user_data;

  g_test_message ("feed: timed out with %u events", collect->events->len);
  collect->done = TRUE;
  collect->timeout_id = 0;
  return G_SOURCE_REMOVE;
}

GPtrArray *
test_feed_collect (TestCenter *self,
                   const char *token,
                   guint64     after,
                   guint       n,
                   guint       timeout_ms,
                   guint      *status,
                   gushort    *close_code)
{
  g_autofree char *uri = g_strdup_printf ("%sv1/feed?after=%" G_GUINT64_FORMAT, self->uri, after);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupSession) feed_session = soup_session_new ();
  char *protocols[] = { (char *) "cloudevents.json", NULL };
  Collect collect = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref), n };

  g_assert_true (g_str_has_prefix (uri, "http"));
  memcpy (uri, "ws", 2);
  memmove (uri + 2, uri + 4, strlen (uri + 4) + 1);
  msg = soup_message_new ("GET", uri);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_session_websocket_connect_async (feed_session, msg, NULL, protocols, G_PRIORITY_DEFAULT,
                                        NULL, on_connected, &collect);
  collect.timeout_id = g_timeout_add (timeout_ms, on_timeout, &collect);
  while (!collect.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&collect.timeout_id, g_source_remove);
  if (status)
    *status = soup_message_get_status (msg);
  if (close_code)
    *close_code = collect.close_code;
  if (collect.conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (collect.conn, &collect);
      if (soup_websocket_connection_get_state (collect.conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (collect.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&collect.conn);
    }
  if (collect.failed)
    {
      g_ptr_array_unref (collect.events);
      return NULL;
    }
  return collect.events;
}
