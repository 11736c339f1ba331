/* chart-bench.c: main-thread time per frame of the two chart panels on a 4K wall, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference centre reports 100 new cases a second (plus their workflow
 * events), a GwFeed applies them to the store, and both panels (a quarter of
 * 3840 wide each, 2160 high) follow it in one window with animations on.
 * Frames are driven continuously by a tick callback; each frame's main-thread
 * time is taken from the frame clock's ::update to ::after-paint. The
 * baseline is the same window showing a plain label instead of the panels.
 *
 *   xvfb-run -a -s "-screen 0 3840x2160x24" dbus-run-session -- env \
 *     GRIDWALL_CENTER=build/src/center/gridwall-center build/tests/charts/chart-bench [SECONDS]
 */
#include <adwaita.h>

#include "charts-test-util.h"
#include "feed-test-util.h"
#include "gw-chart-panel.h"
#include "gw-chart.h"

typedef struct
{
  gint64  start;
  GArray *times;  /* double ms per frame */
} Timing;

static void
on_update (GdkFrameClock *clock,
           Timing        *timing)
{
  timing->start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Timing        *timing)
{
  double spent = (g_get_monotonic_time () - timing->start) / 1000.0;

  if (timing->start > 0)
    g_array_append_val (timing->times, spent);
}

static void
run (GtkWidget  *content,
     double      seconds,
     const char *name)
{
  GtkWidget *window = gtk_window_new ();
  GdkFrameClock *clock;
  Timing timing = { 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  gint64 end;

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 2160);
  gtk_window_set_child (GTK_WINDOW (window), content);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_add_tick_callback (window, charts_test_keep_ticking, NULL, NULL);
  gw_test_sleep (2000);  /* first renders, first snapshot */

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), &timing);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &timing);
  end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (clock, &timing);

  g_print ("%-10s %5u frames in %.0f s (%.1f fps)  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
           name, timing.times->len, seconds, timing.times->len / seconds,
           core_test_percentile (timing.times, 0.5),
           core_test_percentile (timing.times, 0.99),
           core_test_percentile (timing.times, 1.0));
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (timing.times);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 20;
  g_autoptr(GwTestCenter) center = NULL;
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  GtkWidget *box;
  guint64 before;

  gtk_init ();
  adw_init ();
  center = gw_test_center_new ();
  if (center == NULL)
    g_error ("set GRIDWALL_CENTER to the gridwall-center binary");
  gw_test_center_start (center, "--seed-cases", "20000", "--rate", "6000", NULL);
  feed = gw_test_feed_new (store);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 60000);

  run (gtk_label_new ("baseline"), seconds, "baseline");

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_box_append (GTK_BOX (box), gw_chart_panel_new (store, GW_CHART_PANEL_LEFT));
  gtk_box_append (GTK_BOX (box), gw_chart_panel_new (store, GW_CHART_PANEL_RIGHT));
  for (GtkWidget *panel = gtk_widget_get_first_child (box); panel != NULL;
       panel = gtk_widget_get_next_sibling (panel))
    {
      GPtrArray *charts = gw_chart_panel_get_charts (GW_CHART_PANEL (panel));

      gw_chart_panel_set_style (GW_CHART_PANEL (panel), 1);
      /* CHART_BENCH_STILL=1: no tweening, one texture per chart per change. */
      for (guint i = 0; i < charts->len && g_getenv ("CHART_BENCH_STILL") != NULL; i++)
        gw_chart_set_animated (g_ptr_array_index (charts, i), FALSE);
    }
  before = gw_case_store_get_n_applied (store);
  run (box, seconds, "panels");
  g_print ("events applied while measuring the panels: %.0f/s; cases held: %u\n",
           (gw_case_store_get_n_applied (store) - before) / (seconds + 2),
           g_list_model_get_n_items (G_LIST_MODEL (store)));

  gw_feed_stop (feed);
  gw_test_center_stop (center);
  return 0;
}
