/* bench-followers.c: the main-thread code that follows a GwCaseStore in the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "bench-followers.h"
#include "gw-chart-data.h"
#include "gw-desk-util.h"
#include "gw-duplicates.h"
#include "gw-map-cases.h"
#include "gw-queue-model.h"
#include "gw-stats.h"

static gboolean
waiting (GwCase  *gw_case,
         gpointer user_data)
{
  return gw_desk_case_is_waiting (gw_case);
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  int order = g_date_time_compare (gw_case_get_requested ((GwCase *) b),
                                   gw_case_get_requested ((GwCase *) a));

  return order ? order : g_strcmp0 (gw_case_get_id ((GwCase *) b), gw_case_get_id ((GwCase *) a));
}

static GListModel *
case_list_new (GwCaseStore *store)
{
  GtkFilterListModel *filter = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                                          NULL);
  GtkCustomSorter *sorter = gtk_custom_sorter_new (newest_first, NULL, NULL);

  return G_LIST_MODEL (gtk_sort_list_model_new (G_LIST_MODEL (filter), GTK_SORTER (sorter)));
}

GPtrArray *
bench_followers_attach (GwCaseStore *store,
                        guint        mask,
                        GDateTime   *stats_now)
{
  GPtrArray *o = g_ptr_array_new_with_free_func (g_object_unref);

  if (mask & BENCH_F_STATS)
    {
      GwStats *stats = gw_stats_new (store);

      if (stats_now != NULL)
        gw_stats_set_now (stats, stats_now);
      g_ptr_array_add (o, stats);
    }
  if (mask & BENCH_F_DUPLICATES)
    g_ptr_array_add (o, gw_duplicates_new (G_LIST_MODEL (store)));
  if (mask & BENCH_F_MAP)
    {
      GwMapCases *cases = gw_map_cases_new ();

      gw_map_cases_set_store (cases, store);
      g_ptr_array_add (o, cases);
    }
  if (mask & BENCH_F_CHARTS)
    g_ptr_array_add (o, gw_chart_data_new (store));
  if (mask & BENCH_F_LIST)
    g_ptr_array_add (o, case_list_new (store));
  if (mask & BENCH_F_QUEUE)
    g_ptr_array_add (o, gw_queue_model_new (G_LIST_MODEL (store), waiting, newest_first, NULL));
  return o;
}
