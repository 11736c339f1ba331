/* gw-routing.c: which departments a case should go to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Departments are indexed by their area code, so the departments covering a
 * grid are found by looking up the grid code's prefixes (one per level), not
 * by scanning every department.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-routing.h"

#define DEFAULT_DEADLINE_HOURS 72
#define MAX_AREA_DIGITS        15

struct _GwRouting
{
  GObject     parent_instance;

  GListModel *departments;
  GListModel *case_types;
  GHashTable *by_area;   /* area code -> GPtrArray of GwDepartment (refs) */
  GHashTable *types;     /* service_code -> GwCaseType (ref) */
  gboolean    dirty;
};

G_DEFINE_FINAL_TYPE (GwRouting, gw_routing, G_TYPE_OBJECT)

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GwRouting  *self)
{
  self->dirty = TRUE;
}

static void
gw_routing_dispose (GObject *object)
{
  GwRouting *self = GW_ROUTING (object);

  if (self->departments != NULL)
    g_signal_handlers_disconnect_by_func (self->departments, on_items_changed, self);
  if (self->case_types != NULL)
    g_signal_handlers_disconnect_by_func (self->case_types, on_items_changed, self);
  g_clear_object (&self->departments);
  g_clear_object (&self->case_types);

  G_OBJECT_CLASS (gw_routing_parent_class)->dispose (object);
}

static void
gw_routing_finalize (GObject *object)
{
  GwRouting *self = GW_ROUTING (object);

  g_clear_pointer (&self->by_area, g_hash_table_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);

  G_OBJECT_CLASS (gw_routing_parent_class)->finalize (object);
}

static void
gw_routing_class_init (GwRoutingClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_routing_dispose;
  G_OBJECT_CLASS (klass)->finalize = gw_routing_finalize;
}

static void
gw_routing_init (GwRouting *self)
{
  self->by_area = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->dirty = TRUE;
}

/**
 * gw_routing_new:
 * @departments: a GListModel of GwDepartment
 * @case_types: a GListModel of GwCaseType
 *
 * Returns: (transfer full): a routing that follows both models
 */
GwRouting *
gw_routing_new (GListModel *departments,
                GListModel *case_types)
{
  GwRouting *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (departments), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (case_types), NULL);

  self = g_object_new (GW_TYPE_ROUTING, NULL);
  self->departments = g_object_ref (departments);
  self->case_types = g_object_ref (case_types);
  g_signal_connect (departments, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect (case_types, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}

static void
rebuild (GwRouting *self)
{
  guint n;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  g_hash_table_remove_all (self->by_area);
  g_hash_table_remove_all (self->types);

  n = g_list_model_get_n_items (self->departments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwDepartment) department = g_list_model_get_item (self->departments, i);
      const char *area = gw_department_get_area (department);
      GPtrArray *list = g_hash_table_lookup (self->by_area, area);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->by_area, g_strdup (area), list);
        }
      g_ptr_array_add (list, g_object_ref (department));
    }

  n = g_list_model_get_n_items (self->case_types);
  for (guint i = 0; i < n; i++)
    {
      GwCaseType *type = g_list_model_get_item (self->case_types, i);

      g_hash_table_replace (self->types, g_strdup (gw_case_type_get_service_code (type)), type);
    }
}

GwCaseType *
gw_routing_lookup_case_type (GwRouting  *self,
                             const char *service_code)
{
  g_return_val_if_fail (GW_IS_ROUTING (self), NULL);

  rebuild (self);
  return service_code ? g_hash_table_lookup (self->types, service_code) : NULL;
}

/* Appends the departments covering @grid_code, nearest level first, whose
 * kind is (@same) or is not (!@same) @kind. */
static void
collect (GwRouting  *self,
         const char *grid_code,
         const char *kind,
         gboolean    same,
         GArray     *out)
{
  gsize length = strlen (grid_code);

  for (gsize digits = MIN (length, MAX_AREA_DIGITS); digits > 0; digits--)
    {
      char prefix[MAX_AREA_DIGITS + 1];
      GPtrArray *list;

      memcpy (prefix, grid_code, digits);
      prefix[digits] = '\0';
      if ((list = g_hash_table_lookup (self->by_area, prefix)) == NULL)
        continue;
      for (guint i = 0; i < list->len; i++)
        {
          GwDepartment *department = g_ptr_array_index (list, i);
          GwRouteSuggestion suggestion = { department,
                                           same ? GW_ROUTE_KIND_AND_AREA : GW_ROUTE_AREA,
                                           (guint) digits };

          if ((g_strcmp0 (gw_department_get_kind (department), kind) == 0) == same)
            g_array_append_val (out, suggestion);
        }
    }
}

/**
 * gw_routing_suggest:
 * @self: a routing
 * @service_code: the case type
 * @grid_code: the grid the case lies in
 * @max: at most this many (0: all)
 *
 * Returns: (transfer full) (element-type GwRouteSuggestion): best first
 */
GArray *
gw_routing_suggest (GwRouting  *self,
                    const char *service_code,
                    const char *grid_code,
                    guint       max)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (GwRouteSuggestion));
  GwCaseType *type;
  const char *kind;

  g_return_val_if_fail (GW_IS_ROUTING (self), out);
  g_return_val_if_fail (grid_code != NULL, out);

  type = gw_routing_lookup_case_type (self, service_code);
  kind = type ? gw_case_type_get_department_kind (type) : NULL;
  if (kind != NULL)
    collect (self, grid_code, kind, TRUE, out);
  collect (self, grid_code, kind, FALSE, out);
  if (max > 0 && out->len > max)
    g_array_set_size (out, max);
  return out;
}

GArray *
gw_routing_suggest_for_case (GwRouting *self,
                             GwCase    *kase,
                             guint      max)
{
  g_return_val_if_fail (GW_IS_CASE (kase), NULL);
  return gw_routing_suggest (self, gw_case_get_service_code (kase),
                             gw_case_get_grid_code (kase), max);
}

/**
 * gw_routing_level_above:
 * @self: a routing
 * @department: the responsible department
 * @grid_code: the case's grid
 *
 * The centre's rule (docs/protocol.md, "Jurisdiction and routing"): the
 * covering department of the same kind (urban_management above a street
 * office) with the longest area shorter than @department's.
 *
 * Returns: (transfer none) (nullable): that department, or %NULL at the top
 */
GwDepartment *
gw_routing_level_above (GwRouting    *self,
                        GwDepartment *department,
                        const char   *grid_code)
{
  const char *kind;
  gsize below;

  g_return_val_if_fail (GW_IS_ROUTING (self), NULL);
  g_return_val_if_fail (GW_IS_DEPARTMENT (department), NULL);
  g_return_val_if_fail (grid_code != NULL, NULL);

  rebuild (self);
  kind = gw_department_get_kind (department);
  if (g_strcmp0 (kind, "street_office") == 0)
    kind = "urban_management";
  below = MIN (strlen (gw_department_get_area (department)), strlen (grid_code) + 1);
  for (gsize digits = below - 1; digits > 0; digits--)
    {
      char prefix[MAX_AREA_DIGITS + 1];
      GPtrArray *list;

      if (digits > MAX_AREA_DIGITS)
        continue;
      memcpy (prefix, grid_code, digits);
      prefix[digits] = '\0';
      if ((list = g_hash_table_lookup (self->by_area, prefix)) == NULL)
        continue;
      for (guint i = 0; i < list->len; i++)
        if (g_strcmp0 (gw_department_get_kind (g_ptr_array_index (list, i)), kind) == 0)
          return g_ptr_array_index (list, i);
    }
  return NULL;
}

/**
 * gw_routing_default_deadline:
 * @self: a routing
 * @kase: the case
 * @from: when it is assigned
 *
 * Returns: (transfer full): its default deadline 限时
 */
GDateTime *
gw_routing_default_deadline (GwRouting *self,
                             GwCase    *kase,
                             GDateTime *from)
{
  g_return_val_if_fail (GW_IS_ROUTING (self), NULL);
  g_return_val_if_fail (GW_IS_CASE (kase), NULL);

  return gw_case_type_get_default_deadline (
    gw_routing_lookup_case_type (self, gw_case_get_service_code (kase)),
    gw_case_get_priority (kase), from);
}
