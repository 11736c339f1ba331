/* gw-application.h: the Gridwall application: one centre, its model and feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case-store.h"
#include "gw-stats.h"
#include "gw-feed.h"
#include "gw-grid-set.h"
#include "gw-settings.h"

G_BEGIN_DECLS

typedef enum
{
  GW_LAYOUT_AUTO,
  GW_LAYOUT_WALL,
  GW_LAYOUT_DISPATCH,
} GwLayout;

#define GW_TYPE_APPLICATION (gw_application_get_type ())
G_DECLARE_FINAL_TYPE (GwApplication, gw_application, GW, APPLICATION, AdwApplication)

GwApplication *gw_application_new          (void);
GwCaseStore   *gw_application_get_store    (GwApplication *self);
GwStats       *gw_application_get_stats    (GwApplication *self);
GwFeed        *gw_application_get_feed     (GwApplication *self);
GwSettings    *gw_application_get_settings (GwApplication *self);
GwLayout       gw_application_get_layout   (GwApplication *self);
/* Why the app cannot reach its centre as configured (a bad token file, say),
 * or NULL. Shown in the window rather than in a dialog: walls have no one to click. */
const char    *gw_application_get_setup_error (GwApplication *self);
/* The centre's grids once fetched and parsed, or NULL; ::grids-changed says when. */
GwGridSet     *gw_application_get_grids    (GwApplication *self);

G_END_DECLS
