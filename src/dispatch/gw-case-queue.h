/* gw-case-queue.h: the desk's queue of cases to act on, most urgent first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-card.h"
#include "gw-case-store.h"
#include "gw-grid-set.h"

G_BEGIN_DECLS

/**
 * GwQueueView:
 * @GW_QUEUE_VIEW_WAITING: reported, accepted or returned: waiting for assignment
 * @GW_QUEUE_VIEW_RETURNED: returned by a department (退单)
 * @GW_QUEUE_VIEW_EXTENSION: extended (延期) and awaiting a decision
 * @GW_QUEUE_VIEW_OVERDUE: open and past the deadline
 * @GW_QUEUE_VIEW_RESOLVED: resolved or reviewed, to verify and close
 * @GW_QUEUE_VIEW_OPEN: every open case
 */
typedef enum
{
  GW_QUEUE_VIEW_WAITING,
  GW_QUEUE_VIEW_RETURNED,
  GW_QUEUE_VIEW_EXTENSION,
  GW_QUEUE_VIEW_OVERDUE,
  GW_QUEUE_VIEW_RESOLVED,
  GW_QUEUE_VIEW_OPEN,
  GW_N_QUEUE_VIEWS
} GwQueueView;

/* What the desk says about a case on its card (pending, conflict...). */
typedef GwCardState (*GwCaseStateFunc) (GwCase     *gw_case,
                                        const char **text,
                                        gboolean    *duplicate,
                                        gpointer     user_data);

#define GW_TYPE_CASE_QUEUE (gw_case_queue_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseQueue, gw_case_queue, GW, CASE_QUEUE, GtkWidget)

GtkWidget  *gw_case_queue_new             (GwCaseStore     *store);
void        gw_case_queue_set_grids       (GwCaseQueue     *self,
                                           GwGridSet       *grids);
void        gw_case_queue_set_state_func  (GwCaseQueue     *self,
                                           GwCaseStateFunc  func,
                                           gpointer         user_data);
/* Asks the state func again for the card of @case_id, if it is shown. */
void        gw_case_queue_refresh_case    (GwCaseQueue     *self,
                                           const char      *case_id);
/* Cards can be dragged onto departments (not on the wall). */
void        gw_case_queue_set_draggable   (GwCaseQueue     *self,
                                           gboolean         draggable);
void        gw_case_queue_set_view        (GwCaseQueue     *self,
                                           GwQueueView      view);
GwCase     *gw_case_queue_get_selected    (GwCaseQueue     *self);
/* Selects @gw_case if the queue shows it; returns whether it does. */
gboolean    gw_case_queue_select          (GwCaseQueue     *self,
                                           GwCase          *gw_case);
void        gw_case_queue_focus_search    (GwCaseQueue     *self);
void        gw_case_queue_focus_list      (GwCaseQueue     *self);
/* The shown cases, in order (a GListModel of GwCase). */
GListModel *gw_case_queue_get_model       (GwCaseQueue     *self);
/* The card of @case_id if it is realised (on screen or near it), else NULL. */
GwCaseCard *gw_case_queue_find_card       (GwCaseQueue     *self,
                                           const char      *case_id);

G_END_DECLS
