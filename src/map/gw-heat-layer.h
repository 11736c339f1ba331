/* gw-heat-layer.h: density of cases over a time window, as one texture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-map-cases.h"
#include "gw-map-private.h"

G_BEGIN_DECLS

#define GW_TYPE_HEAT_LAYER (gw_heat_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwHeatLayer, gw_heat_layer, GW, HEAT_LAYER, ShumateLayer)

GwHeatLayer *gw_heat_layer_new          (ShumateViewport *viewport,
                                         GwMapCases      *cases);
void         gw_heat_layer_set_geometry (GwHeatLayer     *self,
                                         GwMapGeometry   *geometry);
void         gw_heat_layer_set_style    (GwHeatLayer     *self,
                                         GwMapStyle       style);
/* Only an active layer follows the cases. */
void         gw_heat_layer_set_active   (GwHeatLayer     *self,
                                         gboolean         active);
/* Cases reported within the last @hours count (0: all). */
void         gw_heat_layer_set_hours    (GwHeatLayer     *self,
                                         guint            hours);
void         gw_heat_layer_set_stats    (GwHeatLayer     *self,
                                         GwMapStatsAcc   *stats);
guint        gw_heat_layer_get_n_pending (GwHeatLayer    *self);
gsize        gw_heat_layer_get_bytes    (GwHeatLayer     *self);

G_END_DECLS
