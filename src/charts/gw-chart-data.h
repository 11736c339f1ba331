/* gw-chart-data.h: the figures the wall's charts show, computed off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gw-case-store.h"
#include "gw-center-client.h"
#include "gw-grid-set.h"
#include "gw-stats.h"

G_BEGIN_DECLS

#define GW_CHART_HOURS 24   /* cases per hour: the last 24 hours */
#define GW_CHART_DAYS  30   /* cases per day: the last 30 days */
#define GW_CHART_TOP   8    /* departments and grids kept in the rankings */
#define GW_CHART_GRID_DAYS 7 /* the window of the grid ranking */
#define GW_CHART_HOURS_BEFORE (7 * 24 * 3600)  /* the hours' faint line: a week earlier */
/* A failed fetch of the month before is tried again after this long (or at
 * once for another area or day). */
#define GW_CHART_HISTORY_RETRY_SECONDS 300

/**
 * GwChartDepartment:
 * @code: the department code (agency_responsible)
 * @name: its name from the store's departments, else the code
 * @open: open cases it is responsible for that are not done (its load)
 * @overdue: of those, past their deadline (GwFigures's definition)
 * @done: cases it finished in the last 30 days (done time within them)
 * @avg_hours: their average handling time in hours, -1 when @done is 0.
 *   Handling time is done time (resolved_datetime, else closed_datetime)
 *   minus requested_datetime: cases carry no assignment time, so this is the
 *   time from report to resolution as the public sees it.
 */
typedef struct
{
  char   *code;
  char   *name;
  guint   open;
  guint   overdue;
  guint   done;
  double  avg_hours;
} GwChartDepartment;

/**
 * GwChartGrid:
 * @code: the 15-digit grid code
 * @name: the grid's name from the grid set, else the code
 * @worker: (nullable): its first grid worker's name, when the grid set has one
 * @reports: cases reported through the grid app in the last 7 days
 */
typedef struct
{
  char  *code;
  char  *name;
  char  *worker;
  guint  reports;
} GwChartGrid;

/**
 * GwChartSnapshot:
 *
 * Everything the charts draw, for one area at one instant. Immutable and
 * reference counted: share it freely between threads.
 *
 * Series are oldest first. The last hour bin is the current (partial) hour,
 * the last day bin is today (the centre's day, UTC+8).
 *
 * @hours_previous are the same hours 7 days earlier, counted from the store:
 * it holds every case reported in the last 30 days (the snapshot's window,
 * and the prune drops only cases closed before it, so never one reported
 * within it).
 *
 * @days_previous are the 30 days before @days, as the centre counts them
 * (GET /v1/stats/daily): the store holds only the open cases from before its
 * window, so it cannot count them. Valid when @days_previous_known; the
 * centre is asked once per area and day, not at each computation.
 */
typedef struct
{
  /*< public >*/
  char              *area;            /* the filter, NULL for the whole centre */
  gint64             now;             /* Unix seconds */
  gint64             hour_start;      /* start of hours[0] */
  gint64             day_start;       /* start of days[0] (00:00 UTC+8) */
  GwFigures          figures;         /* gw_figures_compute over the area's cases */
  guint              accepted_yesterday;  /* requested yesterday before now's time of day */
  guint              closed_yesterday;    /* closed yesterday before now's time of day */
  guint              per_category[GW_N_CATEGORIES];       /* cases held */
  guint              per_category_open[GW_N_CATEGORIES];  /* of which open, not done */
  guint              hours[GW_CHART_HOURS];
  guint              hours_previous[GW_CHART_HOURS];
  guint              days[GW_CHART_DAYS];
  guint              days_previous[GW_CHART_DAYS];
  gboolean           days_previous_known;
  guint              channels[GW_N_CHANNELS];   /* requested in the last 30 days */
  guint              grid_app_days[GW_CHART_DAYS];  /* grid-app reports per day */
  guint              n_departments;  /* at most GW_CHART_TOP, by load then overdue */
  GwChartDepartment *departments;
  guint              n_grids;        /* at most GW_CHART_TOP, by reports */
  GwChartGrid       *grids;
  guint              n_cases;        /* cases in the area */
} GwChartSnapshot;

#define GW_TYPE_CHART_SNAPSHOT (gw_chart_snapshot_get_type ())
GType            gw_chart_snapshot_get_type (void) G_GNUC_CONST;
GwChartSnapshot *gw_chart_snapshot_ref      (GwChartSnapshot *self);
void             gw_chart_snapshot_unref    (GwChartSnapshot *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwChartSnapshot, gw_chart_snapshot_unref)

#define GW_TYPE_CHART_DATA (gw_chart_data_get_type ())
G_DECLARE_FINAL_TYPE (GwChartData, gw_chart_data, GW, CHART_DATA, GObject)

GwChartData     *gw_chart_data_new             (GwCaseStore *store);
GwChartSnapshot *gw_chart_data_get_snapshot    (GwChartData *self);
void             gw_chart_data_set_area        (GwChartData *self,
                                                const char  *code);
const char      *gw_chart_data_get_area        (GwChartData *self);
void             gw_chart_data_set_grids       (GwChartData *self,
                                                GwGridSet   *grids);
void             gw_chart_data_set_now         (GwChartData *self,
                                                GDateTime   *now);
void             gw_chart_data_set_interval    (GwChartData *self,
                                                guint        msec);
void             gw_chart_data_set_client      (GwChartData    *self,
                                                GwCenterClient *client);
guint            gw_chart_data_get_n_history_fetches (GwChartData *self);
guint            gw_chart_data_get_n_history_errors  (GwChartData *self);
const char      *gw_chart_data_get_history_error     (GwChartData *self);
guint            gw_chart_data_get_n_computed  (GwChartData *self);
gboolean         gw_chart_data_is_busy         (GwChartData *self);
gint64           gw_chart_data_get_main_thread_usec (guint64 *rows);

G_END_DECLS
