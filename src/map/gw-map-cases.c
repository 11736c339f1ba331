/* gw-map-cases.c: the store's cases as the map needs them: compact, projected records
 *
 * The records follow the store's items-changed: appended cases are appended,
 * changed positions rewritten in place, anything else (a prune, a snapshot)
 * spliced: the span read from the store again, the records after it moved.
 * Signals say which, so the layers do no more than the change needs:
 * ::reset, ::added (position, count) and ::updated (position, count).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <string.h>

#include "gw-case.h"
#include "gw-coord.h"
#include "gw-map-cases.h"
#include "gw-map-private.h"

#define PER_DAY_WINDOW_S (7 * 24 * 3600)

enum
{
  RESET,
  ADDED,
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _GwMapCases
{
  GObject        parent_instance;

  GwCaseStore   *store;
  GwMapGeometry *geometry;
  GArray        *cases;      /* of GwMapCase */
};

G_DEFINE_FINAL_TYPE (GwMapCases, gw_map_cases, G_TYPE_OBJECT)

static gint64
unix_or_zero (GDateTime *time)
{
  return time ? g_date_time_to_unix (time) : 0;
}

static void
fill_record (GwMapCases *self,
             GwCase     *gw_case,
             GwMapCase  *rec)
{
  GwCoordSystem system = self->geometry ? gw_map_geometry_get_system (self->geometry)
                                        : GW_COORD_SYSTEM_WGS84;
  const GwGridFeature *grid = NULL;
  double lon = gw_case_get_long (gw_case), lat = gw_case_get_lat (gw_case);

  gw_map_project (system, lon, lat, &rec->mx, &rec->my);
  rec->lon = lon;
  rec->lat = lat;
  if (system == GW_COORD_SYSTEM_GCJ02)
    gw_coord_wgs84_to_gcj02 (lon, lat, &rec->lon, &rec->lat);
  else if (system == GW_COORD_SYSTEM_BD09)
    gw_coord_wgs84_to_bd09 (lon, lat, &rec->lon, &rec->lat);
  rec->requested = unix_or_zero (gw_case_get_requested (gw_case));
  rec->deadline = unix_or_zero (gw_case_get_expected (gw_case));
  if (self->geometry != NULL && gw_case_get_grid_code (gw_case) != NULL)
    grid = gw_grid_set_lookup (gw_map_geometry_get_grids (self->geometry),
                               gw_case_get_grid_code (gw_case));
  rec->shape = grid ? (gint32) grid->index : -1;
  rec->category = gw_case_get_category (gw_case);
  rec->priority = gw_case_get_priority (gw_case);
  rec->open = gw_case_is_open (gw_case) && !gw_step_is_done (gw_case_get_step (gw_case));
  rec->satisfaction = CLAMP (gw_case_get_satisfaction (gw_case), 0, 5);
}

static void
fill_range (GwMapCases *self,
            guint       position,
            guint       n)
{
  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      fill_record (self, gw_case, &g_array_index (self->cases, GwMapCase, i));
    }
}

static void
rebuild (GwMapCases *self)
{
  guint n = self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  g_array_set_size (self->cases, n);
  fill_range (self, 0, n);
  g_signal_emit (self, signals[RESET], 0);
}

/* A prune or a snapshot: the records after the change move rather than being
 * made again from their cases; only the span is read from the store. The
 * layers are told ::reset, as for a rebuild. */
static void
splice (GwMapCases *self,
        guint       position,
        guint       removed,
        guint       added)
{
  guint tail = self->cases->len - position - removed;

  if (added > removed)
    g_array_set_size (self->cases, self->cases->len + added - removed);
  memmove (&g_array_index (self->cases, GwMapCase, position + added),
           &g_array_index (self->cases, GwMapCase, position + removed),
           tail * sizeof (GwMapCase));
  if (added < removed)
    g_array_set_size (self->cases, self->cases->len - (removed - added));
  fill_range (self, position, added);
  g_signal_emit (self, signals[RESET], 0);
}

static void
on_items_changed (GwMapCases *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *model)
{
  if (removed == added && position + added <= self->cases->len)
    {
      fill_range (self, position, added);
      g_signal_emit (self, signals[UPDATED], 0, position, added);
    }
  else if (removed == 0 && position == self->cases->len)
    {
      g_array_set_size (self->cases, position + added);
      fill_range (self, position, added);
      g_signal_emit (self, signals[ADDED], 0, position, added);
    }
  else if (position + removed <= self->cases->len)
    splice (self, position, removed, added);
  else
    rebuild (self);
}

void
gw_map_cases_set_store (GwMapCases  *self,
                        GwCaseStore *store)
{
  g_return_if_fail (GW_IS_MAP_CASES (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_items_changed, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED);
  rebuild (self);
}

GwCaseStore *
gw_map_cases_get_store (GwMapCases *self)
{
  return self->store;
}

void
gw_map_cases_set_geometry (GwMapCases    *self,
                           GwMapGeometry *geometry)
{
  g_return_if_fail (GW_IS_MAP_CASES (self));

  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  if (geometry != NULL)
    self->geometry = gw_map_geometry_ref (geometry);
  rebuild (self);
}

GwMapGeometry *
gw_map_cases_get_geometry (GwMapCases *self)
{
  return self->geometry;
}

guint
gw_map_cases_get_n_cases (GwMapCases *self)
{
  return self->cases->len;
}

gsize
gw_map_cases_get_bytes (GwMapCases *self)
{
  return (gsize) self->cases->len * sizeof (GwMapCase);
}

const GwMapCase *
gw_map_cases_get_cases (GwMapCases *self)
{
  return (const GwMapCase *) self->cases->data;
}

/* Sums per grid, then adds each area into its parents. */
void
gw_map_cases_compute (GwMapCases  *self,
                      GwMapMetric  metric,
                      gint64       now,
                      double      *values)
{
  guint n_shapes = self->geometry ? gw_map_geometry_get_n_shapes (self->geometry) : 0;
  g_autofree double *weights = g_new0 (double, MAX (n_shapes, 1));

  memset (values, 0, sizeof (double) * n_shapes);
  for (guint i = 0; i < self->cases->len; i++)
    {
      const GwMapCase *c = &g_array_index (self->cases, GwMapCase, i);

      if (c->shape < 0 || (guint) c->shape >= n_shapes)
        continue;
      switch (metric)
        {
        case GW_MAP_METRIC_OPEN:
          values[c->shape] += c->open;
          break;
        case GW_MAP_METRIC_OVERDUE:
          values[c->shape] += gw_map_case_is_overdue (c, now);
          break;
        case GW_MAP_METRIC_PER_DAY:
          values[c->shape] += (c->requested > now - PER_DAY_WINDOW_S) / 7.0;
          break;
        case GW_MAP_METRIC_SATISFACTION:
          values[c->shape] += c->satisfaction;
          weights[c->shape] += c->satisfaction > 0;
          break;
        case GW_MAP_N_METRICS:
        default:
          g_assert_not_reached ();
        }
    }
  for (int level = GW_GRID_LEVEL_GRID; level > GW_GRID_LEVEL_COUNTY; level--)
    {
      guint n;
      const guint *shapes = gw_map_geometry_get_level (self->geometry, level, &n);

      for (guint k = 0; k < n; k++)
        {
          const GwGridFeature *parent = gw_map_geometry_get_shape (self->geometry, shapes[k])->feature->parent;

          if (parent != NULL)
            {
              values[parent->index] += values[shapes[k]];
              weights[parent->index] += weights[shapes[k]];
            }
        }
    }
  if (metric == GW_MAP_METRIC_SATISFACTION)
    for (guint i = 0; i < n_shapes; i++)
      values[i] = weights[i] > 0 ? values[i] / weights[i] : -1;
}

static void
gw_map_cases_dispose (GObject *object)
{
  GwMapCases *self = GW_MAP_CASES (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_items_changed, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  G_OBJECT_CLASS (gw_map_cases_parent_class)->dispose (object);
}

static void
gw_map_cases_finalize (GObject *object)
{
  g_array_unref (GW_MAP_CASES (object)->cases);
  G_OBJECT_CLASS (gw_map_cases_parent_class)->finalize (object);
}

static void
gw_map_cases_class_init (GwMapCasesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_map_cases_dispose;
  object_class->finalize = gw_map_cases_finalize;

  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
gw_map_cases_init (GwMapCases *self)
{
  self->cases = g_array_new (FALSE, TRUE, sizeof (GwMapCase));
}

GwMapCases *
gw_map_cases_new (void)
{
  return g_object_new (GW_TYPE_MAP_CASES, NULL);
}
