/* feed-test-util.c: running the reference centre and waiting on a feed in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "gw-case.h"
#include "feed-test-util.h"

static gboolean
log_fatal_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  /* Rejections are warnings by design; everything else stays fatal. */
  if (g_strcmp0 (log_domain, "Gridwall-Feed") == 0 && (log_level & G_LOG_LEVEL_WARNING))
    return FALSE;
  return TRUE;
}

void
gw_test_init (int    *argc,
              char ***argv)
{
  g_test_init (argc, argv, NULL);
  /* Rejected frames are warnings by design (see log_fatal_handler); GTest marks
   * even a handled fatal warning with "Bail out!", so keep only criticals fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

static void
child_setup (gpointer user_data)
{
  /* The centre must not outlive a test that aborts. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GwTestCenter *
gw_test_center_new (void)
{
  const char *binary = g_getenv ("GRIDWALL_CENTER");
  GwTestCenter *center;
  g_autoptr(GError) error = NULL;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("GRIDWALL_CENTER is not built");
      return NULL;
    }

  center = g_new0 (GwTestCenter, 1);
  center->dir = g_dir_make_tmp ("gw-feed-test-XXXXXX", &error);
  g_assert_no_error (error);
  center->db = g_build_filename (center->dir, "centre.db", NULL);
  return center;
}

static gboolean
find_listening_line (const char  *log_path,
                     char       **uri,
                     guint       *port)
{
  g_autofree char *contents = NULL;
  const char *line;
  const char *p;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return FALSE;
  line = strstr (contents, "gridwall-center: listening on ");
  if (line == NULL || strchr (line, '\n') == NULL)
    return FALSE;
  line += strlen ("gridwall-center: listening on ");
  *uri = g_strndup (line, strchr (line, '\n') - line);
  g_strchomp (*uri);
  p = strrchr (*uri, ':');
  *port = p ? (guint) g_ascii_strtoull (p + 1, NULL, 10) : 0;
  return *port != 0;
}

void
gw_test_center_start (GwTestCenter *center,
                      ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = NULL;
  gint64 deadline;
  const char *arg;
  va_list ap;

  g_assert_null (center->process);
  g_ptr_array_add (args, g_strdup (g_getenv ("GRIDWALL_CENTER")));
  g_ptr_array_add (args, g_strdup ("--port"));
  g_ptr_array_add (args, g_strdup_printf ("%u", center->port));
  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_strdup (center->db));
  if (center->tls_cert != NULL)
    {
      g_ptr_array_add (args, g_strdup ("--tls-cert"));
      g_ptr_array_add (args, g_strdup (center->tls_cert));
      g_ptr_array_add (args, g_strdup ("--tls-key"));
      g_ptr_array_add (args, g_strdup (center->tls_key));
    }
  va_start (ap, center);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  log_path = g_strdup_printf ("%s/centre-%u.log", center->dir, ++center->n_starts);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  {
    g_autofree char *line = g_strjoinv (" ", (char **) args->pdata);
    g_test_message ("starting %s", line);
  }
  center->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) args->pdata,
                                                  &error);
  g_assert_no_error (error);
  center->stopped = FALSE;

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *uri = NULL;
      guint port;

      if (find_listening_line (log_path, &uri, &port))
        {
          g_free (center->uri);
          center->uri = g_steal_pointer (&uri);
          center->port = port;
          break;
        }
      if (g_subprocess_get_identifier (center->process) == NULL
          || g_get_monotonic_time () > deadline)
        {
          g_autofree char *contents = NULL;

          g_file_get_contents (log_path, &contents, NULL, NULL);
          g_error ("gridwall-center did not start; its output:\n%s", contents);
        }
      gw_test_sleep (20);
    }
  g_test_message ("centre listening on %s", center->uri);
}

void
gw_test_center_signal (GwTestCenter *center,
                       int           signal_number)
{
  g_assert_nonnull (center->process);
  g_subprocess_send_signal (center->process, signal_number);
  if (signal_number == SIGSTOP)
    center->stopped = TRUE;
  else if (signal_number == SIGCONT)
    center->stopped = FALSE;
}

void
gw_test_center_stop (GwTestCenter *center)
{
  if (center->process == NULL)
    return;
  if (center->stopped)
    g_subprocess_send_signal (center->process, SIGCONT);
  g_subprocess_send_signal (center->process, SIGTERM);
  g_subprocess_wait (center->process, NULL, NULL);
  g_clear_object (&center->process);
}

void
gw_test_center_kill (GwTestCenter *center)
{
  if (center->process == NULL)
    return;
  g_subprocess_force_exit (center->process);
  if (center->stopped)
    g_subprocess_send_signal (center->process, SIGCONT);
  g_subprocess_wait (center->process, NULL, NULL);
  g_clear_object (&center->process);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
gw_test_center_free (GwTestCenter *center)
{
  gw_test_center_kill (center);
  if (g_getenv ("GW_TEST_KEEP") == NULL)
    remove_tree (center->dir);
  g_free (center->dir);
  g_free (center->db);
  g_free (center->tls_cert);
  g_free (center->tls_key);
  g_free (center->uri);
  g_free (center);
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
gw_test_wait_for (GwTestPredicate predicate,
                  gpointer        data,
                  guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (10, wake, NULL);
  gboolean ok;

  while (!(ok = predicate (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
gw_test_sleep (guint milliseconds)
{
  gw_test_wait_for (never, NULL, milliseconds);
}

typedef struct
{
  GwFeed      *feed;
  GwFeedState  state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;

  return gw_feed_get_state (wait->feed) == wait->state;
}

void
gw_test_wait_state (GwFeed      *feed,
                    GwFeedState  state,
                    guint        timeout_ms)
{
  StateWait wait = { feed, state };

  if (!gw_test_wait_for (in_state, &wait, timeout_ms))
    g_error ("the feed stayed %s (last error: %s) instead of becoming %s within %u ms",
             g_enum_to_string (GW_TYPE_FEED_STATE, gw_feed_get_state (feed)),
             gw_feed_get_last_error (feed),
             g_enum_to_string (GW_TYPE_FEED_STATE, state), timeout_ms);
}

typedef struct
{
  GAsyncResult *result;
} AsyncWait;

static void
async_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
async_finished (gpointer data)
{
  return ((AsyncWait *) data)->result != NULL;
}

GwSnapshot *
gw_test_fetch_snapshot (const char  *uri,
                        const char  *token,
                        const char  *ca_file,
                        GError     **error)
{
  g_autoptr(GwCenterClient) client = NULL;
  AsyncWait wait = { NULL };
  GwSnapshot *snapshot;

  client = gw_center_client_new (uri, token, ca_file, error);
  if (client == NULL)
    return NULL;
  gw_center_client_get_snapshot_async (client, NULL, async_done, &wait);
  g_assert_true (gw_test_wait_for (async_finished, &wait, 30000));
  snapshot = gw_center_client_get_snapshot_finish (client, wait.result, error);
  g_object_unref (wait.result);
  return snapshot;
}

void
gw_test_assert_store_equals (GwCaseStore *store,
                             GwSnapshot  *snapshot)
{
  GPtrArray *cases = gw_snapshot_get_cases (snapshot);

  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, gw_snapshot_get_sequence (snapshot));
  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *expected = g_ptr_array_index (cases, i);
      GwCase *held = gw_case_store_lookup (store, gw_case_get_id (expected));

      if (held == NULL)
        g_error ("case %s (version %" G_GINT64_FORMAT ") is missing from the client",
                 gw_case_get_id (expected), gw_case_get_version (expected));
      if (gw_case_get_version (held) != gw_case_get_version (expected))
        g_error ("case %s: the client holds version %" G_GINT64_FORMAT ", the centre %"
                 G_GINT64_FORMAT, gw_case_get_id (expected), gw_case_get_version (held),
                 gw_case_get_version (expected));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, cases->len);
}

typedef struct
{
  GwFeed      *feed;
  GwCaseStore *store;
  guint64      sequence;
} SequenceWait;

/* Exactly there: a client ahead of a centre that lost events must come back. */
static gboolean
reached_sequence (gpointer data)
{
  SequenceWait *wait = data;

  return gw_case_store_get_sequence (wait->store) == wait->sequence
         && gw_feed_get_state (wait->feed) == GW_FEED_STATE_CONNECTED;
}

void
gw_test_assert_converges (GwFeed       *feed,
                          GwTestCenter *center,
                          const char   *ca_file,
                          guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GwCaseStore *store = gw_feed_get_store (feed);

  /* A restarted centre may still be catching up on overdue steps: compare once
   * the client stands at the sequence of a snapshot taken just before. */
  for (;;)
    {
      g_autoptr(GwSnapshot) snapshot = NULL;
      g_autoptr(GError) error = NULL;
      SequenceWait wait;

      snapshot = gw_test_fetch_snapshot (center->uri, TOKEN_WALL, ca_file, &error);
      g_assert_no_error (error);
      wait.feed = feed;
      wait.store = store;
      wait.sequence = gw_snapshot_get_sequence (snapshot);
      if (gw_test_wait_for (reached_sequence, &wait, 1000))
        {
          gw_test_assert_store_equals (store, snapshot);
          return;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("the client is at sequence %" G_GUINT64_FORMAT ", the centre at %"
                 G_GUINT64_FORMAT " (feed %s, last error %s)",
                 gw_case_store_get_sequence (store), wait.sequence,
                 g_enum_to_string (GW_TYPE_FEED_STATE, gw_feed_get_state (feed)),
                 gw_feed_get_last_error (feed));
    }
}

GwFeed *
gw_test_feed_new (GwCaseStore *store)
{
  /* GTest resets the handler for each test case: set it here. */
  g_test_log_set_fatal_handler (log_fatal_handler, NULL);
  return g_object_new (GW_TYPE_FEED,
                       "store", store,
                       "keepalive-interval", 1,
                       "liveness-timeout", 3000,
                       "backoff-base", 20,
                       "backoff-cap", 400,
                       "healthy-time", 2000,
                       NULL);
}

static void
state_changed (GwFeed     *feed,
               GParamSpec *pspec,
               GArray     *states)
{
  GwFeedState state = gw_feed_get_state (feed);

  g_array_append_val (states, state);
}

GArray *
gw_test_record_states (GwFeed *feed)
{
  GArray *states = g_array_new (FALSE, FALSE, sizeof (GwFeedState));

  g_signal_connect (feed, "notify::state", G_CALLBACK (state_changed), states);
  return states;
}

gboolean
gw_test_states_include (GArray      *states,
                        GwFeedState  first,
                        GwFeedState  then)
{
  for (guint i = 0; i + 1 < states->len; i++)
    if (g_array_index (states, GwFeedState, i) == first)
      for (guint j = i + 1; j < states->len; j++)
        if (g_array_index (states, GwFeedState, j) == then)
          return TRUE;
  return FALSE;
}

GBytes *
gw_test_http (const char *uri,
              const char *method,
              const char *path,
              const char *token,
              const char *body,
              guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *address = g_strconcat (uri, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, address);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  return reply;
}

char *
gw_test_report_case (GwTestCenter *center,
                     double        lat,
                     double        lon,
                     const char   *requested)
{
  g_autofree char *when = requested != NULL ? g_strdup_printf (", \"requested\": \"%s\"", requested)
                                            : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"service_code\": \"fire_lane_blocked\", "
                                           "\"lat\": %.5f, \"long\": %.5f, "
                                           "\"simulate\": false%s}", lat, lon, when);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *kase;
  guint status;

  reply = gw_test_http (center->uri, "POST", "v1/test/report", TOKEN_DISPATCHER, body, &status);
  if (status != 200)
    g_error ("POST /v1/test/report: %u %.*s", status, (int) g_bytes_get_size (reply),
             (const char *) g_bytes_get_data (reply, NULL));
  root = json_from_string (text = g_strndup (g_bytes_get_data (reply, NULL),
                                           g_bytes_get_size (reply)), NULL);
  g_assert_nonnull (root);
  kase = json_object_get_object_member (json_node_get_object (root), "case");
  return g_strdup (json_object_get_string_member (kase, "service_request_id"));
}

static void
liar_handle (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GwTestLiar *liar = user_data;

  liar->n_requests++;
  soup_server_message_set_status (msg, liar->status, NULL);
  soup_server_message_set_response (msg, liar->content_type, SOUP_MEMORY_COPY, liar->body,
                                    strlen (liar->body));
}

GwTestLiar *
gw_test_liar_new (void)
{
  GwTestLiar *liar = g_new0 (GwTestLiar, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  liar->server = soup_server_new (NULL, NULL);
  liar->status = 404;
  liar->content_type = "application/json";
  liar->body = g_strdup ("{\"error\":\"not_found\"}");
  soup_server_add_handler (liar->server, NULL, liar_handle, liar, NULL);
  soup_server_listen_local (liar->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (liar->server);
  liar->uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return liar;
}

void
gw_test_liar_set (GwTestLiar *liar,
                  guint       status,
                  const char *content_type,
                  char       *body)
{
  liar->status = status;
  liar->content_type = content_type;
  g_free (liar->body);
  liar->body = body;
}

void
gw_test_liar_free (GwTestLiar *liar)
{
  soup_server_disconnect (liar->server);
  g_object_unref (liar->server);
  g_free (liar->uri);
  g_free (liar->body);
  g_free (liar);
}
