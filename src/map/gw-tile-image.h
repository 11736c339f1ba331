/* gw-tile-image.h: cheap checks on tile images from files and tile servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Real raster tiles are a few tens of KB and 256 or 512 pixels wide. */
#define GW_TILE_IMAGE_MAX_BYTES   (2 * 1024 * 1024)
#define GW_TILE_IMAGE_MAX_PIXELS  1024

const char *gw_tile_image_peek (GBytes      *bytes,
                                int         *width,
                                int         *height,
                                const char **problem);

G_END_DECLS
