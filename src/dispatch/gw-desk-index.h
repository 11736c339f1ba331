/* gw-desk-index.h: each department's load, counted from the store in one pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  open;             /* open cases the department holds (main handler) */
  guint  overdue;          /* of those, past their deadline */
  guint  n_handled;        /* cases it resolved in the store's window (30 days) */
  double handled_seconds;  /* their total time from report to resolution */
} GwDepartmentLoad;

typedef struct _GwDeskIndex GwDeskIndex;

GwDeskIndex            *gw_desk_index_new      (void);
void                    gw_desk_index_free     (GwDeskIndex *self);
/* One pass over the store, O(cases). */
void                    gw_desk_index_rebuild  (GwDeskIndex *self,
                                                GwCaseStore *store);
const GwDepartmentLoad *gw_desk_index_get_load (GwDeskIndex *self,
                                                const char  *code);

G_END_DECLS
