/* gw-center-commands.c: the dispatcher's commands on a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every action runs the same checks in the same order (docs/protocol.md):
 * role, headers, body, idempotency replay, case, fields, then version and
 * status; only the fields, the statuses it applies to and its effect differ,
 * and those are one row of the table `specs` below.
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-commands.h"
#include "gw-center-server.h"
#include "gw-center-sim.h"
#include "gw-center-util.h"
#include "gw-event.h"

#include <string.h>

#define MAX_NOTE_CHARS        1000
#define MAX_CO_DEPARTMENTS    10
#define MAX_DEADLINE_DAYS     366

/* A command being checked, then applied. */
typedef struct
{
  GwCenterEngine           *engine;
  const GwCenterUser       *user;
  const GwCenterCase       *kase;
  JsonObject               *body;
  JsonObject               *fields;   /* 422 messages */
  const GwCenterDepartment *department;
  gint64                    deadline;
  const char               *note;
  GPtrArray                *co;       /* const char *, interned codes */
  const GwCenterCase       *into;
} Command;

typedef struct
{
  const char  *step;          /* the event: cn.gridwall.case.<step> */
  const char  *members[5];    /* what the body may hold */
  const char  *applies[5];    /* the status_detail it applies to; NULL: any open */
  void       (*validate) (Command *command);
  void       (*apply)    (Command *command, GwCenterCase *next);
} Spec;

static void
set_field_error (Command    *command,
                 const char *name,
                 const char *message)
{
  if (!json_object_has_member (command->fields, name))
    json_object_set_string_member (command->fields, name, message);
}

static JsonNode *
member (Command    *command,
        const char *name)
{
  JsonNode *node = json_object_get_member (command->body, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* ---- fields ---- */

static void
check_department (Command  *command,
                  gboolean  required)
{
  JsonNode *node = member (command, "department");
  g_autofree char *message = NULL;
  const char *code;

  if (node == NULL)
    {
      if (required)
        set_field_error (command, "department", "required");
      return;
    }
  if (!is_string (node))
    {
      set_field_error (command, "department", "must be a string");
      return;
    }
  code = json_node_get_string (node);
  command->department = gw_center_catalog_lookup_department (command->engine->catalog, code);
  if (command->department == NULL)
    {
      message = g_strdup_printf ("no department %s", code);
      set_field_error (command, "department", message);
    }
}

static void
check_deadline (Command *command)
{
  JsonNode *node = member (command, "deadline");
  gint64 now = gw_center_engine_now ();

  if (node == NULL)
    return;
  if (!is_string (node) || !gw_time_parse (json_node_get_string (node), &command->deadline))
    set_field_error (command, "deadline", "must be an RFC 3339 time with an offset");
  else if (command->deadline <= now)
    set_field_error (command, "deadline", "must be in the future");
  else if (command->deadline > now + (gint64) MAX_DEADLINE_DAYS * 24 * 3600 * G_USEC_PER_SEC)
    set_field_error (command, "deadline", "must be within a year");
}

static void
check_note (Command  *command,
            gboolean  required)
{
  JsonNode *node = member (command, "note");

  if (node == NULL)
    {
      if (required)
        set_field_error (command, "note", "required: say why");
      return;
    }
  if (!is_string (node) || g_utf8_strlen (json_node_get_string (node), -1) > MAX_NOTE_CHARS)
    set_field_error (command, "note", "must be a string of at most 1000 characters");
  else if (required && *json_node_get_string (node) == '\0')
    set_field_error (command, "note", "required: say why");
  else
    command->note = json_node_get_string (node);
}

static const char *
co_department_problem (Command    *command,
                       JsonNode   *element,
                       char      **message)
{
  const GwCenterDepartment *department;
  const char *code;

  if (!is_string (element))
    return "must be an array of department codes";
  code = json_node_get_string (element);
  department = gw_center_catalog_lookup_department (command->engine->catalog, code);
  if (department == NULL)
    *message = g_strdup_printf ("no department %s", code);
  else if (department == command->department)
    *message = g_strdup_printf ("%s is the responsible department", code);
  else if (g_ptr_array_find (command->co, department->code, NULL))
    *message = g_strdup_printf ("%s is listed twice", code);
  else
    g_ptr_array_add (command->co, (gpointer) department->code);
  return *message;
}

static void
check_co_departments (Command *command)
{
  JsonNode *node = member (command, "co_departments");
  JsonArray *array;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_field_error (command, "co_departments", "must be an array of department codes");
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_CO_DEPARTMENTS)
    {
      set_field_error (command, "co_departments", "at most 10 departments");
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *message = NULL;
      const char *problem = co_department_problem (command, json_array_get_element (array, i),
                                                   &message);

      if (problem != NULL)
        {
          set_field_error (command, "co_departments", problem);
          return;
        }
    }
}

/* ---- each action's fields ---- */

static void
validate_assign (Command *command)
{
  check_department (command, TRUE);
  check_deadline (command);
  check_note (command, FALSE);
  check_co_departments (command);
}

static void
validate_reassign (Command *command)
{
  validate_assign (command);
  if (command->department != NULL && command->kase->agency == command->department->code)
    set_field_error (command, "department", "is already responsible");
}

static void
validate_note_only (Command *command)
{
  check_note (command, FALSE);
}

static void
validate_approve_extension (Command *command)
{
  check_deadline (command);
  check_note (command, FALSE);
}

static void
validate_refuse_extension (Command *command)
{
  check_note (command, TRUE);
}

static void
validate_escalate (Command *command)
{
  GwCenterCatalog *catalog = command->engine->catalog;
  const GwCenterDepartment *current =
    gw_center_catalog_lookup_department (catalog, command->kase->agency);
  const char *grid = command->kase->grid_code;
  g_autofree char *message = NULL;

  check_department (command, FALSE);
  check_note (command, TRUE);
  if (current == NULL || json_object_has_member (command->fields, "department"))
    return;  /* not assigned: the status check answers 409 */
  if (command->department == NULL)
    {
      command->department = gw_center_catalog_level_above (catalog, current, grid);
      if (command->department == NULL)
        message = g_strdup_printf ("no department above %s", current->code);
    }
  else if (!g_str_has_prefix (grid, command->department->area) ||
           strlen (command->department->area) >= strlen (current->area))
    message = g_strdup_printf ("is not above %s", current->code);
  if (message != NULL)
    set_field_error (command, "department", message);
}

static void
validate_close (Command *command)
{
  JsonNode *node = member (command, "verified");

  check_note (command, FALSE);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN || !json_node_get_boolean (node))
    set_field_error (command, "verified", "must be true: verify the result before closing");
}

static void
validate_merge (Command *command)
{
  JsonNode *node = member (command, "into");
  g_autofree char *message = NULL;
  const char *id;

  check_note (command, FALSE);
  if (node == NULL || !is_string (node))
    {
      set_field_error (command, "into", "required: the id of the case this one duplicates");
      return;
    }
  id = json_node_get_string (node);
  command->into = gw_center_engine_lookup (command->engine, id);
  if (command->into == command->kase)
    set_field_error (command, "into", "is this case");
  else if (command->into == NULL || !gw_center_case_is_open (command->into))
    {
      message = g_strdup_printf ("no open case %s", id);
      set_field_error (command, "into", message);
    }
}

/* ---- each action's effect ---- */

static void
apply_assign (Command      *command,
              GwCenterCase *next)
{
  GwCenterEngine *engine = command->engine;
  double speed = engine->options.speed > 0 ? engine->options.speed : 1;

  next->status_detail = g_intern_static_string ("assigned");
  next->agency = command->department->code;
  g_ptr_array_add (command->co, NULL);
  gw_center_case_set_co_agencies (next, (const char * const *) command->co->pdata);
  next->expected = command->deadline != 0
                   ? command->deadline
                   : gw_center_catalog_deadline (engine->catalog, next->service_code,
                                                 next->priority, next->updated, speed);
  next->extension_deadline = 0;
}

static void
apply_accept_return (Command      *command,
                     GwCenterCase *next)
{
  next->status_detail = g_intern_static_string ("accepted");
  next->agency = NULL;
  gw_center_case_set_co_agencies (next, NULL);
}

static void
apply_approve_extension (Command      *command,
                         GwCenterCase *next)
{
  next->status_detail = g_intern_static_string ("in_progress");
  if (command->deadline != 0)
    next->expected = command->deadline;
  else if (next->extension_deadline != 0)
    next->expected = next->extension_deadline;
  next->extension_deadline = 0;
}

static void
apply_refuse_extension (Command      *command,
                        GwCenterCase *next)
{
  next->status_detail = g_intern_static_string ("in_progress");
  next->extension_deadline = 0;
}

static void
apply_supervise (Command      *command,
                 GwCenterCase *next)
{
  next->supervised = TRUE;
}

static void
apply_escalate (Command      *command,
                GwCenterCase *next)
{
  next->agency = command->department->code;
  next->sim_flags |= GW_SIM_ESCALATED;
}

static void
apply_close (Command      *command,
             GwCenterCase *next)
{
  next->status_detail = g_intern_static_string ("closed");
  next->closed = next->updated;
}

static void
apply_merge (Command      *command,
             GwCenterCase *next)
{
  next->status_detail = g_intern_static_string ("closed");
  next->closed = next->updated;
  g_free (next->merged_into);
  next->merged_into = g_strdup (command->into->id);
}

#define WORKING { "assigned", "signed", "in_progress", "extended", NULL }

static const Spec specs[GW_N_ACTIONS] = {
  [GW_ACTION_ASSIGN] = { "assigned", { "department", "deadline", "note", "co_departments" },
                         { "reported", "accepted", "returned" },
                         validate_assign, apply_assign },
  [GW_ACTION_REASSIGN] = { "reassigned", { "department", "deadline", "note", "co_departments" },
                           WORKING, validate_reassign, apply_assign },
  [GW_ACTION_ACCEPT_RETURN] = { "return_accepted", { "note" }, { "returned" },
                                validate_note_only, apply_accept_return },
  [GW_ACTION_APPROVE_EXTENSION] = { "extension_approved", { "deadline", "note" }, { "extended" },
                                    validate_approve_extension, apply_approve_extension },
  [GW_ACTION_REFUSE_EXTENSION] = { "extension_refused", { "note" }, { "extended" },
                                   validate_refuse_extension, apply_refuse_extension },
  [GW_ACTION_SUPERVISE] = { "supervised", { "note" }, WORKING,
                            validate_note_only, apply_supervise },
  [GW_ACTION_ESCALATE] = { "escalated", { "department", "note" }, WORKING,
                           validate_escalate, apply_escalate },
  [GW_ACTION_CLOSE] = { "closed", { "verified", "note" }, { "resolved", "reviewed" },
                        validate_close, apply_close },
  [GW_ACTION_MERGE] = { "merged", { "into", "note" }, { NULL },
                        validate_merge, apply_merge },
};

static gboolean
validate (Command    *command,
          const Spec *spec)
{
  g_autoptr(GList) members = json_object_get_members (command->body);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (spec->members, l->data))
      set_field_error (command, l->data, "unknown field");
  spec->validate (command);
  return json_object_get_size (command->fields) == 0;
}

/* The action applies to the case as it is now. */
static gboolean
applies (const Spec         *spec,
         GwAction            action,
         const GwCenterCase *kase)
{
  if (!gw_center_case_is_open (kase))
    return FALSE;
  if (action == GW_ACTION_SUPERVISE && kase->supervised)
    return FALSE;
  return spec->applies[0] == NULL || g_strv_contains (spec->applies, kase->status_detail);
}

/* ---- answers ---- */

static void
append_case_field (GString            *out,
                   const GwCenterCase *kase)
{
  gw_json_append_key (out, "case", FALSE);
  gw_center_case_to_json (kase, out);
}

static void
reply_conflict (SoupServerMessage  *msg,
                const GwCenterCase *kase,
                GwAction            action)
{
  g_autoptr(GString) out = g_string_new ("{\"error\":\"conflict\"");
  g_autofree char *message = NULL;
  const char *done = kase->conflict_action ? kase->conflict_action : kase->status_detail;

  if (kase->conflict_by_name != NULL)
    message = g_strdup_printf ("%s already %s this case%s%s", kase->conflict_by_name, done,
                               kase->conflict_department ? " to " : "",
                               kase->conflict_department ? kase->conflict_department : "");
  else
    message = g_strdup_printf ("the case is %s%s: %s does not apply", kase->status_detail,
                               kase->supervised ? " and supervised" : "",
                               gw_action_to_string (action));
  gw_json_append_key (out, "message", FALSE);
  gw_json_append_string (out, message);
  g_string_append (out, ",\"by\":{");
  gw_json_append_key (out, "id", TRUE);
  gw_json_append_string (out, kase->conflict_by_id);
  gw_json_append_key (out, "name", FALSE);
  gw_json_append_string (out, kase->conflict_by_name);
  g_string_append_c (out, '}');
  gw_json_append_key (out, "action", FALSE);
  gw_json_append_string (out, done);
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

/* 409 or 412 when @version is not one the command may act on. */
static gboolean
check_version (SoupServerMessage  *msg,
               const Spec         *spec,
               GwAction            action,
               const GwCenterCase *kase,
               gint64              version)
{
  if (version == kase->version)
    {
      if (applies (spec, action, kase))
        return TRUE;
      reply_conflict (msg, kase, action);
      return FALSE;
    }
  if (version < kase->version && kase->conflict_version > version)
    reply_conflict (msg, kase, action);
  else
    reply_stale (msg, kase);
  return FALSE;
}

/* ---- idempotency ---- */

static char *
request_hash (const char *path,
              GByteArray *body)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, body->data, body->len);
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

/* ---- the whole of it ---- */

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

/* Role and headers; FALSE after answering 403 or 400. */
static gboolean
check_request (SoupServerMessage  *msg,
               const GwCenterUser *user,
               const char         *key,
               gint64             *version)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (!gw_center_require_dispatcher (msg, user))
    return FALSE;
  if (!gw_idempotency_key_is_valid (key))
    {
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "Idempotency-Key must be 1 to 128 printable ASCII characters");
      return FALSE;
    }
  if (!parse_if_match (soup_message_headers_get_one (headers, "If-Match"), version))
    {
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "If-Match must be the quoted case version, as \"3\"");
      return FALSE;
    }
  return TRUE;
}

static void
apply (Command             *command,
       const Spec          *spec,
       SoupServerMessage   *msg,
       const GwIdempotency *idempotency)
{
  GwCenterEngine *engine = command->engine;
  GwCenterCase *next = gw_center_case_copy (command->kase);
  GwActor actor = { command->user->user, command->user->name };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  next->updated = gw_center_engine_now ();
  spec->apply (command, next);
  if (engine->sim != NULL)
    gw_center_sim_plan (engine->sim, next);
  if (!gw_center_engine_commit (engine, next, spec->step, &actor, command->note,
                                command->department ? command->department->code : next->agency,
                                idempotency, NULL, &answer, &error))
    {
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                             "the centre could not store the change; retry");
      return;
    }
  gw_center_reply_json (msg, SOUP_STATUS_OK, answer);
}

void
gw_center_handle_command (GwCenterEngine     *engine,
                          SoupServerMessage  *msg,
                          const GwCenterUser *user,
                          const char         *path,
                          const char         *case_id,
                          GwAction            action)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const Spec *spec = &specs[action];
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) co = g_ptr_array_new ();
  g_autofree char *hash = NULL;
  Command command = { engine, user, NULL, NULL, fields, NULL, 0, NULL, co, NULL };
  GwIdempotency idempotency;
  gboolean overflow;
  gint64 version;

  if (!check_request (msg, user, key, &version) || !(root = gw_center_read_json_body (msg)))
    return;
  hash = request_hash (path, gw_center_request_body (msg, &overflow));
  if (replay_key (engine, msg, user, key, hash))
    return;
  if ((command.kase = gw_center_engine_lookup (engine, case_id)) == NULL)
    {
      gw_center_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such case");
      return;
    }
  command.body = json_node_get_object (root);
  if (!validate (&command, spec))
    {
      gw_center_reply_invalid (msg, fields);
      return;
    }
  if (!check_version (msg, spec, action, command.kase, version))
    return;
  idempotency = (GwIdempotency) { user->user, key, hash };
  apply (&command, spec, msg, &idempotency);
}
