/* gw-window-export.c: the current screen as a PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-window-private.h"

/* Renders what the window shows now, at its size, with its own renderer. */
static GdkTexture *
render_window (GwWindow  *self,
               GError   **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The window is not on screen yet"));
      return NULL;
    }

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return NULL;
    }
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

gboolean
gw_window_export_png (GwWindow    *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  texture = render_window (self, error);
  if (texture == NULL)
    return FALSE;
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the screen to %s"), path);
      return FALSE;
    }
  return TRUE;
}

static char *
default_file_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("gridwall-%s.png", stamp);
}

static void
show_result (GwWindow   *self,
             const char *path,
             GError     *error)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      g_warning ("Export failed: %s", error->message);
      text = g_strdup (error->message);
    }
  else
    text = g_strdup_printf (_("Screen saved to %s"), path);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cases_label), text);
  gtk_label_set_text (self->cases_label, text);
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  GwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL)
        {
          gw_window_export_png (self, path, &error);
          show_result (self, path, error);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* The wall has nobody to answer a dialog: it saves to Pictures at once. */
void
gw_window_export_png_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GwWindow *self = GW_WINDOW (widget);
  g_autofree char *name = default_file_name ();
  GtkFileChooserNative *chooser;

  if (gw_application_get_layout (self->application) == GW_LAYOUT_WALL)
    {
      const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
      g_autofree char *path = g_build_filename (dir ? dir : g_get_home_dir (), name, NULL);
      g_autoptr(GError) error = NULL;

      gw_window_export_png (self, path, &error);
      show_result (self, path, error);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export Screen"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
