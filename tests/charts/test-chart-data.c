/* test-chart-data.c: GwChartData against figures worked out by hand, with a pinned clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Now is 2026-11-21T15:00:00+08:00, so the hour bins start yesterday 16:00
 * (bin 23 is 15:00-16:00 today) and the same hours a week earlier start
 * 2026-11-13 16:00; the day bins start 2026-10-23 (bin 29 is today) and the
 * month before them (the centre's counts, never the store's) starts 2026-09-23.
 *
 * A1 safety grid_app 360102002001003 cg: today 09:00 (hour 17, day 29), open,
 *    deadline 12:00 passed: overdue.
 * A2 safety grid_app 360102002001003 cg: today 14:30 (hour 22, day 29), open.
 * A3 dispute hotline 360102003001001 ga: yesterday 14:00 (hour: none, a day
 *    before the window, day 28), resolved today 10:00 (20 h), closed 11:00, village, satisfaction 5.
 * A4 urban city_management 360103001001001 360103-cg: 11-10 (day 18), resolved
 *    11-15 (120 h) after its 11-12 deadline, county, satisfaction 3.
 * A5 other walk_in 360103001001002, no agency: 10-05 (in no bin: the month
 *    before is the centre's), closed 10-10 with no deadline.
 * A6 environment grid_app 360102002001003, no agency: yesterday 10:00
 *    (hour: none, day 28), reported.
 */
#include <stdio.h>

#include "charts-test-util.h"

typedef struct
{
  GwCaseStore *store;
  GwStats     *stats;
  GwChartData *data;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (CHARTS_TEST_NOW, NULL);

  fixture->store = charts_test_store_new ();
  fixture->stats = gw_stats_new (fixture->store);
  gw_stats_set_now (fixture->stats, now);
  fixture->data = gw_chart_data_new (fixture->store);
  gw_chart_data_set_now (fixture->data, now);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->data);
  g_clear_object (&fixture->stats);
  g_clear_object (&fixture->store);
}

#define wait_snapshot charts_test_wait_snapshot

static void
assert_same_figures (const GwFigures *a,
                     const GwFigures *b)
{
  g_assert_cmpuint (a->total, ==, b->total);
  g_assert_cmpuint (a->open, ==, b->open);
  g_assert_cmpuint (a->accepted_today, ==, b->accepted_today);
  g_assert_cmpuint (a->closed_today, ==, b->closed_today);
  g_assert_cmpuint (a->overdue, ==, b->overdue);
  g_assert_cmpfloat_with_epsilon (a->closure_rate, b->closure_rate, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->satisfaction_rate, b->satisfaction_rate, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->on_time_rate, b->on_time_rate, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->local_share, b->local_share, 1e-9);
}

/* Asserts that @bins are 0 except those named in @spec ("17=1 22=2"). */
static void
assert_bins (const guint *bins,
             guint        n,
             const char  *spec)
{
  g_autofree guint *expected = g_new0 (guint, n);
  g_auto(GStrv) pairs = g_strsplit (spec, " ", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    if (*pairs[i] != '\0')
      {
        guint index, count;

        g_assert_cmpint (sscanf (pairs[i], "%u=%u", &index, &count), ==, 2);
        g_assert_cmpuint (index, <, n);
        expected[index] = count;
      }
  for (guint i = 0; i < n; i++)
    if (bins[i] != expected[i])
      g_error ("bin %u holds %u, expected %u (%s)", i, bins[i], expected[i], spec);
}

static void
test_whole_centre (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GwChartSnapshot *s = wait_snapshot (fixture->data);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (CHARTS_TEST_NOW, NULL);

  g_assert_null (s->area);
  g_assert_cmpint (s->now, ==, g_date_time_to_unix (now));
  g_assert_cmpuint (s->n_cases, ==, 6);
  assert_same_figures (&s->figures, gw_stats_get_figures (fixture->stats));
  g_assert_cmpuint (s->figures.accepted_today, ==, 2);
  g_assert_cmpuint (s->figures.overdue, ==, 1);
  g_assert_cmpuint (s->accepted_yesterday, ==, 2);
  g_assert_cmpuint (s->closed_yesterday, ==, 0);

  g_assert_cmpuint (s->per_category[GW_CATEGORY_SAFETY], ==, 2);
  g_assert_cmpuint (s->per_category_open[GW_CATEGORY_SAFETY], ==, 2);
  g_assert_cmpuint (s->per_category[GW_CATEGORY_DISPUTE], ==, 1);
  g_assert_cmpuint (s->per_category_open[GW_CATEGORY_DISPUTE], ==, 0);
  g_assert_cmpuint (s->per_category[GW_CATEGORY_URBAN], ==, 1);
  g_assert_cmpuint (s->per_category_open[GW_CATEGORY_URBAN], ==, 0);
  g_assert_cmpuint (s->per_category[GW_CATEGORY_ENVIRONMENT], ==, 1);
  g_assert_cmpuint (s->per_category[GW_CATEGORY_OTHER], ==, 1);
  g_assert_cmpuint (s->per_category[GW_CATEGORY_LIVELIHOOD], ==, 0);

  assert_bins (s->hours, GW_CHART_HOURS, "17=1 22=1");
  assert_bins (s->hours_previous, GW_CHART_HOURS, "");
  assert_bins (s->days, GW_CHART_DAYS, "18=1 28=2 29=2");
  /* No centre to ask: the month before is unknown, not counted from the store. */
  g_assert_false (s->days_previous_known);
  assert_bins (s->days_previous, GW_CHART_DAYS, "");
  assert_bins (s->grid_app_days, GW_CHART_DAYS, "28=1 29=2");

  g_assert_cmpuint (s->channels[GW_CHANNEL_GRID_APP], ==, 3);
  g_assert_cmpuint (s->channels[GW_CHANNEL_HOTLINE_12345], ==, 1);
  g_assert_cmpuint (s->channels[GW_CHANNEL_CITY_MANAGEMENT], ==, 1);
  g_assert_cmpuint (s->channels[GW_CHANNEL_WALK_IN], ==, 0);  /* A5 is 47 days old */

  g_assert_cmpuint (s->n_grids, ==, 1);
  g_assert_cmpstr (s->grids[0].code, ==, "360102002001003");
  g_assert_cmpuint (s->grids[0].reports, ==, 3);

  g_assert_cmpuint (s->n_departments, ==, 3);
  g_assert_cmpstr (s->departments[0].code, ==, "360102-cg");
  g_assert_cmpstr (s->departments[0].name, ==, "东湖区城管局");
  g_assert_cmpuint (s->departments[0].open, ==, 2);
  g_assert_cmpuint (s->departments[0].overdue, ==, 1);
  g_assert_cmpuint (s->departments[0].done, ==, 0);
  g_assert_cmpfloat (s->departments[0].avg_hours, <, 0);
  g_assert_cmpstr (s->departments[1].code, ==, "360102-ga");
  g_assert_cmpstr (s->departments[1].name, ==, "360102-ga");  /* not in the store */
  g_assert_cmpuint (s->departments[1].done, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->departments[1].avg_hours, 20.0, 1e-9);
  g_assert_cmpstr (s->departments[2].code, ==, "360103-cg");
  g_assert_cmpfloat_with_epsilon (s->departments[2].avg_hours, 120.0, 1e-9);
}

static void
test_area_county (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GwChartSnapshot *s;
  GwFigures *district;

  gw_chart_data_set_area (fixture->data, "360103");
  s = wait_snapshot (fixture->data);
  district = g_hash_table_lookup (gw_stats_get_by_district (fixture->stats), "360103");

  g_assert_cmpstr (s->area, ==, "360103");
  g_assert_cmpuint (s->n_cases, ==, 2);
  assert_same_figures (&s->figures, district);
  assert_bins (s->days, GW_CHART_DAYS, "18=1");
  g_assert_false (s->days_previous_known);
  assert_bins (s->hours, GW_CHART_HOURS, "");
  g_assert_cmpuint (s->n_departments, ==, 1);
  g_assert_cmpstr (s->departments[0].code, ==, "360103-cg");
  g_assert_cmpuint (s->n_grids, ==, 0);
}

static void
test_area_street_and_grid (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GwChartSnapshot *s;

  /* The street 360102002 holds A1, A2, A6; A3 is in street 360102003. */
  gw_chart_data_set_area (fixture->data, "360102002");
  s = wait_snapshot (fixture->data);
  g_assert_cmpuint (s->n_cases, ==, 3);
  g_assert_cmpuint (s->figures.total, ==, 3);
  g_assert_cmpuint (s->figures.open, ==, 3);
  g_assert_cmpuint (s->figures.accepted_today, ==, 2);
  g_assert_cmpuint (s->figures.overdue, ==, 1);
  g_assert_cmpfloat (s->figures.satisfaction_rate, ==, -1);
  assert_bins (s->hours_previous, GW_CHART_HOURS, "");
  g_assert_cmpuint (s->accepted_yesterday, ==, 1);

  gw_chart_data_set_area (fixture->data, "360102003001001");
  s = wait_snapshot (fixture->data);
  g_assert_cmpuint (s->n_cases, ==, 1);
  g_assert_cmpuint (s->figures.closed_today, ==, 1);
  g_assert_cmpfloat (s->figures.local_share, ==, 1.0);

  gw_chart_data_set_area (fixture->data, NULL);
  s = wait_snapshot (fixture->data);
  g_assert_cmpuint (s->n_cases, ==, 6);
}

static void
test_follows_store (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *base = core_test_case_event (101, "resolved", "A2", 2);
  g_autofree char *resolved = core_test_edit (base,
    "data.case.requested_datetime", "\"2026-11-21T14:30:00+08:00\"",
    "data.case.status_detail", "\"resolved\"",
    "data.case.resolved_datetime", "\"2026-11-21T14:50:00+08:00\"",
    "data.case.resolved_level", "\"town\"", NULL);
  g_autofree char *added = core_test_case_event (102, "reported", "A7", 1);
  const char *texts[] = { resolved, added, NULL };
  GwChartSnapshot *s = wait_snapshot (fixture->data);

  g_assert_cmpuint (s->departments[0].open, ==, 2);
  core_test_apply (fixture->store, texts);
  gw_stats_refresh (fixture->stats);
  s = wait_snapshot (fixture->data);

  g_assert_cmpuint (s->n_cases, ==, 7);
  assert_same_figures (&s->figures, gw_stats_get_figures (fixture->stats));
  /* A2 is done now (20 minutes), A7 (assigned to cg, today 09:00) is open. */
  g_assert_cmpuint (s->departments[0].open, ==, 2);
  g_assert_cmpuint (s->departments[0].done, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->departments[0].avg_hours, 20.0 / 60, 1e-9);
  g_assert_cmpuint (s->per_category_open[GW_CATEGORY_SAFETY], ==, 2);
  g_assert_cmpuint (s->per_category[GW_CATEGORY_SAFETY], ==, 3);
}

/* Many batches in quick succession: few computations, the last one current. */
static void
test_coalesced (Fixture       *fixture,
                gconstpointer  user_data)
{
  GwChartSnapshot *s = wait_snapshot (fixture->data);
  guint before = gw_chart_data_get_n_computed (fixture->data);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("N%u", i);
      g_autofree char *text = core_test_case_event (101 + i, "reported", id, 1);
      const char *texts[] = { text, NULL };

      core_test_apply (fixture->store, texts);
      for (guint k = 0; k < 25; k++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  s = wait_snapshot (fixture->data);
  g_assert_cmpuint (s->n_cases, ==, 46);
  /* At most one start per 500 ms, plus the waits' own. */
  g_assert_cmpuint (gw_chart_data_get_n_computed (fixture->data) - before, <=,
                    (g_get_monotonic_time () - start) / 500000 + 3);
}

/* A case reported at @requested; closed @closed when not NULL. */
static char *
case_at (guint64     sequence,
         const char *id,
         const char *requested,
         const char *closed)
{
  g_autofree char *base = core_test_case_event (sequence, closed ? "closed" : "reported", id, 1);
  g_autofree char *when = g_strdup_printf ("\"%s\"", requested);
  g_autofree char *closed_at = closed ? g_strdup_printf ("\"%s\"", closed) : NULL;

  if (closed == NULL)
    return core_test_edit (base, "data.case.requested_datetime", when,
                           "data.case.updated_datetime", when, NULL);
  return core_test_edit (base, "data.case.requested_datetime", when,
                         "data.case.updated_datetime", closed_at,
                         "data.case.status", "\"closed\"",
                         "data.case.status_detail", "\"closed\"",
                         "data.case.resolved_datetime", closed_at,
                         "data.case.closed_datetime", closed_at, NULL);
}

/* The per-hour faint line is the same 24 hours a week earlier, from
 * 2026-11-13 16:00 to 2026-11-14 16:00: counted from the store, which the
 * 30-day prune leaves whole (it drops only cases closed before its horizon,
 * and a case reported in the week before was closed after that). */
static void
test_hours_week_earlier (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *w1 = case_at (101, "W1", "2026-11-14T09:00:00+08:00", NULL);
  g_autofree char *w2 = case_at (102, "W2", "2026-11-14T15:59:59+08:00",
                                 "2026-11-14T18:00:00+08:00");
  g_autofree char *w3 = case_at (103, "W3", "2026-11-13T16:00:00+08:00",
                                 "2026-11-13T17:00:00+08:00");
  g_autofree char *w4 = case_at (104, "W4", "2026-11-13T15:59:59+08:00", NULL);
  g_autofree char *w5 = case_at (105, "W5", "2026-11-07T09:00:00+08:00", NULL);
  g_autofree char *w6 = case_at (106, "W6", "2026-11-14T09:30:00+08:00",
                                 "2026-11-15T09:00:00+08:00");
  const char *texts[] = { w1, w2, w3, w4, w5, w6, NULL };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (CHARTS_TEST_NOW, NULL);
  g_autoptr(GDateTime) horizon = g_date_time_add (now, -GW_CASE_STORE_CLOSED_KEPT);
  GwChartSnapshot *s;

  g_assert_cmpuint (core_test_apply (fixture->store, texts), ==, 6);
  s = wait_snapshot (fixture->data);
  assert_bins (s->hours, GW_CHART_HOURS, "17=1 22=1");
  assert_bins (s->hours_previous, GW_CHART_HOURS, "0=1 17=2 23=1");

  /* The prune takes A5 (closed 10-10), none of the week's. */
  g_assert_cmpuint (gw_case_store_prune_closed (fixture->store, horizon), ==, 1);
  s = wait_snapshot (fixture->data);
  g_assert_cmpuint (s->n_cases, ==, 11);
  assert_bins (s->hours_previous, GW_CHART_HOURS, "0=1 17=2 23=1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/charts/data/whole-centre", test_whole_centre);
  ADD ("/charts/data/area-county", test_area_county);
  ADD ("/charts/data/area-street-and-grid", test_area_street_and_grid);
  ADD ("/charts/data/follows-store", test_follows_store);
  ADD ("/charts/data/coalesced", test_coalesced);
  ADD ("/charts/data/hours-week-earlier", test_hours_week_earlier);
#undef ADD

  return g_test_run ();
}
