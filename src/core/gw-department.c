/* gw-department.c: a department (联动单位) cases are assigned to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-type-private.h"
#include "gw-department-private.h"
#include "gw-event.h"
#include "gw-validate-private.h"

struct _GwDepartment
{
  GObject  parent_instance;

  char    *code;
  char    *name;
  char    *kind;
  char    *area;
  char    *phone;
};

G_DEFINE_FINAL_TYPE (GwDepartment, gw_department, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_KIND,
  PROP_AREA,
  PROP_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kinds[] = {
  "police", "urban_management", "civil_affairs", "fire", "market_supervision",
  "emergency_management", "environment", "housing", "water", "transport", "health",
  "human_resources", "justice", "street_office", NULL
};

static void
gw_department_finalize (GObject *object)
{
  GwDepartment *self = GW_DEPARTMENT (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->area);
  g_free (self->phone);

  G_OBJECT_CLASS (gw_department_parent_class)->finalize (object);
}

static void
gw_department_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwDepartment *self = GW_DEPARTMENT (object);

  switch (prop_id)
    {
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_AREA: g_value_set_string (value, self->area); break;
    case PROP_PHONE: g_value_set_string (value, self->phone); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_department_class_init (GwDepartmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = gw_department_finalize;
  object_class->get_property = gw_department_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_AREA] = g_param_spec_string ("area", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_department_init (GwDepartment *self)
{
}

gboolean
gw_department_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

static gboolean
parse_kind (const char *name,
            gpointer    out)
{
  if (!g_strv_contains (kinds, name))
    return FALSE;
  *(const char **) out = name;
  return TRUE;
}

GwDepartment *
gw_department_new_from_json_at (JsonObject  *object,
                                const char  *prefix,
                                GError     **error)
{
  const char *code, *name, *kind, *area, *phone;
  GwDepartment *self;
  gsize area_len;

  if (!gw_core_field_string (object, prefix, "code", 0, GW_CHARSET_ID, 1, 64, &code, error) ||
      !gw_core_field_string (object, prefix, "name", 0, GW_CHARSET_ANY, 1, 200, &name, error) ||
      !gw_core_field_enum (object, prefix, "kind", 0, parse_kind,
                      "police, urban_management, civil_affairs, fire, market_supervision, "
                      "emergency_management, environment, housing, water, transport, "
                      "health, human_resources, justice, street_office",
                      &kind, NULL, error) ||
      !gw_core_field_string (object, prefix, "area", 0, GW_CHARSET_DIGITS, 4, 9, &area, error) ||
      !gw_core_field_string (object, prefix, "phone", GW_FIELD_NULLABLE | GW_FIELD_OPTIONAL,
                        GW_CHARSET_ANY, 0, 64, &phone, error))
    return NULL;

  area_len = strlen (area);
  if (area_len != 4 && area_len != 6 && area_len != 9)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %sarea \"%s\" has %" G_GSIZE_FORMAT " digits, expected 4, 6 or 9",
                   prefix, area, area_len);
      return NULL;
    }

  self = g_object_new (GW_TYPE_DEPARTMENT, NULL);
  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->kind = g_strdup (kind);
  self->area = g_strdup (area);
  self->phone = g_strdup (phone);
  return self;
}

/**
 * gw_department_new_from_json:
 * @object: a department as the centre sends it
 * @error: where to put a GW_PROTOCOL_ERROR
 *
 * Returns: (transfer full) (nullable): the department, or %NULL with @error set
 */
GwDepartment *
gw_department_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gw_department_new_from_json_at (object, "", error);
}

gboolean
gw_department_equal (GwDepartment *a,
                     GwDepartment *b)
{
  return g_strcmp0 (a->code, b->code) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->area, b->area) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0;
}

const char *
gw_department_get_code (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->code;
}

const char *
gw_department_get_name (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->name;
}

const char *
gw_department_get_kind (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->kind;
}

const char *
gw_department_get_area (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->area;
}

/* May be NULL: the protocol shows it but does not require it. */
const char *
gw_department_get_phone (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->phone;
}
