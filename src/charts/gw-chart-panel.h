/* gw-chart-panel.h: a column of the wall's charts, following an area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-store.h"
#include "gw-chart-data.h"
#include "gw-grid-set.h"

G_BEGIN_DECLS

/**
 * GwChartPanelSide:
 * @GW_CHART_PANEL_LEFT: the headline figures, cases per hour and per day
 * @GW_CHART_PANEL_RIGHT: categories, department ranking, channels, grid workers
 * @GW_CHART_PANEL_ALL: everything in one column
 */
typedef enum
{
  GW_CHART_PANEL_LEFT,
  GW_CHART_PANEL_RIGHT,
  GW_CHART_PANEL_ALL,
} GwChartPanelSide;

#define GW_TYPE_CHART_PANEL (gw_chart_panel_get_type ())
G_DECLARE_FINAL_TYPE (GwChartPanel, gw_chart_panel, GW, CHART_PANEL, GtkWidget)

GtkWidget   *gw_chart_panel_new             (GwCaseStore      *store,
                                             GwChartPanelSide  side);
/* A division code (county, street, community or grid), or NULL for all. */
void         gw_chart_panel_set_area_filter (GwChartPanel     *self,
                                             const char       *code);
void         gw_chart_panel_set_grids       (GwChartPanel     *self,
                                             GwGridSet        *grids);
/* The centre that gives the per-day chart its month before, or NULL. */
void         gw_chart_panel_set_client      (GwChartPanel     *self,
                                             GwCenterClient   *client);
GwChartData *gw_chart_panel_get_data        (GwChartPanel     *self);
/* -1 follows the desktop's style, 0 light, 1 dark (the wall). */
void         gw_chart_panel_set_style       (GwChartPanel     *self,
                                             int               dark);
/* The charts, top to bottom (tests). */
GPtrArray   *gw_chart_panel_get_charts      (GwChartPanel     *self);
gint64       gw_chart_panel_get_update_usec (void);

G_END_DECLS
