/* gw-bar-chart.h: vertical bars with labels (cases per category)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_BAR_CHART (gw_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (GwBarChart, gw_bar_chart, GW, BAR_CHART, GwChart)

GtkWidget *gw_bar_chart_new      (const char         *title);
/* Bars of @values with @labels below; @parts (nullable) is a share of each
 * bar drawn solid over a faint whole (e.g. the open cases of a category),
 * named @part_name and @whole_name in the legend. */
void       gw_bar_chart_set_data (GwBarChart         *self,
                                  const char * const *labels,
                                  const double       *values,
                                  const double       *parts,
                                  guint               n,
                                  const char         *whole_name,
                                  const char         *part_name);

G_END_DECLS
