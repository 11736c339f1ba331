/* gw-report-data.h: the figures of a weekly or monthly report (周报, 月报)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"
#include "gw-grid-set.h"
#include "gw-stats.h"

G_BEGIN_DECLS

typedef enum
{
  GW_REPORT_WEEK,   /* the 7 days before today (UTC+8) */
  GW_REPORT_MONTH,  /* the 30 days before today */
} GwReportPeriod;

gboolean gw_report_period_from_string (const char     *name,
                                       GwReportPeriod *out);

/* One line of a table: a district (county) or a department. */
typedef struct
{
  char   *code;
  char   *name;
  guint   accepted;    /* requested in the period */
  guint   done;        /* of those, done (办结) */
  guint   overdue;     /* open and overdue now */
  guint   reviewed;    /* of the period's, with a satisfaction */
  guint   satisfied;   /* of those, 4 or 5 */
  double  hours;       /* mean hours from report to done, -1 when none */
} GwReportRow;

/* The most overdue open cases. */
#define GW_REPORT_N_OVERDUE 15

typedef struct
{
  GwReportPeriod  period;
  gint64          start;          /* Unix seconds, 00:00 UTC+8 */
  gint64          end;            /* exclusive: today's 00:00 UTC+8 */
  gint64          now;
  guint           n_days;
  GwFigures       figures;        /* over the cases requested in the period */
  guint           closed;         /* closed in the period, whenever reported */
  guint           overdue_now;    /* every open case past its deadline now */
  guint          *days;           /* n_days: requested per day */
  guint          *days_previous;  /* n_days: the period before, when known */
  gboolean        days_previous_known;
  guint           per_category[GW_N_CATEGORIES];
  GArray         *districts;      /* GwReportRow, by code */
  GArray         *departments;    /* GwReportRow, by accepted, most first */
  GPtrArray      *overdue;        /* GwCase, the latest first, at most GW_REPORT_N_OVERDUE */
} GwReportData;

/* Computes a report from what @store holds (open cases and those closed in
 * the last 30 days, as the protocol says). @grids names the districts and may
 * be NULL. The period before is counted from the store only where the store
 * holds every case (a week's); a month's needs gw_report_data_set_previous. */
GwReportData *gw_report_data_new  (GwCaseStore    *store,
                                   GwGridSet      *grids,
                                   GwReportPeriod  period,
                                   GDateTime      *now);
void          gw_report_data_free (GwReportData   *self);

/* The centre days of the period before @period's at @now (as many days),
 * to ask the centre for (GET /v1/stats/daily). */
void          gw_report_data_previous_range (GwReportPeriod  period,
                                             GDateTime      *now,
                                             GDate          *first,
                                             GDate          *last);
/* The period before as the centre counts it: @n_days counts from the first
 * day of gw_report_data_previous_range(). */
void          gw_report_data_set_previous   (GwReportData   *self,
                                             const guint    *counts,
                                             guint           n_days);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwReportData, gw_report_data_free)

G_END_DECLS
