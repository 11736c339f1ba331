/* gw-window.h: the main window: connection state, headline figures, live cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-application.h"

G_BEGIN_DECLS

#define GW_TYPE_WINDOW (gw_window_get_type ())
G_DECLARE_FINAL_TYPE (GwWindow, gw_window, GW, WINDOW, AdwApplicationWindow)

GwWindow   *gw_window_new                  (GwApplication *application);
/* What the window shows, for tests and the accessibility tree alike. */
const char *gw_window_get_connection_text  (GwWindow *self);
const char *gw_window_get_cases_text       (GwWindow *self);
guint       gw_window_get_n_rows           (GwWindow *self);
/* The banner ("Feed lost since 14:03, last data 14:02"), or NULL when hidden. */
const char *gw_window_get_banner_text      (GwWindow *self);
/* On a wall: the alarm being shown and the emergency strip, or NULL. */
const char *gw_window_get_alarm_text       (GwWindow *self);
const char *gw_window_get_mode_text        (GwWindow *self);
/* Writes what the window drew last (right after a paint) to a PNG file. */
gboolean    gw_window_export_png           (GwWindow    *self,
                                            const char  *path,
                                            GError     **error);
/* The same for the next frame, whenever it is called. */
void        gw_window_export_png_async     (GwWindow            *self,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    gw_window_export_png_finish    (GwWindow      *self,
                                            GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
