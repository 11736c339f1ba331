/* gw-center-sim.h: the simulated city: reports, and the closed loop of each case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-center-engine.h"

G_BEGIN_DECLS

GwCenterSim *gw_center_sim_new       (GwCenterEngine *engine);
void         gw_center_sim_free      (GwCenterSim    *self);
/* Seeds the new database with @n cases over the last 30 days. */
gboolean     gw_center_sim_seed      (GwCenterSim    *self,
                                      guint           n,
                                      GError        **error);
/* Starts the timers: reports at the configured rate, and the workflow. */
void         gw_center_sim_start     (GwCenterSim    *self);
/* The case changed: (re)plan its next simulated step. */
void         gw_center_sim_schedule  (GwCenterSim    *self,
                                      GwCenterCase   *kase);
/* Plans the step after a person's action on @next (sets sim_due). */
void         gw_center_sim_plan      (GwCenterSim    *self,
                                      GwCenterCase   *next);
/* A fresh case at @lon/@lat (in grid @grid_code), reported at @time. */
GwCenterCase *gw_center_sim_make_case (GwCenterSim      *self,
                                       const GwCenterCaseType *type,
                                       GRand            *rand,
                                       const char       *grid_code,
                                       double            lon,
                                       double            lat,
                                       gint64            time);

G_END_DECLS
