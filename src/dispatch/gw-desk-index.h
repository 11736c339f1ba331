/* gw-desk-index.h: what the desk learns from the store in one pass: each
 * department's load, which kinds of department handle each case type, and the
 * usual deadline of each type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"
#include "gw-grid-set.h"

G_BEGIN_DECLS

typedef struct
{
  guint  open;             /* open cases the department holds (main handler) */
  guint  overdue;          /* of those, past their deadline */
  guint  n_handled;        /* cases it resolved in the store's window (30 days) */
  double handled_seconds;  /* their total time from report to resolution */
} GwDepartmentLoad;

/**
 * GwSuggestion:
 * @department: a department of the store
 * @reason: why, in the dispatcher's words ("handles 消防通道堵塞 · 东湖区")
 * @score: higher is better
 */
typedef struct
{
  GwDepartment *department;
  char         *reason;
  double        score;
} GwSuggestion;

typedef struct _GwDeskIndex GwDeskIndex;

GwDeskIndex            *gw_desk_index_new              (void);
void                    gw_desk_index_free             (GwDeskIndex *self);
/* One pass over the store, O(cases). */
void                    gw_desk_index_rebuild          (GwDeskIndex *self,
                                                        GwCaseStore *store);
const GwDepartmentLoad *gw_desk_index_get_load         (GwDeskIndex *self,
                                                        const char  *code);
/* Departments for @gw_case, best first, at most @max (GwSuggestion, owned by the
 * array): kinds that handled this type before (or the category's usual kinds),
 * then the department of that kind whose jurisdiction holds the case's grid, the
 * narrowest first. Cheap: no pass over the cases. */
GPtrArray              *gw_desk_index_suggest          (GwDeskIndex *self,
                                                        GwCaseStore *store,
                                                        GwGridSet   *grids,
                                                        GwCase      *gw_case,
                                                        guint        max);
/* Likely duplicates (same type, within 50 m, reported within 24 h of each other
 * and in the last 24 h), from the last rebuild. */
#define GW_DUPLICATE_METERS 50.0
#define GW_DUPLICATE_WINDOW G_TIME_SPAN_DAY
gboolean                gw_desk_index_is_duplicate     (GwDeskIndex *self,
                                                        GwCase      *gw_case);
/* GwDuplicate (gw-case-detail.h) of @gw_case, nearest first; owned by the array. */
GPtrArray              *gw_desk_index_find_duplicates  (GwDeskIndex *self,
                                                        GwCase      *gw_case);
double                  gw_desk_distance_m             (double       lat1,
                                                        double       lon1,
                                                        double       lat2,
                                                        double       lon2);

/* The usual time allowed for @gw_case's type at its priority (限时). */
GTimeSpan               gw_desk_index_default_deadline (GwDeskIndex *self,
                                                        GwCase      *gw_case);

G_END_DECLS
