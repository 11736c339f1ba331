/* gw-event.c: decoding and validating the centre's CloudEvents and snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Untrusted text goes through three gates, in this order: raw bytes (size,
 * NUL, UTF-8), the strict reader of gw-json-check.c (RFC 8259, depth), and
 * only then a JSON tree whose every field is checked by type and range. The
 * decoder never logs: it returns a GError, and whoever drops the event logs
 * and counts it (see gw_case_store_count_rejected).
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-private.h"
#include "gw-department-private.h"
#include "gw-event.h"
#include "gw-event-private.h"
#include "gw-json-check.h"
#include "gw-validate-private.h"

#define CAP_NAMESPACE "urn:oasis:names:tc:emergency:cap:1.2"
#define CAP_MAX_DEPTH 32
#define TYPE_PREFIX "cn.gridwall."
#define CASE_TYPE_PREFIX "cn.gridwall.case."

G_DEFINE_QUARK (gw-protocol-error-quark, gw_protocol_error)

struct _GwEvent
{
  gatomicrefcount  ref_count;
  GwEventKind      kind;
  guint64          sequence;
  char            *id;
  char            *type;
  GDateTime       *time;

  /* GW_EVENT_CASE */
  const char      *step_name;  /* points into type */
  GwCase          *the_case;
  char            *actor_id;
  char            *actor_name;
  char            *note;
  char            *department_code;

  /* GW_EVENT_MODE */
  GwMode           mode;
  char            *mode_reason;
  char            *mode_case;

  /* GW_EVENT_DEPARTMENT */
  GwDepartment    *department;

  /* GW_EVENT_WALL_SHOW (actor_id and actor_name too) */
  char            *wall_kind;
  char            *wall_code;

  /* GW_EVENT_ALERT */
  char            *alert_xml;
  char            *alert_fields[GW_CAP_N_FIELDS];
};

static const char * const case_steps[] = {
  "reported", "accepted", "assigned", "signed", "returned", "extended", "progress",
  "resolved", "reviewed", "supervised", "escalated", "closed", "merged", "updated",
  "reassigned", "return_accepted", "extension_approved", "extension_refused", NULL
};

G_DEFINE_BOXED_TYPE (GwEvent, gw_event, gw_event_ref, gw_event_unref)

static GwEvent *
gw_event_new (void)
{
  GwEvent *self = g_new0 (GwEvent, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

GwEvent *
gw_event_ref (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gw_event_unref (GwEvent *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->type);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_object (&self->the_case);
  g_free (self->actor_id);
  g_free (self->actor_name);
  g_free (self->note);
  g_free (self->department_code);
  g_free (self->mode_reason);
  g_free (self->mode_case);
  g_clear_object (&self->department);
  g_free (self->alert_xml);
  g_free (self->wall_kind);
  g_free (self->wall_code);
  for (guint i = 0; i < GW_CAP_N_FIELDS; i++)
    g_free (self->alert_fields[i]);
  g_free (self);
}

/* Sequences */

gboolean
gw_event_parse_sequence (const char  *text,
                         gboolean     allow_zero,
                         guint64     *out,
                         GError     **error)
{
  guint64 value = 0;
  gsize len = strlen (text);
  g_autofree char *quoted = NULL;

  for (gsize i = 0; i < len; i++)
    {
      guint digit;

      if (!g_ascii_isdigit (text[i]) || len > 20)
        goto malformed;
      digit = (guint) (text[i] - '0');
      if (value > (G_MAXUINT64 - digit) / 10)
        {
          quoted = gw_core_quote (text);
          g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                       "field sequence %s does not fit 64 bits", quoted);
          return FALSE;
        }
      value = value * 10 + digit;
    }
  if (len == 0)
    goto malformed;
  if (value == 0 && !allow_zero)
    {
      quoted = gw_core_quote (text);
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field sequence %s is zero (sequences start at 1)", quoted);
      return FALSE;
    }
  *out = value;
  return TRUE;

malformed:
  quoted = gw_core_quote (text);
  g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
               "field sequence %s is not 1 to 20 decimal digits", quoted);
  return FALSE;
}

static gboolean
read_sequence (JsonObject  *object,
               guint64     *out,
               GError     **error)
{
  const char *text;

  if (!gw_core_field_string (object, "", "sequence", 0, GW_CHARSET_ANY, 0, G_MAXUINT,
                        &text, error))
    return FALSE;
  return gw_event_parse_sequence (text, FALSE, out, error);
}

/* Mode (event data and snapshot member alike) */

static gboolean
parse_mode (const char *name,
            gpointer    out)
{
  return gw_mode_from_string (name, out);
}

gboolean
gw_event_read_mode (JsonObject  *object,
              const char  *prefix,
              GwMode      *mode,
              char       **reason,
              char       **case_id,
              GError     **error)
{
  const char *r, *c;

  if (!gw_core_field_enum (object, prefix, "mode", 0, parse_mode, "normal, emergency",
                      mode, NULL, error) ||
      !gw_core_field_string (object, prefix, "reason", GW_FIELD_NULLABLE, GW_CHARSET_ANY,
                        0, 500, &r, error) ||
      !gw_core_field_string (object, prefix, "case", GW_FIELD_NULLABLE, GW_CHARSET_ID,
                        1, 64, &c, error))
    return FALSE;
  *reason = g_strdup (r);
  *case_id = g_strdup (c);
  return TRUE;
}

/* CAP 1.2 alerts */

typedef struct
{
  char      *prefix;       /* namespace prefix of the root, "" for the default */
  guint      depth;
  gboolean   root_seen;
  gboolean   in_info;
  gboolean   info_done;    /* headline and severity come from the first <info> */
  int        capturing;    /* a GwCapField, or -1 */
  GString   *text;
  char      *fields[GW_CAP_N_FIELDS];
} CapParser;

static const char * const cap_names[GW_CAP_N_FIELDS] = {
  [GW_CAP_IDENTIFIER] = "identifier",
  [GW_CAP_SENDER] = "sender",
  [GW_CAP_SENT] = "sent",
  [GW_CAP_STATUS] = "status",
  [GW_CAP_MSG_TYPE] = "msgType",
  [GW_CAP_SCOPE] = "scope",
  [GW_CAP_HEADLINE] = "headline",
  [GW_CAP_SEVERITY] = "severity",
};

/* The local name of @element if it is in the CAP namespace, else NULL. */
static const char *
cap_local_name (CapParser  *cap,
                const char *element)
{
  const char *colon = strchr (element, ':');

  if (colon == NULL)
    return cap->prefix[0] == '\0' ? element : NULL;
  if ((gsize) (colon - element) == strlen (cap->prefix) &&
      strncmp (element, cap->prefix, colon - element) == 0)
    return colon + 1;
  return NULL;
}

static gboolean
cap_start_root (CapParser    *cap,
                const char   *element,
                const char  **names,
                const char  **values,
                GError      **error)
{
  const char *colon = strchr (element, ':');
  const char *local = colon != NULL ? colon + 1 : element;
  g_autofree char *xmlns = NULL;

  cap->prefix = colon != NULL ? g_strndup (element, colon - element) : g_strdup ("");
  xmlns = colon != NULL ? g_strconcat ("xmlns:", cap->prefix, NULL) : g_strdup ("xmlns");

  if (strcmp (local, "alert") != 0)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "the root element is <%s>, expected <alert>", element);
      return FALSE;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], xmlns) == 0 && strcmp (values[i], CAP_NAMESPACE) == 0)
        return TRUE;
    }
  g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
               "<%s> is not in the CAP 1.2 namespace " CAP_NAMESPACE, element);
  return FALSE;
}

static int
cap_field_for (CapParser  *cap,
               const char *local)
{
  guint first = cap->depth == 1 ? GW_CAP_IDENTIFIER : GW_CAP_HEADLINE;
  guint last = cap->depth == 1 ? GW_CAP_SCOPE : GW_CAP_SEVERITY;

  if (cap->depth == 2 && !(cap->in_info && !cap->info_done))
    return -1;
  if (cap->depth != 1 && cap->depth != 2)
    return -1;
  for (guint i = first; i <= last; i++)
    {
      if (strcmp (local, cap_names[i]) == 0)
        return (int) i;
    }
  return -1;
}

static void
cap_start_element (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  CapParser *cap = user_data;
  const char *local;

  if (cap->depth == 0)
    {
      if (cap->root_seen)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "more than one root element");
          return;
        }
      cap->root_seen = TRUE;
      if (!cap_start_root (cap, element, names, values, error))
        return;
      cap->depth++;
      return;
    }

  if (cap->depth >= CAP_MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "elements nested deeper than %d levels", CAP_MAX_DEPTH);
      return;
    }

  local = cap_local_name (cap, element);
  if (local != NULL && cap->depth == 1 && strcmp (local, "info") == 0)
    cap->in_info = TRUE;
  else if (local != NULL)
    cap->capturing = cap_field_for (cap, local);

  if (cap->capturing >= 0 && cap->fields[cap->capturing] != NULL)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "<%s> appears twice", cap_names[cap->capturing]);
      return;
    }
  g_string_truncate (cap->text, 0);
  cap->depth++;
}

static void
cap_end_element (GMarkupParseContext  *context,
                 const char           *element,
                 gpointer              user_data,
                 GError              **error)
{
  CapParser *cap = user_data;

  cap->depth--;
  if (cap->capturing >= 0)
    {
      g_strstrip (cap->text->str);
      cap->fields[cap->capturing] = g_strdup (cap->text->str);
      cap->capturing = -1;
    }
  else if (cap->depth == 1 && cap->in_info)
    {
      cap->in_info = FALSE;
      cap->info_done = TRUE;
    }
}

static void
cap_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  CapParser *cap = user_data;

  if (cap->capturing >= 0)
    g_string_append_len (cap->text, text, len);
}

static void
cap_passthrough (GMarkupParseContext  *context,
                 const char           *text,
                 gsize                 len,
                 gpointer              user_data,
                 GError              **error)
{
  /* Comments and the <?xml?> declaration are harmless; a DOCTYPE can declare
   * entities (billion laughs, external files): refuse it outright. */
  if (len >= 2 && text[0] == '<' && text[1] == '!' &&
      !(len >= 4 && strncmp (text, "<!--", 4) == 0))
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                 "DOCTYPE and entity declarations are not allowed");
}

static const GMarkupParser cap_parser_funcs = {
  cap_start_element, cap_end_element, cap_text, cap_passthrough, NULL
};

static gboolean
cap_check_value (CapParser   *cap,
                 GwCapField   field,
                 const char  *choices,
                 GError     **error)
{
  g_auto(GStrv) allowed = g_strsplit (choices, ", ", -1);

  if (cap->fields[field] == NULL || g_strv_contains ((const char * const *) allowed,
                                                     cap->fields[field]))
    return TRUE;
  g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
               "field data: CAP <%s> \"%.40s\" is not one of %s",
               cap_names[field], cap->fields[field], choices);
  return FALSE;
}

static gboolean
cap_check (CapParser  *cap,
           GError    **error)
{
  g_autoptr(GDateTime) sent = NULL;

  for (guint i = GW_CAP_IDENTIFIER; i <= GW_CAP_SCOPE; i++)
    {
      if (cap->fields[i] == NULL || cap->fields[i][0] == '\0')
        {
          g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_MISSING,
                       "field data: CAP alert has no <%s>", cap_names[i]);
          return FALSE;
        }
    }

  sent = gw_core_parse_rfc3339 (cap->fields[GW_CAP_SENT]);
  if (sent == NULL)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field data: CAP <sent> \"%.40s\" is not a time with an offset",
                   cap->fields[GW_CAP_SENT]);
      return FALSE;
    }

  return cap_check_value (cap, GW_CAP_STATUS, "Actual, Exercise, System, Test, Draft", error) &&
         cap_check_value (cap, GW_CAP_MSG_TYPE, "Alert, Update, Cancel, Ack, Error", error) &&
         cap_check_value (cap, GW_CAP_SCOPE, "Public, Restricted, Private", error) &&
         cap_check_value (cap, GW_CAP_SEVERITY, "Extreme, Severe, Moderate, Minor, Unknown",
                          error);
}

static gboolean
decode_cap (GwEvent     *self,
            const char  *xml,
            GError     **error)
{
  CapParser cap = { .capturing = -1 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  cap.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&cap_parser_funcs,
                                        G_MARKUP_TREAT_CDATA_AS_TEXT |
                                        G_MARKUP_PREFIX_ERROR_POSITION,
                                        &cap, NULL);
  ok = g_markup_parse_context_parse (context, xml, -1, &local) &&
       g_markup_parse_context_end_parse (context, &local);

  if (ok && !cap.root_seen)
    {
      ok = FALSE;
      g_set_error (&local, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, "no root element");
    }

  if (!ok)
    g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                 "field data is not a valid CAP 1.2 alert: %s", local->message);
  else
    ok = cap_check (&cap, error);

  if (ok)
    {
      self->alert_xml = g_strdup (xml);
      memcpy (self->alert_fields, cap.fields, sizeof cap.fields);
      memset (cap.fields, 0, sizeof cap.fields);
    }

  for (guint i = 0; i < GW_CAP_N_FIELDS; i++)
    g_free (cap.fields[i]);
  g_free (cap.prefix);
  g_string_free (cap.text, TRUE);
  return ok;
}

/* Event data by kind */

static gboolean
decode_actor (GwEvent     *self,
              JsonObject  *data,
              GError     **error)
{
  JsonObject *actor = gw_core_field_object (data, "data.", "actor", 0, error);
  const char *actor_id, *actor_name;

  if (actor == NULL ||
      !gw_core_field_string (actor, "data.actor.", "id", 0, GW_CHARSET_ANY, 1, 128,
                        &actor_id, error) ||
      !gw_core_field_string (actor, "data.actor.", "name", 0, GW_CHARSET_ANY, 0, 200,
                        &actor_name, error))
    return FALSE;
  self->actor_id = g_strdup (actor_id);
  self->actor_name = g_strdup (actor_name);
  return TRUE;
}

static gboolean
parse_wall_kind (const char *name,
                 gpointer    out)
{
  static const char * const kinds[] = { "case", "grid", "area", NULL };

  return g_strv_contains (kinds, name);
}

static gboolean
parse_alarm_kind (const char *name,
                  gpointer    out)
{
  static const char * const kinds[] = { "case", "alert", NULL };

  return g_strv_contains (kinds, name);
}

/* wall.show and alarm.acknowledged: {kind, code, actor}, with their own kinds. */
static gboolean
decode_wall_show (GwEvent     *self,
                  JsonObject  *data,
                  GError     **error)
{
  gboolean alarm = self->kind == GW_EVENT_ALARM_ACK;
  const char *kind, *code;
  int unused;

  if (!gw_core_field_string (data, "data.", "kind", 0, GW_CHARSET_ANY, 1, 16, &kind, error) ||
      !gw_core_field_enum (data, "data.", "kind", 0,
                           alarm ? parse_alarm_kind : parse_wall_kind,
                           alarm ? "case, alert" : "case, grid, area",
                           &unused, NULL, error) ||
      !gw_core_field_string (data, "data.", "code", 0, alarm ? GW_CHARSET_ANY : GW_CHARSET_ID, 1,
                             alarm ? 256 : 64, &code, error) ||
      !decode_actor (self, data, error))
    return FALSE;
  self->wall_kind = g_strdup (kind);
  self->wall_code = g_strdup (code);
  return TRUE;
}

static gboolean
decode_case_data (GwEvent     *self,
                  JsonObject  *data,
                  GError     **error)
{
  JsonObject *case_object;
  const char *note, *department;

  case_object = gw_core_field_object (data, "data.", "case", 0, error);
  if (case_object == NULL)
    return FALSE;
  self->the_case = gw_case_new_from_json_at (case_object, "data.case.", error);
  if (self->the_case == NULL)
    return FALSE;

  if (!decode_actor (self, data, error) ||
      !gw_core_field_string (data, "data.", "note", GW_FIELD_NULLABLE, GW_CHARSET_ANY, 0, 4000,
                        &note, error) ||
      !gw_core_field_string (data, "data.", "department", GW_FIELD_NULLABLE, GW_CHARSET_ID, 1, 64,
                        &department, error))
    return FALSE;

  self->note = g_strdup (note);
  self->department_code = g_strdup (department);
  return TRUE;
}

static gboolean
decode_type (GwEvent     *self,
             const char  *type,
             GError     **error)
{
  g_autofree char *quoted = NULL;

  if (g_str_has_prefix (type, CASE_TYPE_PREFIX) &&
      g_strv_contains (case_steps, type + strlen (CASE_TYPE_PREFIX)))
    self->kind = GW_EVENT_CASE;
  else if (strcmp (type, "cn.gridwall.center.mode") == 0)
    self->kind = GW_EVENT_MODE;
  else if (strcmp (type, "cn.gridwall.department.updated") == 0)
    self->kind = GW_EVENT_DEPARTMENT;
  else if (strcmp (type, "cn.gridwall.alert") == 0)
    self->kind = GW_EVENT_ALERT;
  else if (strcmp (type, "cn.gridwall.wall.show") == 0)
    self->kind = GW_EVENT_WALL_SHOW;
  else if (strcmp (type, "cn.gridwall.alarm.acknowledged") == 0)
    self->kind = GW_EVENT_ALARM_ACK;
  else
    {
      quoted = gw_core_quote (type);
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_UNKNOWN_TYPE,
                   "type %s is not known to this version of the protocol", quoted);
      return FALSE;
    }

  self->type = g_strdup (type);
  if (self->kind == GW_EVENT_CASE)
    self->step_name = self->type + strlen (CASE_TYPE_PREFIX);
  return TRUE;
}

static gboolean
decode_data (GwEvent     *self,
             JsonObject  *root,
             GError     **error)
{
  const char *content_type;
  const char *expected = self->kind == GW_EVENT_ALERT ? "application/cap+xml"
                                                      : "application/json";
  JsonObject *data;

  if (!gw_core_field_string (root, "", "datacontenttype",
                        self->kind == GW_EVENT_ALERT ? 0 : GW_FIELD_OPTIONAL,
                        GW_CHARSET_ANY, 1, 256, &content_type, error))
    return FALSE;
  if (content_type != NULL && strcmp (content_type, expected) != 0)
    {
      g_autofree char *quoted = gw_core_quote (content_type);

      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field datacontenttype %s is not %s for type %s",
                   quoted, expected, self->type);
      return FALSE;
    }

  if (self->kind == GW_EVENT_ALERT)
    {
      const char *xml;

      return gw_core_field_string (root, "", "data", 0, GW_CHARSET_ANY, 1, G_MAXUINT, &xml, error) &&
             decode_cap (self, xml, error);
    }

  data = gw_core_field_object (root, "", "data", 0, error);
  if (data == NULL)
    return FALSE;

  switch (self->kind)
    {
    case GW_EVENT_CASE:
      return decode_case_data (self, data, error);
    case GW_EVENT_MODE:
      return gw_event_read_mode (data, "data.", &self->mode, &self->mode_reason,
                           &self->mode_case, error);
    case GW_EVENT_DEPARTMENT:
      self->department = gw_department_new_from_json_at (data, "data.", error);
      return self->department != NULL;
    case GW_EVENT_WALL_SHOW:
    case GW_EVENT_ALARM_ACK:
      return decode_wall_show (self, data, error);
    case GW_EVENT_ALERT:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
decode_envelope (GwEvent     *self,
                 JsonObject  *root,
                 GError     **error)
{
  const char *specversion, *id, *source, *type;

  if (!gw_core_field_string (root, "", "specversion", 0, GW_CHARSET_ANY, 0, 16, &specversion,
                        error))
    return FALSE;
  if (strcmp (specversion, "1.0") != 0)
    {
      g_autofree char *quoted = gw_core_quote (specversion);

      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field specversion %s is not \"1.0\"", quoted);
      return FALSE;
    }

  if (!gw_core_field_string (root, "", "id", 0, GW_CHARSET_ANY, 1, 256, &id, error) ||
      !gw_core_field_string (root, "", "source", 0, GW_CHARSET_ANY, 1, 1024, &source, error) ||
      !gw_core_field_string (root, "", "type", 0, GW_CHARSET_ANY, 1, 256, &type, error) ||
      !read_sequence (root, &self->sequence, error) ||
      !gw_core_field_time (root, "", "time", GW_FIELD_OPTIONAL, &self->time, error) ||
      !decode_type (self, type, error))
    return FALSE;

  self->id = g_strdup (id);
  return TRUE;
}

/* How a rejected event is named: by sequence when it has a good one, else by id. */
static char *
event_label (JsonObject *root)
{
  JsonNode *node;
  guint64 sequence;

  if (root == NULL)
    return g_strdup ("event");

  node = json_object_get_member (root, "sequence");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      gw_event_parse_sequence (json_node_get_string (node), FALSE, &sequence, NULL))
    return g_strdup_printf ("event %" G_GUINT64_FORMAT, sequence);

  node = json_object_get_member (root, "id");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *quoted = gw_core_quote (json_node_get_string (node));
      return g_strdup_printf ("event %s", quoted);
    }
  return g_strdup ("event");
}

/**
 * gw_event_decode:
 * @text: one WebSocket text frame
 * @length: its length in bytes
 * @error: where to put a GW_PROTOCOL_ERROR
 *
 * Decodes and validates one CloudEvent of docs/protocol.md. Thread-safe.
 *
 * Returns: (transfer full) (nullable): the event, or %NULL with @error set to
 *   a message naming the event, the field and the reason
 */
GwEvent *
gw_event_decode (const char  *text,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwEvent) self = NULL;
  g_autofree char *label = NULL;
  GError *local = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = gw_core_parse_json (text, length, GW_EVENT_MAX_SIZE, GW_JSON_MAX_DEPTH, &local);
  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    g_set_error (&local, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TYPE,
                 "the top-level value is %s, expected an object",
                 gw_core_json_type_name (root));

  if (local == NULL)
    {
      self = gw_event_new ();
      if (decode_envelope (self, json_node_get_object (root), &local))
        decode_data (self, json_node_get_object (root), &local);
    }

  if (local != NULL)
    {
      label = event_label (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                           ? json_node_get_object (root) : NULL);
      g_prefix_error (&local, "%s rejected: ", label);
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&self);
}

guint64
gw_event_get_sequence (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sequence;
}

const char *
gw_event_get_id (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
gw_event_get_type_name (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->type;
}

GDateTime *
gw_event_get_time (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->time;
}

GwEventKind
gw_event_get_kind (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, GW_EVENT_CASE);
  return self->kind;
}

const char *
gw_event_get_step_name (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->step_name;
}

GwCase *
gw_event_get_case (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->the_case;
}

const char *
gw_event_get_actor_id (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->actor_id;
}

const char *
gw_event_get_actor_name (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->actor_name;
}

const char *
gw_event_get_note (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->note;
}

const char *
gw_event_get_case_department (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->department_code;
}

GwMode
gw_event_get_mode (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, GW_MODE_NORMAL);
  return self->mode;
}

const char *
gw_event_get_mode_reason (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->mode_reason;
}

const char *
gw_event_get_mode_case (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->mode_case;
}

GwDepartment *
gw_event_get_department (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->department;
}

const char *
gw_event_get_alert_xml (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->alert_xml;
}

const char *
gw_event_get_alert_field (GwEvent    *self,
                          GwCapField  field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < GW_CAP_N_FIELDS, NULL);
  return self->alert_fields[field];
}

const char *
gw_event_get_alert_identifier (GwEvent *self)
{
  return gw_event_get_alert_field (self, GW_CAP_IDENTIFIER);
}

const char *
gw_event_get_alert_headline (GwEvent *self)
{
  return gw_event_get_alert_field (self, GW_CAP_HEADLINE);
}

const char *
gw_event_get_alert_severity (GwEvent *self)
{
  return gw_event_get_alert_field (self, GW_CAP_SEVERITY);
}

const char *
gw_event_get_wall_kind (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->wall_kind;
}

const char *
gw_event_get_wall_code (GwEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->wall_code;
}
