/* gw-center-server.c: the centre's HTTP API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-server.h"
#include "gw-center-feed.h"
#include "gw-center-sim.h"
#include "gw-center-util.h"
#include "gw-center-commands.h"
#include "gw-command.h"
#include "gw-event.h"

#include <string.h>

/* The request body, gathered by us rather than libsoup so that a huge one
 * is never held: past GW_CENTER_MAX_BODY we only count. */
typedef struct
{
  GByteArray *data;
  gboolean    overflow;
} RequestBody;

static void
request_body_free (RequestBody *body)
{
  g_byte_array_unref (body->data);
  g_free (body);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              RequestBody       *body)
{
  gsize len = g_bytes_get_size (chunk);

  if (body->overflow || body->data->len + len > GW_CENTER_MAX_BODY)
    {
      body->overflow = TRUE;
      return;
    }
  g_byte_array_append (body->data, g_bytes_get_data (chunk, NULL), (guint) len);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  RequestBody *body = g_new0 (RequestBody, 1);

  body->data = g_byte_array_new ();
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_object_set_data_full (G_OBJECT (msg), "gw-body", body, (GDestroyNotify) request_body_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), body);
}

static RequestBody *
request_body (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "gw-body");
}

GByteArray *
gw_center_request_body (SoupServerMessage *msg,
                        gboolean          *overflow)
{
  RequestBody *body = request_body (msg);

  *overflow = body ? body->overflow : FALSE;
  return body ? body->data : NULL;
}

void
gw_center_reply_json (SoupServerMessage *msg,
                      guint              status,
                      const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

void
gw_center_reply_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *message)
                       {
                       g_autoptr(GString) out = g_string_new ("{");

  gw_json_append_key (out, "error", TRUE);
  gw_json_append_string (out, code);
  gw_json_append_key (out, "message", FALSE);
  gw_json_append_string (out, message);
  g_string_append_c (out, '}');
  gw_center_reply_json (msg, status, out->str);
}

const GwCenterUser *
gw_center_authenticate (GwCenterEngine    *engine,
                        SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const GwCenterUser *user = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      const char *token = header + 7;

      while (*token == ' ')
        token++;
      user = gw_center_catalog_lookup_user (engine->catalog, token);
    }
  if (user == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"gridwall\"");
      gw_center_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                             header ? "unknown token" : "no Authorization: Bearer header");
    }
  return user;
}

gboolean
gw_center_require_dispatcher (SoupServerMessage  *msg,
                              const GwCenterUser *user)
{
  if (strcmp (user->role, "dispatcher") == 0)
    return TRUE;
  gw_center_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                         "this token's role may not give commands");
  return FALSE;
}

void
gw_center_reply_invalid (SoupServerMessage *msg,
                         JsonObject        *fields)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "error", "invalid");
  json_object_set_string_member (object, "message", "a field is wrong");
  json_object_set_object_member (object, "fields", json_object_ref (fields));
  json_node_set_object (root, object);
  text = json_to_string (root, FALSE);
  gw_center_reply_json (msg, 422, text);
}

const char *
gw_center_string_member (JsonObject *object,
                         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
require_method (SoupServerMessage *msg,
                const char        *method)
{
  if (strcmp (soup_server_message_get_method (msg), method) == 0)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  gw_center_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request",
                         method == SOUP_METHOD_GET ? "only GET here" : "only POST here");
  return FALSE;
}

/* Handlers match a path and everything under it: only the path itself is ours. */
static gboolean
exact_path (SoupServerMessage *msg,
            const char        *path,
            const char        *expected)
{
  if (strcmp (path, expected) == 0)
    return TRUE;
  gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such resource");
  return FALSE;
}

gboolean
gw_center_require_get (SoupServerMessage *msg,
                       const char        *path,
                       const char        *expected)
{
  return exact_path (msg, path, expected) && require_method (msg, SOUP_METHOD_GET);
}

/* GET /v1/me */
static void
handle_me (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  const GwCenterUser *user;
  g_autoptr(GString) out = g_string_new ("{");

  if (!exact_path (msg, path, "/v1/me") || !require_method (msg, SOUP_METHOD_GET) ||
      !(user = gw_center_authenticate (engine, msg)))
    return;
  gw_json_append_key (out, "user", TRUE);
  gw_json_append_string (out, user->user);
  gw_json_append_key (out, "name", FALSE);
  gw_json_append_string (out, user->name);
  gw_json_append_key (out, "role", FALSE);
  gw_json_append_string (out, user->role);
  g_string_append (out, ",\"center\":{");
  gw_json_append_key (out, "code", TRUE);
  gw_json_append_string (out, engine->catalog->center_code);
  gw_json_append_key (out, "name", FALSE);
  gw_json_append_string (out, engine->catalog->center_name);
  g_string_append (out, "}}");
  gw_center_reply_json (msg, SOUP_STATUS_OK, out->str);
}

/* GET /v1/snapshot */
static void
handle_snapshot (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  char *body;
  gsize length;

  if (!exact_path (msg, path, "/v1/snapshot") || !require_method (msg, SOUP_METHOD_GET) ||
      !gw_center_authenticate (engine, msg))
    return;
  body = gw_center_engine_snapshot (engine, &length);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Encoding");
  g_autoptr(GSList) codings = NULL;
  gboolean gzip = FALSE;

  if (accept == NULL)
    return FALSE;
  codings = soup_header_parse_quality_list (accept, NULL);
  for (GSList *l = codings; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, "gzip") == 0)
      gzip = TRUE;
  g_slist_free_full (g_steal_pointer (&codings), g_free);
  return gzip;
}

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize size = g_bytes_get_size (bytes);

  if (!g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), size, NULL, NULL, NULL) ||
      !g_output_stream_close (out, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* GET /v1/grids: the GeoJSON as given, gzipped once for clients that take it. */
static void
handle_grids (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  static GQuark gzip_quark;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GBytes *bytes = engine->catalog->grids_bytes;
  GBytes *gzipped;

  if (!exact_path (msg, path, "/v1/grids") || !require_method (msg, SOUP_METHOD_GET) ||
      !gw_center_authenticate (engine, msg))
    return;
  if (gzip_quark == 0)
    gzip_quark = g_quark_from_static_string ("gw-grids-gzip");
  soup_message_headers_replace (headers, "Vary", "Accept-Encoding");
  soup_message_headers_replace (headers, "Cache-Control", "max-age=3600");
  if (accepts_gzip (msg))
    {
      gzipped = g_object_get_qdata (G_OBJECT (server), gzip_quark);
      if (gzipped == NULL && (gzipped = gzip_bytes (bytes)) != NULL)
        g_object_set_qdata_full (G_OBJECT (server), gzip_quark, gzipped,
                                 (GDestroyNotify) g_bytes_unref);
      if (gzipped != NULL)
        {
          bytes = gzipped;
          soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        }
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/geo+json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

JsonNode *
gw_center_read_json_body (SoupServerMessage *msg)
{
  RequestBody *body = request_body (msg);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (body == NULL || body->overflow)
    {
      gw_center_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                             "request bodies are at most 64 KiB");
      return NULL;
    }
  root = gw_json_parse_untrusted ((const char *) body->data->data, body->data->len,
                                  GW_CENTER_MAX_BODY, GW_CENTER_MAX_DEPTH, &error);
  if (root == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "the body is not a JSON object");
      return NULL;
    }
  return root;
}

/* How many of a case's steps its history gives: the newest. */
#define CASE_HISTORY_LIMIT 200

/* GET /v1/cases/{id}/events: the case's CloudEvents, oldest first. */
static void
reply_case_events (GwCenterEngine    *engine,
                   SoupServerMessage *msg,
                   const char        *id)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) body = g_string_new ("{\"events\":[");
  g_autoptr(GError) error = NULL;

  if (!require_method (msg, SOUP_METHOD_GET))
    return;
  if (gw_center_engine_lookup (engine, id) == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such case");
      return;
    }
  if (!gw_center_store_case_events (engine->store, id, CASE_HISTORY_LIMIT, events, &error))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", error->message);
      return;
    }
  for (guint i = 0; i < events->len; i++)
    g_string_append_printf (body, "%s%s", i ? "," : "", (char *) events->pdata[i]);
  g_string_append (body, "]}");
  gw_center_reply_json (msg, SOUP_STATUS_OK, body->str);
}

/* /v1/cases/{id}/{action}, and GET /v1/cases/{id}/events */
static void
handle_cases (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  const GwCenterUser *user;
  g_auto(GStrv) parts = NULL;
  GwAction action;

  if (!(user = gw_center_authenticate (engine, msg)))
    return;
  /* "", "v1", "cases", id, action */
  parts = g_strsplit (path, "/", 6);
  if (g_strv_length (parts) != 5 || !gw_case_id_is_valid (parts[3]))
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                             "expected /v1/cases/{id}/{action} with an id of 1 to 64 "
                             "characters [A-Za-z0-9_-]");
      return;
    }
  if (strcmp (parts[4], "events") == 0)
    {
      reply_case_events (engine, msg, parts[3]);
      return;
    }
  if (!gw_action_from_string (parts[4], &action))
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                             "this centre knows no such action");
      return;
    }
  if (!require_method (msg, SOUP_METHOD_POST))
    return;
  gw_center_handle_command (engine, msg, user, path, parts[3], action);
}

/* The kind is "case", "grid" or "area"; NULL when @code names one. */
/* What a dispatcher may relay to the walls, without changing a case. */
typedef struct
{
  const char         *path;
  const char         *type;
  const char * const *kinds;
  const char         *kinds_text;
} Relay;

static const char * const wall_kinds[] = { "case", "grid", "area", NULL };
static const char * const alarm_kinds[] = { "case", "alert", NULL };

static const Relay wall_show = {
  "/v1/wall/show", "cn.gridwall.wall.show", wall_kinds, "must be case, grid or area",
};
static const Relay alarm_ack = {
  "/v1/alarms/ack", "cn.gridwall.alarm.acknowledged", alarm_kinds, "must be case or alert",
};

static const char *
check_relay_target (GwCenterEngine *engine,
                    const char     *kind,
                    const char     *code)
{
  const GwGridFeature *feature;

  if (strcmp (kind, "case") == 0)
    return gw_center_engine_lookup (engine, code) ? NULL : "no such case";
  /* A CAP identifier: any text the decoder accepts, bounded. */
  if (strcmp (kind, "alert") == 0)
    return g_utf8_strlen (code, -1) <= 256 ? NULL : "longer than 256 characters";
  feature = gw_grid_set_lookup (engine->catalog->grids, code);
  if (feature == NULL)
    return "no such division code in /v1/grids";
  if ((feature->level == GW_GRID_LEVEL_GRID) != (strcmp (kind, "grid") == 0))
    return strcmp (kind, "grid") == 0 ? "not a grid code" : "a grid code: use kind grid";
  return NULL;
}

/* POST /v1/wall/show and /v1/alarms/ack */
static void
handle_relay (SoupServerMessage *msg,
              const char        *path,
              GwCenterEngine    *engine,
              const Relay       *relay)
{
  const GwCenterUser *user;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *kind, *code, *problem = NULL;
  guint64 sequence;

  if (!exact_path (msg, path, relay->path) || !require_method (msg, SOUP_METHOD_POST) ||
      !(user = gw_center_authenticate (engine, msg)) || !gw_center_require_dispatcher (msg, user) ||
      !(root = gw_center_read_json_body (msg)))
    return;
  kind = gw_center_string_member (json_node_get_object (root), "kind");
  code = gw_center_string_member (json_node_get_object (root), "code");
  if (kind == NULL || !g_strv_contains (relay->kinds, kind))
    json_object_set_string_member (fields, "kind", relay->kinds_text);
  else if (code == NULL)
    json_object_set_string_member (fields, "code", "required");
  else if ((problem = check_relay_target (engine, kind, code)) != NULL)
    json_object_set_string_member (fields, "code", problem);
  if (json_object_get_size (fields) > 0)
    {
      gw_center_reply_invalid (msg, fields);
      return;
    }
  if (!gw_center_engine_relay (engine, relay->type, kind, code,
                               &(GwActor) { user->user, user->name }, &sequence, &error))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                             "the centre could not store the request; retry");
      return;
    }
  {
    g_autofree char *seq = gw_sequence_format (sequence);
    g_autofree char *body = g_strdup_printf ("{\"sequence\":\"%s\"}", seq);

    gw_center_reply_json (msg, SOUP_STATUS_OK, body);
  }
}

static void
handle_wall_show (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  handle_relay (msg, path, user_data, &wall_show);
}

static void
handle_alarm_ack (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  handle_relay (msg, path, user_data, &alarm_ack);
}

static void
handle_other (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such resource");
}

/* Announced sizes over the limit are refused before their body is read. */
static void
early_check (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > GW_CENTER_MAX_BODY)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      gw_center_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                             "request bodies are at most 64 KiB");
    }
}

void gw_center_test_hooks_setup (GwCenterEngine *engine,
                                 SoupServer     *server);
void gw_center_stats_setup      (GwCenterEngine *engine,
                                 SoupServer     *server);

void
gw_center_server_setup (GwCenterEngine *engine,
                        SoupServer     *server)
{
  g_signal_connect (server, "request-started", G_CALLBACK (on_request_started), NULL);
  soup_server_add_early_handler (server, NULL, early_check, engine, NULL);
  soup_server_add_handler (server, NULL, handle_other, engine, NULL);
  soup_server_add_handler (server, "/v1/me", handle_me, engine, NULL);
  soup_server_add_handler (server, "/v1/snapshot", handle_snapshot, engine, NULL);
  soup_server_add_handler (server, "/v1/grids", handle_grids, engine, NULL);
  soup_server_add_handler (server, "/v1/cases", handle_cases, engine, NULL);
  soup_server_add_handler (server, "/v1/wall/show", handle_wall_show, engine, NULL);
  soup_server_add_handler (server, "/v1/alarms/ack", handle_alarm_ack, engine, NULL);
  gw_center_stats_setup (engine, server);
  if (engine->options.test_hooks)
    gw_center_test_hooks_setup (engine, server);
}
