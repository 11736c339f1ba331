/* gw-stats.h: a centre's headline figures, kept up to date from a GwCaseStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"

G_BEGIN_DECLS

/* Figures over a set of cases. Rates are 0..1, or -1 when nothing to divide by. */
typedef struct
{
  guint  accepted_today;     /* requested today (centre's day, UTC+8) */
  guint  closed_today;       /* closed today */
  guint  open;               /* not closed */
  guint  overdue;            /* open, not resolved, past the deadline now */
  double closure_rate;       /* 办结率: done / all, over the last 30 days */
  double satisfaction_rate;  /* 满意率: satisfaction >= 4 / reviewed */
  double on_time_rate;       /* 按期办结率: done by the deadline / done with a deadline */
  double local_share;        /* done at village or town level / done with a level */
  guint  total;
} GwFigures;

#define GW_TYPE_STATS (gw_stats_get_type ())
G_DECLARE_FINAL_TYPE (GwStats, gw_stats, GW, STATS, GObject)

GwStats         *gw_stats_new              (GwCaseStore *store);
/* The clock; NULL for the real one. Tests pin it. */
void             gw_stats_set_now          (GwStats   *self,
                                            GDateTime *now);
/* Recomputed after each batch the store applies; emits ::changed then. */
const GwFigures *gw_stats_get_figures      (GwStats *self);
/* Per category (GwCategory index), per district (6-digit code prefix of the
 * grid code) and per department code. Keys are owned by the stats. */
const GwFigures *gw_stats_get_for_category (GwStats    *self,
                                            GwCategory  category);
GHashTable      *gw_stats_get_by_district  (GwStats *self);  /* char* -> GwFigures* */
GHashTable      *gw_stats_get_by_department (GwStats *self); /* char* -> GwFigures* */

G_END_DECLS
