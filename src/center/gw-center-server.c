/* gw-center-server.c: the centre's HTTP API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-server.h"
#include "gw-center-feed.h"
#include "gw-center-sim.h"
#include "gw-center-util.h"
#include "gw-event.h"

#include <string.h>

#define MAX_NOTE_CHARS        1000
#define MAX_CO_DEPARTMENTS    10
#define MAX_DEADLINE_DAYS     366

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

/* The body as JSON; NULL after answering 400 or 413. */
static JsonNode *
read_json_body (SoupServerMessage *msg)
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

/* If-Match: "<version>", a quoted positive integer. */
static gboolean
parse_if_match (const char *value,
                gint64     *version)
{
  gsize len;
  g_autofree char *digits = NULL;
  guint64 v;

  if (value == NULL)
    return FALSE;
  len = strlen (value);
  if (len < 3 || len > 21 || value[0] != '"' || value[len - 1] != '"')
    return FALSE;
  digits = g_strndup (value + 1, len - 2);
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &v, NULL))
    return FALSE;
  *version = (gint64) v;
  return TRUE;
}

typedef struct
{
  const GwCenterDepartment *department;
  gint64              deadline;
  const char         *note;
  GPtrArray          *co;   /* const char * */
} AssignRequest;

static void
set_field_error (JsonObject *fields,
                 const char *name,
                 const char *message)
                 {
                 if (!json_object_has_member (fields, name))
                 json_object_set_string_member (fields, name, message);
}

static void
validate_department (GwCenterEngine *engine,
                     JsonObject     *body,
                     JsonObject     *fields,
                     AssignRequest  *request)
{
  JsonNode *node = json_object_get_member (body, "department");
  const char *code;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      set_field_error (fields, "department", "required");
      return;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_field_error (fields, "department", "must be a string");
      return;
    }
  code = json_node_get_string (node);
  request->department = gw_center_catalog_lookup_department (engine->catalog, code);
  if (request->department == NULL)
    {
      g_autofree char *message = g_strdup_printf ("no department %s", code);

      set_field_error (fields, "department", message);
    }
}

static void
validate_deadline (JsonObject    *body,
                   JsonObject    *fields,
                   AssignRequest *request)
{
  JsonNode *node = json_object_get_member (body, "deadline");
  gint64 now = gw_center_engine_now ();

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (json_node_get_value_type (node) != G_TYPE_STRING ||
      !gw_time_parse (json_node_get_string (node), &request->deadline))
    {
      set_field_error (fields, "deadline", "must be an RFC 3339 time with an offset");
      return;
    }
  if (request->deadline <= now)
    {
      set_field_error (fields, "deadline", "must be in the future");
      return;
    }
  if (request->deadline > now + (gint64) MAX_DEADLINE_DAYS * 24 * 3600 * G_USEC_PER_SEC)
    {
      set_field_error (fields, "deadline", "must be within a year");
      return;
    }
}

static void
validate_note (JsonObject    *body,
               JsonObject    *fields,
               AssignRequest *request)
{
  JsonNode *node = json_object_get_member (body, "note");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (json_node_get_value_type (node) != G_TYPE_STRING ||
      g_utf8_strlen (json_node_get_string (node), -1) > MAX_NOTE_CHARS)
    {
      set_field_error (fields, "note", "must be a string of at most 1000 characters");
      return;
    }
  request->note = json_node_get_string (node);
}

static void
validate_co_departments (GwCenterEngine *engine,
                         JsonObject     *body,
                         JsonObject     *fields,
                         AssignRequest  *request)
{
  JsonNode *node = json_object_get_member (body, "co_departments");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_field_error (fields, "co_departments", "must be an array of department codes");
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_CO_DEPARTMENTS)
    {
      set_field_error (fields, "co_departments", "at most 10 departments");
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *code;
      const GwCenterDepartment *department;
      g_autofree char *message = NULL;

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        {
          set_field_error (fields, "co_departments", "must be an array of department codes");
          return;
        }
      code = json_node_get_string (element);
      department = gw_center_catalog_lookup_department (engine->catalog, code);
      if (department == NULL)
        message = g_strdup_printf ("no department %s", code);
      else if (department == request->department)
        message = g_strdup_printf ("%s is the responsible department", code);
      else if (g_ptr_array_find (request->co, department->code, NULL))
        message = g_strdup_printf ("%s is listed twice", code);
      if (message != NULL)
        {
          set_field_error (fields, "co_departments", message);
          return;
        }
      g_ptr_array_add (request->co, (gpointer) department->code);
    }
}

static void
reply_invalid (SoupServerMessage *msg,
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

static gboolean
validate_assign (GwCenterEngine    *engine,
                 SoupServerMessage *msg,
                 JsonObject        *body,
                 AssignRequest     *request)
{
  static const char * const known[] = { "department", "deadline", "note", "co_departments", NULL };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (body);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      set_field_error (fields, l->data, "unknown field");
  validate_department (engine, body, fields, request);
  validate_deadline (body, fields, request);
  validate_note (body, fields, request);
  validate_co_departments (engine, body, fields, request);
  if (json_object_get_size (fields) == 0)
    return TRUE;
  reply_invalid (msg, fields);
  return FALSE;
}

static void
append_case_field (GString            *out,
                   const GwCenterCase *kase)
{
  gw_json_append_key (out, "case", FALSE);
  gw_center_case_to_json (kase, out);
}

static void
reply_conflict (SoupServerMessage  *msg,
                const GwCenterCase *kase)
{
  g_autoptr(GString) out = g_string_new ("{\"error\":\"conflict\"");
  g_autofree char *message = NULL;
  const char *action = kase->conflict_action ? kase->conflict_action : kase->status_detail;

  if (kase->conflict_by_name != NULL)
    message = g_strdup_printf ("%s already %s this case%s%s", kase->conflict_by_name, action,
                               kase->conflict_department ? " to " : "",
                               kase->conflict_department ? kase->conflict_department : "");
  else
    message = g_strdup_printf ("the case is %s and cannot be assigned", kase->status_detail);
  gw_json_append_key (out, "message", FALSE);
  gw_json_append_string (out, message);
  g_string_append (out, ",\"by\":{");
  gw_json_append_key (out, "id", TRUE);
  gw_json_append_string (out, kase->conflict_by_id);
  gw_json_append_key (out, "name", FALSE);
  gw_json_append_string (out, kase->conflict_by_name);
  g_string_append_c (out, '}');
  gw_json_append_key (out, "action", FALSE);
  gw_json_append_string (out, action);
  gw_json_append_key (out, "department", FALSE);
  gw_json_append_string (out, kase->conflict_department);
  gw_json_append_key (out, "at", FALSE);
  gw_json_append_time (out, kase->conflict_at ? kase->conflict_at : kase->updated);
  append_case_field (out, kase);
  g_string_append_c (out, '}');
  gw_center_reply_json (msg, SOUP_STATUS_CONFLICT, out->str);
}

static void
reply_stale (SoupServerMessage  *msg,
             const GwCenterCase *kase)
{
  g_autoptr(GString) out = g_string_new ("{\"error\":\"stale\"");

  gw_json_append_key (out, "message", FALSE);
  gw_json_append_string (out, "the case changed since that version: refresh and retry");
  append_case_field (out, kase);
  g_string_append_c (out, '}');
  gw_center_reply_json (msg, SOUP_STATUS_PRECONDITION_FAILED, out->str);
}

static gboolean
is_assignable (const GwCenterCase *kase)
{
  return strcmp (kase->status_detail, "reported") == 0 ||
         strcmp (kase->status_detail, "accepted") == 0 ||
         strcmp (kase->status_detail, "returned") == 0;
}

/* 409 or 412 when @version is not one the command may act on. */
static gboolean
check_version (SoupServerMessage  *msg,
               const GwCenterCase *kase,
               gint64              version)
{
  if (version == kase->version)
    {
      if (is_assignable (kase))
        return TRUE;
      reply_conflict (msg, kase);
      return FALSE;
    }
  if (version < kase->version && kase->conflict_version > version)
    reply_conflict (msg, kase);
  else
    reply_stale (msg, kase);
  return FALSE;
}

static char *
request_hash (const char *path,
              RequestBody *body)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, body->data->data, body->data->len);
  return g_strdup (g_checksum_get_string (checksum));
}

/* A key seen before: replay the first answer, or refuse another body. */
static gboolean
replay_key (GwCenterEngine     *engine,
            SoupServerMessage  *msg,
            const GwCenterUser *user,
            const char         *key,
            const char         *hash)
{
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_body = NULL;
  guint status;

  if (!gw_center_store_lookup_key (engine->store, user->user, key, &stored_hash, &status,
                                   &stored_body))
    return FALSE;
  if (strcmp (stored_hash, hash) == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Idempotent-Replayed", "true");
      gw_center_reply_json (msg, status, stored_body);
    }
  else
    gw_center_reply_json (msg, 422,
                          "{\"error\":\"invalid\",\"message\":\"this Idempotency-Key was used "
                          "with another request\",\"fields\":{\"Idempotency-Key\":\"used "
                          "before with another body\"}}");
  return TRUE;
}

static void
apply_assign (GwCenterEngine     *engine,
              SoupServerMessage  *msg,
              const GwCenterUser *user,
              const GwCenterCase *kase,
              AssignRequest      *request,
              const GwIdempotency *idempotency)
{
  GwCenterCase *next = gw_center_case_copy (kase);
  GwActor actor = { user->user, user->name };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  const GwCenterCaseType *type = gw_center_catalog_lookup_type (engine->catalog, kase->service_code);
  double speed = engine->options.speed > 0 ? engine->options.speed : 1;

  next->updated = gw_center_engine_now ();
  next->status_detail = g_intern_static_string ("assigned");
  next->agency = request->department->code;
  g_ptr_array_add (request->co, NULL);
  gw_center_case_set_co_agencies (next, (const char * const *) request->co->pdata);
  if (request->deadline != 0)
    next->expected = request->deadline;
  else
    next->expected = next->updated +
                     (gint64) ((type ? type->deadline_hours : 72) * 3600.0 / speed * G_USEC_PER_SEC);
  if (engine->sim != NULL)
    gw_center_sim_plan (engine->sim, next);
  if (!gw_center_engine_commit (engine, next, "assigned", &actor, request->note,
                                request->department->code, idempotency, NULL, &answer, &error))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                             "the centre could not store the change; retry");
      return;
    }
  gw_center_reply_json (msg, SOUP_STATUS_OK, answer);
}

/* POST /v1/cases/{id}/assign */
static void
handle_assign (GwCenterEngine     *engine,
               SoupServerMessage  *msg,
               const GwCenterUser *user,
               const char         *path,
               const char         *case_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GPtrArray) co = g_ptr_array_new ();
  AssignRequest request = { NULL, 0, NULL, co };
  GwIdempotency idempotency;
  GwCenterCase *kase;
  gint64 version;

  if (strcmp (user->role, "dispatcher") != 0)
    {
      gw_center_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "this token's role may not give commands");
      return;
    }
  if (!gw_idempotency_key_is_valid (key))
    {
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "Idempotency-Key must be 1 to 128 printable ASCII characters");
      return;
    }
  if (!parse_if_match (soup_message_headers_get_one (headers, "If-Match"), &version))
    {
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "If-Match must be the quoted case version, as \"3\"");
      return;
    }
  if ((root = read_json_body (msg)) == NULL)
    return;
  hash = request_hash (path, request_body (msg));
  if (replay_key (engine, msg, user, key, hash))
    return;
  if ((kase = gw_center_engine_lookup (engine, case_id)) == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such case");
      return;
    }
  if (!validate_assign (engine, msg, json_node_get_object (root), &request) ||
      !check_version (msg, kase, version))
    return;
  idempotency = (GwIdempotency) { user->user, key, hash };
  apply_assign (engine, msg, user, kase, &request, &idempotency);
}

/* /v1/cases/{id}/{action} */
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
  if (strcmp (parts[4], "assign") != 0)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                             "this centre knows no such action");
      return;
    }
  if (!require_method (msg, SOUP_METHOD_POST))
    return;
  handle_assign (engine, msg, user, path, parts[3]);
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
  if (engine->options.test_hooks)
    gw_center_test_hooks_setup (engine, server);
}
