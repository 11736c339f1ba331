/* gw-figure-tile.h: one headline figure (办结率 96.2 %) with its title
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_FIGURE_TILE (gw_figure_tile_get_type ())
G_DECLARE_FINAL_TYPE (GwFigureTile, gw_figure_tile, GW, FIGURE_TILE, GtkWidget)

GtkWidget  *gw_figure_tile_new       (const char *title);
void        gw_figure_tile_set_count (GwFigureTile *self,
                                      guint         count);
/* @rate is 0..1, or negative when there is nothing to divide by ("–"). */
void        gw_figure_tile_set_rate  (GwFigureTile *self,
                                      double        rate);
void        gw_figure_tile_set_alert (GwFigureTile *self,
                                      gboolean      alert);
const char *gw_figure_tile_get_value_text (GwFigureTile *self);

G_END_DECLS
