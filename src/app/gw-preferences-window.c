/* gw-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-preferences-window.h"

struct _GwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GwSettings           *settings;

  AdwEntryRow          *center_url_row;
  AdwEntryRow          *token_file_row;
  AdwEntryRow          *ca_file_row;
  AdwComboRow          *layout_row;
};

G_DEFINE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *layouts[] = { "auto", "wall", "dispatch" };

static gboolean
layout_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *layout = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      if (g_str_equal (layout, layouts[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_layout (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  return g_variant_new_string (index < G_N_ELEMENTS (layouts) ? layouts[index] : "auto");
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

  gtk_widget_class_install_action (widget_class, "prefs.choose-token-file", NULL,
                                   choose_token_file);
  gtk_widget_class_install_action (widget_class, "prefs.choose-ca-file", NULL,
                                   choose_ca_file);
}

static void
gw_preferences_window_init (GwPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->center_url_row, "changed",
                            G_CALLBACK (on_center_url_changed), self);
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
  g_settings_bind_with_mapping (gsettings, "role-layout", self->layout_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                layout_to_index, index_to_layout, NULL, NULL);
  return GTK_WIDGET (self);
}
