/* gw-donut-chart.h: shares of a whole as a ring with a legend (channel mix)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_DONUT_CHART (gw_donut_chart_get_type ())
G_DECLARE_FINAL_TYPE (GwDonutChart, gw_donut_chart, GW, DONUT_CHART, GwChart)

GtkWidget *gw_donut_chart_new      (const char         *title,
                                    const char         *total_caption);
void       gw_donut_chart_set_data (GwDonutChart       *self,
                                    const char * const *labels,
                                    const double       *values,
                                    guint               n);

G_END_DECLS
