/* gw-case.c: one case (事件, 工单) as the centre last described it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-private.h"
#include "gw-event.h"
#include "gw-validate-private.h"

struct _GwCase
{
  GObject      parent_instance;

  char        *id;
  char        *service_code;
  char        *service_name;
  char        *description;
  char        *agency;
  GStrv        co_agencies;
  char        *address;
  char        *media_url;
  char         grid_code[16];
  GDateTime   *requested;
  GDateTime   *updated;
  GDateTime   *expected;
  GDateTime   *resolved;
  GDateTime   *closed;
  gint64       version;
  double       lat;
  double       lon;
  GwCategory   category;
  GwStep       step;
  GwPriority   priority;
  GwChannel    channel;
  GwLevel      resolved_level;
  int          satisfaction;
  gboolean     open;
  gboolean     supervised;
  GDateTime   *extension_deadline;
  char        *merged_into;
};

G_DEFINE_FINAL_TYPE (GwCase, gw_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SERVICE_CODE,
  PROP_SERVICE_NAME,
  PROP_CATEGORY,
  PROP_DESCRIPTION,
  PROP_OPEN,
  PROP_STEP,
  PROP_AGENCY,
  PROP_CO_AGENCIES,
  PROP_REQUESTED,
  PROP_UPDATED,
  PROP_EXPECTED,
  PROP_RESOLVED,
  PROP_CLOSED,
  PROP_LAT,
  PROP_LONG,
  PROP_ADDRESS,
  PROP_MEDIA_URL,
  PROP_PRIORITY,
  PROP_CHANNEL,
  PROP_GRID_CODE,
  PROP_RESOLVED_LEVEL,
  PROP_SATISFACTION,
  PROP_SUPERVISED,
  PROP_VERSION,
  PROP_EXTENSION_DEADLINE,
  PROP_MERGED_INTO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gw_case_finalize (GObject *object)
{
  GwCase *self = GW_CASE (object);

  g_free (self->id);
  g_free (self->service_code);
  g_free (self->service_name);
  g_free (self->description);
  g_free (self->agency);
  g_strfreev (self->co_agencies);
  g_free (self->address);
  g_free (self->media_url);
  g_clear_pointer (&self->requested, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->expected, g_date_time_unref);
  g_clear_pointer (&self->resolved, g_date_time_unref);
  g_clear_pointer (&self->closed, g_date_time_unref);
  g_clear_pointer (&self->extension_deadline, g_date_time_unref);
  g_free (self->merged_into);

  G_OBJECT_CLASS (gw_case_parent_class)->finalize (object);
}

static void
gw_case_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GwCase *self = GW_CASE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_SERVICE_CODE: g_value_set_string (value, self->service_code); break;
    case PROP_SERVICE_NAME: g_value_set_string (value, self->service_name); break;
    case PROP_CATEGORY: g_value_set_enum (value, self->category); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_OPEN: g_value_set_boolean (value, self->open); break;
    case PROP_STEP: g_value_set_enum (value, self->step); break;
    case PROP_AGENCY: g_value_set_string (value, self->agency); break;
    case PROP_CO_AGENCIES: g_value_set_boxed (value, self->co_agencies); break;
    case PROP_REQUESTED: g_value_set_boxed (value, self->requested); break;
    case PROP_UPDATED: g_value_set_boxed (value, self->updated); break;
    case PROP_EXPECTED: g_value_set_boxed (value, self->expected); break;
    case PROP_RESOLVED: g_value_set_boxed (value, self->resolved); break;
    case PROP_CLOSED: g_value_set_boxed (value, self->closed); break;
    case PROP_LAT: g_value_set_double (value, self->lat); break;
    case PROP_LONG: g_value_set_double (value, self->lon); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_MEDIA_URL: g_value_set_string (value, self->media_url); break;
    case PROP_PRIORITY: g_value_set_enum (value, self->priority); break;
    case PROP_CHANNEL: g_value_set_enum (value, self->channel); break;
    case PROP_GRID_CODE: g_value_set_string (value, self->grid_code); break;
    case PROP_RESOLVED_LEVEL: g_value_set_enum (value, self->resolved_level); break;
    case PROP_SATISFACTION: g_value_set_int (value, self->satisfaction); break;
    case PROP_SUPERVISED: g_value_set_boolean (value, self->supervised); break;
    case PROP_VERSION: g_value_set_int64 (value, self->version); break;
    case PROP_EXTENSION_DEADLINE: g_value_set_boxed (value, self->extension_deadline); break;
    case PROP_MERGED_INTO: g_value_set_string (value, self->merged_into); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
gw_case_class_init (GwCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_case_finalize;
  object_class->get_property = gw_case_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO);
  properties[PROP_SERVICE_CODE] = g_param_spec_string ("service-code", NULL, NULL, NULL, RO);
  properties[PROP_SERVICE_NAME] = g_param_spec_string ("service-name", NULL, NULL, NULL, RO);
  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, GW_TYPE_CATEGORY, GW_CATEGORY_OTHER, RO);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, RO);
  properties[PROP_OPEN] = g_param_spec_boolean ("open", NULL, NULL, TRUE, RO);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, GW_TYPE_STEP, GW_STEP_REPORTED, RO);
  properties[PROP_AGENCY] = g_param_spec_string ("agency", NULL, NULL, NULL, RO);
  properties[PROP_CO_AGENCIES] =
    g_param_spec_boxed ("co-agencies", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_REQUESTED] =
    g_param_spec_boxed ("requested", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_EXPECTED] =
    g_param_spec_boxed ("expected", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_RESOLVED] =
    g_param_spec_boxed ("resolved", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_CLOSED] = g_param_spec_boxed ("closed", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_LAT] = g_param_spec_double ("lat", NULL, NULL, -90, 90, 0, RO);
  properties[PROP_LONG] = g_param_spec_double ("long", NULL, NULL, -180, 180, 0, RO);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, RO);
  properties[PROP_MEDIA_URL] = g_param_spec_string ("media-url", NULL, NULL, NULL, RO);
  properties[PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, NULL, GW_TYPE_PRIORITY, GW_PRIORITY_NORMAL, RO);
  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL, GW_TYPE_CHANNEL, GW_CHANNEL_GRID_APP, RO);
  properties[PROP_GRID_CODE] = g_param_spec_string ("grid-code", NULL, NULL, NULL, RO);
  properties[PROP_RESOLVED_LEVEL] =
    g_param_spec_enum ("resolved-level", NULL, NULL, GW_TYPE_LEVEL, GW_LEVEL_NONE, RO);
  properties[PROP_SATISFACTION] = g_param_spec_int ("satisfaction", NULL, NULL, 0, 5, 0, RO);
  properties[PROP_SUPERVISED] = g_param_spec_boolean ("supervised", NULL, NULL, FALSE, RO);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_EXTENSION_DEADLINE] =
    g_param_spec_boxed ("extension-deadline", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_MERGED_INTO] = g_param_spec_string ("merged-into", NULL, NULL, NULL, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_case_init (GwCase *self)
{
  self->open = TRUE;
}

/* Decoding */

#define CATEGORIES "dispute, safety, urban, environment, livelihood, public_order, other"
#define STEPS "reported, accepted, assigned, signed, in_progress, returned, extended, " \
              "resolved, reviewed, closed"
#define PRIORITIES "normal, urgent, major"
#define CHANNELS "grid_app, hotline_12345, police_110, city_management, video, walk_in"
#define LEVELS "village, town, county, city or null"

static gboolean
parse_status (const char *name,
              gpointer    out)
{
  if (g_strcmp0 (name, "open") == 0)
    *(gboolean *) out = TRUE;
  else if (g_strcmp0 (name, "closed") == 0)
    *(gboolean *) out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_media_url (const char  *url,
                 const char  *prefix,
                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme = NULL;

  if (strlen (url) <= 2048)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    scheme = g_uri_get_scheme (uri);

  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      strpbrk (url, " \t\r\n\"<>\\") != NULL)
    {
      g_autofree char *quoted = gw_core_quote (url);

      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %smedia_url %s is not an http or https URL of at most 2048 bytes",
                   prefix, quoted);
      return FALSE;
    }
  return TRUE;
}

static GStrv
read_co_agencies (JsonObject  *object,
                  const char  *prefix,
                  GError     **error)
{
  JsonArray *array = gw_core_field_array (object, prefix, "co_agencies",
                                     GW_CASE_MAX_CO_AGENCIES, error);
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *what = g_strdup_printf ("field %sco_agencies[%u]", prefix, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TYPE,
                       "%s is %s, expected a string", what, gw_core_json_type_name (node));
          return NULL;
        }
      if (!gw_core_check_string (json_node_get_string (node), what, GW_CHARSET_ID, 1, 64, error))
        return NULL;
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static gboolean
read_strings (GwCase      *self,
              JsonObject  *object,
              const char  *prefix,
              GError     **error)
{
  const char *id, *code, *name, *description, *agency, *address, *media_url, *grid;

  if (!gw_core_field_string (object, prefix, "service_request_id", 0, GW_CHARSET_ID, 1, 64,
                        &id, error) ||
      !gw_core_field_string (object, prefix, "service_code", 0, GW_CHARSET_LOWER_ID, 1, 64,
                        &code, error) ||
      !gw_core_field_string (object, prefix, "service_name", 0, GW_CHARSET_ANY, 1, 200,
                        &name, error) ||
      !gw_core_field_string (object, prefix, "description", 0, GW_CHARSET_ANY, 0, 4000,
                        &description, error) ||
      !gw_core_field_string (object, prefix, "agency_responsible", GW_FIELD_NULLABLE,
                        GW_CHARSET_ID, 1, 64, &agency, error) ||
      !gw_core_field_string (object, prefix, "address", 0, GW_CHARSET_ANY, 0, 500,
                        &address, error) ||
      !gw_core_field_string (object, prefix, "media_url", GW_FIELD_NULLABLE, GW_CHARSET_ANY,
                        1, 2048, &media_url, error) ||
      !gw_core_field_string (object, prefix, "grid_code", 0, GW_CHARSET_DIGITS, 15, 15,
                        &grid, error))
    return FALSE;

  if (media_url != NULL && !check_media_url (media_url, prefix, error))
    return FALSE;

  self->id = g_strdup (id);
  self->service_code = g_strdup (code);
  self->service_name = g_strdup (name);
  self->description = g_strdup (description);
  self->agency = g_strdup (agency);
  self->address = g_strdup (address);
  self->media_url = g_strdup (media_url);
  memcpy (self->grid_code, grid, 16);
  return TRUE;
}

static gboolean
read_enums (GwCase      *self,
            JsonObject  *object,
            const char  *prefix,
            GError     **error)
{
  gboolean level_null;

  return
    gw_core_field_enum (object, prefix, "category", 0, (GwEnumParser) gw_category_from_string,
                   CATEGORIES, &self->category, NULL, error) &&
    gw_core_field_enum (object, prefix, "status", 0, parse_status, "open, closed",
                   &self->open, NULL, error) &&
    gw_core_field_enum (object, prefix, "status_detail", 0, (GwEnumParser) gw_step_from_string,
                   STEPS, &self->step, NULL, error) &&
    gw_core_field_enum (object, prefix, "priority", 0, (GwEnumParser) gw_priority_from_string,
                   PRIORITIES, &self->priority, NULL, error) &&
    gw_core_field_enum (object, prefix, "channel", 0, (GwEnumParser) gw_channel_from_string,
                   CHANNELS, &self->channel, NULL, error) &&
    gw_core_field_enum (object, prefix, "resolved_level", GW_FIELD_NULLABLE,
                   (GwEnumParser) gw_level_from_string, LEVELS, &self->resolved_level,
                   &level_null, error);
}

static gboolean
read_times (GwCase      *self,
            JsonObject  *object,
            const char  *prefix,
            GError     **error)
{
  return
    gw_core_field_time (object, prefix, "requested_datetime", 0, &self->requested, error) &&
    gw_core_field_time (object, prefix, "updated_datetime", 0, &self->updated, error) &&
    gw_core_field_time (object, prefix, "expected_datetime", GW_FIELD_NULLABLE,
                   &self->expected, error) &&
    gw_core_field_time (object, prefix, "resolved_datetime", GW_FIELD_NULLABLE,
                   &self->resolved, error) &&
    gw_core_field_time (object, prefix, "closed_datetime", GW_FIELD_NULLABLE,
                   &self->closed, error) &&
    gw_core_field_time (object, prefix, "extension_deadline",
                   GW_FIELD_NULLABLE | GW_FIELD_OPTIONAL, &self->extension_deadline, error);
}

static gboolean
read_numbers (GwCase      *self,
              JsonObject  *object,
              const char  *prefix,
              GError     **error)
{
  gint64 satisfaction;

  if (!gw_core_field_double (object, prefix, "lat", -90, 90, &self->lat, error) ||
      !gw_core_field_double (object, prefix, "long", -180, 180, &self->lon, error) ||
      !gw_core_field_int (object, prefix, "satisfaction", GW_FIELD_NULLABLE, 1, 5,
                     &satisfaction, error) ||
      !gw_core_field_bool (object, prefix, "supervised", &self->supervised, error) ||
      !gw_core_field_int (object, prefix, "version", 0, 1, G_MAXINT64, &self->version, error))
    return FALSE;
  self->satisfaction = (int) satisfaction;
  return TRUE;
}

GwCase *
gw_case_new_from_json_at (JsonObject  *object,
                          const char  *prefix,
                          GError     **error)
{
  g_autoptr(GwCase) self = g_object_new (GW_TYPE_CASE, NULL);
  const char *merged_into = NULL;

  if (!read_strings (self, object, prefix, error) ||
      !read_enums (self, object, prefix, error) ||
      !read_times (self, object, prefix, error) ||
      !read_numbers (self, object, prefix, error))
    return NULL;

  if (!gw_core_field_string (object, prefix, "merged_into", GW_FIELD_NULLABLE | GW_FIELD_OPTIONAL,
                             GW_CHARSET_ID, 1, 64, &merged_into, error))
    return NULL;
  self->merged_into = g_strdup (merged_into);

  self->co_agencies = read_co_agencies (object, prefix, error);
  if (self->co_agencies == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gw_case_new_from_json:
 * @object: a case as the centre sends it
 * @error: where to put a GW_PROTOCOL_ERROR
 *
 * Validates every field (docs/protocol.md, "Case") and builds a case.
 * Text fields are kept verbatim: they are plain text, never markup.
 *
 * Returns: (transfer full) (nullable): the case, or %NULL with @error set
 */
GwCase *
gw_case_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gw_case_new_from_json_at (object, "", error);
}

/* Encoding */

static void
set_time (JsonObject *object,
          const char *name,
          GDateTime  *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }
  text = gw_core_format_rfc3339 (time);
  json_object_set_string_member (object, name, text);
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, name);
  else
    json_object_set_string_member (object, name, value);
}

/**
 * gw_case_to_json:
 * @self: a case
 *
 * Returns: (transfer full): the case as the protocol writes it
 */
JsonNode *
gw_case_to_json (GwCase *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *co = json_array_new ();

  g_return_val_if_fail (GW_IS_CASE (self), NULL);

  json_object_set_string_member (object, "service_request_id", self->id);
  json_object_set_string_member (object, "service_code", self->service_code);
  json_object_set_string_member (object, "service_name", self->service_name);
  json_object_set_string_member (object, "category", gw_category_to_string (self->category));
  json_object_set_string_member (object, "description", self->description);
  json_object_set_string_member (object, "status", self->open ? "open" : "closed");
  json_object_set_string_member (object, "status_detail", gw_step_to_string (self->step));
  set_nullable_string (object, "agency_responsible", self->agency);
  for (guint i = 0; self->co_agencies[i] != NULL; i++)
    json_array_add_string_element (co, self->co_agencies[i]);
  json_object_set_array_member (object, "co_agencies", co);
  set_time (object, "requested_datetime", self->requested);
  set_time (object, "updated_datetime", self->updated);
  set_time (object, "expected_datetime", self->expected);
  set_time (object, "resolved_datetime", self->resolved);
  set_time (object, "closed_datetime", self->closed);
  json_object_set_double_member (object, "lat", self->lat);
  json_object_set_double_member (object, "long", self->lon);
  json_object_set_string_member (object, "address", self->address);
  set_nullable_string (object, "media_url", self->media_url);
  json_object_set_string_member (object, "priority", gw_priority_to_string (self->priority));
  json_object_set_string_member (object, "channel", gw_channel_to_string (self->channel));
  json_object_set_string_member (object, "grid_code", self->grid_code);
  set_nullable_string (object, "resolved_level", gw_level_to_string (self->resolved_level));
  if (self->satisfaction == 0)
    json_object_set_null_member (object, "satisfaction");
  else
    json_object_set_int_member (object, "satisfaction", self->satisfaction);
  json_object_set_boolean_member (object, "supervised", self->supervised);
  json_object_set_int_member (object, "version", self->version);
  set_time (object, "extension_deadline", self->extension_deadline);
  set_nullable_string (object, "merged_into", self->merged_into);

  return json_node_init_object (json_node_alloc (), object);
}

/* Updating */

static gboolean
take_string (char **field,
             const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
take_time (GDateTime **field,
           GDateTime  *value)
{
  if (*field == value ||
      (*field != NULL && value != NULL && g_date_time_equal (*field, value) &&
       g_date_time_get_utc_offset (*field) == g_date_time_get_utc_offset (value)))
    return FALSE;
  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  return TRUE;
}

static gboolean
take_strv (GStrv              *field,
           const char * const *value)
{
  if (g_strv_equal ((const char * const *) *field, value))
    return FALSE;
  g_strfreev (*field);
  *field = g_strdupv ((GStrv) value);
  return TRUE;
}

#define TAKE_SCALAR(field, value) \
  ((field) != (value) ? ((field) = (value), TRUE) : FALSE)

static void
update_fields (GwCase *self,
               GwCase *newer)
{
  GObject *object = G_OBJECT (self);

#define NOTIFY_IF(changed, prop) \
  G_STMT_START { if (changed) g_object_notify_by_pspec (object, properties[prop]); } G_STMT_END

  NOTIFY_IF (take_string (&self->service_code, newer->service_code), PROP_SERVICE_CODE);
  NOTIFY_IF (take_string (&self->service_name, newer->service_name), PROP_SERVICE_NAME);
  NOTIFY_IF (TAKE_SCALAR (self->category, newer->category), PROP_CATEGORY);
  NOTIFY_IF (take_string (&self->description, newer->description), PROP_DESCRIPTION);
  NOTIFY_IF (TAKE_SCALAR (self->open, newer->open), PROP_OPEN);
  NOTIFY_IF (TAKE_SCALAR (self->step, newer->step), PROP_STEP);
  NOTIFY_IF (take_string (&self->agency, newer->agency), PROP_AGENCY);
  NOTIFY_IF (take_strv (&self->co_agencies, (const char * const *) newer->co_agencies),
             PROP_CO_AGENCIES);
  NOTIFY_IF (take_time (&self->requested, newer->requested), PROP_REQUESTED);
  NOTIFY_IF (take_time (&self->updated, newer->updated), PROP_UPDATED);
  NOTIFY_IF (take_time (&self->expected, newer->expected), PROP_EXPECTED);
  NOTIFY_IF (take_time (&self->resolved, newer->resolved), PROP_RESOLVED);
  NOTIFY_IF (take_time (&self->closed, newer->closed), PROP_CLOSED);
  NOTIFY_IF (TAKE_SCALAR (self->lat, newer->lat), PROP_LAT);
  NOTIFY_IF (TAKE_SCALAR (self->lon, newer->lon), PROP_LONG);
  NOTIFY_IF (take_string (&self->address, newer->address), PROP_ADDRESS);
  NOTIFY_IF (take_string (&self->media_url, newer->media_url), PROP_MEDIA_URL);
  NOTIFY_IF (TAKE_SCALAR (self->priority, newer->priority), PROP_PRIORITY);
  NOTIFY_IF (TAKE_SCALAR (self->channel, newer->channel), PROP_CHANNEL);
  if (strcmp (self->grid_code, newer->grid_code) != 0)
    {
      memcpy (self->grid_code, newer->grid_code, sizeof self->grid_code);
      g_object_notify_by_pspec (object, properties[PROP_GRID_CODE]);
    }
  NOTIFY_IF (TAKE_SCALAR (self->resolved_level, newer->resolved_level), PROP_RESOLVED_LEVEL);
  NOTIFY_IF (TAKE_SCALAR (self->satisfaction, newer->satisfaction), PROP_SATISFACTION);
  NOTIFY_IF (TAKE_SCALAR (self->supervised, newer->supervised), PROP_SUPERVISED);
  NOTIFY_IF (TAKE_SCALAR (self->version, newer->version), PROP_VERSION);
  NOTIFY_IF (take_time (&self->extension_deadline, newer->extension_deadline),
             PROP_EXTENSION_DEADLINE);
  NOTIFY_IF (take_string (&self->merged_into, newer->merged_into), PROP_MERGED_INTO);

#undef NOTIFY_IF
}

/**
 * gw_case_update_from:
 * @self: a case
 * @newer: the same case (same id) at a higher version
 *
 * Takes over every field of @newer, notifying each property that changed, all
 * at once when the last one is set.
 */
void
gw_case_update_from (GwCase *self,
                     GwCase *newer)
{
  g_return_if_fail (GW_IS_CASE (self));
  g_return_if_fail (GW_IS_CASE (newer));
  g_return_if_fail (g_strcmp0 (self->id, newer->id) == 0);

  if (self == newer)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  update_fields (self, newer);
  g_object_thaw_notify (G_OBJECT (self));
}

GwCase *
gw_case_copy (GwCase *self)
{
  GwCase *copy = g_object_new (GW_TYPE_CASE, NULL);

  copy->id = g_strdup (self->id);
  copy->co_agencies = g_new0 (char *, 1);
  update_fields (copy, self);
  return copy;
}

/* Accessors */

const char *
gw_case_get_id (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->id;
}

const char *
gw_case_get_service_code (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->service_code;
}

const char *
gw_case_get_service_name (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->service_name;
}

GwCategory
gw_case_get_category (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), GW_CATEGORY_OTHER);
  return self->category;
}

const char *
gw_case_get_description (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->description;
}

gboolean
gw_case_is_open (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), FALSE);
  return self->open;
}

GwStep
gw_case_get_step (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), GW_STEP_REPORTED);
  return self->step;
}

const char *
gw_case_get_agency (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->agency;
}

const char * const *
gw_case_get_co_agencies (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return (const char * const *) self->co_agencies;
}

GDateTime *
gw_case_get_requested (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->requested;
}

GDateTime *
gw_case_get_updated (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->updated;
}

GDateTime *
gw_case_get_expected (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->expected;
}

GDateTime *
gw_case_get_resolved (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->resolved;
}

GDateTime *
gw_case_get_closed (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->closed;
}

double
gw_case_get_lat (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), 0);
  return self->lat;
}

double
gw_case_get_long (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), 0);
  return self->lon;
}

const char *
gw_case_get_address (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->address;
}

const char *
gw_case_get_media_url (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->media_url;
}

GwPriority
gw_case_get_priority (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), GW_PRIORITY_NORMAL);
  return self->priority;
}

GwChannel
gw_case_get_channel (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), GW_CHANNEL_GRID_APP);
  return self->channel;
}

const char *
gw_case_get_grid_code (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->grid_code;
}

GwLevel
gw_case_get_resolved_level (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), GW_LEVEL_NONE);
  return self->resolved_level;
}

int
gw_case_get_satisfaction (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), 0);
  return self->satisfaction;
}

gboolean
gw_case_get_supervised (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), FALSE);
  return self->supervised;
}

gint64
gw_case_get_version (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), 0);
  return self->version;
}

static gint64
unix_or_min (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) : G_MININT64;
}

gint64
gw_case_get_requested_unix (GwCase *self)
{
  return unix_or_min (self->requested);
}

gint64
gw_case_get_expected_unix (GwCase *self)
{
  return unix_or_min (self->expected);
}

gint64
gw_case_get_resolved_unix (GwCase *self)
{
  return unix_or_min (self->resolved);
}

gint64
gw_case_get_closed_unix (GwCase *self)
{
  return unix_or_min (self->closed);
}

/**
 * gw_case_is_overdue:
 * @self: a case
 * @now: the time to judge at
 *
 * Returns: %TRUE when the case is open, not yet resolved (no resolution time
 *   and not at a done step) and its deadline is before @now
 */
gboolean
gw_case_is_overdue (GwCase    *self,
                    GDateTime *now)
{
  g_return_val_if_fail (GW_IS_CASE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  return self->open && self->resolved == NULL && !gw_step_is_done (self->step) &&
         self->expected != NULL && g_date_time_compare (self->expected, now) < 0;
}

GDateTime *
gw_case_get_extension_deadline (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->extension_deadline;
}

const char *
gw_case_get_merged_into (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->merged_into;
}
