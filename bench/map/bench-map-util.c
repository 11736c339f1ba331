/* bench-map-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "bench-gen.h"
#include "bench-map-util.h"
#include "core-test-util.h"
#include "gw-event.h"
#include "gw-map-private.h"

void
bench_frames_clear (BenchFrames *frames)
{
  g_clear_pointer (&frames->busy_us, g_array_unref);
  g_clear_pointer (&frames->ours_us, g_array_unref);
  g_clear_pointer (&frames->ours_cpu_us, g_array_unref);
}

double
bench_percentile (GArray *values,
                  double  p)
{
  return core_test_percentile (values, p / 100.0);
}

double
bench_mean (GArray *values)
{
  double sum = 0;

  if (values == NULL || values->len == 0)
    return NAN;
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum / values->len;
}

/* Keeps the first @max_grids grids of the demo city and their ancestors. */
static void
keep_feature (GHashTable *keep,
              GHashTable *parents,
              const char *code)
{
  while (code != NULL && !g_hash_table_contains (keep, code))
    {
      g_hash_table_add (keep, (gpointer) code);
      code = g_hash_table_lookup (parents, code);
    }
}

static GBytes *
subset_city (GBytes *city,
             guint   max_grids)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) kept = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *collection;
  JsonArray *features;
  guint n_grids = 0;
  gsize length = 0;
  char *text;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (city, NULL), g_bytes_get_size (city), NULL))
    g_error ("cannot parse the demo city");
  root = json_node_copy (json_parser_get_root (parser));
  collection = json_node_get_object (root);
  features = json_object_get_array_member (collection, "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *props = json_object_get_object_member (json_array_get_object_element (features, i),
                                                         "properties");
      const char *parent = json_object_get_string_member_with_default (props, "parent", NULL);

      g_hash_table_insert (parents, (gpointer) json_object_get_string_member (props, "code"),
                           (gpointer) parent);
    }
  for (guint i = 0; i < json_array_get_length (features) && n_grids < max_grids; i++)
    {
      JsonObject *props = json_object_get_object_member (json_array_get_object_element (features, i),
                                                         "properties");

      if (g_str_equal (json_object_get_string_member (props, "level"), "grid"))
        {
          keep_feature (keep, parents, json_object_get_string_member (props, "code"));
          n_grids++;
        }
    }
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *feature = json_array_get_element (features, i);
      JsonObject *props = json_object_get_object_member (json_node_get_object (feature), "properties");

      if (g_hash_table_contains (keep, json_object_get_string_member (props, "code")))
        json_array_add_element (kept, json_node_copy (feature));
    }
  json_object_set_array_member (collection, "features", json_array_ref (kept));
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/**
 * bench_load_grids:
 * @max_grids: how many grids to keep, or 0 for the whole demo city
 *
 * Returns: the demo city (GRIDWALL_DEMO_CITY), or the subset holding its first
 *   @max_grids grids and their districts, streets and communities
 */
GwGridSet *
bench_load_grids (guint max_grids)
{
  const char *path = g_getenv ("GRIDWALL_DEMO_CITY");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMappedFile) file = NULL;
  GwGridSet *grids;

  if (path == NULL)
    path = "data/demo/nanchang-grids.geojson";
  file = g_mapped_file_new (path, FALSE, &error);
  if (file == NULL)
    g_error ("%s (set GRIDWALL_DEMO_CITY)", error->message);
  bytes = g_mapped_file_get_bytes (file);
  if (max_grids > 0)
    {
      g_autoptr(GBytes) subset = subset_city (bytes, max_grids);

      g_bytes_unref (bytes);
      bytes = g_steal_pointer (&subset);
    }
  grids = gw_grid_set_new_from_geojson (bytes, &error);
  if (grids == NULL)
    g_error ("demo city: %s", error->message);
  return grids;
}

/* @n_cases cases spread over central Nanchang (bench/core's generator). */
GwCaseStore *
bench_make_store (guint n_cases)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) bytes = bench_snapshot (rand, n_cases);
  g_autoptr(GError) error = NULL;
  GwSnapshot *snapshot = gw_snapshot_decode (bytes, &error);
  GwCaseStore *store = gw_case_store_new ();

  if (snapshot == NULL)
    g_error ("snapshot: %s", error->message);
  gw_case_store_load_snapshot (store, snapshot);
  gw_snapshot_free (snapshot);
  return store;
}

GtkWindow *
bench_window_new (GtkWidget *child,
                  int        width,
                  int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  return window;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
bench_wait_settled (GwMapView *map,
                    guint      timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_timeout, &timed_out);

  while (!timed_out && !(gtk_widget_get_mapped (GTK_WIDGET (map)) && gw_map_view_is_settled (map)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  /* GwMapView restyles itself inside its first size_allocate at widths of 2200 and
   * more, which leaves its overlay unallocated and undrawn until the next resize
   * (reported to the map's owner); a second allocation draws it. */
  gtk_widget_queue_resize (GTK_WIDGET (map));
  bench_wait_frames (GTK_WIDGET (map), 3);
  return !timed_out;
}

typedef struct
{
  guint            n_left;
  ShumateViewport *viewport;
  GwMapView       *map;
  BenchMotion      motion;
  guint            frame;
  double           zoom0;
  gint64           t_update;
  guint64          n_map_frames;
  BenchFrames     *frames;
  gboolean         measure;
} Run;

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Run *run = user_data;

  if (run->n_left == 0)
    return G_SOURCE_CONTINUE;  /* run_frames removes it */
  run->n_left--;
  if (run->viewport != NULL && run->motion == BENCH_MOTION_PAN)
    {
      ShumateLocation *location = SHUMATE_LOCATION (run->viewport);
      double zoom = shumate_viewport_get_zoom_level (run->viewport);
      /* 12 pixels a frame, east then west, so that the view stays over the city */
      double step = 12.0 / (256.0 * pow (2.0, zoom)) * 360.0 * ((run->frame / 60) % 2 ? -1 : 1);

      shumate_location_set_location (location, shumate_location_get_latitude (location),
                                     shumate_location_get_longitude (location) + step);
    }
  else if (run->viewport != NULL)
    {
      /* a zoom in and out over one level, 0.025 of a level a frame */
      double phase = (run->frame % 80) / 40.0;

      shumate_viewport_set_zoom_level (run->viewport,
                                       run->zoom0 + (phase <= 1 ? phase : 2 - phase));
    }
  run->frame++;
  return G_SOURCE_CONTINUE;
}

static void
on_update (GdkFrameClock *clock,
           Run           *run)
{
  run->t_update = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  double busy = g_get_monotonic_time () - run->t_update;

  if (run->t_update == 0)
    return;
  run->t_update = 0;
  if (run->frames == NULL)
    {
      run->n_map_frames++;
      return;
    }
  g_array_append_val (run->frames->busy_us, busy);
  if (run->map != NULL)
    {
      GwMapFrameStats stats;

      gw_map_view_get_frame_stats (run->map, &stats);
      if (stats.n_frames > run->n_map_frames)
        {
          double ours = stats.last_us, cpu = gw_map_view_get_frame_cpu_us (run->map);

          g_array_append_val (run->frames->ours_us, ours);
          g_array_append_val (run->frames->ours_cpu_us, cpu);
          run->n_map_frames = stats.n_frames;
        }
    }
}

static void
run_frames (GtkWidget *widget,
            Run       *run)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong update_id = g_signal_connect (clock, "update", G_CALLBACK (on_update), run);
  gulong paint_id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), run);

  guint tick_id = gtk_widget_add_tick_callback (widget, on_tick, run, NULL);

  while (run->n_left > 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, tick_id);
  /* the last frame's paint */
  while (run->t_update != 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
}

void
bench_wait_frames (GtkWidget *widget,
                   guint      n_frames)
{
  Run run = { .n_left = n_frames };

  run_frames (widget, &run);
}

void
bench_run_motion (GtkWidget       *widget,
                  ShumateViewport *viewport,
                  GwMapView       *map,
                  BenchMotion      motion,
                  guint            n_frames,
                  BenchFrames     *frames)
{
  Run run = { .n_left = n_frames, .viewport = viewport, .map = map, .motion = motion,
              .zoom0 = shumate_viewport_get_zoom_level (viewport), .frames = frames };

  frames->busy_us = g_array_new (FALSE, FALSE, sizeof (double));
  frames->ours_us = g_array_new (FALSE, FALSE, sizeof (double));
  frames->ours_cpu_us = g_array_new (FALSE, FALSE, sizeof (double));
  if (map != NULL)
    {
      GwMapFrameStats stats;

      gw_map_view_get_frame_stats (map, &stats);
      run.n_map_frames = stats.n_frames;
    }
  run_frames (widget, &run);
  if (motion == BENCH_MOTION_ZOOM)
    shumate_viewport_set_zoom_level (viewport, run.zoom0);
}

GskRenderNode *
bench_widget_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

double
bench_render_box_ms (GtkWidget             *widget,
                     GskRenderNode         *node,
                     const graphene_rect_t *box)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GdkTexture) texture = gsk_renderer_render_texture (renderer, node, box);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
render_once_ms (GtkWidget     *widget,
                GskRenderNode *node)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GdkTexture) texture = gsk_renderer_render_texture (renderer, node, NULL);

  return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct
{
  guint  count[GSK_GL_SHADER_NODE + 1];
  double area[GSK_GL_SHADER_NODE + 1];
  double clip_area;
} Census;

static GskRenderNode *
single_child (GskRenderNode *node)
{
  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_OPACITY_NODE: return gsk_opacity_node_get_child (node);
    case GSK_COLOR_MATRIX_NODE: return gsk_color_matrix_node_get_child (node);
    case GSK_CLIP_NODE: return gsk_clip_node_get_child (node);
    case GSK_ROUNDED_CLIP_NODE: return gsk_rounded_clip_node_get_child (node);
    case GSK_SHADOW_NODE: return gsk_shadow_node_get_child (node);
    case GSK_DEBUG_NODE: return gsk_debug_node_get_child (node);
    case GSK_REPEAT_NODE: return gsk_repeat_node_get_child (node);
    case GSK_BLUR_NODE: return gsk_blur_node_get_child (node);
    default: return NULL;
    }
}

/* Leaf nodes' areas in window pixels, clipped to the window (not to clip nodes). */
static void
census_walk (GskRenderNode         *node,
             GskTransform          *transform,
             const graphene_rect_t *screen,
             Census                *census)
{
  GskRenderNodeType type = gsk_render_node_get_node_type (node);
  graphene_rect_t bounds, visible;
  GskRenderNode *child;

  if (type == GSK_CONTAINER_NODE)
    {
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        census_walk (gsk_container_node_get_child (node, i), transform, screen, census);
      return;
    }
  if (type == GSK_TRANSFORM_NODE)
    {
      GskTransform *inner = gsk_transform_transform (gsk_transform_ref (transform),
                                                     gsk_transform_node_get_transform (node));

      census_walk (gsk_transform_node_get_child (node), inner, screen, census);
      gsk_transform_unref (inner);
      return;
    }
  gsk_render_node_get_bounds (node, &bounds);
  gsk_transform_transform_bounds (transform, &bounds, &bounds);
  if (!graphene_rect_intersection (&bounds, screen, &visible))
    return;
  if ((child = single_child (node)) != NULL)
    {
      if (type == GSK_CLIP_NODE || type == GSK_ROUNDED_CLIP_NODE)
        census->clip_area += visible.size.width * visible.size.height;
      census_walk (child, transform, screen, census);
      return;
    }
  census->count[type]++;
  census->area[type] += visible.size.width * visible.size.height;
}

void
bench_print_census (GtkWidget *widget)
{
  static const char *names[] = {
    [GSK_TEXTURE_NODE] = "texture", [GSK_COLOR_NODE] = "colour",
    [GSK_LINEAR_GRADIENT_NODE] = "linear gradient", [GSK_RADIAL_GRADIENT_NODE] = "radial gradient",
    [GSK_BORDER_NODE] = "border", [GSK_TEXT_NODE] = "text", [GSK_CAIRO_NODE] = "cairo",
    [GSK_OUTSET_SHADOW_NODE] = "outset shadow", [GSK_INSET_SHADOW_NODE] = "inset shadow",
  };
  g_autoptr(GskRenderNode) node = bench_widget_node (widget);
  double screen_px = (double) gtk_widget_get_width (widget) * gtk_widget_get_height (widget);
  graphene_rect_t screen = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget));
  Census census = { { 0, }, };
  double total = 0;

  census_walk (node, NULL, &screen, &census);
  g_print ("\n### What the frame is made of (leaf nodes, screenfuls of pixels each covers)\n\n");
  g_print ("| node | count | screens |\n| --- | ---: | ---: |\n");
  for (guint t = 0; t < G_N_ELEMENTS (census.count); t++)
    if (census.count[t] > 0)
      {
        g_print ("| %s | %u | %.2f |\n", t < G_N_ELEMENTS (names) && names[t] ? names[t] : "other",
                 census.count[t], census.area[t] / screen_px);
        total += census.area[t];
      }
  g_print ("| **all** | | **%.2f** |\n", total / screen_px);
}

static GskRenderNode *
floor_node (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gsize stride = (gsize) width * 4;
  guint8 *pixels = g_malloc (stride * height);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  for (gsize i = 0; i < stride * height; i++)
    pixels[i] = (guint8) (i * 31 % 251);
  bytes = g_bytes_new_take (pixels, stride * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gtk_snapshot_free_to_node (snapshot);
}

void
bench_render_against_floor (GtkWidget *widget,
                            guint      reps,
                            double    *widget_ms,
                            double    *floor_ms)
{
  g_autoptr(GskRenderNode) map = bench_widget_node (widget);
  g_autoptr(GskRenderNode) floor = floor_node (widget);
  g_autoptr(GArray) map_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));

  /* one warm-up each uploads the textures */
  render_once_ms (widget, map);
  render_once_ms (widget, floor);
  for (guint i = 0; i < reps; i++)
    {
      double a = render_once_ms (widget, map), b = render_once_ms (widget, floor);

      g_array_append_val (map_times, a);
      g_array_append_val (floor_times, b);
    }
  *widget_ms = bench_percentile (map_times, 50);
  *floor_ms = bench_percentile (floor_times, 50);
}

void
bench_fit_viewport (ShumateViewport *viewport,
                    GwGridSet       *grids,
                    int              width,
                    int              height)
{
  double west = 180, south = 90, east = -180, north = -90;
  double x0, y0, x1, y1, zoom;
  guint n;
  const GwGridFeature * const *counties = gw_grid_set_get_level (grids, GW_GRID_LEVEL_COUNTY, &n);

  for (guint i = 0; i < n; i++)
    {
      west = MIN (west, counties[i]->min_lon);
      south = MIN (south, counties[i]->min_lat);
      east = MAX (east, counties[i]->max_lon);
      north = MAX (north, counties[i]->max_lat);
    }
  /* normalised Web Mercator */
  x0 = (west + 180) / 360;
  x1 = (east + 180) / 360;
  y0 = (1 - log (tan (G_PI / 4 + north * G_PI / 360)) / G_PI) / 2;
  y1 = (1 - log (tan (G_PI / 4 + south * G_PI / 360)) / G_PI) / 2;
  zoom = log2 (MIN (width / ((x1 - x0) * 256), height / ((y1 - y0) * 256)));
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), (south + north) / 2, (west + east) / 2);
}

/* Damage read back from the X server ---------------------------------------- */

#ifdef HAVE_XDAMAGE
#include <gdk/x11/gdkx.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/Xfixes.h>

struct _BenchDamage
{
  Display      *dpy;
  Damage        damage;
  XserverRegion parts;
};

BenchDamage *
bench_damage_new (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  BenchDamage *self;
  int event_base, error_base;

  if (surface == NULL || !GDK_IS_X11_SURFACE (surface))
    return NULL;
  self = g_new0 (BenchDamage, 1);
  self->dpy = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  if (!XDamageQueryExtension (self->dpy, &event_base, &error_base))
    {
      g_free (self);
      return NULL;
    }
  self->damage = XDamageCreate (self->dpy, gdk_x11_surface_get_xid (surface),
                                XDamageReportNonEmpty);
  self->parts = XFixesCreateRegion (self->dpy, NULL, 0);
  XSync (self->dpy, False);
  XDamageSubtract (self->dpy, self->damage, None, None);
  return self;
}

gboolean
bench_damage_take (BenchDamage *self,
                   double      *area,
                   double      *box_area)
{
  XRectangle *rects, box;
  int n;

  XSync (self->dpy, False);
  XDamageSubtract (self->dpy, self->damage, None, self->parts);
  rects = XFixesFetchRegionAndBounds (self->dpy, self->parts, &n, &box);
  *area = 0;
  for (int i = 0; i < n; i++)
    *area += (double) rects[i].width * rects[i].height;
  *box_area = n > 0 ? (double) box.width * box.height : 0;
  if (rects != NULL)
    XFree (rects);
  return n > 0;
}

void
bench_damage_free (BenchDamage *self)
{
  if (self == NULL)
    return;
  XFixesDestroyRegion (self->dpy, self->parts);
  XDamageDestroy (self->dpy, self->damage);
  g_free (self);
}
#else
BenchDamage *
bench_damage_new (GtkWidget *window)
{
  return NULL;
}

gboolean
bench_damage_take (BenchDamage *self,
                   double      *area,
                   double      *box_area)
{
  return FALSE;
}

void
bench_damage_free (BenchDamage *self)
{
}
#endif
