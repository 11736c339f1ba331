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

/**
 * gw_window_export_png:
 * @self: a #GwWindow
 * @path: the PNG file to write
 * @error: return location for an error
 *
 * Writes what the window drew in its last frame. The window's render node is
 * dropped whenever something in it changes, so on a live screen call this
 * right after the window's paint (in the frame clock's ::paint, after the
 * surface's own handler), as gw_window_export_png_async() does.
 *
 * Returns: %TRUE once the file is written
 */
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

typedef struct
{
  GdkTexture *texture;
  char       *path;
  gulong      paint_id;
  GdkFrameClock *clock;
} Export;

static void
export_free (Export *export)
{
  g_clear_signal_handler (&export->paint_id, export->clock);
  g_clear_object (&export->clock);
  g_clear_object (&export->texture);
  g_free (export->path);
  g_free (export);
}

static void
save_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Export *export = task_data;

  if (!gdk_texture_save_to_png (export->texture, export->path))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Could not write the screen to %s"), export->path);
  else
    g_task_return_boolean (task, TRUE);
}

/* Right after the window is painted its node is what the screen shows. This
 * runs in the frame clock's ::paint, after the surface's own handler (which
 * renders the window and was connected when the window was realized): by
 * ::after-paint, widgets that ask for their next frame there (the map's
 * cells) have already dropped the window's node. */
static void
on_painted (GdkFrameClock *clock,
            GTask         *task)
{
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_signal_handler (&export->paint_id, export->clock);
  export->texture = render_window (g_task_get_source_object (task), &error);
  if (export->texture == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* A 4K PNG takes a good part of a second to encode: not on the wall's frames. */
  g_task_run_in_thread (task, save_in_thread);
  g_object_unref (task);
}

/**
 * gw_window_export_png_async:
 * @self: a #GwWindow
 * @path: the PNG file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written or could not be
 * @user_data: for @callback
 *
 * Writes what the window shows to a PNG file: the frame drawn next, encoded on
 * a worker. Works on a live screen, whose node changes between frames.
 */
void
gw_window_export_png_async (GwWindow            *self,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;
  GdkFrameClock *clock;

  g_return_if_fail (GW_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_window_export_png_async);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The window is not on screen yet"));
      return;
    }
  export = g_new0 (Export, 1);
  export->path = g_strdup (path);
  export->clock = g_object_ref (clock);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  export->paint_id = g_signal_connect (clock, "paint", G_CALLBACK (on_painted),
                                       g_object_ref (task));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gw_window_export_png_finish (GwWindow      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
default_file_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("gridwall-%s.png", stamp);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwWindow *self = GW_WINDOW (object);
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!gw_window_export_png_finish (self, result, &error))
    {
      g_warning ("Export failed: %s", error->message);
      text = g_strdup (error->message);
    }
  else
    {
      g_message ("Screen saved to %s", path);
      text = g_strdup_printf (_("Screen saved to %s"), path);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cases_label), text);
  gtk_label_set_text (self->cases_label, text);
}

static void
export_to (GwWindow   *self,
           const char *path)
{
  gw_window_export_png_async (self, path, NULL, on_exported, g_strdup (path));
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

      if (path != NULL)
        export_to (self, path);
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

      export_to (self, path);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export Screen"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
