/* gw-case-type.c: a case type as the centre's snapshot lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include "gw-case-type-private.h"
#include "gw-event.h"
#include "gw-validate-private.h"

#define DEFAULT_DEADLINE_HOURS 72

struct _GwCaseType
{
  GObject     parent_instance;

  char       *service_code;
  char       *service_name;
  char       *department_kind;
  GwCategory  category;
  guint       deadline_hours;
};

G_DEFINE_FINAL_TYPE (GwCaseType, gw_case_type, G_TYPE_OBJECT)

static void
gw_case_type_finalize (GObject *object)
{
  GwCaseType *self = GW_CASE_TYPE (object);

  g_free (self->service_code);
  g_free (self->service_name);
  g_free (self->department_kind);

  G_OBJECT_CLASS (gw_case_type_parent_class)->finalize (object);
}

static void
gw_case_type_class_init (GwCaseTypeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_case_type_finalize;
}

static void
gw_case_type_init (GwCaseType *self)
{
}

GwCaseType *
gw_case_type_new_from_json_at (JsonObject  *object,
                               const char  *prefix,
                               GError     **error)
{
  g_autoptr(GwCaseType) self = g_object_new (GW_TYPE_CASE_TYPE, NULL);
  const char *code, *name, *kind;
  gint64 hours;

  if (!gw_core_field_string (object, prefix, "service_code", 0, GW_CHARSET_LOWER_ID, 1, 64,
                             &code, error) ||
      !gw_core_field_string (object, prefix, "service_name", 0, GW_CHARSET_ANY, 1, 200,
                             &name, error) ||
      !gw_core_field_enum (object, prefix, "category", 0, (GwEnumParser) gw_category_from_string,
                           "dispute, safety, urban, environment, livelihood, public_order, other",
                           &self->category, NULL, error) ||
      !gw_core_field_string (object, prefix, "department_kind", 0, GW_CHARSET_LOWER_ID, 1, 64,
                             &kind, error) ||
      !gw_core_field_int (object, prefix, "deadline_hours", 0, 1, 8760, &hours, error))
    return NULL;
  if (!gw_department_kind_is_valid (kind))
    {
      g_autofree char *quoted = gw_core_quote (kind);

      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %sdepartment_kind %s is not a department kind", prefix, quoted);
      return NULL;
    }
  self->service_code = g_strdup (code);
  self->service_name = g_strdup (name);
  self->department_kind = g_strdup (kind);
  self->deadline_hours = (guint) hours;
  return g_steal_pointer (&self);
}

/**
 * gw_case_type_new_from_json:
 * @object: a CaseType of the snapshot
 * @error: where to put a GW_PROTOCOL_ERROR
 *
 * Returns: (transfer full) (nullable): the type, or %NULL with @error set
 */
GwCaseType *
gw_case_type_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);
  return gw_case_type_new_from_json_at (object, "", error);
}

/**
 * gw_case_type_get_default_deadline:
 * @self: (nullable): a case type; %NULL for an unknown type (72 hours)
 * @priority: the case's priority
 * @from: when it is assigned
 *
 * Returns: (transfer full): the deadline 限时: the type's hours, halved for
 *   urgent, quartered for major, as the centre computes it
 */
GDateTime *
gw_case_type_get_default_deadline (GwCaseType *self,
                                   GwPriority  priority,
                                   GDateTime  *from)
{
  double hours = self ? self->deadline_hours : DEFAULT_DEADLINE_HOURS;

  g_return_val_if_fail (from != NULL, NULL);
  if (priority == GW_PRIORITY_URGENT)
    hours /= 2;
  else if (priority == GW_PRIORITY_MAJOR)
    hours /= 4;
  return g_date_time_add (from, (GTimeSpan) (hours * G_TIME_SPAN_HOUR));
}

const char *gw_case_type_get_service_code (GwCaseType *self) { return self->service_code; }
const char *gw_case_type_get_service_name (GwCaseType *self) { return self->service_name; }
GwCategory gw_case_type_get_category (GwCaseType *self) { return self->category; }
const char *gw_case_type_get_department_kind (GwCaseType *self) { return self->department_kind; }
guint gw_case_type_get_deadline_hours (GwCaseType *self) { return self->deadline_hours; }
