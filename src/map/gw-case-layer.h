/* gw-case-layer.h: cases, clustered, with the newest announced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-map-cases.h"
#include "gw-map-cells.h"
#include "gw-map-private.h"

G_BEGIN_DECLS

/**
 * GwCaseHit:
 * @is_cluster: a cluster rather than one case
 * @position: the case's position in the store (single cases)
 * @cluster_id: the cluster's id (clusters)
 * @count: cases it stands for
 * @overdue: how many of them are overdue
 * @expansion_zoom: the zoom at which a cluster splits
 * @mx: where it is drawn, normalised
 * @my: see @mx
 */
typedef struct
{
  gboolean is_cluster;
  guint    position;
  guint32  cluster_id;
  guint    count;
  guint    overdue;
  int      expansion_zoom;
  double   mx, my;
} GwCaseHit;

#define GW_TYPE_CASE_LAYER (gw_case_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseLayer, gw_case_layer, GW, CASE_LAYER, ShumateLayer)

GwCaseLayer *gw_case_layer_new          (ShumateViewport *viewport,
                                         GwMapCases      *cases);
void         gw_case_layer_set_style    (GwCaseLayer     *self,
                                         GwMapStyle       style,
                                         double           ui_scale);
/* Draws in @cells' cells (the view's, which outlives the layer). */
void         gw_case_layer_set_cells    (GwCaseLayer     *self,
                                         GwMapCells      *cells);
void         gw_case_layer_set_stats    (GwCaseLayer     *self,
                                         GwMapStatsAcc   *stats);
/* What is drawn at (@x, @y) in the layer's coordinates. */
gboolean     gw_case_layer_hit          (GwCaseLayer     *self,
                                         double           x,
                                         double           y,
                                         GwCaseHit       *hit);
void         gw_case_layer_set_hovered  (GwCaseLayer     *self,
                                         const GwCaseHit *hit_or_null);
/* TRUE when the index covers every case and no tile is being drawn. */
gboolean     gw_case_layer_is_settled   (GwCaseLayer     *self);
guint        gw_case_layer_get_n_pending (GwCaseLayer    *self);
void         gw_case_layer_get_memory   (GwCaseLayer     *self,
                                         GwMapMemory     *memory);

G_END_DECLS
