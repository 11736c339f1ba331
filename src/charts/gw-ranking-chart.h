/* gw-ranking-chart.h: ranked horizontal bars with labels (departments)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_RANKING_CHART (gw_ranking_chart_get_type ())
G_DECLARE_FINAL_TYPE (GwRankingChart, gw_ranking_chart, GW, RANKING_CHART, GwChart)

/* @columns: the captions of the bar, the alert column and the last column. */
GtkWidget *gw_ranking_chart_new      (const char         *title,
                                      const char         *bar_caption,
                                      const char         *alert_caption,
                                      const char         *extra_caption);
/* @n rows, best first: a bar of @values, @alerts drawn in the alert colour
 * when not 0, and @extras as text (e.g. "5.2 h"; NULL or "" for none). */
void       gw_ranking_chart_set_rows (GwRankingChart     *self,
                                      const char * const *names,
                                      const double       *values,
                                      const double       *alerts,
                                      const char * const *extras,
                                      guint               n);

G_END_DECLS
