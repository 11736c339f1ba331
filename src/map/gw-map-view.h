/* gw-map-view.h: the live map of a centre's grids and cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-case-store.h"
#include "gw-grid-set.h"

G_BEGIN_DECLS

/**
 * GwCoordSystem:
 * @GW_COORD_SYSTEM_WGS84: WGS-84, also CGCS2000 (天地图); the wire's system
 * @GW_COORD_SYSTEM_GCJ02: GCJ-02 (高德, 腾讯, Google China)
 * @GW_COORD_SYSTEM_BD09: BD-09 (百度)
 *
 * The coordinate system of the base tiles. Everything the map draws is
 * shifted from the wire's WGS-84 into it, so that grids sit on the tiles.
 */
typedef enum
{
  GW_COORD_SYSTEM_WGS84,
  GW_COORD_SYSTEM_GCJ02,
  GW_COORD_SYSTEM_BD09,
} GwCoordSystem;

/**
 * GwMapStyle:
 * @GW_MAP_STYLE_DARK: for the video wall
 * @GW_MAP_STYLE_LIGHT: for a desk in a lit room
 */
typedef enum
{
  GW_MAP_STYLE_DARK,
  GW_MAP_STYLE_LIGHT,
} GwMapStyle;

/**
 * GwMapMetric:
 * @GW_MAP_METRIC_OPEN: open cases
 * @GW_MAP_METRIC_OVERDUE: open cases past their deadline
 * @GW_MAP_METRIC_PER_DAY: cases reported per day over the last 7 days
 * @GW_MAP_METRIC_SATISFACTION: mean satisfaction (1-5) of reviewed cases
 *
 * What the grid layer's choropleth shows.
 */
typedef enum
{
  GW_MAP_METRIC_OPEN,
  GW_MAP_METRIC_OVERDUE,
  GW_MAP_METRIC_PER_DAY,
  GW_MAP_METRIC_SATISFACTION,
  GW_MAP_N_METRICS
} GwMapMetric;

/**
 * GwMapFrameStats:
 * @n_frames: frames snapshotted since the last reset
 * @last_us: main-thread time of the last frame, in microseconds, summed over
 *   our layers' snapshot functions
 * @max_us: the largest such time since the last reset
 * @total_us: the sum since the last reset
 * @n_tiles_drawn: textures appended in the last frame
 * @n_live_items: live items (new, hovered, selected cases) in the last frame
 * @n_tiles_pending: raster jobs queued or running now
 *
 * Timings of our own layers, for benchmarks. Frame times of the whole widget
 * come from the GdkFrameClock.
 */
typedef struct
{
  guint64 n_frames;
  gint64  last_us;
  gint64  max_us;
  gint64  total_us;
  guint   n_tiles_drawn;
  guint   n_live_items;
  guint   n_tiles_pending;
} GwMapFrameStats;

#define GW_TYPE_MAP_VIEW (gw_map_view_get_type ())
G_DECLARE_FINAL_TYPE (GwMapView, gw_map_view, GW, MAP_VIEW, GtkWidget)

GtkWidget        *gw_map_view_new                   (void);

/* The data it shows. */
void              gw_map_view_set_grids             (GwMapView     *self,
                                                     GwGridSet     *grids);
GwGridSet        *gw_map_view_get_grids             (GwMapView     *self);
void              gw_map_view_set_store             (GwMapView     *self,
                                                     GwCaseStore   *store);

/* What lies under our layers: a raster source (tiles from an MBTiles file or
 * an XYZ server), or NULL for our own base drawn from the grids' boundaries. */
void              gw_map_view_set_base_source       (GwMapView        *self,
                                                     ShumateMapSource *source_or_null);
ShumateMapSource *gw_map_view_get_base_source       (GwMapView        *self);
void              gw_map_view_set_coordinate_system (GwMapView        *self,
                                                     GwCoordSystem     system);
GwCoordSystem     gw_map_view_get_coordinate_system (GwMapView        *self);

void              gw_map_view_set_style             (GwMapView     *self,
                                                     GwMapStyle     style);
GwMapStyle        gw_map_view_get_style             (GwMapView     *self);
void              gw_map_view_set_metric            (GwMapView     *self,
                                                     GwMapMetric    metric);
GwMapMetric       gw_map_view_get_metric            (GwMapView     *self);
void              gw_map_view_set_heatmap_visible   (GwMapView     *self,
                                                     gboolean       visible);
gboolean          gw_map_view_get_heatmap_visible   (GwMapView     *self);
/* The heatmap counts cases reported within the last @hours (0: all). */
void              gw_map_view_set_heatmap_hours     (GwMapView     *self,
                                                     guint          hours);

/* Selection and drill-down. The selected area is a grid-set code or NULL
 * (the whole city); ::area-selected announces changes. */
void              gw_map_view_select_area           (GwMapView     *self,
                                                     const char    *code);
const char       *gw_map_view_get_selected_area     (GwMapView     *self);
/* Selects @code (NULL: the city), zooms to it and shows its children. */
void              gw_map_view_drill_to              (GwMapView     *self,
                                                     const char    *code);
void              gw_map_view_zoom_to_city          (GwMapView     *self,
                                                     gboolean       animate);

/* The shumate widget and viewport, for benchmarks that pan and zoom. */
ShumateMap       *gw_map_view_get_map               (GwMapView     *self);
ShumateViewport  *gw_map_view_get_viewport          (GwMapView     *self);

/* Hit testing in widget coordinates (of the GwMapView). */
const GwGridFeature *gw_map_view_feature_at         (GwMapView     *self,
                                                     double         x,
                                                     double         y);
/* The single case drawn at (@x, @y), in widget coordinates: a new reference,
 * or NULL over a cluster or nothing. */
GwCase           *gw_map_view_case_at               (GwMapView     *self,
                                                     double         x,
                                                     double         y);
/* Where a WGS-84 point is drawn, in widget coordinates. */
void              gw_map_view_project               (GwMapView     *self,
                                                     double         lon,
                                                     double         lat,
                                                     double        *x,
                                                     double        *y);

/* Taking turns with the window's other parts for what a frame repaints. */
gboolean          gw_map_view_get_next_frame_area   (GwMapView       *self,
                                                     graphene_rect_t *area);
void              gw_map_view_defer_next_frame      (GwMapView       *self);

/* For benchmarks and tests. */
void              gw_map_view_get_frame_stats       (GwMapView       *self,
                                                     GwMapFrameStats *stats);
void              gw_map_view_reset_frame_stats     (GwMapView       *self);
/* TRUE once no raster job is queued or running and the cluster index covers
 * every case of the store: what is on screen is final. */
gboolean          gw_map_view_is_settled            (GwMapView     *self);

G_END_DECLS
