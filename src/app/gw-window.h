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

G_END_DECLS
