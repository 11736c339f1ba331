/* gw-line-chart.h: a series over time, bold, with the previous period faint behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_LINE_CHART (gw_line_chart_get_type ())
G_DECLARE_FINAL_TYPE (GwLineChart, gw_line_chart, GW, LINE_CHART, GwChart)

GtkWidget *gw_line_chart_new        (const char         *title);
/* @n points of @current and @previous (nullable), the x labels @labels (one
 * per point; every @label_step-th is drawn), and the legend's names. */
void       gw_line_chart_set_series (GwLineChart        *self,
                                     const char * const *labels,
                                     guint               label_step,
                                     const double       *current,
                                     const double       *previous,
                                     guint               n,
                                     const char         *current_name,
                                     const char         *previous_name);

G_END_DECLS
