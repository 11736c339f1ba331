/* gw-stats.h: a centre's headline figures, kept up to date from a GwCaseStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"

G_BEGIN_DECLS

/* Figures over a set of cases. Rates are 0..1, or -1 when nothing to divide by.
 *
 * Definitions (all over the cases the store holds, which per the protocol are
 * the open ones and those closed in the last 30 days):
 *
 * - now: gw_stats_set_now's clock, else the real time. "Today" is the calendar
 *   day of now in the centre's zone, a fixed UTC+8 (Asia/Shanghai has no DST):
 *   [00:00+08:00, next 00:00+08:00).
 * - done (办结): status_detail is resolved, reviewed or closed, or status is closed.
 * - done time: resolved_datetime, else closed_datetime.
 * - total: every case. open: status is open.
 * - accepted_today: requested_datetime is today. closed_today: closed_datetime
 *   is today.
 * - overdue: gw_case_is_overdue at now (open, no resolved_datetime, not done,
 *   expected_datetime before now).
 * - closure_rate 办结率: among cases whose requested_datetime is in the last 30
 *   days (now - 30 × 24 h < requested <= now), the share that is done.
 * - satisfaction_rate 满意率: among cases with a satisfaction (1..5), the share
 *   with 4 or 5.
 * - on_time_rate 按期办结率: among done cases with an expected_datetime and a
 *   done time, the share whose done time is at or before the deadline.
 * - local_share: among done cases with a resolved_level, the share solved at
 *   village or town level (化解在基层).
 *
 * Times are compared to the second. Per district: the first 6 digits of the
 * grid code (the county). Per department: agency_responsible; a case with no
 * agency counts in no department and co-agencies do not count.
 */
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

/* What the figures read of one case, as plain values: a copy taken on the main
 * thread lets the figures of any subset be computed on another thread (the
 * charts do), with exactly the definitions above. Times are Unix seconds,
 * G_MININT64 when absent. */
typedef struct
{
  gint64   requested;
  gint64   expected;
  gint64   resolved;
  gint64   closed;
  gboolean open;
  gboolean done;          /* open is FALSE or the step is a done one */
  GwLevel  level;
  int      satisfaction;  /* 0 when not reviewed */
} GwCaseFacts;

void             gw_case_facts_init        (GwCaseFacts *facts,
                                            GwCase      *item);
/* The figures of @n_facts cases at @now (the centre's clock, as GwStats). */
void             gw_figures_compute        (const GwCaseFacts * const *facts,
                                            guint                      n_facts,
                                            GDateTime                 *now,
                                            GwFigures                 *figures);

#define GW_TYPE_STATS (gw_stats_get_type ())
G_DECLARE_FINAL_TYPE (GwStats, gw_stats, GW, STATS, GObject)

GwStats         *gw_stats_new              (GwCaseStore *store);
/* The clock; NULL for the real one. Tests pin it. */
void             gw_stats_set_now          (GwStats   *self,
                                            GDateTime *now);
/* Brings the figures to the clock now (e.g. on a timer, as overdue cases
 * change with the clock alone); emits ::changed. */
void             gw_stats_refresh          (GwStats   *self);
/* Kept up to date from each change the store announces, and brought to the
 * clock after each of its ::changed (a load, a batch, a prune); emits
 * ::changed then. A batch costs what its cases cost, not the store's size. */
const GwFigures *gw_stats_get_figures      (GwStats *self);
/* Per category (GwCategory index), per district (6-digit code prefix of the
 * grid code) and per department code. Keys are owned by the stats. */
const GwFigures *gw_stats_get_for_category (GwStats    *self,
                                            GwCategory  category);
GHashTable      *gw_stats_get_by_district  (GwStats *self);  /* char* -> GwFigures* */
GHashTable      *gw_stats_get_by_department (GwStats *self); /* char* -> GwFigures* */

G_END_DECLS
