/* test-chart-history.c: the per-day chart's month before, from the real centre
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clock is pinned to the real now (the centre refuses reports in the
 * future). The day bins start 29 days before today (bin 29 is today); the
 * month before is bin k = the day 59 - k days before today. Cases are reported
 * through the centre's test hook in the two streets of the test grids.
 */
#include <string.h>

#include "charts-test-util.h"
#include "feed-test-util.h"

#define DAY (24 * 3600)
#define OFFSET (8 * 3600)

static GwTestCenter *
start_center (void)
{
  GwTestCenter *center = gw_test_center_new ();
  g_autofree char *grids = g_test_build_filename (G_TEST_DIST, "center", "test-grids.geojson",
                                                  NULL);

  if (center != NULL)
    gw_test_center_start (center, "--rate", "0", "--test-hooks", "--grids", grids,
                          "--seed-cases", "0", NULL);
  return center;
}

static gint64
today_start (gint64 now)
{
  return now - (now + OFFSET) % DAY;
}

/* A case @days_before_today at 10:00 (UTC+8), west or east of 115.92. */
static void
report_on (GwTestCenter *center,
           gint64        now,
           gboolean      west,
           gint64        days_before_today)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (OFFSET);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (today_start (now)
                                                            - days_before_today * DAY
                                                            + 10 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+08:00");
  g_autofree char *id = gw_test_report_case (center, west ? 28.69 : 28.70,
                                             west ? 115.90 : 115.94, when);
}

static void
assert_bins (const guint *bins,
             const char  *spec)
{
  g_autofree guint *expected = g_new0 (guint, GW_CHART_DAYS);
  g_auto(GStrv) pairs = g_strsplit (spec, " ", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      guint64 index = g_ascii_strtoull (pairs[i], NULL, 10);

      g_assert_cmpuint (index, <, GW_CHART_DAYS);
      expected[index] = (guint) g_ascii_strtoull (strchr (pairs[i], '=') + 1, NULL, 10);
    }
  for (guint i = 0; i < GW_CHART_DAYS; i++)
    if (bins[i] != expected[i])
      g_error ("bin %u holds %u, expected %u (%s)", i, bins[i], expected[i], spec);
}

typedef struct
{
  GwChartData *data;
  const char  *area;
  gint64       day_start;
} Wanted;

/* A snapshot of the area and day wanted, with the month before. */
static gboolean
has_month_before (gpointer user_data)
{
  Wanted *wanted = user_data;
  GwChartSnapshot *s = gw_chart_data_get_snapshot (wanted->data);

  return s != NULL && s->days_previous_known && g_strcmp0 (s->area, wanted->area) == 0
         && s->day_start == wanted->day_start && !gw_chart_data_is_busy (wanted->data);
}

static GwChartSnapshot *
wait_month_before (GwChartData *data,
                   const char  *area,
                   gint64       day_start)
{
  Wanted wanted = { data, area, day_start };

  if (!gw_test_wait_for (has_month_before, &wanted, 10000))
    g_error ("no month before for %s: %s", area ? area : "the centre",
             gw_chart_data_get_history_error (data));
  return gw_chart_data_get_snapshot (data);
}

static GwCaseStore *
store_from (GwTestCenter *center)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = gw_test_fetch_snapshot (center->uri, TOKEN_WALL, NULL, &error);
  GwCaseStore *store = gw_case_store_new ();

  g_assert_no_error (error);
  gw_case_store_load_snapshot (store, snapshot);
  return store;
}

static void
test_month_before (void)
{
  g_autoptr(GwTestCenter) center = start_center ();
  g_autoptr(GwCaseStore) store = NULL;
  g_autoptr(GwChartData) data = NULL;
  g_autoptr(GwCenterClient) client = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GError) error = NULL;
  gint64 t = g_date_time_to_unix (now);
  gint64 day_start = today_start (t) - (GW_CHART_DAYS - 1) * DAY;
  GwChartSnapshot *s;

  if (center == NULL)
    return;
  report_on (center, t, TRUE, 60);   /* a day before the month before */
  report_on (center, t, TRUE, 59);   /* its bin 0 */
  report_on (center, t, TRUE, 59);
  report_on (center, t, FALSE, 45);  /* bin 14 */
  report_on (center, t, TRUE, 30);   /* bin 29 */
  report_on (center, t, TRUE, 29);   /* the days' bin 0 */
  store = store_from (center);
  client = gw_center_client_new (center->uri, TOKEN_WALL, NULL, &error);
  g_assert_no_error (error);

  data = gw_chart_data_new (store);
  gw_chart_data_set_interval (data, 50);
  gw_chart_data_set_now (data, now);
  gw_chart_data_set_client (data, client);
  s = wait_month_before (data, NULL, day_start);
  assert_bins (s->days_previous, "0=2 14=1 29=1");
  assert_bins (s->days, "0=1");
  g_assert_cmpuint (gw_chart_data_get_n_history_fetches (data), ==, 1);

  /* An area: asked once, for that area. */
  gw_chart_data_set_area (data, "360102003");
  s = wait_month_before (data, "360102003", day_start);
  assert_bins (s->days_previous, "14=1");
  assert_bins (s->days, "");
  g_assert_cmpuint (gw_chart_data_get_n_history_fetches (data), ==, 2);

  /* Back to the whole centre: cached; new figures do not ask again. */
  gw_chart_data_set_area (data, NULL);
  s = wait_month_before (data, NULL, day_start);
  assert_bins (s->days_previous, "0=2 14=1 29=1");
  for (guint i = 0; i < 3; i++)
    {
      gw_chart_data_set_now (data, now);
      s = charts_test_wait_snapshot (data);
      g_assert_true (s->days_previous_known);
    }
  g_assert_cmpuint (gw_chart_data_get_n_history_fetches (data), ==, 2);

  /* The day turns: the month before moves with it, asked anew. */
  gw_chart_data_set_now (data, tomorrow);
  s = wait_month_before (data, NULL, day_start + DAY);
  assert_bins (s->days_previous, "13=1 28=1 29=1");
  g_assert_cmpuint (gw_chart_data_get_n_history_fetches (data), ==, 3);
  g_assert_cmpuint (gw_chart_data_get_n_history_errors (data), ==, 0);
}

static GwChartData *watched;

static gboolean
has_errors (gpointer user_data)
{
  return gw_chart_data_get_n_history_errors (watched) >= GPOINTER_TO_UINT (user_data)
         && !gw_chart_data_is_busy (watched);
}

/* A centre whose counts are wrong: no month before, said why, counted; the
 * charts carry on, and the same question is not asked again at once. */
static void
test_hostile_centre (void)
{
  g_autoptr(GwTestLiar) liar = gw_test_liar_new ();
  g_autoptr(GwCaseStore) store = charts_test_store_new ();
  g_autoptr(GwChartData) data = gw_chart_data_new (store);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (CHARTS_TEST_NOW, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCenterClient) client = gw_center_client_new (liar->uri, TOKEN_WALL, NULL, &error);
  GwChartSnapshot *s;

  g_assert_no_error (error);
  gw_test_liar_set (liar, 200, "application/json",
                    g_strdup ("{\"from\":\"2026-09-23\",\"to\":\"2026-10-22\",\"area\":null,"
                              "\"days\":[{\"date\":\"1999-01-01\",\"reported\":5}]}"));
  gw_chart_data_set_interval (data, 50);
  gw_chart_data_set_now (data, now);
  gw_chart_data_set_client (data, client);
  watched = data;
  g_assert_true (gw_test_wait_for (has_errors, GUINT_TO_POINTER (1), 10000));
  g_assert_nonnull (strstr (gw_chart_data_get_history_error (data), "GET /v1/stats/daily"));
  g_assert_nonnull (strstr (gw_chart_data_get_history_error (data), "30 days"));
  s = gw_chart_data_get_snapshot (data);
  g_assert_false (s->days_previous_known);
  g_assert_cmpuint (s->n_cases, ==, 6);
  g_assert_cmpuint (s->days[29], ==, 2);

  gw_chart_data_set_now (data, now);
  s = charts_test_wait_snapshot (data);
  g_assert_false (s->days_previous_known);
  g_assert_cmpuint (liar->n_requests, ==, 1);

  /* Another area is another question: asked, refused, counted. */
  gw_test_liar_set (liar, 500, "text/html", g_strdup ("<h1>oops</h1>"));
  gw_chart_data_set_area (data, "360102");
  g_assert_true (gw_test_wait_for (has_errors, GUINT_TO_POINTER (2), 10000));
  g_assert_cmpuint (liar->n_requests, ==, 2);
  g_assert_nonnull (strstr (gw_chart_data_get_history_error (data), "500"));
  s = gw_chart_data_get_snapshot (data);
  g_assert_cmpstr (s->area, ==, "360102");
  g_assert_false (s->days_previous_known);
  g_assert_cmpuint (s->n_cases, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/charts/history/month-before", test_month_before);
  g_test_add_func ("/charts/history/hostile-centre", test_hostile_centre);

  return g_test_run ();
}
