/* gw-activity-chart.h: grid workers' activity: reports per day and the busiest grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_ACTIVITY_CHART (gw_activity_chart_get_type ())
G_DECLARE_FINAL_TYPE (GwActivityChart, gw_activity_chart, GW, ACTIVITY_CHART, GwChart)

GtkWidget *gw_activity_chart_new     (const char         *title,
                                      const char         *top_caption);
/* Columns of @per_day (oldest first, the last is today) labelled by
 * @first_label and @last_label, and the @n_top busiest grids: @names,
 * @workers (nullable entries) and their @counts. */
void       gw_activity_chart_set_data (GwActivityChart   *self,
                                      const double       *per_day,
                                      guint               n_days,
                                      const char         *first_label,
                                      const char         *last_label,
                                      const char * const *names,
                                      const char * const *workers,
                                      const double       *counts,
                                      guint               n_top);

G_END_DECLS
