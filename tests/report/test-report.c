/* test-report.c: `gridwall --report` against the real centre, read back with
 * pdftotext and checked against the centre's own database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <sqlite3.h>

#include "feed-test-util.h"

#define DAY (24 * 3600)

static const char *gridwall;

static int
run_gridwall (GwTestCenter *center,
              char        **output,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_build_filename (center->dir, "token", NULL);
  va_list args;
  const char *arg;

  g_file_set_contents (token, TOKEN_WALL, -1, &error);
  g_assert_no_error (error);
  g_ptr_array_add (argv, (char *) gridwall);
  g_ptr_array_add (argv, "--center");
  g_ptr_array_add (argv, center->uri);
  g_ptr_array_add (argv, "--token-file");
  g_ptr_array_add (argv, token);
  va_start (args, output);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  /* Scheduled runs have no display. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static char *
pdf_text (const char *path)
{
  g_autofree char *command = g_strdup_printf ("pdftotext -enc UTF-8 -layout '%s' -", path);
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int status;

  g_spawn_command_line_sync (command, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

/* Cases per district reported in the week, counted by the centre itself. */
static GHashTable *
count_week_in_database (const char *db_path)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 today = (now + 8 * 3600) / DAY * DAY - 8 * 3600;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT substr (grid_code, 1, 6), count(*) FROM cases "
                                       "WHERE requested >= ? AND requested < ? GROUP BY 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  /* The centre keeps times in microseconds. */
  sqlite3_bind_int64 (stmt, 1, (today - 7 * DAY) * G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, today * G_USEC_PER_SEC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return counts;
}

static const struct { const char *code; const char *name; } districts[] = {
  { "360102", "东湖区" }, { "360103", "西湖区" }, { "360104", "青云谱区" },
  { "360111", "青山湖区" }, { "360112", "新建区" }, { "360113", "红谷滩区" },
  { "360121", "南昌县" }, { "360123", "安义县" }, { "360124", "进贤县" },
};

static void
test_week_report (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *pdf = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) counts = NULL;
  guint total = 0;

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", "1500", "--seed", "11", NULL);
  pdf = g_build_filename (center->dir, "week.pdf", NULL);

  g_assert_cmpint (run_gridwall (center, &output, "--report", "week", "--output", pdf, NULL), ==, 0);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Weekly Report"));
  g_assert_nonnull (strstr (text, "Most overdue cases"));

  /* Every district's line carries the number of cases the centre holds for
   * the week, right after its name. */
  counts = count_week_in_database (center->db);
  for (guint i = 0; i < G_N_ELEMENTS (districts); i++)
    {
      guint n = GPOINTER_TO_INT (g_hash_table_lookup (counts, districts[i].code));
      g_autofree char *pattern = g_strdup_printf ("\\n\\s*%s\\s+%u\\s", districts[i].name, n);

      total += n;
      if (!g_regex_match_simple (pattern, text, 0, 0))
        g_error ("no line \"%s %u\" in the report:\n%s", districts[i].name, n, text);
    }
  g_assert_cmpuint (total, >, 100);
}

/* The days' total of GET /v1/stats/daily from @first to @last days before today. */
static guint
centre_total (GwTestCenter *center,
              gint64        first,
              gint64        last)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) from = g_date_time_add_days (now, (int) -first);
  g_autoptr(GDateTime) to = g_date_time_add_days (now, (int) -last);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%d");
  g_autofree char *path = g_strdup_printf ("v1/stats/daily?from=%s&to=%s", from_text, to_text);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonArray *days;
  guint status, total = 0;

  body = gw_test_http (center->uri, "GET", path, TOKEN_WALL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  root = json_from_string (text, NULL);
  days = json_object_get_array_member (json_node_get_object (root), "days");
  g_assert_cmpuint (json_array_get_length (days), ==, first - last + 1);
  for (guint i = 0; i < json_array_get_length (days); i++)
    total += json_object_get_int_member (json_array_get_object_element (days, i), "reported");
  return total;
}

/* Both lines' totals are in the legend, as text: the period from the store,
 * the period before from the centre's counts (for a month, days the client
 * holds no closed cases of). */
static void
assert_totals (const char *text,
               const char *before_words,
               guint       total,
               guint       before)
{
  g_autofree char *current = g_strdup_printf ("This period: %u", total);
  g_autofree char *previous = g_strdup_printf ("%s: %u", before_words, before);

  g_assert_nonnull (strstr (text, "Cases per day, against the period before"));
  if (strstr (text, current) == NULL || strstr (text, previous) == NULL)
    g_error ("no “%s” and “%s” in the report:\n%s", current, previous, text);
}

/* Cases of the centre's database reported @first to @last days before today. */
static guint
database_total (const char *db_path,
                gint64      first,
                gint64      last)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 today = (now + 8 * 3600) / DAY * DAY - 8 * 3600;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint total;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM cases "
                                           "WHERE requested >= ? AND requested < ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, (today - first * DAY) * G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, (today - (last - 1) * DAY) * G_USEC_PER_SEC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  total = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return total;
}

static void
test_period_before (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *month = NULL, *week = NULL;
  g_autofree char *output = NULL, *week_output = NULL;
  g_autofree char *text = NULL, *week_text = NULL;
  guint month_before;

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", "600", "--seed", "3", NULL);

  /* The month before: 60 to 31 days ago, the seeded centre's archive. */
  month_before = centre_total (center, 60, 31);
  g_assert_cmpuint (month_before, >, 400);
  month = g_build_filename (center->dir, "month.pdf", NULL);
  g_assert_cmpint (run_gridwall (center, &output, "--report", "month", "--output", month, NULL),
                   ==, 0);
  text = pdf_text (month);
  /* The period's line is the snapshot's cases (none before the 30 days:
   * the archive's counts of its first day are not in it). */
  assert_totals (text, "Same days a month earlier", database_total (center->db, 30, 1),
                 month_before);

  week = g_build_filename (center->dir, "week.pdf", NULL);
  g_assert_cmpint (run_gridwall (center, &week_output, "--report", "week", "--output", week,
                                 NULL), ==, 0);
  week_text = pdf_text (week);
  assert_totals (week_text, "Same days a week earlier", centre_total (center, 7, 1),
                 centre_total (center, 14, 8));
}

static void
test_bad_invocations (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *pdf = NULL;
  g_autofree char *missing = NULL;

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", NULL);
  pdf = g_build_filename (center->dir, "x.pdf", NULL);

  {
    g_autofree char *output = NULL;

    g_assert_cmpint (run_gridwall (center, &output, "--report", "year", "--output", pdf, NULL),
                     ==, 2);
    g_assert_nonnull (strstr (output, "week or month"));
  }
  {
    g_autofree char *output = NULL;

    g_assert_cmpint (run_gridwall (center, &output, "--report", "week", NULL), ==, 2);
    g_assert_nonnull (strstr (output, "--output"));
  }
  {
    g_autofree char *output = NULL;

    missing = g_build_filename (center->dir, "no", "such", "dir", "x.pdf", NULL);
    g_assert_cmpint (run_gridwall (center, &output, "--report", "week", "--output", missing,
                                   NULL), ==, 1);
    g_assert_nonnull (strstr (output, "report"));
  }
  gw_test_center_kill (center);
  {
    g_autofree char *output = NULL;

    g_assert_cmpint (run_gridwall (center, &output, "--report", "month", "--output", pdf, NULL),
                     ==, 1);
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  g_assert_cmpint (argc, ==, 2);
  gridwall = argv[1];

  g_test_add_func ("/report/week", test_week_report);
  g_test_add_func ("/report/period-before", test_period_before);
  g_test_add_func ("/report/bad-invocations", test_bad_invocations);

  return g_test_run ();
}
