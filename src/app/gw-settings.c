/* gw-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-settings"

#include "config.h"

#include "gw-settings.h"

struct _GwSettings
{
  GObject    parent_instance;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (GwSettings, gw_settings, G_TYPE_OBJECT)

static void
gw_settings_finalize (GObject *object)
{
  GwSettings *self = (GwSettings *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gw_settings_parent_class)->finalize (object);
}

static void
gw_settings_class_init (GwSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_settings_finalize;
}

static void
gw_settings_init (GwSettings *self)
{
  self->settings = g_settings_new (APP_ID);
}

GwSettings *
gw_settings_new (void)
{
  return g_object_new (GW_TYPE_SETTINGS, NULL);
}

GSettings *
gw_settings_get_gsettings (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return self->settings;
}

char *
gw_settings_dup_center_url (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "center-url");
}

char *
gw_settings_dup_token_file (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "token-file");
}

char *
gw_settings_dup_ca_file (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "ca-file");
}

char *
gw_settings_dup_role_layout (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "role-layout");
}

char *
gw_settings_dup_map_mbtiles_file (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "map-mbtiles-file");
}

char *
gw_settings_dup_map_tile_url (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "map-tile-url");
}

char *
gw_settings_dup_map_tile_attribution (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "map-tile-attribution");
}

char *
gw_settings_dup_map_coordinate_system (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "map-coordinate-system");
}

char *
gw_settings_dup_map_metric (GwSettings *self)
{
  g_return_val_if_fail (GW_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "map-metric");
}

static gboolean
on_window_close_request (GtkWindow  *window,
                         GwSettings *self)
{
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return FALSE;
}

void
gw_settings_track_window (GwSettings *self,
                          GtkWindow  *window)
{
  g_return_if_fail (GW_IS_SETTINGS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  /* Without a saved size the window keeps its own: a first start of the desk
   * asks for the whole screen (gw-window-dispatch.c). */
  if (gw_settings_has_window_size (self))
    gtk_window_set_default_size (window,
                                 g_settings_get_int (self->settings, "window-width"),
                                 g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (window);

  g_signal_connect_object (window, "close-request",
                           G_CALLBACK (on_window_close_request), self, 0);
}

/* Whether the window's size was ever saved: a first start may choose one. */
gboolean
gw_settings_has_window_size (GwSettings *self)
{
  g_autoptr(GVariant) width = NULL;

  g_return_val_if_fail (GW_IS_SETTINGS (self), FALSE);
  width = g_settings_get_user_value (self->settings, "window-width");
  return width != NULL || g_settings_get_boolean (self->settings, "window-maximized");
}
