/* test-stats.c: GwStats against figures worked out by hand, with a pinned clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Now is 2026-11-21T15:00:00+08:00. The six cases (see the table in each
 * definition) were worked through on paper; the comments give the reasoning.
 */
#include "core-test-util.h"
#include "gw-stats.h"

#define NOW "2026-11-21T15:00:00+08:00"

/* C1 safety 360102 cg: today 09:00, open, assigned, deadline 12:00 passed: overdue.
 * C2 dispute 360103 ga: yesterday 23:30+08, open, in progress, deadline tomorrow.
 * C3 safety 360102 cg: 2026-11-20T16:30Z = today 00:30+08 (the UTC+8 day), closed today
 *    11:00, resolved 10:00 before its 12:00 deadline, village, satisfaction 5.
 * C4 urban 360102 cg: 11-10, open but resolved 11-15 after its 11-12 deadline, county,
 *    satisfaction 3.
 * C5 urban 360103 (no agency): 10-01 (older than 30 days), closed 10-05 without a
 *    resolution time or deadline, town, satisfaction 4.
 * C6 other 360104 (no agency): today 14:59:59, reported, no deadline. */
static char *
dataset (void)
{
  g_autofree char *base1 = core_test_case_json ("C1", 1);
  g_autofree char *c1 = core_test_edit (base1,
    "expected_datetime", "\"2026-11-21T12:00:00+08:00\"", NULL);
  g_autofree char *base2 = core_test_case_json ("C2", 1);
  g_autofree char *c2 = core_test_edit (base2,
    "category", "\"dispute\"", "grid_code", "\"360103001001001\"",
    "agency_responsible", "\"360103-ga\"", "status_detail", "\"in_progress\"",
    "requested_datetime", "\"2026-11-20T23:30:00+08:00\"",
    "expected_datetime", "\"2026-11-22T09:00:00+08:00\"", NULL);
  g_autofree char *base3 = core_test_case_json ("C3", 1);
  g_autofree char *c3 = core_test_edit (base3,
    "status", "\"closed\"", "status_detail", "\"closed\"",
    "requested_datetime", "\"2026-11-20T16:30:00Z\"",
    "expected_datetime", "\"2026-11-21T12:00:00+08:00\"",
    "resolved_datetime", "\"2026-11-21T10:00:00+08:00\"",
    "closed_datetime", "\"2026-11-21T11:00:00+08:00\"",
    "resolved_level", "\"village\"", "satisfaction", "5", NULL);
  g_autofree char *base4 = core_test_case_json ("C4", 1);
  g_autofree char *c4 = core_test_edit (base4,
    "category", "\"urban\"", "status_detail", "\"resolved\"",
    "requested_datetime", "\"2026-11-10T10:00:00+08:00\"",
    "expected_datetime", "\"2026-11-12T10:00:00+08:00\"",
    "resolved_datetime", "\"2026-11-15T10:00:00+08:00\"",
    "resolved_level", "\"county\"", "satisfaction", "3", NULL);
  g_autofree char *base5 = core_test_case_json ("C5", 1);
  g_autofree char *c5 = core_test_edit (base5,
    "category", "\"urban\"", "grid_code", "\"360103001001002\"",
    "agency_responsible", "null", "status", "\"closed\"", "status_detail", "\"closed\"",
    "requested_datetime", "\"2026-10-01T10:00:00+08:00\"", "expected_datetime", "null",
    "closed_datetime", "\"2026-10-05T10:00:00+08:00\"",
    "resolved_level", "\"town\"", "satisfaction", "4", NULL);
  g_autofree char *base6 = core_test_case_json ("C6", 1);
  g_autofree char *c6 = core_test_edit (base6,
    "category", "\"other\"", "grid_code", "\"360104001001001\"",
    "agency_responsible", "null", "status_detail", "\"reported\"",
    "requested_datetime", "\"2026-11-21T14:59:59+08:00\"", "expected_datetime", "null",
    NULL);
  g_autofree char *cases = g_strdup_printf ("[%s,%s,%s,%s,%s,%s]", c1, c2, c3, c4, c5, c6);

  return core_test_snapshot_json (100, cases, "[]");
}

static void
assert_figures (const GwFigures *f,
                guint total, guint open, guint accepted_today, guint closed_today,
                guint overdue, double closure, double satisfaction, double on_time,
                double local)
{
  g_assert_nonnull (f);
  g_assert_cmpuint (f->total, ==, total);
  g_assert_cmpuint (f->open, ==, open);
  g_assert_cmpuint (f->accepted_today, ==, accepted_today);
  g_assert_cmpuint (f->closed_today, ==, closed_today);
  g_assert_cmpuint (f->overdue, ==, overdue);
  g_assert_cmpfloat_with_epsilon (f->closure_rate, closure, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->satisfaction_rate, satisfaction, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->on_time_rate, on_time, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->local_share, local, 1e-9);
}

static void
count (GwStats *stats,
       guint   *n)
{
  (*n)++;
}

typedef struct
{
  GwCaseStore *store;
  GwStats     *stats;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *json = dataset ();
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);

  fixture->store = gw_case_store_new ();
  fixture->stats = gw_stats_new (fixture->store);
  gw_stats_set_now (fixture->stats, now);
  gw_case_store_load_snapshot (fixture->store, snapshot);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->stats);
  g_clear_object (&fixture->store);
}

static void
test_overall (Fixture       *fixture,
              gconstpointer  data)
{
  /* open: C1 C2 C4 C6. today: C1 C3 C6 (C2 is yesterday in UTC+8, though
   * today in UTC). closed today: C3. overdue: C1. recent (30 days): all but C5,
   * done among them C3 C4: 2/5. reviewed C3 C4 C5, satisfied C3 C5: 2/3. done
   * with deadline: C3 on time, C4 late: 1/2. with level: C3 village, C4 county,
   * C5 town: 2/3. */
  assert_figures (gw_stats_get_figures (fixture->stats),
                  6, 4, 3, 1, 1, 2.0 / 5, 2.0 / 3, 1.0 / 2, 2.0 / 3);
}

static void
test_by_category (Fixture       *fixture,
                  gconstpointer  data)
{
  assert_figures (gw_stats_get_for_category (fixture->stats, GW_CATEGORY_SAFETY),
                  2, 1, 2, 1, 1, 1.0 / 2, 1, 1, 1);
  assert_figures (gw_stats_get_for_category (fixture->stats, GW_CATEGORY_URBAN),
                  2, 1, 0, 0, 0, 1, 1.0 / 2, 0, 1.0 / 2);
  assert_figures (gw_stats_get_for_category (fixture->stats, GW_CATEGORY_DISPUTE),
                  1, 1, 0, 0, 0, 0, -1, -1, -1);
  assert_figures (gw_stats_get_for_category (fixture->stats, GW_CATEGORY_OTHER),
                  1, 1, 1, 0, 0, 0, -1, -1, -1);
  assert_figures (gw_stats_get_for_category (fixture->stats, GW_CATEGORY_ENVIRONMENT),
                  0, 0, 0, 0, 0, -1, -1, -1, -1);
}

static void
test_by_district_and_department (Fixture       *fixture,
                                 gconstpointer  data)
{
  GHashTable *districts = gw_stats_get_by_district (fixture->stats);
  GHashTable *departments = gw_stats_get_by_department (fixture->stats);

  g_assert_cmpuint (g_hash_table_size (districts), ==, 3);
  /* 360102: C1 C3 C4 */
  assert_figures (g_hash_table_lookup (districts, "360102"),
                  3, 2, 2, 1, 1, 2.0 / 3, 1.0 / 2, 1.0 / 2, 1.0 / 2);
  /* 360103: C2 C5 (C5 is too old for the closure rate) */
  assert_figures (g_hash_table_lookup (districts, "360103"),
                  2, 1, 0, 0, 0, 0, 1, -1, 1);
  assert_figures (g_hash_table_lookup (districts, "360104"),
                  1, 1, 1, 0, 0, 0, -1, -1, -1);

  /* C5 and C6 have no agency */
  g_assert_cmpuint (g_hash_table_size (departments), ==, 2);
  assert_figures (g_hash_table_lookup (departments, "360102-cg"),
                  3, 2, 2, 1, 1, 2.0 / 3, 1.0 / 2, 1.0 / 2, 1.0 / 2);
  assert_figures (g_hash_table_lookup (departments, "360103-ga"),
                  1, 1, 0, 0, 0, 0, -1, -1, -1);
}

/* A batch that resolves C1 recomputes once: C1 is no longer overdue, and it
 * is done on the deadline's day but after it. */
static void
test_follows_store (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *base = core_test_case_event (101, "resolved", "C1", 2);
  g_autofree char *text = core_test_edit (base,
    "data.case.status_detail", "\"resolved\"",
    "data.case.expected_datetime", "\"2026-11-21T12:00:00+08:00\"",
    "data.case.resolved_datetime", "\"2026-11-21T14:00:00+08:00\"",
    "data.case.resolved_level", "\"town\"", NULL);
  const char *texts[] = { text, NULL };
  guint n_changed = 0;

  g_signal_connect (fixture->stats, "changed", G_CALLBACK (count), &n_changed);
  core_test_apply (fixture->store, texts);

  g_assert_cmpuint (n_changed, ==, 1);
  /* done recent: C1 C3 C4 of 5; on time: C3 of C1 C3 C4; local: C1 C3 C5 of 4 */
  assert_figures (gw_stats_get_figures (fixture->stats),
                  6, 4, 3, 1, 0, 3.0 / 5, 2.0 / 3, 1.0 / 3, 3.0 / 4);
}

/* The day turns at midnight UTC+8, not UTC. */
static void
test_day_boundary (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 ("2026-11-21T15:59:59Z", NULL);
  g_autoptr(GDateTime) after = g_date_time_new_from_iso8601 ("2026-11-21T16:00:00Z", NULL);

  gw_stats_set_now (fixture->stats, before);  /* 23:59:59+08: still the 21st */
  g_assert_cmpuint (gw_stats_get_figures (fixture->stats)->accepted_today, ==, 3);
  gw_stats_set_now (fixture->stats, after);   /* 00:00+08 on the 22nd */
  g_assert_cmpuint (gw_stats_get_figures (fixture->stats)->accepted_today, ==, 0);
  g_assert_cmpuint (gw_stats_get_figures (fixture->stats)->closed_today, ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwStats) stats = gw_stats_new (store);

  assert_figures (gw_stats_get_figures (stats), 0, 0, 0, 0, 0, -1, -1, -1, -1);
  g_assert_cmpuint (g_hash_table_size (gw_stats_get_by_district (stats)), ==, 0);
  gw_stats_set_now (stats, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/stats/overall", test_overall);
  ADD ("/core/stats/by-category", test_by_category);
  ADD ("/core/stats/by-district-and-department", test_by_district_and_department);
  ADD ("/core/stats/follows-store", test_follows_store);
  ADD ("/core/stats/day-boundary", test_day_boundary);
  g_test_add_func ("/core/stats/empty", test_empty);
  return g_test_run ();
}
