/* gw-map-geometry.h: the grids projected once to normalised Web Mercator, and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "gw-grid-set.h"
#include "gw-map-view.h"

G_BEGIN_DECLS

/**
 * GwMapShape:
 * @feature: the feature, owned by the grid set
 * @x0: bounding box, normalised Web Mercator
 * @y0: see @x0
 * @x1: see @x0
 * @y1: see @x0
 * @lx: where its label goes
 * @ly: see @lx
 * @first_ring: its first ring in the geometry's ring table
 * @n_rings: exterior and holes of every polygon
 */
typedef struct
{
  const GwGridFeature *feature;
  double               x0, y0, x1, y1;
  double               lx, ly;
  guint                first_ring;
  guint                n_rings;
} GwMapShape;

/**
 * GwMapLabel:
 * @shape: index of the shape it names
 * @x: left edge in pixels of the world at its level
 * @y: top edge, same
 * @w: width in pixels
 * @h: height in pixels
 * @size: font size in pixels
 * @parent: TRUE for a name of the level above the one shown
 */
typedef struct
{
  guint    shape;
  double   x, y, w, h;
  double   size;
  gboolean parent;
} GwMapLabel;

typedef struct _GwMapGeometry GwMapGeometry;

/* Thread-safe: built in a worker, read from any thread. */
GwMapGeometry     *gw_map_geometry_new           (GwGridSet      *grids,
                                                  GwCoordSystem   system);
GwMapGeometry     *gw_map_geometry_ref           (GwMapGeometry  *self);
void               gw_map_geometry_unref         (GwMapGeometry  *self);

GwGridSet         *gw_map_geometry_get_grids     (GwMapGeometry  *self);
GwCoordSystem      gw_map_geometry_get_system    (GwMapGeometry  *self);
guint              gw_map_geometry_get_n_shapes  (GwMapGeometry  *self);
const GwMapShape  *gw_map_geometry_get_shape     (GwMapGeometry  *self,
                                                  guint           index);
/* Shape indices of one level, in file order. */
const guint       *gw_map_geometry_get_level     (GwMapGeometry  *self,
                                                  GwGridLevel     level,
                                                  guint          *n);
void               gw_map_geometry_get_bounds    (GwMapGeometry  *self,
                                                  double         *x0,
                                                  double         *y0,
                                                  double         *x1,
                                                  double         *y1);
/* The level whose areas are big enough to read at @world pixels per unit. */
GwGridLevel        gw_map_geometry_display_level (GwMapGeometry  *self,
                                                  double          world);
/* The typical width of an area of @level, in normalised units. */
double             gw_map_geometry_level_size    (GwMapGeometry  *self,
                                                  GwGridLevel     level);

/* Appends the shape's rings to @cr's path in pixels: (m - origin) × world.
 * Points closer than @tolerance pixels to the previous one are skipped. */
void               gw_map_geometry_append_path   (GwMapGeometry  *self,
                                                  cairo_t        *cr,
                                                  guint           shape,
                                                  double          world,
                                                  double          ox,
                                                  double          oy,
                                                  double          tolerance);
/* Bytes held: shapes, rings, projected points and placed labels. */
gsize              gw_map_geometry_get_bytes     (GwMapGeometry  *self);
/* Point in polygon (holes excluded), in normalised coordinates. */
gboolean           gw_map_geometry_contains      (GwMapGeometry  *self,
                                                  guint           shape,
                                                  double          mx,
                                                  double          my);

/* Non-overlapping labels for tile level @level (world = TILE_PX × 2^level),
 * placed greedily once per level and cached. Thread-safe. */
const GwMapLabel  *gw_map_geometry_get_labels    (GwMapGeometry  *self,
                                                  int             level,
                                                  double          ui_scale,
                                                  guint          *n_labels);
/* The font the labels use; "Sans" falls back to a CJK font through fontconfig. */
#define GW_MAP_LABEL_FONT "Noto Sans CJK SC, Sans"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwMapGeometry, gw_map_geometry_unref)

G_END_DECLS
