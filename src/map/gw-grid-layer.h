/* gw-grid-layer.h: the grids: boundaries, choropleth, names, highlights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-base-layer.h"
#include "gw-map-cells.h"
#include "gw-map-geometry.h"
#include "gw-map-private.h"

G_BEGIN_DECLS

#define GW_GRID_NO_CLASS 0xff

#define GW_TYPE_GRID_LAYER (gw_grid_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwGridLayer, gw_grid_layer, GW, GRID_LAYER, ShumateLayer)

GwGridLayer *gw_grid_layer_new          (ShumateViewport *viewport);
/* The geometry and one choropleth class (0..4 or GW_GRID_NO_CLASS) per shape;
 * @classes is copied. */
void         gw_grid_layer_set_geometry (GwGridLayer     *self,
                                         GwMapGeometry   *geometry,
                                         const guint8    *classes);
/* New classes; only tiles of shapes whose class changed are drawn again. */
void         gw_grid_layer_set_classes  (GwGridLayer     *self,
                                         const guint8    *classes);
void         gw_grid_layer_set_style    (GwGridLayer     *self,
                                         GwMapStyle       style,
                                         gboolean         with_base,
                                         double           ui_scale);
/* -1 for none. */
void         gw_grid_layer_set_hovered  (GwGridLayer     *self,
                                         int              shape);
void         gw_grid_layer_set_selected (GwGridLayer     *self,
                                         int              shape);
/* The area blinks for a few seconds: a case arrived in it. */
void         gw_grid_layer_flash        (GwGridLayer     *self,
                                         guint            shape);
/* Draws in @cells' cells (the view's, which outlives the layer). */
void         gw_grid_layer_set_cells    (GwGridLayer     *self,
                                         GwMapCells      *cells);
/* In cells, draws @base's backdrop under the tiles (see gw-base-layer.c). */
void         gw_grid_layer_set_base     (GwGridLayer     *self,
                                         GwBaseLayer     *base);
void         gw_grid_layer_set_stats    (GwGridLayer     *self,
                                         GwMapStatsAcc   *stats);
guint        gw_grid_layer_get_n_pending (GwGridLayer    *self);
void         gw_grid_layer_get_memory   (GwGridLayer     *self,
                                         GwMapMemory     *memory);

G_END_DECLS
