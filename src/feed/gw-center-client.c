/* gw-center-client.c: the REST side of a centre
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-case.h"
#include "gw-center-client-private.h"
#include "gw-json-check.h"

#define READ_CHUNK            (256 * 1024)
#define DEFAULT_TIMEOUT       30
#define SNAPSHOT_TIMEOUT      300
#define MAX_TEXT_FIELD        512

struct _GwCenterClient
{
  GObject      parent_instance;

  GUri        *base_uri;
  char        *base_uri_string;
  char        *token;
  SoupSession *session;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (GwCenterClient, gw_center_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (gw-center-client-error-quark, gw_center_client_error)

/* Identity */

struct _GwIdentity
{
  gatomicrefcount ref_count;
  char *user;
  char *name;
  char *role;
  char *center_code;
  char *center_name;
};

G_DEFINE_BOXED_TYPE (GwIdentity, gw_identity, gw_identity_ref, gw_identity_unref)

GwIdentity *
gw_identity_ref (GwIdentity *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gw_identity_unref (GwIdentity *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->user);
  g_free (self->name);
  g_free (self->role);
  g_free (self->center_code);
  g_free (self->center_name);
  g_free (self);
}

const char *gw_identity_get_user (GwIdentity *self) { return self->user; }
const char *gw_identity_get_name (GwIdentity *self) { return self->name; }
const char *gw_identity_get_role (GwIdentity *self) { return self->role; }
const char *gw_identity_get_center_code (GwIdentity *self) { return self->center_code; }
const char *gw_identity_get_center_name (GwIdentity *self) { return self->center_name; }

/* Assign result */

struct _GwCommandResult
{
  gatomicrefcount  ref_count;
  GwCommandReply  outcome;
  guint            status;
  GwCase          *kase;
  guint64          sequence;
  char            *by_id;
  char            *by_name;
  char            *action;
  char            *department;
  GDateTime       *at;
  GHashTable      *fields;
  GError          *error;
};

G_DEFINE_BOXED_TYPE (GwCommandResult, gw_command_result,
                     gw_command_result_ref, gw_command_result_unref)

GwCommandResult *
gw_command_result_ref (GwCommandResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gw_command_result_unref (GwCommandResult *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_object (&self->kase);
  g_free (self->by_id);
  g_free (self->by_name);
  g_free (self->action);
  g_free (self->department);
  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_error (&self->error);
  g_free (self);
}

GwCommandReply gw_command_result_get_outcome (GwCommandResult *self) { return self->outcome; }
guint gw_command_result_get_status (GwCommandResult *self) { return self->status; }
GwCase *gw_command_result_get_case (GwCommandResult *self) { return self->kase; }
guint64 gw_command_result_get_sequence (GwCommandResult *self) { return self->sequence; }
const char *gw_command_result_get_by_id (GwCommandResult *self) { return self->by_id; }
const char *gw_command_result_get_by_name (GwCommandResult *self) { return self->by_name; }
const char *gw_command_result_get_action (GwCommandResult *self) { return self->action; }
const char *gw_command_result_get_department (GwCommandResult *self) { return self->department; }
GDateTime *gw_command_result_get_at (GwCommandResult *self) { return self->at; }
GHashTable *gw_command_result_get_fields (GwCommandResult *self) { return self->fields; }
const GError *gw_command_result_get_error (GwCommandResult *self) { return self->error; }

/* Untrusted JSON */

JsonObject *
gw_center_parse_object (GBytes      *body,
                        gsize        max_size,
                        const char  *what,
                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the reply is empty"), what);
      return NULL;
    }
  root = gw_core_parse_json (data, length, max_size, GW_JSON_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TOO_LARGE))
        g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TOO_LARGE,
                     _("%s: the reply is %zu bytes, over the bound of %zu"), what, length,
                     max_size);
      else
        g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                     _("%s: the reply is not JSON: %s"), what, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the reply is not a JSON object"), what);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Reads member @name as a string. Absent or null is an error unless @nullable;
 * then *out is NULL. */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            const char  *what,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        return TRUE;
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the reply lacks the field “%s”"), what, name);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the field “%s” is not a string"), what, name);
      return FALSE;
    }
  value = json_node_get_string (node);
  if (strlen (value) > MAX_TEXT_FIELD)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the field “%s” is longer than %d bytes"), what, name,
                   MAX_TEXT_FIELD);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            const char  *what,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && nullable)
    return NULL;
  g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
               node == NULL ? _("%s: the reply lacks the field “%s”")
                            : _("%s: the field “%s” is not an object"),
               what, name);
  return NULL;
}

/* The client */

static void
gw_center_client_finalize (GObject *object)
{
  GwCenterClient *self = (GwCenterClient *)object;

  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_uri_string, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (gw_center_client_parent_class)->finalize (object);
}

static void
gw_center_client_class_init (GwCenterClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_center_client_finalize;
}

static void
gw_center_client_init (GwCenterClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
}

static GUri *
parse_base_uri (const char  *base_uri,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *scheme;

  uri = g_uri_parse (base_uri, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG,
                   _("“%s” is not a centre address: give an http:// or https:// URL"),
                   base_uri);
      return NULL;
    }

  /* Relative references resolve under the base only if its path ends in '/'. */
  path = g_str_has_suffix (g_uri_get_path (uri), "/")
         ? g_strdup (g_uri_get_path (uri))
         : g_strconcat (g_uri_get_path (uri), "/", NULL);
  return g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), path, NULL, NULL);
}

static gboolean
token_is_valid (const char *token)
{
  if (token == NULL || *token == '\0' || strlen (token) > 4096)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isgraph (*p))
      return FALSE;
  return TRUE;
}

GwCenterClient *
gw_center_client_new (const char  *base_uri,
                      const char  *token,
                      const char  *ca_file,
                      GError     **error)
{
  g_autoptr(GwCenterClient) self = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (base_uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(uri = parse_base_uri (base_uri, error)))
    return NULL;
  if (!token_is_valid (token))
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG,
                   _("The token for the centre at %s is empty or holds spaces or "
                     "control characters"), base_uri);
      return NULL;
    }

  self = g_object_new (GW_TYPE_CENTER_CLIENT, NULL);
  self->base_uri = g_steal_pointer (&uri);
  self->base_uri_string = g_uri_to_string (self->base_uri);
  self->token = g_strdup (token);
  self->session = soup_session_new_with_options ("user-agent", "Gridwall/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 4,
                                                 NULL);

  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local_error = NULL;

      database = g_tls_file_database_new (ca_file, &local_error);
      if (database == NULL)
        {
          g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG,
                       _("Cannot use “%s” as the centre’s CA file: %s"),
                       ca_file, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (self->session, database);
    }

  return g_steal_pointer (&self);
}

const char *
gw_center_client_get_base_uri (GwCenterClient *self)
{
  g_return_val_if_fail (GW_IS_CENTER_CLIENT (self), NULL);
  return self->base_uri_string;
}

SoupSession *
gw_center_client_get_session (GwCenterClient *self)
{
  g_return_val_if_fail (GW_IS_CENTER_CLIENT (self), NULL);
  return self->session;
}

void
gw_center_client_set_timeout (GwCenterClient *self,
                              guint           seconds)
{
  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  self->timeout = seconds;
}

SoupMessage *
gw_center_client_new_message (GwCenterClient *self,
                              const char     *method,
                              const char     *path_and_query)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *message;

  uri = g_uri_parse_relative (self->base_uri, path_and_query, G_URI_FLAGS_ENCODED, NULL);
  g_assert (uri != NULL);
  message = soup_message_new_from_uri (method, uri);
  authorization = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  return message;
}

void
gw_center_client_translate_error (GwCenterClient *self,
                                  SoupMessage    *message,
                                  const char     *what,
                                  GError         *error,
                                  GError        **dest)
{
  GTlsCertificateFlags flags = 0;

  if (message != NULL)
    flags = soup_message_get_tls_peer_certificate_errors (message);

  if (error->domain == GW_CENTER_CLIENT_ERROR
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (dest, g_error_copy (error));
  else if (error->domain == G_TLS_ERROR || flags != 0)
    g_set_error (dest, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TLS,
                 _("%s: the TLS connection to %s failed (%s%s). Check the centre’s CA "
                   "file and the address."), what, self->base_uri_string, error->message,
                 (flags & G_TLS_CERTIFICATE_UNKNOWN_CA) ? _(", certificate signed by an "
                                                           "unknown authority") : "");
  else
    g_set_error (dest, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                 _("%s: cannot reach the centre at %s: %s"), what, self->base_uri_string,
                 error->message);
}

gboolean
gw_center_client_check_status (GwCenterClient *self,
                               SoupMessage    *message,
                               const char     *what,
                               GBytes         *body,
                               GError        **error)
{
  guint status = soup_message_get_status (message);
  g_autoptr(JsonObject) object = NULL;
  const char *code = NULL;
  const char *text = NULL;
  GwCenterClientError kind;

  if (status >= 200 && status < 300)
    return TRUE;

  if (body != NULL)
    object = gw_center_parse_object (body, GW_CENTER_MAX_SMALL_REPLY, what, NULL);
  if (object != NULL)
    {
      get_string (object, "error", TRUE, what, &code, NULL);
      get_string (object, "message", TRUE, what, &text, NULL);
    }

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      kind = GW_CENTER_CLIENT_ERROR_UNAUTHORIZED;
      break;
    case SOUP_STATUS_FORBIDDEN:
      kind = GW_CENTER_CLIENT_ERROR_FORBIDDEN;
      break;
    case SOUP_STATUS_NOT_FOUND:
      kind = GW_CENTER_CLIENT_ERROR_NOT_FOUND;
      break;
    case SOUP_STATUS_GONE:
      kind = GW_CENTER_CLIENT_ERROR_HISTORY_LOST;
      break;
    case SOUP_STATUS_BAD_REQUEST:
      kind = g_strcmp0 (code, "sequence_ahead") == 0 ? GW_CENTER_CLIENT_ERROR_SEQUENCE_AHEAD
                                                    : GW_CENTER_CLIENT_ERROR_BAD_REQUEST;
      break;
    default:
      kind = GW_CENTER_CLIENT_ERROR_HTTP;
      break;
    }

  if (kind == GW_CENTER_CLIENT_ERROR_UNAUTHORIZED)
    g_set_error (error, GW_CENTER_CLIENT_ERROR, kind,
                 _("%s: the centre at %s does not accept this token (401). Check the "
                   "token in the settings."), what, self->base_uri_string);
  else if (kind == GW_CENTER_CLIENT_ERROR_FORBIDDEN)
    g_set_error (error, GW_CENTER_CLIENT_ERROR, kind,
                 _("%s: this account may not do that at %s (403)%s%s"), what,
                 self->base_uri_string, text ? ": " : "", text ? text : "");
  else
    g_set_error (error, GW_CENTER_CLIENT_ERROR, kind, _("%s: the centre answered %u %s%s%s"),
                 what, status, soup_message_get_reason_phrase (message)
                               ? soup_message_get_reason_phrase (message) : "",
                 text ? ": " : "", text ? text : (code ? code : ""));
  return FALSE;
}

static gboolean
check_content_type (SoupMessage  *message,
                    const char   *what,
                    gboolean      geojson,
                    GError      **error)
{
  const char *type;

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (message),
                                                NULL);
  if (type != NULL && (g_ascii_strcasecmp (type, "application/json") == 0
                       || (geojson && g_ascii_strcasecmp (type, "application/geo+json") == 0)))
    return TRUE;

  g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
               _("%s: the reply is “%s”, not JSON"), what, type ? type : _("untyped"));
  return FALSE;
}

/* Sending a request and reading its body with a bound and a timeout */

typedef struct
{
  GwCenterClient *client;
  SoupMessage    *message;
  char           *what;
  GInputStream   *stream;
  GByteArray     *body;
  gsize           max_size;
  GCancellable   *cancellable;         /* ours */
  GCancellable   *caller_cancellable;
  gulong          cancelled_id;
  GSource        *timeout_source;
  guint           timeout;
  gboolean        timed_out;
} Request;

static void
request_free (Request *request)
{
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_id);
  if (request->timeout_source != NULL)
    {
      g_source_destroy (request->timeout_source);
      g_source_unref (request->timeout_source);
    }
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_object (&request->message);
  g_clear_object (&request->client);
  g_free (request->what);
  g_free (request);
}

static void
request_cancel (GCancellable *caller,
                GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
request_timed_out (gpointer data)
{
  Request *request = data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
request_fail (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) translated = NULL;

  if (request->timed_out && !g_cancellable_is_cancelled (request->caller_cancellable))
    g_set_error (&translated, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                 _("%s: the centre at %s did not answer within %u s"),
                 request->what, request->client->base_uri_string, request->timeout);
  else
    gw_center_client_translate_error (request->client, request->message, request->what,
                                      error, &translated);
  g_task_return_error (task, g_steal_pointer (&translated));
}

static void
request_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      request_fail (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      GBytes *body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));

      g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > request->max_size)
    {
      g_task_return_new_error (task, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TOO_LARGE,
                               _("%s: the reply is over the bound of %zu bytes"),
                               request->what, request->max_size);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL),
                       g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, request_read_cb,
                                   g_steal_pointer (&task));
}

static void
request_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      request_fail (task, error);
      return;
    }

  headers = soup_message_get_response_headers (request->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && (guint64) soup_message_headers_get_content_length (headers) > request->max_size)
    {
      g_task_return_new_error (task, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TOO_LARGE,
                               _("%s: the reply is %" PRId64 " bytes, over the "
                                 "bound of %zu"), request->what,
                               soup_message_headers_get_content_length (headers),
                               request->max_size);
      return;
    }

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, request_read_cb,
                                   g_steal_pointer (&task));
}

/* Sends @message and reads its body (whatever the status) into GBytes of at
 * most @max_size bytes. */
static void
request_send_async (GwCenterClient      *self,
                    SoupMessage         *message,
                    const char          *what,
                    gsize                max_size,
                    guint                timeout,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Request *request;

  request = g_new0 (Request, 1);
  request->client = g_object_ref (self);
  request->message = g_object_ref (message);
  request->what = g_strdup (what);
  request->body = g_byte_array_new ();
  request->max_size = max_size;
  request->timeout = timeout;
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (request_cancel),
                                                     request->cancellable, NULL);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_send_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (timeout > 0)
    {
      request->timeout_source = g_timeout_source_new_seconds (timeout);
      g_source_set_callback (request->timeout_source, request_timed_out, request, NULL);
      g_source_attach (request->timeout_source, g_main_context_get_thread_default ());
    }

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, request->cancellable,
                           request_send_cb, task);
}

static GBytes *
request_send_finish (GwCenterClient  *self,
                     GAsyncResult    *result,
                     GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reads the body of a request made for @task (whose task data is the
 * SoupMessage) and checks status and content type. */
static GBytes *
finish_json_reply (GwCenterClient  *self,
                   GTask           *task,
                   GAsyncResult    *result,
                   const char      *what,
                   gboolean         geojson,
                   GError         **error)
{
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;

  body = request_send_finish (self, result, error);
  if (body == NULL)
    return NULL;
  if (!gw_center_client_check_status (self, message, what, body, error)
      || !check_content_type (message, what, geojson, error))
    return NULL;
  return g_steal_pointer (&body);
}

static GTask *
start_get (GwCenterClient      *self,
           const char          *path,
           const char          *what,
           gsize                max_size,
           guint                timeout,
           gpointer             source_tag,
           GAsyncReadyCallback  request_cb,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task;
  SoupMessage *message;

  message = gw_center_client_new_message (self, SOUP_METHOD_GET, path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, message, g_object_unref);
  request_send_async (self, message, what, max_size, timeout, cancellable, request_cb,
                      g_object_ref (task));
  return task;
}

/* GET /v1/me */

static GwIdentity *
identity_from_json (JsonObject  *object,
                    const char  *what,
                    GError     **error)
{
  g_autoptr(GwIdentity) identity = NULL;
  const char *user, *name, *role, *code, *center_name;
  JsonObject *center;

  if (!get_string (object, "user", FALSE, what, &user, error)
      || !get_string (object, "name", FALSE, what, &name, error)
      || !get_string (object, "role", FALSE, what, &role, error)
      || !(center = get_object (object, "center", FALSE, what, error))
      || !get_string (center, "code", FALSE, what, &code, error)
      || !get_string (center, "name", FALSE, what, &center_name, error))
    return NULL;

  if (g_strcmp0 (role, "wall") != 0 && g_strcmp0 (role, "dispatcher") != 0)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the role “%s” is neither “wall” nor “dispatcher”"), what, role);
      return NULL;
    }

  identity = g_new0 (GwIdentity, 1);
  g_atomic_ref_count_init (&identity->ref_count);
  identity->user = g_strdup (user);
  identity->name = g_strdup (name);
  identity->role = g_strdup (role);
  identity->center_code = g_strdup (code);
  identity->center_name = g_strdup (center_name);
  return g_steal_pointer (&identity);
}

typedef gpointer (*ReplyReader) (JsonObject  *object,
                                 const char  *what,
                                 GError     **error);

/* Ends a GET whose JSON object @read turns into what @task returns. */
static void
return_reply (GwCenterClient *self,
              GTask          *task,
              GAsyncResult   *result,
              const char     *what,
              gsize           max_size,
              ReplyReader     read,
              GDestroyNotify  free_func)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value = NULL;

  if (!(body = finish_json_reply (self, task, result, what, FALSE, &error))
      || !(json = gw_center_parse_object (body, max_size, what, &error))
      || !(value = read (json, what, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, free_func);
}

static void
get_me_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  return_reply (GW_CENTER_CLIENT (object), task, result, "GET /v1/me", GW_CENTER_MAX_SMALL_REPLY,
                (ReplyReader) identity_from_json, (GDestroyNotify) gw_identity_unref);
}

void
gw_center_client_get_me_async (GwCenterClient      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  task = start_get (self, "v1/me", "GET /v1/me", GW_CENTER_MAX_SMALL_REPLY, self->timeout,
                    gw_center_client_get_me_async, get_me_cb, cancellable, callback,
                    user_data);
}

GwIdentity *
gw_center_client_get_me_finish (GwCenterClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GET /v1/snapshot */

static void
decode_snapshot_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GBytes *body = g_object_get_data (G_OBJECT (task), "body");
  g_autoptr(GError) error = NULL;
  GwSnapshot *snapshot;

  snapshot = gw_snapshot_decode (body, &error);
  if (snapshot == NULL)
    g_task_return_new_error (task, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                             _("GET /v1/snapshot: the centre’s snapshot is invalid: %s"),
                             error->message);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) gw_snapshot_free);
}

static void
get_snapshot_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = finish_json_reply (GW_CENTER_CLIENT (object), task, result, "GET /v1/snapshot", FALSE,
                            &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "body", body, (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_snapshot_thread);
}

void
gw_center_client_get_snapshot_async (GwCenterClient      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  task = start_get (self, "v1/snapshot", "GET /v1/snapshot", GW_SNAPSHOT_MAX_SIZE,
                    self->timeout ? MAX (self->timeout, SNAPSHOT_TIMEOUT) : 0,
                    gw_center_client_get_snapshot_async, get_snapshot_cb, cancellable,
                    callback, user_data);
}

GwSnapshot *
gw_center_client_get_snapshot_finish (GwCenterClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GET /v1/grids */

static void
get_grids_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = finish_json_reply (GW_CENTER_CLIENT (object), task, result, "GET /v1/grids", TRUE,
                            &error);
  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

void
gw_center_client_get_grids_async (GwCenterClient      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  task = start_get (self, "v1/grids", "GET /v1/grids", GW_CENTER_MAX_GRIDS_REPLY,
                    self->timeout ? MAX (self->timeout, SNAPSHOT_TIMEOUT) : 0,
                    gw_center_client_get_grids_async, get_grids_cb, cancellable, callback,
                    user_data);
}

GBytes *
gw_center_client_get_grids_finish (GwCenterClient  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GET /v1/cases/{id}/events */

static GPtrArray *
events_from_json (JsonObject  *object,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  JsonNode *member = json_object_get_member (object, "events");
  JsonArray *array;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the reply has no list of events"), what);
      return NULL;
    }
  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *text = json_to_string (json_array_get_element (array, i), FALSE);
      g_autoptr(GError) local_error = NULL;
      GwEvent *event = gw_event_decode (text, strlen (text), &local_error);

      if (event == NULL)
        {
          g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                       _("%s: event %u of the history: %s"), what, i, local_error->message);
          return NULL;
        }
      g_ptr_array_add (events, event);
    }
  return g_steal_pointer (&events);
}

static void
get_case_events_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  return_reply (GW_CENTER_CLIENT (object), task, result, "GET /v1/cases/{id}/events",
                GW_CENTER_MAX_GRIDS_REPLY, (ReplyReader) events_from_json,
                (GDestroyNotify) g_ptr_array_unref);
}

void
gw_center_client_get_case_events_async (GwCenterClient      *self,
                                        const char          *case_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  g_return_if_fail (case_id != NULL);

  escaped = g_uri_escape_string (case_id, NULL, FALSE);
  path = g_strdup_printf ("v1/cases/%s/events", escaped);
  task = start_get (self, path, "GET /v1/cases/{id}/events", GW_CENTER_MAX_GRIDS_REPLY,
                    self->timeout, gw_center_client_get_case_events_async, get_case_events_cb,
                    cancellable, callback, user_data);
}

GPtrArray *
gw_center_client_get_case_events_finish (GwCenterClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GwCase *
case_from_member (JsonObject  *object,
                  gboolean     nullable,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *member;
  GwCase *kase;

  member = get_object (object, "case", nullable, what, &local_error);
  if (member == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  kase = gw_case_new_from_json (member, &local_error);
  if (kase == NULL)
    g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                 _("%s: the case in the reply is invalid: %s"), what, local_error->message);
  return kase;
}

static gboolean
parse_applied (GwCommandResult  *result,
               JsonObject      *json,
               const char      *what,
               GError         **error)
{
  const char *sequence;

  if (!(result->kase = case_from_member (json, FALSE, what, error))
      || !get_string (json, "sequence", TRUE, what, &sequence, error))
    return FALSE;
  if (sequence != NULL && !gw_event_parse_sequence (sequence, TRUE, &result->sequence, NULL))
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: “%s” is not a sequence"), what, sequence);
      return FALSE;
    }
  return TRUE;
}

/* A step of the case, as a dispatcher says it after "was already". */
static const char *
step_words (const char *step)
{
  static const struct { const char *step; const char *words; } steps[] = {
    { "assigned", N_("assigned") }, { "reassigned", N_("reassigned") },
    { "signed", N_("signed for") }, { "returned", N_("returned") },
    { "return_accepted", N_("taken back from its return") },
    { "extension_approved", N_("given an extension") },
    { "extension_refused", N_("refused an extension") },
    { "supervised", N_("put under supervision") }, { "escalated", N_("escalated") },
    { "resolved", N_("resolved") }, { "reviewed", N_("reviewed") },
    { "closed", N_("closed") }, { "merged", N_("merged") },
  };

  for (guint i = 0; step != NULL && i < G_N_ELEMENTS (steps); i++)
    if (strcmp (step, steps[i].step) == 0)
      return _(steps[i].words);
  return step ? step : _("changed");
}

static gboolean
parse_conflict (GwCommandResult  *result,
                JsonObject      *json,
                const char      *case_id,
                const char      *what,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *when = NULL;
  const char *by_id = NULL, *by_name = NULL, *action, *department, *at, *message;
  JsonObject *by;

  if (!get_string (json, "action", TRUE, what, &action, error)
      || !get_string (json, "department", TRUE, what, &department, error)
      || !get_string (json, "at", TRUE, what, &at, error)
      || !get_string (json, "message", TRUE, what, &message, error))
    return FALSE;
  by = get_object (json, "by", TRUE, what, &local_error);
  if (local_error != NULL
      || (by && (!get_string (by, "id", TRUE, what, &by_id, error)
                 || !get_string (by, "name", TRUE, what, &by_name, error))))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (at != NULL && !(result->at = g_date_time_new_from_iso8601 (at, NULL)))
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: “%s” is not a time"), what, at);
      return FALSE;
    }
  /* The case is informative here: a broken one does not hide the conflict. */
  result->kase = case_from_member (json, TRUE, what, NULL);
  result->by_id = g_strdup (by_id);
  result->by_name = g_strdup (by_name);
  result->action = g_strdup (action);
  result->department = g_strdup (department);

  when = result->at ? g_date_time_format (result->at, "%Y-%m-%d %H:%M") : NULL;
  result->error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFLICT,
                               _("Case %s was already %s by %s%s%s%s%s. Your command was "
                                 "not applied: look at the case again before acting."),
                               case_id, step_words (action),
                               by_name ? by_name : (by_id ? by_id : _("someone else")),
                               department ? _(" to ") : "", department ? department : "",
                               when ? _(" at ") : "", when ? when : "");
  return TRUE;
}

static gboolean
parse_invalid (GwCommandResult  *result,
               JsonObject      *json,
               const char      *case_id,
               const char      *what,
               GError         **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  JsonObject *fields;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  fields = get_object (json, "fields", TRUE, what, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  result->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (fields != NULL)
    {
      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &node))
        {
          const char *message;

          if (!get_string (fields, name, FALSE, what, &message, error))
            return FALSE;
          g_hash_table_replace (result->fields, g_strdup (name), g_strdup (message));
          g_string_append_printf (text, "%s%s: %s", text->len ? "; " : "", name, message);
        }
    }

  result->error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_INVALID,
                               _("The centre refused the command on case %s: %s"),
                               case_id, text->len ? text->str : _("invalid request"));
  return TRUE;
}

static GwCommandResult *
parse_assign_reply (GwCenterClient  *self,
                    SoupMessage     *message,
                    GBytes          *body,
                    const char      *case_id,
                    GError         **error)
{
  g_autoptr(GwCommandResult) result = NULL;
  g_autoptr(JsonObject) json = NULL;
  guint status = soup_message_get_status (message);
  const char *what = "POST /v1/cases/…";
  gboolean ok;

  if (status != 200 && status != 409 && status != 412 && status != 422)
    {
      gw_center_client_check_status (self, message, what, body, error);
      if (status >= 200 && status < 300)
        g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_HTTP,
                     _("%s: unexpected status %u"), what, status);
      return NULL;
    }
  if (!check_content_type (message, what, FALSE, error)
      || !(json = gw_center_parse_object (body, GW_CENTER_MAX_SMALL_REPLY, what, error)))
    return NULL;

  result = g_new0 (GwCommandResult, 1);
  g_atomic_ref_count_init (&result->ref_count);
  result->status = status;
  switch (status)
    {
    case 200:
      result->outcome = GW_COMMAND_REPLY_APPLIED;
      ok = parse_applied (result, json, what, error);
      break;
    case 409:
      result->outcome = GW_COMMAND_REPLY_CONFLICT;
      ok = parse_conflict (result, json, case_id, what, error);
      break;
    case 412:
      result->outcome = GW_COMMAND_REPLY_STALE;
      result->kase = case_from_member (json, TRUE, what, NULL);
      result->error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_STALE,
                                   _("Case %s changed since you opened it (a note or "
                                     "progress). Refresh it and try again."), case_id);
      ok = TRUE;
      break;
    default:
      result->outcome = GW_COMMAND_REPLY_INVALID;
      ok = parse_invalid (result, json, case_id, what, error);
      break;
    }

  return ok ? g_steal_pointer (&result) : NULL;
}

static void
command_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GwCenterClient *self = GW_CENTER_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  GwCommandResult *reply;

  body = request_send_finish (self, result, &error);
  if (body == NULL
      || !(reply = parse_assign_reply (self, g_task_get_task_data (task), body,
                                       g_object_get_data (G_OBJECT (task), "case-id"),
                                       &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) gw_command_result_unref);
}

static SoupMessage *
new_post (GwCenterClient *self,
          const char     *path,
          const char     *body)
{
  SoupMessage *message = gw_center_client_new_message (self, SOUP_METHOD_POST, path);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  return message;
}

/**
 * gw_center_client_command_async:
 * @self: a client
 * @case_id: the case
 * @version: the version the dispatcher saw (If-Match)
 * @action: the command
 * @body: its JSON body (gw_command_build_body)
 * @idempotency_key: the command's key, the same on every retry
 * @cancellable: (nullable): a cancellable
 * @callback: called with the reply
 * @user_data: for @callback
 *
 * `POST /v1/cases/{case_id}/{action}`. Finish with gw_center_client_command_finish():
 * a result for 200, 409, 412 and 422; an error for anything else.
 */
void
gw_center_client_command_async (GwCenterClient      *self,
                                const char          *case_id,
                                gint64               version,
                                GwAction             action,
                                const char          *body,
                                const char          *idempotency_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;
  g_autofree char *what = NULL;
  SoupMessageHeaders *headers;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  g_return_if_fail (case_id != NULL && *case_id != '\0');
  g_return_if_fail (idempotency_key != NULL && body != NULL);
  g_return_if_fail (version >= 1 && action < GW_N_ACTIONS);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_center_client_command_async);
  g_object_set_data_full (G_OBJECT (task), "case-id", g_strdup (case_id), g_free);

  if (!gw_idempotency_key_is_valid (idempotency_key))
    {
      g_task_return_new_error (task, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REQUEST,
                               _("The idempotency key must be 1 to 128 printable ASCII "
                                 "characters"));
      return;
    }

  escaped = g_uri_escape_string (case_id, NULL, FALSE);
  path = g_strdup_printf ("v1/cases/%s/%s", escaped, gw_action_to_string (action));
  message = new_post (self, path, body);
  headers = soup_message_get_request_headers (message);
  if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  soup_message_headers_replace (headers, "If-Match", if_match);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  what = g_strdup_printf ("POST /v1/cases/…/%s", gw_action_to_string (action));
  request_send_async (self, message, what, GW_CENTER_MAX_SMALL_REPLY, self->timeout,
                      cancellable, command_cb, g_steal_pointer (&task));
}

GwCommandResult *
gw_center_client_command_finish (GwCenterClient  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* POST /v1/cases/{id}/assign */

void
gw_center_client_assign_async (GwCenterClient      *self,
                               const char          *case_id,
                               gint64               version,
                               const char          *idempotency_key,
                               const char          *department,
                               GDateTime           *deadline,
                               const char          *note,
                               const char * const  *co_departments,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GwCommandArgs args = { .department = department, .deadline = deadline, .note = note,
                         .co_departments = co_departments };
  g_autofree char *body = NULL;

  g_return_if_fail (department != NULL);
  body = gw_command_build_body (GW_ACTION_ASSIGN, &args);
  gw_center_client_command_async (self, case_id, version, GW_ACTION_ASSIGN, body,
                                  idempotency_key, cancellable, callback, user_data);
}

GwCommandResult *
gw_center_client_assign_finish (GwCenterClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return gw_center_client_command_finish (self, result, error);
}

/* POST /v1/wall/show */

static void
show_on_wall_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GwCenterClient *self = GW_CENTER_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *message = g_task_get_task_data (task);

  body = request_send_finish (self, result, &error);
  if (body != NULL &&
      gw_center_client_check_status (self, message, "POST /v1/wall/show", body, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
gw_center_client_show_on_wall_async (GwCenterClient      *self,
                                     const char          *kind,
                                     const char          *code,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *body = NULL;
  GTask *task;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  g_return_if_fail (kind != NULL && code != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_center_client_show_on_wall_async);
  message = new_post (self, "v1/wall/show", body);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);
  request_send_async (self, message, "POST /v1/wall/show", GW_CENTER_MAX_SMALL_REPLY,
                      self->timeout, cancellable, show_on_wall_cb, task);
}

gboolean
gw_center_client_show_on_wall_finish (GwCenterClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GET /v1/stats/daily */

#define MAX_DAILY_COUNT 10000000  /* cases a day: far above any city's */

typedef struct
{
  GDate  first;
  guint  n_days;
  char  *area;
} DailyQuery;

static void
daily_query_free (DailyQuery *query)
{
  g_free (query->area);
  g_free (query);
}

static char *
format_date (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/* The string member @name must be @expected (NULL: absent or null). */
static gboolean
check_echo (JsonObject  *object,
            const char  *name,
            const char  *expected,
            const char  *what,
            GError     **error)
{
  const char *value;

  if (!get_string (object, name, expected == NULL, what, &value, error))
    return FALSE;
  if (g_strcmp0 (value, expected) == 0)
    return TRUE;
  g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
               _("%s: the reply is for %s “%s”, not the one asked (“%s”)"), what, name,
               value ? value : "null", expected ? expected : "null");
  return FALSE;
}

/* Entry @i of "days": {"date": the i-th day, "reported": 0..MAX_DAILY_COUNT}. */
static gboolean
read_day (JsonNode     *node,
          guint         i,
          const GDate  *date,
          const char   *what,
          guint        *count,
          GError      **error)
{
  g_autofree char *expected = format_date (date);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *reported = object ? json_object_get_member (object, "reported") : NULL;
  const char *day = NULL;
  gint64 value;

  if (object == NULL)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: day %u is not an object"), what, i);
      return FALSE;
    }
  if (!get_string (object, "date", FALSE, what, &day, error))
    return FALSE;
  if (g_strcmp0 (day, expected) != 0)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: day %u is “%s”, expected %s"), what, i, day, expected);
      return FALSE;
    }
  if (reported == NULL || !JSON_NODE_HOLDS_VALUE (reported)
      || json_node_get_value_type (reported) != G_TYPE_INT64
      || (value = json_node_get_int (reported)) < 0 || value > MAX_DAILY_COUNT)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the count of %s is not an integer from 0 to %d"), what, expected,
                   MAX_DAILY_COUNT);
      return FALSE;
    }
  *count = (guint) value;
  return TRUE;
}

static GArray *
daily_counts_from_json (JsonObject        *object,
                        const DailyQuery  *query,
                        const char        *what,
                        GError           **error)
{
  g_autoptr(GArray) counts = g_array_sized_new (FALSE, TRUE, sizeof (guint), query->n_days);
  g_autofree char *from = format_date (&query->first);
  GDate last = query->first, date = query->first;
  g_autofree char *to = NULL;
  JsonNode *member = json_object_get_member (object, "days");
  JsonArray *days;

  g_date_add_days (&last, query->n_days - 1);
  to = format_date (&last);
  if (!check_echo (object, "from", from, what, error) || !check_echo (object, "to", to, what, error)
      || !check_echo (object, "area", query->area, what, error))
    return NULL;
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member)
      || json_array_get_length (days = json_node_get_array (member)) != query->n_days)
    {
      g_set_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                   _("%s: the reply has no list of %u days"), what, query->n_days);
      return NULL;
    }
  g_array_set_size (counts, query->n_days);
  for (guint i = 0; i < query->n_days; i++, g_date_add_days (&date, 1))
    if (!read_day (json_array_get_element (days, i), i, &date, what,
                   &g_array_index (counts, guint, i), error))
      return NULL;
  return g_steal_pointer (&counts);
}

static void
get_daily_counts_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GwCenterClient *self = GW_CENTER_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  const char *what = "GET /v1/stats/daily";
  DailyQuery *query = g_object_get_data (G_OBJECT (task), "gw-daily-query");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  GArray *counts = NULL;

  if (!(body = finish_json_reply (self, task, result, what, FALSE, &error))
      || !(json = gw_center_parse_object (body, GW_CENTER_MAX_SMALL_REPLY, what, &error))
      || !(counts = daily_counts_from_json (json, query, what, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, counts, (GDestroyNotify) g_array_unref);
}

/**
 * gw_center_client_get_daily_counts_async:
 * @self: a client
 * @first: the first centre day
 * @last: the last centre day, not before @first, less than
 *   GW_CENTER_MAX_DAILY_DAYS after it
 * @area: (nullable): a division code of the centre's grids, %NULL for all
 * @cancellable: (nullable): to cancel
 * @callback: called with the counts
 * @user_data: for @callback
 *
 * Asks the centre how many cases were reported on each day (docs/protocol.md,
 * GET /v1/stats/daily). A reply that is not exactly the days asked for, in
 * order, with counts from 0 to 10 million, fails with
 * %GW_CENTER_CLIENT_ERROR_BAD_REPLY.
 */
void
gw_center_client_get_daily_counts_async (GwCenterClient      *self,
                                         const GDate         *first,
                                         const GDate         *last,
                                         const char          *area,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  DailyQuery *query;
  g_autoptr(GTask) task = NULL;
  g_autofree char *from = NULL, *to = NULL, *path = NULL;
  g_autofree char *escaped = NULL;
  int n_days;

  g_return_if_fail (GW_IS_CENTER_CLIENT (self));
  g_return_if_fail (first != NULL && g_date_valid (first));
  g_return_if_fail (last != NULL && g_date_valid (last));
  n_days = g_date_days_between (first, last) + 1;
  g_return_if_fail (n_days >= 1 && n_days <= GW_CENTER_MAX_DAILY_DAYS);

  query = g_new0 (DailyQuery, 1);
  query->first = *first;
  query->n_days = (guint) n_days;
  query->area = g_strdup (area);
  from = format_date (first);
  to = format_date (last);
  escaped = area != NULL ? g_uri_escape_string (area, NULL, FALSE) : NULL;
  path = g_strdup_printf ("v1/stats/daily?from=%s&to=%s%s%s", from, to,
                          escaped != NULL ? "&area=" : "", escaped != NULL ? escaped : "");
  task = start_get (self, path, "GET /v1/stats/daily", GW_CENTER_MAX_SMALL_REPLY, self->timeout,
                    gw_center_client_get_daily_counts_async, get_daily_counts_cb, cancellable,
                    callback, user_data);
  g_object_set_data_full (G_OBJECT (task), "gw-daily-query", query,
                          (GDestroyNotify) daily_query_free);
}

GArray *
gw_center_client_get_daily_counts_finish (GwCenterClient  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
