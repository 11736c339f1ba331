/* gw-raster-cache.h: a pyramid of tiles rasterised in worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-map-cells.h"

G_BEGIN_DECLS

/* Draws tile (@level, @x, @y) of @scene: a GW_MAP_TILE_PX square surface, or
 * NULL when nothing falls on it. Runs in a worker thread. */
typedef cairo_surface_t *(*GwRasterFunc) (gpointer scene,
                                          int      level,
                                          int      x,
                                          int      y);

#define GW_TYPE_RASTER_CACHE (gw_raster_cache_get_type ())
G_DECLARE_FINAL_TYPE (GwRasterCache, gw_raster_cache, GW, RASTER_CACHE, GObject)

GwRasterCache *gw_raster_cache_new             (GtkWidget      *owner,
                                                GwRasterFunc    func,
                                                GBoxedCopyFunc  scene_ref,
                                                GDestroyNotify  scene_unref);
/* Tiles of the new scene replace the old ones as they arrive; until then
 * the old ones stay on screen. NULL clears everything. */
void           gw_raster_cache_set_scene       (GwRasterCache  *self,
                                                gpointer        scene);
/* Like set_scene, but only tiles meeting the rectangles (normalised x0, y0,
 * x1, y1 quadruples) are drawn again. */
void           gw_raster_cache_update_scene    (GwRasterCache  *self,
                                                gpointer        scene,
                                                const double   *rects,
                                                guint           n_rects);
/* Tiles outside never hold anything and are not rasterised. */
void           gw_raster_cache_set_bounds      (GwRasterCache  *self,
                                                double          x0,
                                                double          y0,
                                                double          x1,
                                                double          y1);
/* Places what is ready into @frame (the caller pushed @t's rotation), in
 * the tiles' own coordinates under @t, and asks for what is missing. Returns
 * the number of textures placed. */
guint          gw_raster_cache_snapshot        (GwRasterCache        *self,
                                                GwMapCellsFrame      *frame,
                                                const GwMapTransform *t);
guint          gw_raster_cache_get_n_pending   (GwRasterCache  *self);
/* The bytes of the textures it holds, and how many. */
gsize          gw_raster_cache_get_bytes       (GwRasterCache  *self,
                                                guint          *n_textures);
int            gw_raster_cache_level_for       (double          world);

G_END_DECLS
