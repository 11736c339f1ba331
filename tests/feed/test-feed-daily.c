/* test-feed-daily.c: GET /v1/stats/daily, on the reference centre and through
 * GwCenterClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cases are reported through the test hook on known days, some more than 30
 * days ago (before the snapshot's window), in the two streets of the test
 * grids: 360102002 (west of 115.92) and 360102003 (east of it). Days are the
 * centre's, UTC+8.
 */
#include <string.h>

#include "feed-test-util.h"

#define DAY (24 * 3600)
#define OFFSET (8 * 3600)
#define WEST_LAT 28.69    /* grid 360102002001002 */
#define WEST_LON 115.90
#define EAST_LAT 28.70    /* grid 360102003001002 */
#define EAST_LON 115.94

static char *
grids_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "center", "test-grids.geojson", NULL);
}

static GwTestCenter *
start_center (const char *seed_cases)
{
  GwTestCenter *center = gw_test_center_new ();
  g_autofree char *grids = grids_path ();

  if (center != NULL)
    gw_test_center_start (center, "--rate", "0", "--test-hooks", "--grids", grids,
                          "--seed-cases", seed_cases, "--seed", "4", NULL);
  return center;
}

/* 00:00 UTC+8 of today, in Unix seconds. */
static gint64
today_start (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return now - (now + OFFSET) % DAY;
}

static char *
format_local (gint64      t,
              const char *format)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (OFFSET);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, format);
}

static char *
day_text (gint64 days_before_today)
{
  return format_local (today_start () - days_before_today * DAY, "%Y-%m-%d");
}

static void
date_of (GDate  *date,
         gint64  days_before_today)
{
  g_autofree char *text = day_text (days_before_today);

  g_date_clear (date, 1);
  g_date_set_parse (date, text);
  g_assert_true (g_date_valid (date));
}

/* Reports a case @days_before_today at @seconds past midnight (UTC+8). */
static void
report_on (GwTestCenter *center,
           gboolean      west,
           gint64        days_before_today,
           gint64        seconds)
{
  gint64 t = today_start () - days_before_today * DAY + seconds;
  g_autofree char *when = format_local (t, "%Y-%m-%dT%H:%M:%S+08:00");
  g_autofree char *id = gw_test_report_case (center, west ? WEST_LAT : EAST_LAT,
                                             west ? WEST_LON : EAST_LON, when);
}

static JsonObject *
get_daily (GwTestCenter *center,
           const char   *query,
           const char   *token,
           guint         expected_status)
{
  g_autofree char *path = g_strconcat ("v1/stats/daily", query, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint status;

  body = gw_test_http (center->uri, "GET", path, token, NULL, &status);
  if (status != expected_status)
    g_error ("GET /%s: %u, expected %u: %.*s", path, status, expected_status,
             (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
  root = json_from_string (text = g_strndup (g_bytes_get_data (body, NULL),
                                           g_bytes_get_size (body)), NULL);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The counts of the reply of ?from=(today - @first)&to=(today - @last)[&area=]. */
static GArray *
daily_counts (GwTestCenter *center,
              gint64        first,
              gint64        last,
              const char   *area)
{
  g_autofree char *from = day_text (first), *to = day_text (last);
  g_autofree char *query = g_strdup_printf ("?from=%s&to=%s%s%s", from, to,
                                            area ? "&area=" : "", area ? area : "");
  g_autoptr(JsonObject) reply = get_daily (center, query, TOKEN_WALL, 200);
  JsonArray *days = json_object_get_array_member (reply, "days");
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (guint));

  g_assert_cmpstr (json_object_get_string_member (reply, "from"), ==, from);
  g_assert_cmpstr (json_object_get_string_member (reply, "to"), ==, to);
  if (area != NULL)
    g_assert_cmpstr (json_object_get_string_member (reply, "area"), ==, area);
  else
    g_assert_true (json_object_get_null_member (reply, "area"));
  g_assert_cmpuint (json_array_get_length (days), ==, first - last + 1);
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);
      g_autofree char *date = day_text (first - i);
      guint count = (guint) json_object_get_int_member (day, "reported");

      g_assert_cmpstr (json_object_get_string_member (day, "date"), ==, date);
      g_array_append_val (counts, count);
    }
  return counts;
}

/* @counts (from @first days before today) are 0 but for "days_before=count". */
static void
assert_counts (GArray     *counts,
               gint64      first,
               const char *spec)
{
  g_auto(GStrv) pairs = g_strsplit (spec, " ", -1);
  g_autofree guint *expected = g_new0 (guint, counts->len);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      gint64 before = g_ascii_strtoll (pairs[i], NULL, 10);
      const char *equals = strchr (pairs[i], '=');

      g_assert_nonnull (equals);
      g_assert_cmpint (first - before, >=, 0);
      expected[first - before] = (guint) g_ascii_strtoull (equals + 1, NULL, 10);
    }
  for (guint i = 0; i < counts->len; i++)
    if (g_array_index (counts, guint, i) != expected[i])
      g_error ("%" G_GINT64_FORMAT " days ago: %u cases, expected %u (%s)", first - i,
               g_array_index (counts, guint, i), expected[i], spec);
}

static void
report_known_days (GwTestCenter *center)
{
  report_on (center, TRUE, 40, 10 * 3600);
  report_on (center, TRUE, 40, 10 * 3600 + 60);
  report_on (center, TRUE, 40, DAY - 1);      /* the day's last second */
  report_on (center, TRUE, 39, 0);            /* the next day's first */
  report_on (center, FALSE, 35, 12 * 3600);
  report_on (center, FALSE, 31, 3 * 3600);
  report_on (center, TRUE, 1, 8 * 3600);
  report_on (center, FALSE, 61, 8 * 3600);    /* outside the ranges asked */
}

static void
test_counts (void)
{
  g_autoptr(GwTestCenter) center = start_center ("0");
  g_autoptr(GArray) all = NULL, west = NULL, east = NULL, grid = NULL, county = NULL;

  if (center == NULL)
    return;
  report_known_days (center);

  all = daily_counts (center, 45, 0, NULL);
  assert_counts (all, 45, "40=3 39=1 35=1 31=1 1=1");
  west = daily_counts (center, 45, 0, "360102002");
  assert_counts (west, 45, "40=3 39=1 1=1");
  east = daily_counts (center, 45, 0, "360102003");
  assert_counts (east, 45, "35=1 31=1");
  grid = daily_counts (center, 41, 30, "360102003001002");
  assert_counts (grid, 41, "35=1 31=1");
  county = daily_counts (center, 62, 1, "360102");
  assert_counts (county, 62, "61=1 40=3 39=1 35=1 31=1 1=1");

  /* Counts stay with the day a case was reported, whatever it became. */
  gw_test_center_stop (center);
  gw_test_center_start (center, "--rate", "0", "--test-hooks", NULL);
  g_clear_pointer (&all, g_array_unref);
  all = daily_counts (center, 45, 0, NULL);
  assert_counts (all, 45, "40=3 39=1 35=1 31=1 1=1");
}

/* --seed-cases N: the 30 days of cases, and before them the archive's counts
 * at the same rate, so the month before the snapshot's has its figures. */
static void
test_seeded_history (void)
{
  g_autoptr(GwTestCenter) center = start_center ("600");
  g_autoptr(GArray) month_before = NULL, west = NULL, east = NULL;
  guint total = 0, total_west = 0, total_east = 0;

  if (center == NULL)
    return;
  month_before = daily_counts (center, 60, 31, NULL);
  west = daily_counts (center, 60, 31, "360102002");
  east = daily_counts (center, 60, 31, "360102003");
  for (guint i = 0; i < month_before->len; i++)
    {
      total += g_array_index (month_before, guint, i);
      total_west += g_array_index (west, guint, i);
      total_east += g_array_index (east, guint, i);
      /* 20 a day on average: none is empty. */
      g_assert_cmpuint (g_array_index (month_before, guint, i), >, 0);
    }
  /* 600 cases in 30 days, the same rate before. */
  g_assert_cmpuint (total, >, 500);
  g_assert_cmpuint (total, <, 700);
  g_assert_cmpuint (total_west + total_east, ==, total);
  g_assert_cmpuint (total_west, >, 0);
  g_assert_cmpuint (total_east, >, 0);
}

static void
assert_bad (GwTestCenter *center,
            const char   *query,
            const char   *parameter)
{
  g_autoptr(JsonObject) reply = get_daily (center, query, TOKEN_WALL, 400);

  g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, "bad_request");
  g_assert_cmpstr (json_object_get_string_member (reply, "parameter"), ==, parameter);
  g_assert_true (json_object_has_member (reply, "message"));
}

static void
test_bad_requests (void)
{
  g_autoptr(GwTestCenter) center = start_center ("0");
  g_autofree char *today = day_text (0), *long_ago = day_text (62);
  g_autofree char *not_too_long = day_text (61);
  g_autofree char *q = NULL;
  g_autoptr(JsonObject) ok = NULL, unauthorized = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  if (center == NULL)
    return;
  assert_bad (center, "", "from");
  assert_bad (center, "?to=2026-11-01", "from");
  assert_bad (center, "?from=2026-11-01", "to");
  assert_bad (center, "?from=2026-02-30&to=2026-03-01", "from");
  assert_bad (center, "?from=20261101&to=2026-11-02", "from");
  assert_bad (center, "?from=2026-11-1&to=2026-11-02", "from");
  assert_bad (center, "?from=1969-12-31&to=1970-01-02", "from");
  assert_bad (center, "?from=2026-11-01&to=2026-11-01T00:00", "to");
  assert_bad (center, "?from=2026-11-02&to=2026-11-01", "to");
  assert_bad (center, "?from=2026-11-01&to=2026-11-02&area=360199", "area");
  assert_bad (center, "?from=2026-11-01&to=2026-11-02&area=", "area");
  assert_bad (center, "?from=2026-11-01&to=2026-11-02&area=360102%27--", "area");
  assert_bad (center, "?from=2026-11-01&to=2026-11-02&days=3", "days");
  q = g_strdup_printf ("?from=%s&to=%s", long_ago, today);
  assert_bad (center, q, "to");

  /* 62 days is the most; any role may ask. */
  g_free (q);
  q = g_strdup_printf ("?from=%s&to=%s", not_too_long, today);
  ok = get_daily (center, q, TOKEN_DISPATCHER, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ok, "days")), ==, 62);

  unauthorized = get_daily (center, q, NULL, 401);
  g_assert_cmpstr (json_object_get_string_member (unauthorized, "error"), ==, "unauthorized");
  body = gw_test_http (center->uri, "POST", "v1/stats/daily", TOKEN_DISPATCHER, "{}", &status);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&body, g_bytes_unref);
  body = gw_test_http (center->uri, "GET", "v1/stats/weekly", TOKEN_WALL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

/* Through the client */

typedef struct
{
  GArray *counts;
  GError *error;
  gboolean done;
} Reply;

static void
on_counts (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Reply *reply = user_data;

  reply->counts = gw_center_client_get_daily_counts_finish (GW_CENTER_CLIENT (object), result,
                                                            &reply->error);
  reply->done = TRUE;
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

static Reply
client_counts (const char  *uri,
               const GDate *first,
               const GDate *last,
               const char  *area)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCenterClient) client = gw_center_client_new (uri, TOKEN_WALL, NULL, &error);
  Reply reply = { 0 };

  g_assert_no_error (error);
  gw_center_client_get_daily_counts_async (client, first, last, area, NULL, on_counts, &reply);
  g_assert_true (gw_test_wait_for (reply_done, &reply, 10000));
  return reply;
}

static void
test_client (void)
{
  g_autoptr(GwTestCenter) center = start_center ("0");
  g_autoptr(GArray) raw = NULL;
  GDate first, last;
  Reply reply;

  if (center == NULL)
    return;
  report_known_days (center);
  raw = daily_counts (center, 45, 16, "360102002");
  date_of (&first, 45);
  date_of (&last, 16);
  reply = client_counts (center->uri, &first, &last, "360102002");
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.counts->len, ==, 30);
  g_assert_cmpmem (reply.counts->data, 30 * sizeof (guint), raw->data, 30 * sizeof (guint));
  g_array_unref (reply.counts);

  /* The centre's 400 is the client's, with the centre's reason. */
  reply = client_counts (center->uri, &first, &last, "360199");
  g_assert_error (reply.error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (reply.error->message, "no such division code"));
  g_clear_error (&reply.error);
}

/* Three days, 2026-10-01 to 2026-10-03, of which the reply is edited. */
static char *
three_days (const char *from,
            const char *area,
            const char *second_date,
            const char *second_count)
{
  return g_strdup_printf ("{\"from\":\"%s\",\"to\":\"2026-10-03\",\"area\":%s,\"days\":["
                          "{\"date\":\"2026-10-01\",\"reported\":4},"
                          "{\"date\":\"%s\",\"reported\":%s},"
                          "{\"date\":\"2026-10-03\",\"reported\":0}]}",
                          from, area, second_date, second_count);
}

static void
assert_refused (GwTestLiar *liar,
                char       *body,
                const char *content_type,
                guint       status,
                gint        code,
                const char *words)
{
  GDate first, last;
  Reply reply;

  gw_test_liar_set (liar, status, content_type, body);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_OCTOBER, 2026);
  last = first;
  g_date_add_days (&last, 2);
  reply = client_counts (liar->uri, &first, &last, NULL);
  if (code < 0)
    {
      g_assert_no_error (reply.error);
      g_assert_cmpuint (g_array_index (reply.counts, guint, 1), ==, 7);
      g_array_unref (reply.counts);
      return;
    }
  g_assert_null (reply.counts);
  g_assert_error (reply.error, GW_CENTER_CLIENT_ERROR, code);
  if (strstr (reply.error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", reply.error->message, words);
  g_clear_error (&reply.error);
}

static void
test_hostile_replies (void)
{
  g_autoptr(GwTestLiar) liar = gw_test_liar_new ();
  const char *json = "application/json";
  int bad = GW_CENTER_CLIENT_ERROR_BAD_REPLY;

  assert_refused (liar, three_days ("2026-10-01", "null", "2026-10-02", "7"), json, 200, -1, "");
  assert_refused (liar, three_days ("2026-09-30", "null", "2026-10-02", "7"), json, 200, bad,
                  "from");
  assert_refused (liar, three_days ("2026-10-01", "\"360102\"", "2026-10-02", "7"), json, 200,
                  bad, "area");
  assert_refused (liar, three_days ("2026-10-01", "null", "2026-10-03", "7"), json, 200, bad,
                  "day 1 is “2026-10-03”, expected 2026-10-02");
  assert_refused (liar, three_days ("2026-10-01", "null", "2026-10-02", "-1"), json, 200, bad,
                  "count of 2026-10-02");
  assert_refused (liar, three_days ("2026-10-01", "null", "2026-10-02", "7.5"), json, 200, bad,
                  "count of 2026-10-02");
  assert_refused (liar, three_days ("2026-10-01", "null", "2026-10-02", "\"7\""), json, 200, bad,
                  "count of 2026-10-02");
  assert_refused (liar, three_days ("2026-10-01", "null", "2026-10-02", "99999999999"), json, 200,
                  bad, "count of 2026-10-02");
  assert_refused (liar, g_strdup ("{\"from\":\"2026-10-01\",\"to\":\"2026-10-03\",\"area\":null,"
                                  "\"days\":[{\"date\":\"2026-10-01\",\"reported\":1}]}"),
                  json, 200, bad, "3 days");
  assert_refused (liar, g_strdup ("[1, 2, 3]"), json, 200, bad, "not a JSON object");
  assert_refused (liar, g_strdup ("{\"from\": '2026-10-01'}"), json, 200, bad, "not JSON");
  assert_refused (liar, g_strdup ("<html>busy</html>"), "text/html", 200, bad, "");
  assert_refused (liar, g_strdup ("{\"error\":\"unavailable\",\"message\":\"disk full\"}"), json,
                  503, GW_CENTER_CLIENT_ERROR_HTTP, "disk full");
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/feed/daily/counts", test_counts);
  g_test_add_func ("/feed/daily/seeded-history", test_seeded_history);
  g_test_add_func ("/feed/daily/bad-requests", test_bad_requests);
  g_test_add_func ("/feed/daily/client", test_client);
  g_test_add_func ("/feed/daily/hostile-replies", test_hostile_replies);

  return g_test_run ();
}
