/* gw-mbtiles-source.h: offline raster tiles from an MBTiles file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GW_MBTILES_ERROR (gw_mbtiles_error_quark ())

/**
 * GwMbtilesError:
 * @GW_MBTILES_ERROR_OPEN: the file is missing, not a regular file, or not SQLite
 * @GW_MBTILES_ERROR_SCHEMA: the `metadata` or `tiles` table is missing or wrong
 * @GW_MBTILES_ERROR_METADATA: a metadata value is missing or invalid
 * @GW_MBTILES_ERROR_NO_TILE: the file holds no tile at these coordinates
 * @GW_MBTILES_ERROR_BAD_TILE: a tile's data is too large or not a readable image
 */
typedef enum
{
  GW_MBTILES_ERROR_OPEN,
  GW_MBTILES_ERROR_SCHEMA,
  GW_MBTILES_ERROR_METADATA,
  GW_MBTILES_ERROR_NO_TILE,
  GW_MBTILES_ERROR_BAD_TILE,
} GwMbtilesError;

GQuark gw_mbtiles_error_quark (void);

/* Limits on what a file may hold (tiles: see gw-tile-image.h). */
#define GW_MBTILES_MAX_ZOOM         24
#define GW_MBTILES_MAX_TEXT         1024

#define GW_TYPE_MBTILES_SOURCE (gw_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (GwMbtilesSource, gw_mbtiles_source, GW, MBTILES_SOURCE, ShumateDataSource)

GwMbtilesSource *gw_mbtiles_source_new             (const char       *path,
                                                    GError          **error);
const char      *gw_mbtiles_source_get_path        (GwMbtilesSource  *self);
const char      *gw_mbtiles_source_get_name        (GwMbtilesSource  *self);
const char      *gw_mbtiles_source_get_format      (GwMbtilesSource  *self);
const char      *gw_mbtiles_source_get_attribution (GwMbtilesSource  *self);
guint            gw_mbtiles_source_get_min_zoom    (GwMbtilesSource  *self);
guint            gw_mbtiles_source_get_max_zoom    (GwMbtilesSource  *self);
guint            gw_mbtiles_source_get_tile_size   (GwMbtilesSource  *self);
gboolean         gw_mbtiles_source_get_bounds      (GwMbtilesSource  *self,
                                                    double           *west,
                                                    double           *south,
                                                    double           *east,
                                                    double           *north);
GBytes          *gw_mbtiles_source_read_tile       (GwMbtilesSource  *self,
                                                    int               x,
                                                    int               y,
                                                    int               zoom,
                                                    GError          **error);
ShumateMapSource *gw_mbtiles_source_new_map_source (const char       *path,
                                                    const char       *attribution,
                                                    GError          **error);

G_END_DECLS
