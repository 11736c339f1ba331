/* gw-base-layer.h: what lies under the grids when there are no tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-map-cells.h"

G_BEGIN_DECLS

#define GW_TYPE_BASE_LAYER (gw_base_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwBaseLayer, gw_base_layer, GW, BASE_LAYER, ShumateLayer)

GwBaseLayer *gw_base_layer_new       (ShumateViewport *viewport);
void         gw_base_layer_set_style (GwBaseLayer     *self,
                                      GwMapStyle       style);
GdkTexture  *gw_base_layer_get_backdrop (GwBaseLayer     *self);
/* While @cells draw the map's frames, the grid layer draws the backdrop. */
void         gw_base_layer_set_cells (GwBaseLayer     *self,
                                      GwMapCells      *cells);

G_END_DECLS
