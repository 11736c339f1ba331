/* test-app-demo.c: the real `gridwall` binary, as a person starts it: with no
 * argument it runs the built-in demo centre of Nanchang and connects to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <signal.h>

static const char *gridwall;

static GSubprocess *
spawn (const char  *home,
       GError     **error,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;
  const char *arg;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);

  g_ptr_array_add (argv, (char *) gridwall);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static gint64
count_cases (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT count(*) FROM cases", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Sleeps while letting GSubprocess notice a child that exits. */
static void
sleep_ms (guint ms)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (ms * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_demo_starts (void)
{
  g_autofree char *home = g_dir_make_tmp ("gridwall-demo-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (home, "gridwall", "demo-center.sqlite", NULL);
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  gboolean exited = FALSE;

  app = spawn (home, &error, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (app, NULL, on_exited, &exited);

  /* The embedded centre creates its database and seeds a month of history. */
  for (int i = 0; i < 600 && n < 4000; i++)
    {
      sleep_ms (100);
      g_assert_false (exited);
      if (g_file_test (db, G_FILE_TEST_EXISTS))
        n = count_cases (db);
    }
  g_assert_cmpint (n, >=, 4000);

  /* Still up a moment later: it connected and is drawing live data. */
  sleep_ms (2000);
  g_assert_false (exited);
  g_subprocess_send_signal (app, SIGTERM);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_bad_arguments (void)
{
  g_autofree char *home = g_dir_make_tmp ("gridwall-args-XXXXXX", NULL);
  static const char *bad[][2] = {
    { "--center=ftp://example.org/", "must start with http:// or https://" },
    { "--center=http://", "names no host" },
    { "--center=::::", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GSubprocess) app = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *output = NULL;

      app = spawn (home, &error, bad[i][0], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (app, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (app));
      g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 2);
      g_assert_nonnull (strstr (output, "--center"));
      g_assert_nonnull (strstr (output, bad[i][1]));
    }
}

static void
test_version (void)
{
  g_autofree char *home = g_dir_make_tmp ("gridwall-version-XXXXXX", NULL);
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  app = spawn (home, &error, "--version", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (app, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 0);
  g_assert_true (g_str_has_prefix (output, "gridwall "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  gridwall = argv[1];

  g_test_add_func ("/app/demo/starts", test_demo_starts);
  g_test_add_func ("/app/arguments/bad", test_bad_arguments);
  g_test_add_func ("/app/arguments/version", test_version);

  return g_test_run ();
}
