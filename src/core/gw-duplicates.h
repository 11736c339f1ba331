/* gw-duplicates.h: likely duplicate cases (same type, within 50 m and 24 hours)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cases are hashed by type and a cell of about 50 m, so checking one case
 * looks at the few cases of its own and neighbouring cells: O(1) on average,
 * not O(n), whatever the size of the store.
 */
#pragma once

#include <gio/gio.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_DUPLICATE_RADIUS_M  50.0
#define GW_DUPLICATE_WINDOW    (24 * G_TIME_SPAN_HOUR)

/* Great-circle (haversine) distance in metres on a sphere of 6,371,008.8 m. */
double         gw_distance_m            (double       lat1,
                                         double       lon1,
                                         double       lat2,
                                         double       lon2);

#define GW_TYPE_DUPLICATES (gw_duplicates_get_type ())
G_DECLARE_FINAL_TYPE (GwDuplicates, gw_duplicates, GW, DUPLICATES, GObject)

/* @cases (nullable): a GListModel of GwCase to follow (the case store): its
 * additions are indexed as they come, the cases a change removes (a prune,
 * a snapshot reload) leave the index. */
GwDuplicates  *gw_duplicates_new        (GListModel  *cases);

void           gw_duplicates_add        (GwDuplicates *self,
                                         GwCase       *kase);
void           gw_duplicates_remove     (GwDuplicates *self,
                                         GwCase       *kase);

/* The open cases other than @kase of its service_code within
 * GW_DUPLICATE_RADIUS_M and reported within GW_DUPLICATE_WINDOW of it,
 * nearest first. (transfer full) (element-type GwCase) */
GPtrArray     *gw_duplicates_find       (GwDuplicates *self,
                                         GwCase       *kase);
/* gw_duplicates_find() is not empty. */
gboolean       gw_duplicates_is_likely  (GwDuplicates *self,
                                         GwCase       *kase);

G_END_DECLS
