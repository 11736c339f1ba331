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

/* A month's report has no month before it: the centre sends 30 days of closed
 * cases, so before those it knows only the cases still open, and a period
 * there would be counted short. The centre's cases are moved 10 days back, so
 * that open cases reported 31 to 40 days ago are in its snapshot. */
static void
test_month_has_no_period_before (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *month = NULL, *week = NULL;
  g_autofree char *output = NULL, *week_output = NULL;
  g_autofree char *text = NULL, *week_text = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", "600", "--seed", "3", NULL);
  gw_test_center_stop (center);
  g_assert_cmpint (sqlite3_open (center->db, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, "UPDATE cases SET requested = requested - 10 * 86400000000, "
                        "updated = updated - 10 * 86400000000, "
                        "expected = expected - 10 * 86400000000, "
                        "resolved = resolved - 10 * 86400000000, "
                        "closed = closed - 10 * 86400000000",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  g_assert_cmpint (sqlite3_changes (db), ==, 600);
  sqlite3_close (db);
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", NULL);

  month = g_build_filename (center->dir, "month.pdf", NULL);
  g_assert_cmpint (run_gridwall (center, &output, "--report", "month", "--output", month, NULL),
                   ==, 0);
  text = pdf_text (month);
  g_assert_nonnull (strstr (text, "Cases per day"));
  g_assert_null (strstr (text, "against the period before"));

  /* A week's period before lies within the 30 days: it is there. */
  week = g_build_filename (center->dir, "week.pdf", NULL);
  g_assert_cmpint (run_gridwall (center, &week_output, "--report", "week", "--output", week,
                                 NULL), ==, 0);
  week_text = pdf_text (week);
  g_assert_nonnull (strstr (week_text, "against the period before"));
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
  g_test_add_func ("/report/month-has-no-period-before", test_month_has_no_period_before);
  g_test_add_func ("/report/bad-invocations", test_bad_invocations);

  return g_test_run ();
}
