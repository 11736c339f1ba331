/* gw-heatmap.h: kernel density of points on a pixel grid, and its colour ramp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GW_HEATMAP_MAX_PIXELS:
 *
 * The largest grid gw_heatmap_density() fills (width × height): 8K UHD.
 */
#define GW_HEATMAP_MAX_PIXELS (7680u * 4320u)

/**
 * GW_HEATMAP_MAX_RADIUS:
 *
 * The largest kernel radius in pixels.
 */
#define GW_HEATMAP_MAX_RADIUS 512.0

#define GW_HEATMAP_ERROR (gw_heatmap_error_quark ())

/**
 * GwHeatmapError:
 * @GW_HEATMAP_ERROR_VIEW: the grid's size, origin or pixel size is out of range
 * @GW_HEATMAP_ERROR_RADIUS: the radius is not within 0..%GW_HEATMAP_MAX_RADIUS
 */
typedef enum
{
  GW_HEATMAP_ERROR_VIEW,
  GW_HEATMAP_ERROR_RADIUS,
} GwHeatmapError;

GQuark gw_heatmap_error_quark (void);

/**
 * GwHeatmapView:
 * @x: normalised Web Mercator x of the grid's left edge (0 at 180°W, 1 at 180°E)
 * @y: normalised Web Mercator y of its top edge (0 north, 1 south)
 * @pixel_size: normalised Web Mercator units per pixel, e.g. 1 / (256 × 2^zoom)
 * @width: pixels across
 * @height: pixels down
 *
 * Where a density grid lies: pixel (i, j) covers x + i × pixel_size to
 * x + (i + 1) × pixel_size, and likewise down.
 */
typedef struct
{
  double x;
  double y;
  double pixel_size;
  guint  width;
  guint  height;
} GwHeatmapView;

gboolean gw_heatmap_density (const GwHeatmapView  *view,
                             const double         *x,
                             const double         *y,
                             const float          *weights,
                             guint                 n_points,
                             double                radius,
                             float                *out,
                             GError              **error);

float    gw_heatmap_max      (const float         *values,
                              gsize                n_values);

GBytes  *gw_heatmap_colorize (const float         *values,
                              guint                width,
                              guint                height,
                              float                scale,
                              float                opacity);

G_END_DECLS
