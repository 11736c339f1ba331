/* gw-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-mbtiles-source.h"
#include "gw-preferences-window.h"
#include "gw-tile-source.h"

struct _GwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GwSettings           *settings;

  AdwEntryRow          *center_url_row;
  AdwEntryRow          *token_file_row;
  AdwEntryRow          *ca_file_row;
  AdwComboRow          *layout_row;

  AdwEntryRow          *mbtiles_row;
  AdwEntryRow          *tile_url_row;
  AdwEntryRow          *attribution_row;
  AdwComboRow          *coordinate_system_row;
  AdwComboRow          *metric_row;
  GtkLabel             *tiles_error_label;
};

G_DEFINE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The choices of the schema's string keys shown in combo rows, in the rows' order. */
static const char *layouts[] = { "auto", "wall", "dispatch", NULL };
static const char *coord_systems[] = { "wgs84", "gcj02", "bd09", NULL };
static const char *metrics[] = { "open", "overdue", "per-day", "satisfaction", NULL };

static gboolean
choice_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char **choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choice, choices[i]))
        g_value_set_uint (value, i);
    }
  return TRUE;
}

static GVariant *
index_to_choice (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const char **choices = user_data;
  guint index = g_value_get_uint (value);

  return g_variant_new_string (index < g_strv_length ((char **) choices) ? choices[index]
                                                                         : choices[0]);
}

static void
bind_choice (GSettings   *gsettings,
             const char  *key,
             AdwComboRow *row,
             const char **choices)
{
  g_settings_bind_with_mapping (gsettings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_to_index, index_to_choice, choices, NULL);
}

/* Marks the address row while it holds something that is not an http(s) URL. */
static void
on_center_url_changed (GwPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->center_url_row));
  g_autoptr(GUri) uri = NULL;
  gboolean valid = TRUE;

  if (*text != '\0')
    {
      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      valid = uri != NULL
              && (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0
                  || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
              && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
    }
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->center_url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->center_url_row), "error");
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                gpointer         user_data)
{
  AdwEntryRow *row = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_file (GwPreferencesWindow *self,
             AdwEntryRow         *row,
             const char          *title)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), row);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_token_file (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GwPreferencesWindow *self = GW_PREFERENCES_WINDOW (widget);

  choose_file (self, self->token_file_row, _("Choose Token File"));
}

static void
choose_ca_file (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GwPreferencesWindow *self = GW_PREFERENCES_WINDOW (widget);

  choose_file (self, self->ca_file_row, _("Choose Certificate Authority File"));
}

static void
show_tiles_error (GwPreferencesWindow *self,
                  const GError        *error)
{
  gtk_label_set_text (self->tiles_error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_error_label), error != NULL);
}

/* Checks what the settings hold, as the map will when it applies them. */
static void
check_map_settings (GwPreferencesWindow *self)
{
  GwSettings *settings = self->settings;
  g_autofree char *mbtiles = gw_settings_dup_map_mbtiles_file (settings);
  g_autofree char *url = gw_settings_dup_map_tile_url (settings);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShumateMapSource) source = NULL;

  source = gw_tile_source_new_base (mbtiles, url, NULL, &error);
  show_tiles_error (self, error);
}

/* The file is saved only once it opens as a usable MBTiles file. */
static void
on_mbtiles_apply (GwPreferencesWindow *self)
{
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->mbtiles_row))));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwMbtilesSource) source = NULL;

  if (*path != '\0' && (source = gw_mbtiles_source_new (path, &error)) == NULL)
    {
      show_tiles_error (self, error);
      return;
    }
  g_settings_set_string (gw_settings_get_gsettings (self->settings), "map-mbtiles-file", path);
  check_map_settings (self);
}

static void
on_tile_url_apply (GwPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tile_url_row))));
  g_autoptr(GError) error = NULL;

  if (*url != '\0' && !gw_tile_source_validate_url (url, &error))
    {
      show_tiles_error (self, error);
      return;
    }
  g_settings_set_string (gw_settings_get_gsettings (self->settings), "map-tile-url", url);
  check_map_settings (self);
}

static void
on_tile_url_changed (GwPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tile_url_row));

  if (*text == '\0' || gw_tile_source_validate_url (text, NULL))
    gtk_widget_remove_css_class (GTK_WIDGET (self->tile_url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->tile_url_row), "error");
}

static void
on_attribution_apply (GwPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->attribution_row));
  g_autofree char *attribution = g_strstrip (g_utf8_make_valid (text, -1));

  g_settings_set_string (gw_settings_get_gsettings (self->settings), "map-tile-attribution",
                         attribution);
}

/* The text rows only show the settings; their apply buttons write them, once checked,
 * so that the map is not rebuilt at every keystroke nor handed a broken source. */
static void
bind_map_settings (GwPreferencesWindow *self,
                   GSettings           *gsettings)
{
  g_settings_bind (gsettings, "map-mbtiles-file", self->mbtiles_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (gsettings, "map-tile-url", self->tile_url_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (gsettings, "map-tile-attribution", self->attribution_row, "text",
                   G_SETTINGS_BIND_GET);
  bind_choice (gsettings, "map-coordinate-system", self->coordinate_system_row, coord_systems);
  bind_choice (gsettings, "map-metric", self->metric_row, metrics);
  check_map_settings (self);
}

static void
choose_mbtiles_file (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GwPreferencesWindow *self = GW_PREFERENCES_WINDOW (widget);

  choose_file (self, self->mbtiles_row, _("Choose MBTiles File"));
}

static void
gw_preferences_window_dispose (GObject *object)
{
  GwPreferencesWindow *self = (GwPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gw_preferences_window_parent_class)->dispose (object);
}

static void
gw_preferences_window_class_init (GwPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gw_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/gw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, center_url_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, token_file_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, layout_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, mbtiles_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, tile_url_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, attribution_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, coordinate_system_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, metric_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, tiles_error_label);

  gtk_widget_class_install_action (widget_class, "prefs.choose-token-file", NULL,
                                   choose_token_file);
  gtk_widget_class_install_action (widget_class, "prefs.choose-ca-file", NULL,
                                   choose_ca_file);
  gtk_widget_class_install_action (widget_class, "prefs.choose-mbtiles-file", NULL,
                                   choose_mbtiles_file);
}

static void
gw_preferences_window_init (GwPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->center_url_row, "changed",
                            G_CALLBACK (on_center_url_changed), self);
  g_signal_connect_swapped (self->tile_url_row, "changed",
                            G_CALLBACK (on_tile_url_changed), self);
  g_signal_connect_swapped (self->tile_url_row, "apply", G_CALLBACK (on_tile_url_apply), self);
  g_signal_connect_swapped (self->mbtiles_row, "apply", G_CALLBACK (on_mbtiles_apply), self);
  g_signal_connect_swapped (self->attribution_row, "apply",
                            G_CALLBACK (on_attribution_apply), self);
}

GtkWidget *
gw_preferences_window_new (GwSettings *settings)
{
  GwPreferencesWindow *self;
  GSettings *gsettings;

  g_return_val_if_fail (GW_IS_SETTINGS (settings), NULL);

  self = g_object_new (GW_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  gsettings = gw_settings_get_gsettings (settings);

  g_settings_bind (gsettings, "center-url", self->center_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (gsettings, "token-file", self->token_file_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (gsettings, "ca-file", self->ca_file_row, "text", G_SETTINGS_BIND_DEFAULT);
  bind_choice (gsettings, "role-layout", self->layout_row, layouts);
  bind_map_settings (self, gsettings);
  return GTK_WIDGET (self);
}
