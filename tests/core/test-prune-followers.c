/* test-prune-followers.c: the map's records and the charts' mirror across prunes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GwMapCases and GwChartData splice their copies of the store on a prune (the
 * rows after the pruned span move, only the span is read again) where they
 * used to rebuild them. A store of random cases takes rounds of feed batches,
 * a clock that moves by hours to days and the hourly prune, and a snapshot
 * reload now and then; after each round both followers must hold exactly
 * what fresh ones made from the store hold: the same records, and the same
 * chart figures computed from the mirror.
 */
#include "core-test-util.h"
#include "gw-chart-data.h"
#include "gw-map-cases.h"

#define DAY (24 * 3600)
#define N_CASES 3000
#define N_ROUNDS 24

typedef struct
{
  GRand       *rand;
  gint64       clock;
  guint64      sequence;
  guint        n_cases;
  GwCaseStore *store;
} City;

static void
reload (City *city)
{
  g_autoptr(GwSnapshot) snapshot = NULL;

  city->n_cases = N_CASES;
  city->sequence += 10;
  snapshot = core_test_random_snapshot (city->rand, N_CASES, 1000, city->clock, city->sequence);
  gw_case_store_load_snapshot (city->store, snapshot);
}

/* Some new cases, some updates (versions above any held). */
static void
batch (City *city)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 40; i++)
    {
      gboolean fresh = g_rand_int_range (city->rand, 0, 3) == 0;
      guint n = fresh ? city->n_cases++ : (guint) g_rand_int_range (city->rand, 0, city->n_cases);

      g_autofree char *the_case = core_test_random_case (city->rand, n, 2000 + city->sequence,
                                                         city->clock);

      g_ptr_array_add (texts, core_test_case_event_of (++city->sequence, "updated", the_case));
    }
  g_ptr_array_add (texts, NULL);
  core_test_apply (city->store, (const char **) texts->pdata);
}

static void
assert_same_records (GwMapCases  *followed,
                     GwCaseStore *store)
{
  g_autoptr(GwMapCases) fresh = gw_map_cases_new ();
  guint n;

  gw_map_cases_set_store (fresh, store);
  n = gw_map_cases_get_n_cases (fresh);
  g_assert_cmpuint (gw_map_cases_get_n_cases (followed), ==, n);
  g_assert_cmpmem (gw_map_cases_get_cases (followed), n * sizeof (GwMapCase),
                   gw_map_cases_get_cases (fresh), n * sizeof (GwMapCase));
}

/* The figures from the mirror as it is now. */
static GwChartSnapshot *
compute (GwChartData *data,
         GDateTime   *now)
{
  guint n = gw_chart_data_get_n_computed (data);

  gw_chart_data_set_now (data, now);
  while (gw_chart_data_is_busy (data) || gw_chart_data_get_n_computed (data) == n)
    g_main_context_iteration (NULL, TRUE);
  return gw_chart_snapshot_ref (gw_chart_data_get_snapshot (data));
}

static void
assert_same_charts (GwChartData *followed,
                    GwCaseStore *store,
                    GDateTime   *now)
{
  g_autoptr(GwChartData) fresh = gw_chart_data_new (store);
  g_autoptr(GwChartSnapshot) a = NULL;
  g_autoptr(GwChartSnapshot) b = NULL;

  gw_chart_data_set_interval (fresh, 0);
  a = compute (followed, now);
  b = compute (fresh, now);
  g_assert_cmpuint (a->n_cases, ==, b->n_cases);
  core_test_assert_figures_equal (&a->figures, &b->figures);
  g_assert_cmpmem (a->per_category, sizeof a->per_category,
                   b->per_category, sizeof b->per_category);
  g_assert_cmpmem (a->per_category_open, sizeof a->per_category_open,
                   b->per_category_open, sizeof b->per_category_open);
  g_assert_cmpmem (a->hours, sizeof a->hours, b->hours, sizeof b->hours);
  g_assert_cmpmem (a->days, sizeof a->days, b->days, sizeof b->days);
  g_assert_cmpmem (a->channels, sizeof a->channels, b->channels, sizeof b->channels);
  g_assert_cmpuint (a->n_departments, ==, b->n_departments);
  for (guint i = 0; i < a->n_departments; i++)
    {
      g_assert_cmpstr (a->departments[i].code, ==, b->departments[i].code);
      g_assert_cmpuint (a->departments[i].open, ==, b->departments[i].open);
      g_assert_cmpuint (a->departments[i].overdue, ==, b->departments[i].overdue);
      g_assert_cmpuint (a->departments[i].done, ==, b->departments[i].done);
    }
  g_assert_cmpuint (a->n_grids, ==, b->n_grids);
  for (guint i = 0; i < a->n_grids; i++)
    {
      g_assert_cmpstr (a->grids[i].code, ==, b->grids[i].code);
      g_assert_cmpuint (a->grids[i].reports, ==, b->grids[i].reports);
    }
}

static void
test_rounds (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1842);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwMapCases) records = gw_map_cases_new ();
  g_autoptr(GwChartData) charts = NULL;
  City city = { rand, 1795132800, 0, 0, store };
  guint pruned = 0, spliced = 0;

  reload (&city);
  gw_map_cases_set_store (records, store);
  charts = gw_chart_data_new (store);
  gw_chart_data_set_interval (charts, 0);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(GDateTime) before = NULL;
      guint n;

      batch (&city);
      city.clock += g_rand_int_range (rand, 3600, 3 * DAY);
      now = g_date_time_new_from_unix_utc (city.clock);
      before = g_date_time_add (now, -GW_CASE_STORE_CLOSED_KEPT);
      n = gw_case_store_prune_closed (store, before);
      pruned += n;
      spliced += n > 0;
      if (round == N_ROUNDS / 2)
        reload (&city);

      assert_same_records (records, store);
      assert_same_charts (charts, store, now);
    }
  /* The rounds pruned, many times, and not everything. */
  g_assert_cmpuint (spliced, >=, N_ROUNDS / 2);
  g_assert_cmpuint (pruned, >, 500);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/prune/followers/map-and-charts", test_rounds);
  return g_test_run ();
}
