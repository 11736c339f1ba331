/* gw-settings.h: the one place the app reads and writes its GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_SETTINGS (gw_settings_get_type ())
G_DECLARE_FINAL_TYPE (GwSettings, gw_settings, GW, SETTINGS, GObject)

GwSettings *gw_settings_new              (void);
GSettings  *gw_settings_get_gsettings    (GwSettings *self);
char       *gw_settings_dup_center_url   (GwSettings *self);
char       *gw_settings_dup_token_file   (GwSettings *self);
char       *gw_settings_dup_ca_file      (GwSettings *self);
char       *gw_settings_dup_role_layout  (GwSettings *self);
/* The map's base tiles, their coordinate system and the grids' colouring; "" if unset. */
char       *gw_settings_dup_map_mbtiles_file      (GwSettings *self);
char       *gw_settings_dup_map_tile_url          (GwSettings *self);
char       *gw_settings_dup_map_tile_attribution  (GwSettings *self);
char       *gw_settings_dup_map_coordinate_system (GwSettings *self);
char       *gw_settings_dup_map_metric            (GwSettings *self);
/* Restores the window's size now and saves it when it closes. */
void        gw_settings_track_window     (GwSettings *self,
                                          GtkWindow  *window);
gboolean    gw_settings_has_window_size  (GwSettings *self);

G_END_DECLS
