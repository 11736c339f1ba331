/* test-app-window.c: the real application and window under Xvfb, against a
 * real reference centre on loopback: the window shows the live case count,
 * and the feed's updates do not restyle it while its state stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "app-test-util.h"
#include "gw-application.h"
#include "gw-window-private.h"

#define N_SEEDED 40
#define N_LIVE 3

typedef struct
{
  GwTestCenter  *center;
  GwApplication *app;
  guint          phase;
  gint64         deadline;
  char          *failure;
  guint          restyles;   /* class changes while connected */
} Run;

static void
on_classes_changed (Run *run)
{
  run->restyles++;
}

static void
fail (Run        *run,
      const char *why)
{
  run->failure = g_strdup (why);
  g_application_quit (G_APPLICATION (run->app));
}

static gboolean
poll_window (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  GwCaseStore *store = gw_application_get_store (run->app);
  g_autofree char *expected = NULL;

  if (g_get_monotonic_time () > run->deadline)
    {
      g_autofree char *why = g_strdup_printf ("timed out in phase %u; the window says \"%s\", \"%s\"",
                                              run->phase,
                                              window ? gw_window_get_connection_text (GW_WINDOW (window)) : "(none)",
                                              window ? gw_window_get_cases_text (GW_WINDOW (window)) : "(none)");
      fail (run, why);
      return G_SOURCE_REMOVE;
    }
  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;

  expected = g_strdup_printf ("%u cases", N_SEEDED + (run->phase ? N_LIVE : 0));
  if (g_strcmp0 (gw_window_get_cases_text (GW_WINDOW (window)), expected) != 0
      || g_strcmp0 (gw_window_get_connection_text (GW_WINDOW (window)), "Connected") != 0
      || gw_window_get_n_rows (GW_WINDOW (window)) != N_SEEDED + (run->phase ? N_LIVE : 0))
    return G_SOURCE_CONTINUE;

  if (run->phase == 0)
    {
      /* Live: cases reported at the centre now must reach the window, and the
       * feed's many notifies must not restyle a window whose state stays. */
      run->phase = 1;
      g_signal_connect_swapped (window, "notify::css-classes", G_CALLBACK (on_classes_changed), run);
      g_signal_connect_swapped (GW_WINDOW (window)->connection_box, "notify::css-classes",
                                G_CALLBACK (on_classes_changed), run);
      for (guint i = 0; i < N_LIVE; i++)
        app_test_post (run->center->uri, "v1/test/report",
                       "{\"service_code\": \"streetlight_out\", \"lat\": 28.6829, "
                       "\"long\": 115.8940, \"description\": \"<b>路灯</b> 不亮\", "
                       "\"simulate\": false}");
      return G_SOURCE_CONTINUE;
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_SEEDED + N_LIVE);
  g_assert_cmpuint (run->restyles, ==, 0);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
test_window_shows_live_count (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *token_file = NULL;
  Run run = { 0 };
  int status;

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", G_STRINGIFY (N_SEEDED),
                        "--test-hooks", NULL);

  token_file = app_test_token_file (center->dir, TOKEN_DISPATCHER "\n");

  {
    char *argv[] = { "gridwall", "--center", center->uri, "--token-file", token_file, NULL };

    run.center = center;
    run.app = gw_application_new ();
    run.deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    g_timeout_add (100, poll_window, &run);
    status = g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, argv);
  }

  g_assert_cmpstr (run.failure, ==, NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_object (&run.app);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv);

  g_test_add_func ("/app/window/live-count", test_window_shows_live_count);

  return g_test_run ();
}
