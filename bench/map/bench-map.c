/* bench-map.c: frame times of the map at 4K, against the floor and against libshumate
 *
 *   bench-map frame     [WxH]  all grids, 100k cases: per-frame work while panning and
 *                              zooming, a whole frame's rendering against the floor, RSS
 *   bench-map baseline  [WxH]  5,000 cases and 500 grids: GwMapView against
 *                              ShumateMarkerLayer + one ShumatePathLayer per grid
 *                              (BENCH_PATHS of them, 500; each draws a cairo surface
 *                              of the whole widget per frame: run it at 1080p or less)
 *   bench-map sweep     [WxH]  both over the same growing numbers of grids and cases
 *                              (ten a grid): where each falls under 30 frames/s
 *   bench-map memory    [WxH]  resident memory split: the window and GL alone, one
 *                              full-size texture, the data, the cluster index, the map
 *   bench-map cell      [WxH]  what a screen cell's turn costs the renderer (run it with
 *                              GSK_RENDERER=cairo): one cell's box of the settled map,
 *                              each layer alone, against one image of the box's size
 *
 * Run under Xvfb (bench/map/run.sh); BENCH_FRAMES sets the frames per motion (240).
 * Times are per frame, from the frame clock's update to its after-paint, so with no
 * vsync they are the work a frame costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <malloc.h>
#include <math.h>
#include <stdlib.h>

#include "bench-gen.h"
#include "bench-map-util.h"
#include "gw-cluster.h"
#include "gw-map-private.h"

/* Frames per motion; BENCH_FRAMES overrides it for a quicker run. */
static guint n_frames = 240;
/* Frames timed per libshumate scene: each takes seconds. */
#define SHUMATE_FRAMES 6

static int width = 3840, height = 2160;

typedef struct
{
  GtkWindow       *window;
  GtkWidget       *widget;
  ShumateViewport *viewport;
  GwMapView       *map;       /* NULL for the libshumate baseline */
  GwCaseStore     *store;
} Scene;

static void
scene_free (Scene *scene)
{
  gtk_window_destroy (scene->window);
  g_clear_object (&scene->store);
  /* let the window go and the workers finish */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_free (scene);
}

/* BENCH_MAP_COMPOSE=0: the renderer draws the cells' turns, as before
 * composed cells (gw-map-cells.h). */
static void
apply_options (GwMapView *map)
{
  if (g_strcmp0 (g_getenv ("BENCH_MAP_COMPOSE"), "0") == 0)
    gw_map_view_set_compose (map, FALSE);
}

static Scene *
scene_new_ours (GwGridSet *grids,
                guint      n_cases)
{
  Scene *scene = g_new0 (Scene, 1);
  gint64 start = g_get_monotonic_time ();

  scene->store = bench_make_store (n_cases);
  scene->widget = gw_map_view_new ();
  scene->map = GW_MAP_VIEW (scene->widget);
  scene->viewport = gw_map_view_get_viewport (scene->map);
  apply_options (scene->map);
  gw_map_view_set_grids (scene->map, grids);
  gw_map_view_set_store (scene->map, scene->store);
  scene->window = bench_window_new (scene->widget, width, height);
  bench_wait_frames (scene->widget, 2);
  bench_fit_viewport (scene->viewport, grids, width, height);
  if (!bench_wait_settled (scene->map, 180))
    g_printerr ("warning: the map did not settle within 180 s\n");
  g_printerr ("  GwMapView %dx%d: %u grids, %u cases ready in %.1f s (renderer %s)\n",
              gtk_widget_get_width (scene->widget), gtk_widget_get_height (scene->widget),
              gw_grid_set_get_n_features (grids), n_cases, (g_get_monotonic_time () - start) / 1e6,
              G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (scene->window))));
  return scene;
}

/* What an app would do with libshumate alone: a marker widget per case, a path layer
 * per grid (a ShumatePathLayer draws one path), @max_paths of them at most. Each path
 * layer draws a cairo surface of the whole widget every frame: 50 of them at 4K took
 * 12 GB here. */
static Scene *
scene_new_shumate (GwGridSet *grids,
                   guint      n_cases,
                   guint      max_paths)
{
  Scene *scene = g_new0 (Scene, 1);
  ShumateMap *map = shumate_map_new ();
  g_autoptr(ShumateMapSource) reference = NULL;
  ShumateMarkerLayer *markers;
  GListModel *cases;
  const GwGridFeature * const *features;
  guint n_features;
  gint64 start = g_get_monotonic_time ();
  GdkRGBA fill = { 0.2, 0.5, 0.9, 0.3 }, stroke = { 0.3, 0.7, 1.0, 0.9 };

  scene->store = bench_make_store (n_cases);
  scene->widget = GTK_WIDGET (map);
  scene->viewport = shumate_map_get_viewport (map);
  /* a reference source for the tile size and zoom range; no tile layer is added */
  reference = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_from_url ("http://127.0.0.1:9/{z}/{x}/{y}.png"));
  shumate_viewport_set_reference_map_source (scene->viewport, reference);

  features = gw_grid_set_get_level (grids, GW_GRID_LEVEL_GRID, &n_features);
  n_features = MIN (n_features, max_paths);
  for (guint i = 0; i < n_features; i++)
    {
      ShumatePathLayer *path = shumate_path_layer_new (scene->viewport);
      const GwGridRing *ring = &features[i]->polygons[0].rings[0];

      shumate_path_layer_set_closed (path, TRUE);
      shumate_path_layer_set_fill (path, TRUE);
      shumate_path_layer_set_fill_color (path, &fill);
      shumate_path_layer_set_stroke_color (path, &stroke);
      shumate_path_layer_set_stroke_width (path, 1.5);
      for (guint j = 0; j < ring->n_points; j++)
        shumate_path_layer_add_node (path, SHUMATE_LOCATION (
          shumate_coordinate_new_full (ring->coords[2 * j + 1], ring->coords[2 * j])));
      shumate_map_add_layer (map, SHUMATE_LAYER (path));
    }

  markers = shumate_marker_layer_new (scene->viewport);
  cases = G_LIST_MODEL (scene->store);
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (cases, i);
      ShumateMarker *marker = shumate_marker_new ();
      GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (dot), 12);
      shumate_marker_set_child (marker, dot);
      shumate_location_set_location (SHUMATE_LOCATION (marker), gw_case_get_lat (gw_case),
                                     gw_case_get_long (gw_case));
      shumate_marker_layer_add_marker (markers, marker);
    }
  shumate_map_add_layer (map, SHUMATE_LAYER (markers));

  scene->window = bench_window_new (scene->widget, width, height);
  bench_wait_frames (scene->widget, 2);
  bench_fit_viewport (scene->viewport, grids, width, height);
  bench_wait_frames (scene->widget, 5);
  g_printerr ("  libshumate: %u path layers, %u markers ready in %.1f s\n", n_features, n_cases,
              (g_get_monotonic_time () - start) / 1e6);
  return scene;
}

static void
print_frames (const char  *what,
              BenchFrames *frames)
{
  g_print ("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |\n", what,
           bench_percentile (frames->ours_us, 50) / 1000, bench_percentile (frames->ours_us, 99) / 1000,
           bench_percentile (frames->ours_us, 100) / 1000,
           bench_percentile (frames->ours_cpu_us, 99) / 1000,
           bench_percentile (frames->ours_cpu_us, 100) / 1000,
           bench_percentile (frames->busy_us, 50) / 1000, bench_percentile (frames->busy_us, 99) / 1000,
           1e6 / bench_mean (frames->busy_us));
}

static void
run_frame (void)
{
  g_autoptr(GwGridSet) grids = NULL;
  Scene *scene;
  BenchFrames pan = { 0, }, zoom = { 0, };
  double whole, floor_ms;
  gsize rss_before = bench_rss_kib (), rss, peak;

  bench_reset_peak ();
  grids = bench_load_grids (0);
  scene = scene_new_ours (grids, 100000);
  bench_run_motion (scene->widget, scene->viewport, scene->map, BENCH_MOTION_PAN, n_frames, &pan);
  bench_run_motion (scene->widget, scene->viewport, scene->map, BENCH_MOTION_ZOOM, n_frames, &zoom);
  bench_wait_settled (scene->map, 60);
  /* Before the renderings below, whose own 4K targets would count. */
  rss = bench_rss_kib ();
  peak = bench_peak_rss_kib ();

  g_print ("\n### Per-frame work at %dx%d, %u grids, 100,000 cases (%d frames each)\n\n",
           width, height, gw_grid_set_get_n_features (grids), n_frames);
  g_print ("| motion | ours p50 ms | ours p99 ms | ours max ms | ours CPU p99 ms | ours CPU max ms "
           "| frame p50 ms | frame p99 ms | frames/s |\n");
  g_print ("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  print_frames ("pan", &pan);
  print_frames ("zoom", &zoom);

  bench_render_against_floor (scene->widget, 9, &whole, &floor_ms);
  g_print ("\n### Rendering one whole map frame against the floor (gsk_renderer_render_texture, "
           "median of 9, taken in turns)\n\n");
  g_print ("| | ms |\n| --- | ---: |\n");
  g_print ("| floor: one %dx%d texture | %.1f |\n| the whole map | %.1f |\n", width, height, floor_ms, whole);
  g_print ("| **ratio** | **%.2f** |\n", whole / floor_ms);
  bench_print_census (scene->widget);

  g_print ("\n### Memory (bench-map memory splits it)\n\n| | MB |\n| --- | ---: |\n");
  g_print ("| resident after the motions (grids, 100k cases, map, window) | %.0f |\n", rss / 1024.0);
  g_print ("| peak resident until then | %.0f |\n| resident before loading | %.0f |\n",
           peak / 1024.0, rss_before / 1024.0);
  bench_frames_clear (&pan);
  bench_frames_clear (&zoom);
  scene_free (scene);
}

static double
pan_frame_ms (Scene *scene,
              guint  count)
{
  BenchFrames frames = { 0, };
  double ms;

  bench_run_motion (scene->widget, scene->viewport, scene->map, BENCH_MOTION_PAN, count, &frames);
  ms = bench_mean (frames.busy_us) / 1000;
  bench_frames_clear (&frames);
  return ms;
}

static void
run_baseline (void)
{
  g_autoptr(GwGridSet) grids = bench_load_grids (500);
  const char *env = g_getenv ("BENCH_PATHS");
  guint paths = env ? (guint) atoi (env) : 500;
  Scene *ours = scene_new_ours (grids, 5000);
  double ours_ms = pan_frame_ms (ours, n_frames);
  Scene *shumate;
  double shumate_ms, built_mb, panned_mb;

  scene_free (ours);
  shumate = scene_new_shumate (grids, 5000, paths);
  built_mb = bench_rss_kib () / 1024.0;
  shumate_ms = pan_frame_ms (shumate, SHUMATE_FRAMES);
  panned_mb = bench_rss_kib () / 1024.0;
  scene_free (shumate);

  g_print ("\n### Panning at %dx%d with 5,000 cases and 500 grids: GwMapView against libshumate\n\n",
           width, height);
  g_print ("| | ms per frame (mean) | frames/s |\n| --- | ---: | ---: |\n");
  g_print ("| ShumateMarkerLayer (5,000 markers) + %u ShumatePathLayers | %.1f | %.2f |\n",
           MIN (paths, 500), shumate_ms, 1000 / shumate_ms);
  g_print ("| GwMapView | %.2f | %.1f |\n", ours_ms, 1000 / ours_ms);
  g_print ("| **ratio libshumate / ours** | **%.1f** | |\n", shumate_ms / ours_ms);
  g_print ("\nlibshumate's process: %.0f MB resident once built, %.0f MB after %d frames\n",
           built_mb, panned_mb, SHUMATE_FRAMES);
}

static void
print_sweep_row (const char *map,
                 guint       n_grids,
                 double      ms,
                 gboolean   *fell)
{
  gboolean under = ms > 1000.0 / 30;

  g_print ("| %s | %u | %u | %.1f | %.1f%s |\n", map, n_grids, 10 * n_grids, ms, 1000 / ms,
           under && !*fell ? " **first under 30**" : under ? " (under 30)" : "");
  *fell |= under;
}

/* Both maps carry the same grids (and their ancestors, for ours) and ten cases a
 * grid; libshumate stops at 500 grids (memory), ours goes on to the whole city. */
static void
run_sweep (void)
{
  static const guint sizes[] = { 10, 50, 100, 250, 500, 2000, 5000, 10324 };
  gboolean ours_fell = FALSE, shumate_fell = FALSE;

  g_print ("\n### Sweep at %dx%d: mean frame time while panning\n\n", width, height);
  g_print ("| map | grids | cases | ms per frame | frames/s |\n| --- | ---: | ---: | ---: | ---: |\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GwGridSet) grids = bench_load_grids (sizes[i]);
      Scene *scene = scene_new_ours (grids, 10 * sizes[i]);
      double ms = pan_frame_ms (scene, 60);

      scene_free (scene);
      print_sweep_row ("GwMapView", sizes[i], ms, &ours_fell);
      if (sizes[i] > 500)
        continue;
      scene = scene_new_shumate (grids, 10 * sizes[i], sizes[i]);
      ms = pan_frame_ms (scene, SHUMATE_FRAMES);
      scene_free (scene);
      print_sweep_row ("libshumate", sizes[i], ms, &shumate_fell);
    }
}

/* Resident memory as it is, then after giving free heap back to the system,
 * and the heap in use (allocated and not freed, all arenas), in MB. */
typedef struct
{
  double rss, trimmed, heap;
} Mem;

static Mem
mem_now (void)
{
  Mem m;
  struct mallinfo2 info;

  m.rss = bench_rss_kib () / 1024.0;
  malloc_trim (0);
  m.trimmed = bench_rss_kib () / 1024.0;
  info = mallinfo2 ();
  m.heap = (info.uordblks + info.hblkhd) / 1048576.0;
  return m;
}

static void
print_row (const char *what,
           Mem         m,
           Mem         before)
{
  g_print ("| %s | %.0f | %.0f | %+.0f | %.0f | %+.0f |\n", what, m.rss, m.trimmed,
           m.trimmed - before.trimmed, m.heap, m.heap - before.heap);
}

static GtkWidget *
full_texture (void)
{
  gsize stride = (gsize) width * 4;
  guint8 *pixels = g_malloc (stride * height);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (gsize i = 0; i < stride * height; i++)
    pixels[i] = (guint8) (i * 31 % 251);
  bytes = g_bytes_new_take (pixels, stride * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  return gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
}

/* The cluster index the case layer builds, alone (its options as in gw-case-layer.c). */
static GwClusterIndex *
cluster_store (GwCaseStore *store)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autofree double *lon = g_new (double, n);
  g_autofree double *lat = g_new (double, n);
  g_autofree guint8 *flags = g_new0 (guint8, n);
  g_autofree guint8 *categories = g_new0 (guint8, n);
  GwClusterOptions options;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (store), i);

      lon[i] = gw_case_get_long (gw_case);
      lat[i] = gw_case_get_lat (gw_case);
      categories[i] = gw_case_get_category (gw_case);
    }
  gw_cluster_options_init (&options);
  options.max_zoom = 16;
  options.radius = 76;
  options.extent = 512;
  options.n_categories = GW_N_CATEGORIES;
  return gw_cluster_index_new (&options, lon, lat, flags, categories, n, NULL, NULL);
}

static void
print_map_memory (GwMapView  *map,
                  const char *when)
{
  GwMapMemory m;

  gw_map_view_get_memory (map, &m);
  g_print ("| %s: geometry %.1f, case records %.1f, %u tiles %.1f, %u sprites %.1f, "
           "highlights %.1f, heatmap %.1f, %u flat cells %.1f, %u composed cells %.1f | | | | | |\n", when,
           m.geometry / 1048576.0, m.cases / 1048576.0, m.n_tiles, m.tiles / 1048576.0, m.n_sprites,
           m.sprites / 1048576.0, m.live / 1048576.0, m.heat / 1048576.0, m.n_flat, m.flat / 1048576.0,
           m.n_composed, m.composed / 1048576.0);
}

static void
run_memory (void)
{
  g_autoptr(GwGridSet) grids = NULL;
  g_autoptr(GwCaseStore) store = NULL;
  GwClusterIndex *index;
  GtkWindow *window;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GwMapView *map;
  BenchFrames frames = { 0, };
  Mem zero = { 0, }, m0 = mem_now (), m1, m2, m3, m4, m5, m6, m7, m8;

  bench_reset_peak ();
  window = bench_window_new (box, width, height);
  bench_wait_frames (box, 5);
  m1 = mem_now ();
  gtk_box_append (GTK_BOX (box), full_texture ());
  bench_wait_frames (box, 5);
  m2 = mem_now ();
  gtk_window_destroy (window);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  m3 = mem_now ();
  grids = bench_load_grids (0);
  m4 = mem_now ();
  store = bench_make_store (100000);
  m5 = mem_now ();
  index = cluster_store (store);
  m6 = mem_now ();
  gw_cluster_index_unref (index);

  map = GW_MAP_VIEW (gw_map_view_new ());
  apply_options (map);
  gw_map_view_set_grids (map, grids);
  gw_map_view_set_store (map, store);
  window = bench_window_new (GTK_WIDGET (map), width, height);
  bench_wait_frames (GTK_WIDGET (map), 2);
  bench_fit_viewport (gw_map_view_get_viewport (map), grids, width, height);
  bench_wait_settled (map, 180);
  m7 = mem_now ();

  g_print ("\n### Resident memory at %dx%d (%s), MB\n\n", width, height,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_print ("| step | resident | after malloc_trim | change | heap in use | change |\n");
  g_print ("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  print_row ("after gtk_init", m0, zero);
  print_row ("an empty window, drawn", m1, m0);
  print_row ("the same window showing one full-size texture", m2, m1);
  print_row ("window closed (what GTK and GL keep)", m3, m2);
  print_row ("the grids loaded (GwGridSet)", m4, m3);
  print_row ("100,000 cases in a GwCaseStore", m5, m4);
  print_row ("their cluster index, alone (freed again)", m6, m5);
  print_row ("GwMapView with both in a new window, settled", m7, m5);
  print_map_memory (map, "the map's own");

  bench_run_motion (GTK_WIDGET (map), gw_map_view_get_viewport (map), map, BENCH_MOTION_PAN,
                    n_frames / 2, &frames);
  bench_frames_clear (&frames);
  bench_run_motion (GTK_WIDGET (map), gw_map_view_get_viewport (map), map, BENCH_MOTION_ZOOM,
                    n_frames / 2, &frames);
  bench_frames_clear (&frames);
  bench_wait_settled (map, 60);
  m8 = mem_now ();
  print_row ("after panning and zooming (half the frames of `frame`)", m8, m7);
  print_map_memory (map, "the map's own");
  g_print ("| peak resident | %.0f | | | | |\n", bench_peak_rss_kib () / 1024.0);
  gtk_window_destroy (window);
}

/* One image of @box's size placed unscaled: the least a repaint of it costs. */
static GskRenderNode *
box_floor_node (GtkWidget             *widget,
                const graphene_rect_t *box)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, box->size.width,
                                                         box->size.height);
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgba (cr, 0.1, 0.2, 0.3, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  texture = gw_map_texture_from_surface (surface);
  cairo_surface_destroy (surface);
  gw_map_append_texture (snapshot, texture, box, gw_map_widget_uses_cairo (widget), CAIRO_FILTER_BILINEAR, 1);
  return gtk_snapshot_free_to_node (snapshot);
}

/* Medians of @reps renderings of @box of each node, taken in turns. */
static void
render_parts (GtkWidget             *widget,
              GskRenderNode        **nodes,
              guint                  n,
              const graphene_rect_t *box,
              guint                  reps,
              double                *ms)
{
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (times, g_array_new (FALSE, FALSE, sizeof (double)));
      bench_render_box_ms (widget, nodes[i], box);
    }
  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < n; i++)
      {
        double t = bench_render_box_ms (widget, nodes[i], box);

        g_array_append_val (g_ptr_array_index (times, i), t);
      }
  for (guint i = 0; i < n; i++)
    ms[i] = bench_percentile (g_ptr_array_index (times, i), 50);
}

#define MAX_PARTS 8

/* Renders one cell's box of the map as it is now, and each layer alone. */
static void
render_cell (Scene      *scene,
             const char *title)
{
  GtkWidget *map = GTK_WIDGET (gw_map_view_get_map (scene->map));
  /* The middle cell of a 4K map's 6 x 4 and an announcement's reach around it. */
  double cw = width / 6.0, ch = height / 4.0, reach = 124 * (width >= 3000 ? 1.6 : 1.0);
  graphene_rect_t box = GRAPHENE_RECT_INIT (floor (2 * cw - reach), floor (ch - reach),
                                            ceil (cw + 2 * reach), ceil (ch + 2 * reach));
  GskRenderNode *nodes[MAX_PARTS];
  const char *names[MAX_PARTS];
  double ms[MAX_PARTS];
  guint n = 0;
  /* BENCH_REPS: more, to profile the renderings (perf record -D). */
  guint reps = g_getenv ("BENCH_REPS") ? MAX (atoi (g_getenv ("BENCH_REPS")), 1) : 15;

  /* The view held still: the cells' flat images are made, one after another. */
  bench_wait_frames (scene->widget, 2);
  for (guint i = 0; i < 40; i++)
    {
      bench_wait_settled (scene->map, 10);
      g_usleep (50000);
    }
  g_print ("\n### %s", title);
  nodes[n] = box_floor_node (scene->widget, &box), names[n++] = "floor: one image of the box, unscaled";
  nodes[n] = bench_widget_node (scene->widget), names[n++] = "the map (all layers and overlays)";
  for (GtkWidget *layer = gtk_widget_get_first_child (map); layer != NULL && n < MAX_PARTS;
       layer = gtk_widget_get_next_sibling (layer))
    if (gtk_widget_get_visible (layer) && (nodes[n] = bench_widget_node (layer)) != NULL)
      names[n++] = G_OBJECT_TYPE_NAME (layer);
  render_parts (scene->widget, nodes, n, &box, reps, ms);
  g_print (": one cell's box (%.0fx%.0f at %.0f,%.0f, %.2f Mpx) rendered by %s (median of %u, "
           "in turns)\n\n| what | ms | ns per pixel | × floor |\n| --- | ---: | ---: | ---: |\n",
           box.size.width, box.size.height, box.origin.x, box.origin.y,
           box.size.width * box.size.height / 1e6,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (scene->window))), reps);
  for (guint i = 0; i < n; i++)
    {
      g_print ("| %s | %.2f | %.1f | %.2f |\n", names[i], ms[i],
               ms[i] * 1e6 / (box.size.width * box.size.height), ms[i] / ms[0]);
      g_clear_pointer (&nodes[i], gsk_render_node_unref);
    }
}

static void
run_cell (void)
{
  g_autoptr(GwGridSet) grids = bench_load_grids (0);
  Scene *scene = scene_new_ours (grids, 100000);

  render_cell (scene, "Static content flattened (one image a cell)");
  gw_map_view_set_flatten (scene->map, FALSE);
  render_cell (scene, "Each tile and the backdrop a node (as before)");
  gw_map_view_set_flatten (scene->map, TRUE);
  render_cell (scene, "Flattened again");
  scene_free (scene);
}

static void
parse_size (const char *text)
{
  if (text != NULL && sscanf (text, "%dx%d", &width, &height) != 2)
    g_error ("size “%s” is not WIDTHxHEIGHT", text);
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = argc > 1 ? argv[1] : "frame";

  gtk_init ();
  parse_size (argc > 2 ? argv[2] : NULL);
  if (g_getenv ("BENCH_FRAMES") != NULL)
    n_frames = MAX (atoi (g_getenv ("BENCH_FRAMES")), 10);

  if (g_str_equal (mode, "frame"))
    run_frame ();
  else if (g_str_equal (mode, "baseline"))
    run_baseline ();
  else if (g_str_equal (mode, "sweep"))
    run_sweep ();
  else if (g_str_equal (mode, "memory"))
    run_memory ();
  else if (g_str_equal (mode, "cell"))
    run_cell ();
  else
    {
      g_printerr ("usage: bench-map frame|baseline|sweep|memory|cell [WIDTHxHEIGHT]\n");
      return 2;
    }
  return 0;
}
