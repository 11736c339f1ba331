/* gw-queue-model.h: the cases of a queue, filtered and sorted, kept up to date
 * one case at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case.h"

G_BEGIN_DECLS

typedef gboolean (*GwQueueFilterFunc) (GwCase   *gw_case,
                                       gpointer  user_data);

#define GW_TYPE_QUEUE_MODEL (gw_queue_model_get_type ())
G_DECLARE_FINAL_TYPE (GwQueueModel, gw_queue_model, GW, QUEUE_MODEL, GObject)

/* A GListModel of the GwCase of @source that pass @filter, in @compare's order.
 * A changed case moves with one removal and one insertion (O(log n)), never a
 * re-sort, so a view rebinds two rows, not the range between them. */
GwQueueModel *gw_queue_model_new      (GListModel        *source,
                                       GwQueueFilterFunc  filter,
                                       GCompareDataFunc   compare,
                                       gpointer           user_data);
/* The filter's answer changed for any case: filter and sort everything again. */
void          gw_queue_model_refilter (GwQueueModel      *self);
/* The position of @gw_case, or GTK_INVALID_LIST_POSITION's value (G_MAXUINT). */
guint         gw_queue_model_find     (GwQueueModel      *self,
                                       GwCase            *gw_case);

G_END_DECLS
