/* gw-tile-source.h: the map's base tiles, from a tile server or an MBTiles file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GW_TILE_SOURCE_ERROR (gw_tile_source_error_quark ())

/**
 * GwTileSourceError:
 * @GW_TILE_SOURCE_ERROR_INVALID_URL: the URL template is not usable
 * @GW_TILE_SOURCE_ERROR_BAD_TILE: the server sent something that is not a usable tile
 */
typedef enum
{
  GW_TILE_SOURCE_ERROR_INVALID_URL,
  GW_TILE_SOURCE_ERROR_BAD_TILE,
} GwTileSourceError;

GQuark gw_tile_source_error_quark (void);

#define GW_TILE_SOURCE_MAX_URL        2048
#define GW_TILE_SOURCE_MAX_SUBDOMAINS 16
#define GW_TILE_SOURCE_MAX_ZOOM       19

#define GW_TYPE_TILE_SOURCE (gw_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (GwTileSource, gw_tile_source, GW, TILE_SOURCE, ShumateDataSource)

gboolean          gw_tile_source_validate_url   (const char    *url_template,
                                                 GError       **error);
GwTileSource     *gw_tile_source_new            (const char    *url_template,
                                                 GError       **error);
guint             gw_tile_source_get_n_servers  (GwTileSource  *self);
ShumateMapSource *gw_tile_source_new_map_source (const char    *url_template,
                                                 const char    *attribution,
                                                 GError       **error);
ShumateMapSource *gw_tile_source_new_base       (const char    *mbtiles_file,
                                                 const char    *url_template,
                                                 const char    *attribution,
                                                 GError       **error);

G_END_DECLS
