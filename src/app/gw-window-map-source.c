/* gw-window-map-source.c: the map's base tiles, coordinate system and colouring, from
 * the settings, applied again whenever Preferences changes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include "gw-map-view.h"
#include "gw-tile-source.h"
#include "gw-window-private.h"

#define CONNECTED_KEY "gw-map-settings-connected"

static const char *coord_systems[] = { "wgs84", "gcj02", "bd09" };
static const char *metrics[] = { "open", "overdue", "per-day", "satisfaction" };

G_STATIC_ASSERT (G_N_ELEMENTS (coord_systems) == GW_COORD_SYSTEM_BD09 + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (metrics) == GW_MAP_N_METRICS);

/* The schema restricts the keys to these choices; anything else means the first. */
static guint
choice_index (const char  *value,
              const char **choices,
              guint        n_choices)
{
  for (guint i = 0; i < n_choices; i++)
    {
      if (g_strcmp0 (value, choices[i]) == 0)
        return i;
    }
  return 0;
}

/* A file or server that cannot be used leaves the map on its own base, which always
 * works; Preferences says why when the setting is made. */
static void
apply_base (GwMapView  *map,
            GwSettings *settings)
{
  g_autofree char *mbtiles = gw_settings_dup_map_mbtiles_file (settings);
  g_autofree char *url = gw_settings_dup_map_tile_url (settings);
  g_autofree char *attribution = gw_settings_dup_map_tile_attribution (settings);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShumateMapSource) source = NULL;

  source = gw_tile_source_new_base (mbtiles, url, attribution, &error);
  if (error != NULL)
    g_warning ("Map tiles not used, drawing the grids' own base map instead: %s", error->message);
  gw_map_view_set_base_source (map, source);
}

static void
apply_coordinate_system (GwMapView  *map,
                         GwSettings *settings)
{
  g_autofree char *value = gw_settings_dup_map_coordinate_system (settings);

  gw_map_view_set_coordinate_system (map, choice_index (value, coord_systems,
                                                        G_N_ELEMENTS (coord_systems)));
}

static void
apply_metric (GwMapView  *map,
              GwSettings *settings)
{
  g_autofree char *value = gw_settings_dup_map_metric (settings);

  gw_map_view_set_metric (map, choice_index (value, metrics, G_N_ELEMENTS (metrics)));
}

static void
on_settings_changed (GSettings  *gsettings,
                     const char *key,
                     GwWindow   *self)
{
  GtkWidget *map = gw_window_get_map_view (self);
  GwSettings *settings = gw_application_get_settings (self->application);

  if (map == NULL || !g_str_has_prefix (key, "map-"))
    return;
  if (g_str_equal (key, "map-coordinate-system"))
    apply_coordinate_system (GW_MAP_VIEW (map), settings);
  else if (g_str_equal (key, "map-metric"))
    apply_metric (GW_MAP_VIEW (map), settings);
  else
    apply_base (GW_MAP_VIEW (map), settings);
}

/**
 * gw_window_apply_map_settings:
 * @self: a window whose map is set up
 *
 * Gives the map its base tiles (MBTiles file, tile server, or none), their coordinate
 * system and the grids' colouring from the settings, and follows later changes.
 */
void
gw_window_apply_map_settings (GwWindow *self)
{
  GtkWidget *map;
  GwSettings *settings;

  g_return_if_fail (GW_IS_WINDOW (self));

  map = gw_window_get_map_view (self);
  if (map == NULL)
    return;
  settings = gw_application_get_settings (self->application);
  apply_coordinate_system (GW_MAP_VIEW (map), settings);
  apply_metric (GW_MAP_VIEW (map), settings);
  apply_base (GW_MAP_VIEW (map), settings);

  if (g_object_get_data (G_OBJECT (self), CONNECTED_KEY) == NULL)
    {
      g_signal_connect_object (gw_settings_get_gsettings (settings), "changed",
                               G_CALLBACK (on_settings_changed), self, 0);
      g_object_set_data (G_OBJECT (self), CONNECTED_KEY, GINT_TO_POINTER (TRUE));
    }
}
