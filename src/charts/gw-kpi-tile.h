/* gw-kpi-tile.h: one headline figure for the wall: big number, title, delta, trend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_KPI_TILE (gw_kpi_tile_get_type ())
G_DECLARE_FINAL_TYPE (GwKpiTile, gw_kpi_tile, GW, KPI_TILE, GwChart)

GtkWidget  *gw_kpi_tile_new            (const char   *title);
void        gw_kpi_tile_set_count      (GwKpiTile    *self,
                                        guint         count);
/* @rate is 0..1, or negative when there is nothing to divide by ("–"). */
void        gw_kpi_tile_set_rate       (GwKpiTile    *self,
                                        double        rate);
/* A change against a reference (e.g. yesterday by this time), with its
 * caption; @good is 1 when a rise is good, -1 when a fall is, 0 when
 * neither (it colours the change). NAN for none. */
void        gw_kpi_tile_set_delta      (GwKpiTile    *self,
                                        double        delta,
                                        const char   *caption,
                                        int           good);
void        gw_kpi_tile_set_trend      (GwKpiTile    *self,
                                        const double *values,
                                        guint         n_values);
void        gw_kpi_tile_set_alert      (GwKpiTile    *self,
                                        gboolean      alert);
/* The value as shown at the end of the animation ("96.2%", "1,204"). */
char       *gw_kpi_tile_dup_value_text (GwKpiTile    *self);

G_END_DECLS
