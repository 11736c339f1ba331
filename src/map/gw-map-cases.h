/* gw-map-cases.h: the store's cases as the map needs them: compact, projected records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"
#include "gw-map-geometry.h"

G_BEGIN_DECLS

/**
 * GwMapCase:
 * @mx: normalised Web Mercator, in the tiles' system
 * @my: see @mx
 * @lon: longitude in the tiles' system (what the cluster index takes)
 * @lat: see @lon
 * @requested: when reported, Unix seconds
 * @deadline: Unix seconds, 0 for none
 * @shape: the grid's shape index, -1 when its grid is unknown
 * @category: a GwCategory
 * @priority: a GwPriority
 * @open: not yet resolved
 * @satisfaction: 1..5, 0 when not reviewed
 *
 * One case, at the same position as in the store.
 */
typedef struct
{
  double  mx, my;
  double  lon, lat;
  gint64  requested;
  gint64  deadline;
  gint32  shape;
  guint8  category;
  guint8  priority;
  guint8  open;
  guint8  satisfaction;
} GwMapCase;

static inline gboolean
gw_map_case_is_overdue (const GwMapCase *c,
                        gint64           now)
{
  return c->open && c->deadline != 0 && c->deadline < now;
}

#define GW_TYPE_MAP_CASES (gw_map_cases_get_type ())
G_DECLARE_FINAL_TYPE (GwMapCases, gw_map_cases, GW, MAP_CASES, GObject)

GwMapCases      *gw_map_cases_new          (void);
void             gw_map_cases_set_store    (GwMapCases    *self,
                                            GwCaseStore   *store);
GwCaseStore     *gw_map_cases_get_store    (GwMapCases    *self);
void             gw_map_cases_set_geometry (GwMapCases    *self,
                                            GwMapGeometry *geometry);
GwMapGeometry   *gw_map_cases_get_geometry (GwMapCases    *self);
guint            gw_map_cases_get_n_cases  (GwMapCases    *self);
const GwMapCase *gw_map_cases_get_cases    (GwMapCases    *self);
gsize            gw_map_cases_get_bytes    (GwMapCases    *self);
/* One value per shape of the geometry (grids and every level above them). */
void             gw_map_cases_compute      (GwMapCases    *self,
                                            GwMapMetric    metric,
                                            gint64         now,
                                            double        *values);

G_END_DECLS
