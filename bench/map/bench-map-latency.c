/* bench-map-latency.c: from a case arriving on the feed to the frame that shows it
 *
 *   bench-map-latency [WxH] [SECONDS]
 *
 * Starts the reference centre (GRIDWALL_CENTER) with 20,000 cases and a simulator
 * reporting 1,000 new cases a second (--rate 60000, its maximum), follows it with
 * GwFeed into a GwCaseStore shown by a GwMapView with the whole demo city, and times
 * each batch of new cases from its items-changed on the main thread to the end
 * (after-paint) of the first frame in which the map repainted. The centre sends its
 * events in batches every 100 ms, so every case of a batch shares the batch's time.
 *
 * BENCH_MAP_CELLS=COLSxROWSxBUDGET sets the map's screen cells (gw-map-cells.h),
 * "off" turns them off (every frame shows all that changed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-gen.h"
#include "bench-map-util.h"
#include "gw-feed.h"
#include "gw-map-private.h"

typedef struct
{
  GwMapView   *map;
  GArray      *pending;     /* gint64 arrival times of batches not yet on screen */
  GArray      *pending_n;   /* guint cases in each */
  GArray      *latency_ms;  /* double, one per case */
  GArray      *ours_ms;     /* double: our layers' snapshot, each frame the map drew */
  GArray      *ours_cpu_ms; /* the same in main-thread CPU time */
  GArray      *n_textures;  /* textures (tiles, sprites) our layers placed, per frame */
  GArray      *n_live;      /* live items (new, announced, blinking), per frame */
  GArray      *frame_ms;    /* update to after-paint, frames the map drew */
  GArray      *frame_cpu_ms; /* the same in the main thread's CPU time */
  GArray      *damage;      /* share of the window repainted, those frames */
  GArray      *damage_box;  /* share of the window in the damage's bounding box */
  GArray      *turn_area;   /* share of the map whose new content the frame showed */
  guint        n_full;      /* frames that showed the whole map anew */
  BenchDamage *meter;
  gint64       t_update;
  gint64       cpu_update;
  guint64      n_map_frames;
  gboolean     measuring;
  guint        n_cases;
  double       window_area;
} Latency;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Latency    *lat)
{
  gint64 now = g_get_monotonic_time ();

  if (!lat->measuring || added <= removed)
    return;
  g_array_append_val (lat->pending, now);
  added -= removed;
  g_array_append_val (lat->pending_n, added);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_update (GdkFrameClock *clock,
           Latency       *lat)
{
  lat->t_update = g_get_monotonic_time ();
  lat->cpu_update = thread_cpu_us ();
}

/* What the frame just painted repainted of the window, as shares of it. */
static void
record_damage (Latency *lat)
{
  double area, box;

  if (lat->meter == NULL || !bench_damage_take (lat->meter, &area, &box))
    return;
  area /= lat->window_area;
  box /= lat->window_area;
  g_array_append_val (lat->damage, area);
  g_array_append_val (lat->damage_box, box);
}

static void
record_turn (Latency *lat)
{
  graphene_rect_t area;
  gboolean full;
  guint n;
  double share;

  gw_map_view_get_last_frame_area (lat->map, &area, &full, &n);
  share = area.size.width * area.size.height
          / (gtk_widget_get_width (GTK_WIDGET (lat->map)) * (double) gtk_widget_get_height (GTK_WIDGET (lat->map)));
  g_array_append_val (lat->turn_area, share);
  lat->n_full += full;
}

/* BENCH_MAP_CELLS: "off" or COLSxROWSxBUDGET. */
static void
set_cells (GwMapView *map)
{
  const char *spec = g_getenv ("BENCH_MAP_CELLS");
  guint cols, rows, budget;

  if (spec == NULL)
    return;
  if (g_str_equal (spec, "off"))
    gw_map_view_set_cells (map, 0, 0, 0);
  else if (sscanf (spec, "%ux%ux%u", &cols, &rows, &budget) == 3)
    gw_map_view_set_cells (map, cols, rows, budget);
  else
    g_error ("BENCH_MAP_CELLS: \"off\" or COLSxROWSxBUDGET, not %s", spec);
}

static void
on_after_paint (GdkFrameClock *clock,
                Latency       *lat)
{
  GwMapFrameStats stats;
  gint64 now = g_get_monotonic_time ();

  gw_map_view_get_frame_stats (lat->map, &stats);
  if (stats.n_frames == lat->n_map_frames)
    return;  /* the map did not repaint in this frame */
  lat->n_map_frames = stats.n_frames;
  if (lat->measuring)
    {
      double ms = stats.last_us / 1000.0, cpu = gw_map_view_get_frame_cpu_us (lat->map) / 1000.0;
      double frame = (now - lat->t_update) / 1000.0;
      double textures = stats.n_tiles_drawn, live = stats.n_live_items;

      g_array_append_val (lat->ours_ms, ms);
      g_array_append_val (lat->ours_cpu_ms, cpu);
      g_array_append_val (lat->n_textures, textures);
      g_array_append_val (lat->n_live, live);
      record_turn (lat);
      if (lat->t_update != 0)
        {
          double cpu_frame = (thread_cpu_us () - lat->cpu_update) / 1000.0;

          g_array_append_val (lat->frame_ms, frame);
          g_array_append_val (lat->frame_cpu_ms, cpu_frame);
        }
      record_damage (lat);
    }
  for (guint i = 0; i < lat->pending->len; i++)
    {
      double ms = (now - g_array_index (lat->pending, gint64, i)) / 1000.0;

      for (guint j = 0; j < g_array_index (lat->pending_n, guint, i); j++)
        g_array_append_val (lat->latency_ms, ms);
      lat->n_cases += g_array_index (lat->pending_n, guint, i);
    }
  g_array_set_size (lat->pending, 0);
  g_array_set_size (lat->pending_n, 0);
}

static GSubprocess *
start_center (char **uri)
{
  const char *exe = g_getenv ("GRIDWALL_CENTER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *center;

  if (exe == NULL)
    g_error ("set GRIDWALL_CENTER to the built gridwall-center");
  center = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe, "--port", "0",
                             "--seed-cases", "20000", "--rate", "60000", "--seed", "7", NULL);
  if (center == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (center));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL
         && !g_str_has_prefix (line, "gridwall-center: listening on "))
    g_clear_pointer (&line, g_free);
  if (line == NULL)
    g_error ("the centre did not start: %s", error ? error->message : "no output");
  *uri = g_strdup (line + strlen ("gridwall-center: listening on "));
  return center;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint seconds)
{
  gboolean done = FALSE;

  g_timeout_add_seconds (seconds, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int width = 3840, height = 2160;
  guint seconds = argc > 2 ? atoi (argv[2]) : 15;
  g_autofree char *uri = NULL;
  g_autoptr(GSubprocess) center = NULL;
  g_autoptr(GwGridSet) grids = NULL;
  g_autoptr(GwCaseStore) store = NULL;
  g_autoptr(GwFeed) feed = NULL;
  GtkWidget *map;
  GtkWindow *window;
  Latency lat = { 0, };
  guint64 seq0, seq1;
  gint64 t0, t1;

  if (argc > 1 && sscanf (argv[1], "%dx%d", &width, &height) != 2)
    g_error ("usage: bench-map-latency [WIDTHxHEIGHT] [SECONDS]");
  gtk_init ();
  center = start_center (&uri);
  grids = bench_load_grids (0);
  store = gw_case_store_new ();
  feed = gw_feed_new (store);
  gw_feed_set_center (feed, uri, "demo-wall", NULL);
  gw_feed_start (feed);

  map = gw_map_view_new ();
  lat.map = GW_MAP_VIEW (map);
  gw_map_view_set_grids (lat.map, grids);
  gw_map_view_set_store (lat.map, store);
  set_cells (lat.map);
  window = bench_window_new (map, width, height);
  bench_wait_frames (map, 2);
  bench_fit_viewport (gw_map_view_get_viewport (lat.map), grids, width, height);
  while (gw_feed_get_state (feed) != GW_FEED_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  bench_wait_settled (lat.map, 120);

  lat.pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  lat.pending_n = g_array_new (FALSE, FALSE, sizeof (guint));
  lat.latency_ms = g_array_new (FALSE, FALSE, sizeof (double));
  lat.ours_ms = g_array_new (FALSE, FALSE, sizeof (double));
  lat.ours_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  lat.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  lat.frame_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  lat.n_textures = g_array_new (FALSE, FALSE, sizeof (double));
  lat.n_live = g_array_new (FALSE, FALSE, sizeof (double));
  lat.damage = g_array_new (FALSE, FALSE, sizeof (double));
  lat.damage_box = g_array_new (FALSE, FALSE, sizeof (double));
  lat.turn_area = g_array_new (FALSE, FALSE, sizeof (double));
  lat.window_area = (double) gtk_widget_get_width (GTK_WIDGET (window))
                    * gtk_widget_get_height (GTK_WIDGET (window));
  lat.meter = bench_damage_new (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (map), "update", G_CALLBACK (on_update), &lat);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &lat);
  g_signal_connect_after (gtk_widget_get_frame_clock (map), "after-paint",
                          G_CALLBACK (on_after_paint), &lat);
  seq0 = gw_case_store_get_sequence (store);
  t0 = g_get_monotonic_time ();
  lat.measuring = TRUE;
  run_for (seconds);
  lat.measuring = FALSE;
  seq1 = gw_case_store_get_sequence (store);
  t1 = g_get_monotonic_time ();

  g_print ("\n### Feed to screen at %dx%d, %u grids, the reference centre at --rate 60000 "
           "(%.0f s)\n\n", width, height, gw_grid_set_get_n_features (grids), seconds * 1.0);
  g_print ("| | |\n| --- | ---: |\n");
  g_print ("| events applied per second (all types) | %.0f |\n", (seq1 - seq0) / ((t1 - t0) / 1e6));
  g_print ("| new cases per second | %.0f |\n", lat.n_cases / ((t1 - t0) / 1e6));
  g_print ("| cases in the store at the end | %u |\n", g_list_model_get_n_items (G_LIST_MODEL (store)));
  g_print ("| latency p50 ms | %.1f |\n| latency p95 ms | %.1f |\n| latency p99 ms | %.1f |\n"
           "| latency max ms | %.1f |\n",
           bench_percentile (lat.latency_ms, 50), bench_percentile (lat.latency_ms, 95),
           bench_percentile (lat.latency_ms, 99), bench_percentile (lat.latency_ms, 100));
  g_print ("| renderer | %s |\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_print ("| frames the map drew | %u (%.1f a second) |\n", lat.ours_ms->len,
           lat.ours_ms->len / ((t1 - t0) / 1e6));
  g_print ("| those frames, update to after-paint, p50 / p95 ms | %.0f / %.0f |\n",
           bench_percentile (lat.frame_ms, 50), bench_percentile (lat.frame_ms, 95));
  g_print ("| the same in main-thread CPU time, p50 / p95 / p99 ms | %.1f / %.1f / %.1f |\n",
           bench_percentile (lat.frame_cpu_ms, 50), bench_percentile (lat.frame_cpu_ms, 95),
           bench_percentile (lat.frame_cpu_ms, 99));
  if (lat.meter != NULL)
    g_print ("| window repainted per frame (XDamage), p50 / p95 / mean %% | %.1f / %.1f / %.1f |\n"
             "| its bounding box (what GTK 4.8's cairo renderer draws), p50 / p95 / mean %% "
             "| %.1f / %.1f / %.1f |\n",
             100 * bench_percentile (lat.damage, 50), 100 * bench_percentile (lat.damage, 95),
             100 * bench_mean (lat.damage), 100 * bench_percentile (lat.damage_box, 50),
             100 * bench_percentile (lat.damage_box, 95), 100 * bench_mean (lat.damage_box));
  else
    g_print ("| window repainted per frame | not measured (no XDamage) |\n");
  g_print ("| cells (BENCH_MAP_CELLS) | %s |\n", g_getenv ("BENCH_MAP_CELLS") ?: "default");
  g_print ("| map shown anew per frame, p50 / p95 %% (whole-view frames) | %.1f / %.1f (%u) |\n",
           100 * bench_percentile (lat.turn_area, 50), 100 * bench_percentile (lat.turn_area, 95),
           lat.n_full);
  g_print ("| textures placed / live items per frame, p50 | %.0f / %.0f |\n",
           bench_percentile (lat.n_textures, 50), bench_percentile (lat.n_live, 50));
  g_print ("| our layers' snapshot p50 / p99 ms | %.2f / %.2f |\n",
           bench_percentile (lat.ours_ms, 50), bench_percentile (lat.ours_ms, 99));
  g_print ("| the same in main-thread CPU time, p50 / p99 ms | %.2f / %.2f |\n",
           bench_percentile (lat.ours_cpu_ms, 50), bench_percentile (lat.ours_cpu_ms, 99));
  g_print ("| resident memory at the end, MB | %.0f |\n", bench_rss_kib () / 1024.0);

  gw_feed_stop (feed);
  bench_damage_free (lat.meter);
  gtk_window_destroy (window);
  g_subprocess_send_signal (center, SIGTERM);
  g_subprocess_wait (center, NULL, NULL);
  g_array_unref (lat.pending);
  g_array_unref (lat.pending_n);
  g_array_unref (lat.latency_ms);
  g_array_unref (lat.ours_ms);
  g_array_unref (lat.ours_cpu_ms);
  g_array_unref (lat.frame_ms);
  g_array_unref (lat.frame_cpu_ms);
  g_array_unref (lat.n_textures);
  g_array_unref (lat.n_live);
  g_array_unref (lat.damage);
  g_array_unref (lat.damage_box);
  g_array_unref (lat.turn_area);
  return 0;
}
