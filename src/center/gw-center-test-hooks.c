/* gw-center-test-hooks.c: POST /v1/test/... (only with --test-hooks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not part of the protocol: they let tests inject a known case, make a
 * non-conflicting change, or switch the centre's mode. See README.md.
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-server.h"
#include "gw-center-sim.h"
#include "gw-center-util.h"

#include <string.h>

void gw_center_test_hooks_setup (GwCenterEngine *engine,
                                 SoupServer     *server);

static const GwActor test_actor = { "test-hook", "测试注入" };

static JsonObject *
read_body (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = gw_center_read_json_body (msg);

  return root ? json_object_ref (json_node_get_object (root)) : NULL;
}

static const char *
optional_string (JsonObject *object,
                 const char *name,
                 gsize       max_chars,
                 JsonObject *fields)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) != G_TYPE_STRING ||
      (gsize) g_utf8_strlen (json_node_get_string (node), -1) > max_chars)
    {
      json_object_set_string_member (fields, name, "must be a string, not too long");
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
required_number (JsonObject *object,
                 const char *name,
                 double      low,
                 double      high,
                 double     *value,
                 JsonObject *fields)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type = node ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      json_object_set_string_member (fields, name, "required number");
      return FALSE;
    }
  *value = json_node_get_double (node);
  if (!(*value >= low && *value <= high))
    {
      json_object_set_string_member (fields, name, "out of range");
      return FALSE;
    }
  return TRUE;
}

static const char *
enum_value (JsonObject         *object,
            const char         *name,
            const char * const *values,
            guint               n,
            const char         *fallback,
            JsonObject         *fields)
{
  const char *value = optional_string (object, name, 64, fields);

  if (value == NULL)
    return fallback;
  for (guint i = 0; i < n; i++)
    if (strcmp (values[i], value) == 0)
      return values[i];
  json_object_set_string_member (fields, name, "not a value of the protocol");
  return fallback;
}

static void
reply_fields (SoupServerMessage *msg,
              JsonObject        *fields)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autoptr(GString) out = g_string_new ("{\"error\":\"invalid\",\"fields\":");

  json_node_set_object (node, fields);
  text = json_to_string (node, FALSE);
  g_string_append (out, text);
  g_string_append_c (out, '}');
  gw_center_reply_json (msg, 422, out->str);
}

static void
reply_case (SoupServerMessage  *msg,
            GwCenterEngine     *engine,
            const char         *id,
            guint64             sequence)
{
  g_autoptr(GString) out = g_string_new ("{\"case\":");
  g_autofree char *seq = gw_sequence_format (sequence);

  gw_center_case_to_json (gw_center_engine_lookup (engine, id), out);
  gw_json_append_key (out, "sequence", FALSE);
  gw_json_append_string (out, seq);
  g_string_append_c (out, '}');
  gw_center_reply_json (msg, SOUP_STATUS_OK, out->str);
}

static void
handle_report (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  const GwCenterCaseType *type = NULL;
  const GwGridFeature *grid = NULL;
  const char *code, *description, *address, *media_url, *priority, *channel, *requested_text;
  gint64 requested = gw_center_engine_now ();
  double lat = 0, lon = 0;
  gboolean simulate;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *id = NULL;
  GwCenterCase *kase;
  guint64 sequence;

  if (!gw_center_authenticate (engine, msg) || (body = read_body (msg)) == NULL)
    return;
  code = optional_string (body, "service_code", 64, fields);
  if (code == NULL || (type = gw_center_catalog_lookup_type (engine->catalog, code)) == NULL)
    json_object_set_string_member (fields, "service_code", "required, a known case type");
  if (required_number (body, "lat", -90, 90, &lat, fields) &&
      required_number (body, "long", -180, 180, &lon, fields) &&
      (grid = gw_grid_set_locate (engine->catalog->grids, GW_GRID_LEVEL_GRID, lon, lat)) == NULL)
    json_object_set_string_member (fields, "lat", "the point is in no grid of this centre");
  description = optional_string (body, "description", 4000, fields);
  address = optional_string (body, "address", 500, fields);
  media_url = optional_string (body, "media_url", 2000, fields);
  priority = enum_value (body, "priority", gw_center_priorities, GW_N_PRIORITIES_WIRE, NULL,
                         fields);
  channel = enum_value (body, "channel", gw_center_channels, GW_N_CHANNELS_WIRE, NULL, fields);
  simulate = json_object_get_boolean_member_with_default (body, "simulate", TRUE);
  /* A case reported in the past: history for GET /v1/stats/daily. */
  requested_text = optional_string (body, "requested", 64, fields);
  if (requested_text != NULL)
    {
      gint64 now = requested;

      if (!gw_time_parse (requested_text, &requested) || requested > now)
        json_object_set_string_member (fields, "requested", "an RFC 3339 time, not in the future");
    }
  if (json_object_get_size (fields) > 0)
    {
      reply_fields (msg, g_steal_pointer (&fields));
      return;
    }

  kase = gw_center_sim_make_case (engine->sim, type, rand, grid->code, lon, lat, requested);
  if (description)
    g_free (kase->description), kase->description = g_strdup (description);
  if (address)
    g_free (kase->address), kase->address = g_strdup (address);
  g_free (kase->media_url);
  kase->media_url = g_strdup (media_url);
  if (priority)
    kase->priority = priority;
  if (channel)
    kase->channel = channel;
  kase->version = 0;
  if (simulate)
    gw_center_sim_plan (engine->sim, kase);
  id = g_strdup (kase->id);
  if (!gw_center_engine_commit (engine, kase, "reported", &test_actor, NULL, NULL, NULL,
                                &sequence, NULL, NULL))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "not stored");
      return;
    }
  reply_case (msg, engine, id, sequence);
}

/* A change that conflicts with nothing: a progress note, version + 1. */
static void
handle_update (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *id, *note;
  GwCenterCase *kase, *next;
  guint64 sequence;

  if (!gw_center_authenticate (engine, msg) || (body = read_body (msg)) == NULL)
    return;
  id = optional_string (body, "case", 64, fields);
  note = optional_string (body, "note", 1000, fields);
  if ((kase = gw_center_engine_lookup (engine, id)) == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such case");
      return;
    }
  next = gw_center_case_copy (kase);
  next->updated = gw_center_engine_now ();
  if (!gw_center_engine_commit (engine, next, "updated", &test_actor, note, NULL, NULL,
                                &sequence, NULL, NULL))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "not stored");
      return;
    }
  reply_case (msg, engine, id, sequence);
}

static void
handle_mode (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  static const char * const modes[] = { "normal", "emergency" };
  GwCenterEngine *engine = user_data;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *mode, *reason, *case_id;
  g_autofree char *answer = NULL;
  g_autofree char *seq = NULL;
  guint64 sequence;

  if (!gw_center_authenticate (engine, msg) || (body = read_body (msg)) == NULL)
    return;
  mode = enum_value (body, "mode", modes, 2, NULL, fields);
  if (mode == NULL && !json_object_has_member (fields, "mode"))
    json_object_set_string_member (fields, "mode", "required: normal or emergency");
  reason = optional_string (body, "reason", 500, fields);
  case_id = optional_string (body, "case", 64, fields);
  if (json_object_get_size (fields) > 0)
    {
      reply_fields (msg, g_steal_pointer (&fields));
      return;
    }
  if (!gw_center_engine_set_mode (engine, mode, reason, case_id, &sequence, &error))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", error->message);
      return;
    }
  seq = gw_sequence_format (sequence);
  answer = g_strdup_printf ("{\"sequence\":\"%s\"}", seq);
  gw_center_reply_json (msg, SOUP_STATUS_OK, answer);
}

/* What a department does, for tests: the step and the case's new status. */
static gboolean
department_step (GwCenterCase *next,
                 const char   *step)
{
  if (strcmp (step, "signed") == 0 || strcmp (step, "resolved") == 0 ||
      strcmp (step, "reviewed") == 0)
    next->status_detail = g_intern_string (step);
  else if (strcmp (step, "progress") == 0)
    next->status_detail = g_intern_static_string ("in_progress");
  else if (strcmp (step, "returned") == 0)
    {
      next->status_detail = g_intern_static_string ("returned");
      next->agency = NULL;
      gw_center_case_set_co_agencies (next, NULL);
    }
  else if (strcmp (step, "extended") == 0)
    {
      next->status_detail = g_intern_static_string ("extended");
      next->extension_deadline = MAX (next->expected, next->updated) +
                                 (gint64) 24 * 3600 * G_USEC_PER_SEC;
    }
  else
    return FALSE;
  if (strcmp (step, "resolved") == 0)
    next->resolved = next->updated;
  return TRUE;
}

/* A department's step on a case (signed, progress, returned, extended,
 * resolved, reviewed), without any check of the workflow. */
static void
handle_step (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  g_autoptr(JsonObject) body = NULL;
  const char *id, *step;
  GwCenterCase *kase, *next;
  guint64 sequence;
  GwActor actor;

  if (!gw_center_authenticate (engine, msg) || (body = read_body (msg)) == NULL)
    return;
  id = gw_center_string_member (body, "case");
  step = gw_center_string_member (body, "step");
  if ((kase = gw_center_engine_lookup (engine, id)) == NULL || step == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such case or step");
      return;
    }
  next = gw_center_case_copy (kase);
  next->updated = gw_center_engine_now ();
  actor = (GwActor) { kase->agency ? kase->agency : "department", "测试部门" };
  if (!department_step (next, step))
    {
      gw_center_case_free (next);
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such step");
      return;
    }
  if (!gw_center_engine_commit (engine, next, step, &actor, NULL, kase->agency, NULL,
                                &sequence, NULL, NULL))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "not stored");
      return;
    }
  reply_case (msg, engine, id, sequence);
}

static void
require_post (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SoupServerCallback callback = NULL;

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      gw_center_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request", "only POST here");
      return;
    }
  if (strcmp (path, "/v1/test/report") == 0)
    callback = handle_report;
  else if (strcmp (path, "/v1/test/update") == 0)
    callback = handle_update;
  else if (strcmp (path, "/v1/test/mode") == 0)
    callback = handle_mode;
  else if (strcmp (path, "/v1/test/step") == 0)
    callback = handle_step;
  if (callback == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such test hook");
      return;
    }
  callback (server, msg, path, query, user_data);
}

void
gw_center_test_hooks_setup (GwCenterEngine *engine,
                            SoupServer     *server)
{
  soup_server_add_handler (server, "/v1/test", require_post, engine, NULL);
}
