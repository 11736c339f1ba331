/* gw-command.c: one dispatcher command as the outbox keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include "gw-command-private.h"
#include "gw-event.h"
#include "gw-json-check.h"
#include "gw-validate-private.h"

struct _GwCommand
{
  GObject         parent_instance;

  char           *key;
  char           *case_id;
  gint64          version;
  GwAction        action;
  char           *body;
  char           *department;
  GDateTime      *created;
  guint           attempts;
  GwCommandState  state;
  char           *outcome;

  guint64         sequence;
  char           *by_id;
  char           *by_name;
  char           *conflict_action;
  char           *conflict_department;
  GDateTime      *at;
  GHashTable     *fields;
};

G_DEFINE_FINAL_TYPE (GwCommand, gw_command, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_CASE_ID,
  PROP_VERSION,
  PROP_ACTION,
  PROP_BODY,
  PROP_CREATED,
  PROP_ATTEMPTS,
  PROP_STATE,
  PROP_OUTCOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_details (GwCommand *self)
{
  self->sequence = 0;
  g_clear_pointer (&self->by_id, g_free);
  g_clear_pointer (&self->by_name, g_free);
  g_clear_pointer (&self->conflict_action, g_free);
  g_clear_pointer (&self->conflict_department, g_free);
  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
}

static void
gw_command_finalize (GObject *object)
{
  GwCommand *self = GW_COMMAND (object);

  clear_details (self);
  g_free (self->key);
  g_free (self->case_id);
  g_free (self->body);
  g_free (self->department);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->outcome);

  G_OBJECT_CLASS (gw_command_parent_class)->finalize (object);
}

static void
gw_command_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GwCommand *self = GW_COMMAND (object);

  switch (prop_id)
    {
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_CASE_ID: g_value_set_string (value, self->case_id); break;
    case PROP_VERSION: g_value_set_int64 (value, self->version); break;
    case PROP_ACTION: g_value_set_enum (value, self->action); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_CREATED: g_value_set_boxed (value, self->created); break;
    case PROP_ATTEMPTS: g_value_set_uint (value, self->attempts); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_OUTCOME: g_value_set_string (value, self->outcome); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_command_class_init (GwCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = gw_command_finalize;
  object_class->get_property = gw_command_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_CASE_ID] = g_param_spec_string ("case-id", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACTION] = g_param_spec_enum ("action", NULL, NULL, GW_TYPE_ACTION,
                                               GW_ACTION_ASSIGN, flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, GW_TYPE_COMMAND_STATE,
                                              GW_COMMAND_QUEUED, flags);
  properties[PROP_OUTCOME] = g_param_spec_string ("outcome", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_command_init (GwCommand *self)
{
}

/* The department member of our own body, read back through the strict parser:
 * the outbox file could have been edited. */
static char *
department_of (const char *body)
{
  g_autoptr(JsonNode) root = gw_core_parse_json (body, strlen (body), 64 * 1024, 8, NULL);
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  node = json_object_get_member (json_node_get_object (root), "department");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

GwCommand *
gw_command_new (const char *key,
                const char *case_id,
                gint64      version,
                GwAction    action,
                const char *body,
                GDateTime  *created)
{
  GwCommand *self = g_object_new (GW_TYPE_COMMAND, NULL);

  self->key = g_strdup (key);
  self->case_id = g_strdup (case_id);
  self->version = version;
  self->action = action;
  self->body = g_strdup (body);
  self->department = department_of (body);
  self->created = g_date_time_ref (created);
  return self;
}

void
gw_command_set_state (GwCommand      *self,
                      GwCommandState  state,
                      guint           attempts,
                      const char     *outcome)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->attempts != attempts)
    {
      self->attempts = attempts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
    }
  if (g_strcmp0 (self->outcome, outcome) != 0)
    {
      g_free (self->outcome);
      self->outcome = g_strdup (outcome);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
gw_command_set_version (GwCommand *self,
                        gint64     version)
{
  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

void
gw_command_set_details (GwCommand              *self,
                        const GwCommandOutcome *outcome)
{
  clear_details (self);
  self->sequence = outcome->sequence;
  self->by_id = g_strdup (outcome->by_id);
  self->by_name = g_strdup (outcome->by_name);
  self->conflict_action = g_strdup (outcome->action);
  self->conflict_department = g_strdup (outcome->department);
  self->at = outcome->at ? g_date_time_ref (outcome->at) : NULL;
  if (outcome->fields != NULL)
    {
      GHashTableIter iter;
      gpointer name, message;

      self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, outcome->fields);
      while (g_hash_table_iter_next (&iter, &name, &message))
        g_hash_table_insert (self->fields, g_strdup (name), g_strdup (message));
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
gw_command_details_to_json (GwCommand *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = self->at ? gw_core_format_rfc3339 (self->at) : NULL;
  g_autofree char *sequence = g_strdup_printf ("%" G_GUINT64_FORMAT, self->sequence);

  json_builder_begin_object (builder);
  add_string (builder, "sequence", sequence);
  add_string (builder, "by_id", self->by_id);
  add_string (builder, "by_name", self->by_name);
  add_string (builder, "action", self->conflict_action);
  add_string (builder, "department", self->conflict_department);
  add_string (builder, "at", at);
  if (self->fields != NULL)
    {
      GHashTableIter iter;
      gpointer name, message;

      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, self->fields);
      while (g_hash_table_iter_next (&iter, &name, &message))
        add_string (builder, name, message);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return builder_to_text (builder);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

void
gw_command_details_from_json (GwCommand  *self,
                              const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GHashTable) fields = NULL;
  GwCommandOutcome outcome = { 0 };
  JsonObject *object;
  JsonNode *node;

  if (json == NULL)
    return;
  root = gw_core_parse_json (json, strlen (json), 64 * 1024, 8, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  if (string_member (object, "sequence") != NULL)
    gw_event_parse_sequence (string_member (object, "sequence"), TRUE, &outcome.sequence, NULL);
  outcome.by_id = string_member (object, "by_id");
  outcome.by_name = string_member (object, "by_name");
  outcome.action = string_member (object, "action");
  outcome.department = string_member (object, "department");
  if (string_member (object, "at") != NULL)
    outcome.at = at = gw_core_parse_rfc3339 (string_member (object, "at"));
  node = json_object_get_member (object, "fields");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      fields = g_hash_table_new (g_str_hash, g_str_equal);
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        if (string_member (json_node_get_object (node), name) != NULL)
          g_hash_table_insert (fields, (gpointer) name, (gpointer) json_node_get_string (value));
      outcome.fields = fields;
    }
  gw_command_set_details (self, &outcome);
}

char *
gw_command_build_body (GwAction             action,
                       const GwCommandArgs *args)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *deadline = NULL;
  gboolean assigns = action == GW_ACTION_ASSIGN || action == GW_ACTION_REASSIGN;

  g_return_val_if_fail (args != NULL, NULL);

  json_builder_begin_object (builder);
  if (assigns || action == GW_ACTION_ESCALATE)
    add_string (builder, "department", args->department);
  if ((assigns || action == GW_ACTION_APPROVE_EXTENSION) && args->deadline != NULL)
    add_string (builder, "deadline", deadline = gw_core_format_rfc3339 (args->deadline));
  add_string (builder, "note", args->note);
  if (assigns && args->co_departments != NULL && args->co_departments[0] != NULL)
    {
      json_builder_set_member_name (builder, "co_departments");
      json_builder_begin_array (builder);
      for (guint i = 0; args->co_departments[i] != NULL; i++)
        json_builder_add_string_value (builder, args->co_departments[i]);
      json_builder_end_array (builder);
    }
  if (action == GW_ACTION_MERGE)
    add_string (builder, "into", args->into);
  if (action == GW_ACTION_CLOSE)
    {
      json_builder_set_member_name (builder, "verified");
      json_builder_add_boolean_value (builder, args->verified);
    }
  json_builder_end_object (builder);
  return builder_to_text (builder);
}

const char *gw_command_get_key (GwCommand *self) { return self->key; }
const char *gw_command_get_case_id (GwCommand *self) { return self->case_id; }
gint64 gw_command_get_version (GwCommand *self) { return self->version; }
GwAction gw_command_get_action (GwCommand *self) { return self->action; }
const char *gw_command_get_body (GwCommand *self) { return self->body; }
GDateTime *gw_command_get_created (GwCommand *self) { return self->created; }
guint gw_command_get_attempts (GwCommand *self) { return self->attempts; }
GwCommandState gw_command_get_state (GwCommand *self) { return self->state; }
const char *gw_command_get_outcome (GwCommand *self) { return self->outcome; }
const char *gw_command_get_department (GwCommand *self) { return self->department; }
const char *gw_command_get_conflict_by_id (GwCommand *self) { return self->by_id; }
const char *gw_command_get_conflict_by_name (GwCommand *self) { return self->by_name; }
const char *gw_command_get_conflict_action (GwCommand *self) { return self->conflict_action; }
const char *gw_command_get_conflict_department (GwCommand *self) { return self->conflict_department; }
GDateTime *gw_command_get_conflict_at (GwCommand *self) { return self->at; }
GHashTable *gw_command_get_fields (GwCommand *self) { return self->fields; }
guint64 gw_command_get_sequence (GwCommand *self) { return self->sequence; }
