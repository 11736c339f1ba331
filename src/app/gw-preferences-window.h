/* gw-preferences-window.h: the centre connection and layout, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-settings.h"

G_BEGIN_DECLS

#define GW_TYPE_PREFERENCES_WINDOW (gw_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, GW, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *gw_preferences_window_new (GwSettings *settings);

G_END_DECLS
