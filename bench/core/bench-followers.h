/* bench-followers.h: the main-thread code that follows a GwCaseStore in the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"

G_BEGIN_DECLS

/* Each listens to the store's items-changed or ::changed on the main thread:
 * GwStats, GwDuplicates (src/core), the map's records (GwMapCases), the
 * charts' mirror (GwChartData), the window's case list (a GtkFilterListModel
 * and GtkSortListModel, as gw-window.c builds it) and the desk's queue
 * (GwQueueModel with the waiting filter). */
enum
{
  BENCH_F_STATS = 1 << 0,
  BENCH_F_DUPLICATES = 1 << 1,
  BENCH_F_MAP = 1 << 2,
  BENCH_F_CHARTS = 1 << 3,
  BENCH_F_LIST = 1 << 4,
  BENCH_F_QUEUE = 1 << 5,
  BENCH_F_ALL = (1 << 6) - 1,
};

/* Attaches the followers of @mask to @store; GwStats at @stats_now (NULL: the
 * real clock). Returns them, to unref when done. */
GPtrArray *bench_followers_attach (GwCaseStore *store,
                                   guint        mask,
                                   GDateTime   *stats_now);

G_END_DECLS
