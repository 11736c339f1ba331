/* gw-grid-sketch.h: a small drawing of a case's grid, its neighbours and the
 * case's point, for the detail pane (works with no map tiles at all)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-grid-set.h"

G_BEGIN_DECLS

#define GW_TYPE_GRID_SKETCH (gw_grid_sketch_get_type ())
G_DECLARE_FINAL_TYPE (GwGridSketch, gw_grid_sketch, GW, GRID_SKETCH, GtkWidget)

GtkWidget *gw_grid_sketch_new   (void);
/* @grids may be NULL (then only the point is drawn). */
void       gw_grid_sketch_set   (GwGridSketch *self,
                                 GwGridSet    *grids,
                                 const char   *grid_code,
                                 double        lon,
                                 double        lat);

G_END_DECLS
