/* test-map-view.c: the map over the demo city and the real centre
 *
 * Projection and hit testing against the demo city; then a real window under
 * Xvfb: the map is rendered headlessly at 1920x1080 and 3840x2160 and its
 * pixels checked for outlines and, after cases reported through the centre's
 * test hook, for a cluster where they are; selection, drill-down, and a new
 * case reaching the layer. The PNGs are left in the build folder to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>

#include "map-test-util.h"
#include "gw-coord.h"
#include "gw-map-geometry.h"
#include "gw-map-private.h"
#include "gw-map-view.h"

#define N_CLUSTER_CASES 30

/* Projection ----------------------------------------------------------------- */

static void
test_projection (void)
{
  GwMapTransform t = { 256 * pow (2, 11.3), 0.8219, 0.4281, 1920, 1080, 0 };

  for (GwCoordSystem system = GW_COORD_SYSTEM_WGS84; system <= GW_COORD_SYSTEM_BD09; system++)
    {
      double mx, my, lon, lat;

      gw_map_project (system, 115.8921, 28.6765, &mx, &my);
      gw_map_unproject (system, mx, my, &lon, &lat);
      g_assert_cmpfloat_with_epsilon (lon, 115.8921, 2e-5);
      g_assert_cmpfloat_with_epsilon (lat, 28.6765, 2e-5);
      if (system != GW_COORD_SYSTEM_WGS84)
        {
          double wx, wy;

          /* A shifted system really moves the point: hundreds of metres. */
          gw_coord_mercator_project (115.8921, 28.6765, &wx, &wy);
          g_assert_cmpfloat (hypot (wx - mx, wy - my) * GW_EARTH_RADIUS_M * 2 * G_PI, >, 100);
        }
    }

  for (int r = 0; r < 2; r++)
    {
      double x, y, mx, my;

      t.rotation = r ? 0.5 : 0;
      gw_map_transform_to_widget (&t, 0.8225, 0.4277, &x, &y);
      gw_map_transform_from_widget (&t, x, y, &mx, &my);
      g_assert_cmpfloat_with_epsilon (mx, 0.8225, 1e-12);
      g_assert_cmpfloat_with_epsilon (my, 0.4277, 1e-12);
    }
  /* The widget's centre is the viewport's centre. */
  {
    double x, y;

    gw_map_transform_to_widget (&t, t.cx, t.cy, &x, &y);
    g_assert_cmpfloat_with_epsilon (x, 960, 1e-9);
    g_assert_cmpfloat_with_epsilon (y, 540, 1e-9);
  }
}

/* Hit testing ------------------------------------------------------------------ */

static void
test_hit_testing (void)
{
  g_autoptr(GwGridSet) grids = map_test_load_city ();
  g_autoptr(GwMapGeometry) geometry = gw_map_geometry_new (grids, GW_COORD_SYSTEM_WGS84);
  guint n;
  const GwGridFeature * const *level = gw_grid_set_get_level (grids, GW_GRID_LEVEL_GRID, &n);
  double mx, my;

  g_assert_cmpuint (n, >, 10000);
  for (guint i = 0; i < n; i += 97)
    {
      const GwGridFeature *f = level[i];
      const GwMapShape *s = gw_map_geometry_get_shape (geometry, f->index);
      guint n_siblings;
      const GwGridFeature * const *siblings = gw_grid_set_get_children (grids, f->parent_code, &n_siblings);

      g_assert_true (s->feature == f);
      g_assert_true (gw_map_geometry_contains (geometry, f->index, s->lx, s->ly));
      for (guint k = 0; k < n_siblings; k++)
        if (siblings[k] != f)
          g_assert_false (gw_map_geometry_contains (geometry, siblings[k]->index, s->lx, s->ly));
      /* The geometry and the grid set's index agree. */
      g_assert_true (gw_grid_set_locate (grids, GW_GRID_LEVEL_GRID, f->label_lon, f->label_lat) == f);
      /* Its parent contains it too. */
      g_assert_true (gw_map_geometry_contains (geometry, f->parent->index, s->lx, s->ly));
    }
  /* Far outside the city (the sea off Fujian). */
  gw_map_project (GW_COORD_SYSTEM_WGS84, 121.5, 24.0, &mx, &my);
  for (guint i = 0; i < gw_map_geometry_get_n_shapes (geometry); i++)
    g_assert_false (gw_map_geometry_contains (geometry, i, mx, my));
  g_assert_cmpint (gw_map_geometry_display_level (geometry, 256 * pow (2, 9)), ==, GW_GRID_LEVEL_COUNTY);
  g_assert_cmpint (gw_map_geometry_display_level (geometry, 256 * pow (2, 16)), ==, GW_GRID_LEVEL_GRID);
}

/* The window --------------------------------------------------------------------- */

typedef struct
{
  GwTestCenter *center;
  GwCaseStore  *store;
  GwFeed       *feed;
  GwGridSet    *grids;
  GtkWindow    *window;
  GwMapView    *map;
  guint         n_area_signals;
  char         *last_area;
} Fixture;

/* Settled after its layers drew a frame (the frame statistics are reset when
 * the window opens): raster jobs are only asked for by a frame, so a map not
 * drawn yet (a 4K frame under llvmpipe on a loaded machine takes seconds)
 * has nothing pending and is not done. */
static gboolean
settled (gpointer data)
{
  Fixture *f = data;
  GwMapFrameStats stats;

  gw_map_view_get_frame_stats (f->map, &stats);
  return gtk_widget_get_width (GTK_WIDGET (f->map)) > 0 && stats.n_frames > 0
         && gw_map_view_is_settled (f->map);
}

static void
wait_settled (Fixture *f,
              guint    timeout_ms)
{
  /* Settled twice, a few frames apart: tiles that arrive ask for more. */
  for (int i = 0; i < 2; i++)
    {
      if (!gw_test_wait_for (settled, f, timeout_ms))
        {
          GwMapFrameStats stats;

          gw_map_view_get_frame_stats (f->map, &stats);
          g_error ("the map did not settle: %u raster jobs pending, %" G_GUINT64_FORMAT " frames",
                   stats.n_tiles_pending, stats.n_frames);
        }
      gw_test_sleep (300);
    }
  g_assert_true (gw_test_wait_for (settled, f, timeout_ms));
}

typedef struct
{
  guchar *data;
  int     width, height;
  gsize   stride;
} Pixels;

static void
download (GdkTexture *texture,
          Pixels     *px)
{
  px->width = gdk_texture_get_width (texture);
  px->height = gdk_texture_get_height (texture);
  px->stride = px->width * 4;
  px->data = g_malloc (px->stride * px->height);
  gdk_texture_download (texture, px->data, px->stride);
}

/* Distance of the pixel at (x, y) from an sRGB colour, 0..441. */
static double
distance_at (const Pixels  *px,
             int            x,
             int            y,
             const GdkRGBA *color)
{
  const guchar *p = px->data + y * px->stride + 4 * x;   /* B, G, R, A */

  return sqrt (pow (p[2] - color->red * 255, 2) + pow (p[1] - color->green * 255, 2)
               + pow (p[0] - color->blue * 255, 2));
}

/* Pixels within @radius of (x, y) closer than @tolerance to @color. */
static guint
count_near (const Pixels  *px,
            double         x,
            double         y,
            int            radius,
            const GdkRGBA *color,
            double         tolerance)
{
  guint n = 0;

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        int xi = (int) round (x) + dx, yi = (int) round (y) + dy;

        if (xi >= 0 && yi >= 0 && xi < px->width && yi < px->height
            && distance_at (px, xi, yi, color) < tolerance)
          n++;
      }
  return n;
}

static void
save_png (GdkTexture *texture,
          const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", name, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static void
on_area_selected (GwMapView  *map,
                  const char *code,
                  Fixture    *f)
{
  f->n_area_signals++;
  g_free (f->last_area);
  f->last_area = g_strdup (code);
}

typedef struct
{
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
store_has (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (G_LIST_MODEL (w->f->store)) >= w->n;
}

static void
open_window (Fixture *f,
             int      width,
             int      height)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->map = GW_MAP_VIEW (gw_map_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->map));
  gtk_window_set_default_size (f->window, width, height);
  gw_map_view_set_store (f->map, f->store);
  gw_map_view_set_grids (f->map, f->grids);
  g_signal_connect (f->map, "area-selected", G_CALLBACK (on_area_selected), f);
  gw_map_view_reset_frame_stats (f->map);
  gtk_window_present (f->window);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->center = gw_test_center_new ();
  if (f->center == NULL)
    return;
  gw_test_center_start (f->center, "--test-hooks", "--rate", "0", NULL);
  f->store = gw_case_store_new ();
  f->feed = map_test_connect (f->center, f->store);

  f->grids = map_test_load_city ();
  open_window (f, 1920, 1080);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->center == NULL)
    return;
  gtk_window_destroy (f->window);
  gw_feed_stop (f->feed);
  g_clear_object (&f->feed);
  g_clear_object (&f->store);
  g_clear_pointer (&f->grids, gw_grid_set_unref);
  g_clear_pointer (&f->center, gw_test_center_free);
  g_free (f->last_area);
}

/* A grid in the middle of the city, where the test reports its cases. */
static const GwGridFeature *
central_grid (Fixture *f)
{
  const GwGridFeature *grid = gw_grid_set_locate (f->grids, GW_GRID_LEVEL_GRID, 115.8921, 28.6765);

  g_assert_nonnull (grid);
  return grid;
}

static void
check_screen (Fixture    *f,
              const char *name,
              gboolean    with_cluster)
{
  const GwMapPalette *palette = gw_map_palette_get (GW_MAP_STYLE_DARK);
  const GwGridFeature *grid = central_grid (f);
  g_autoptr(GdkTexture) texture = map_test_render (f->map);
  Pixels px;
  double x, y;
  guint n;
  const GwGridFeature * const *counties = gw_grid_set_get_level (f->grids, GW_GRID_LEVEL_COUNTY, &n);
  guint outlined = 0;
  GdkRGBA disc = { 0, 0, 0, 1 };

  save_png (texture, name);
  download (texture, &px);
  g_assert_cmpint (px.width, ==, gtk_widget_get_width (GTK_WIDGET (f->map)));

  /* Outside the city: the wall's background. */
  gw_map_view_project (f->map, 113.0, 26.5, &x, &y);
  if (x >= 0 && y >= 0 && x < px.width && y < px.height)
    g_assert_cmpfloat (distance_at (&px, x, y, &palette->background), <, 40);
  /* Every county's boundary is drawn where its first vertex projects. */
  for (guint i = 0; i < n; i++)
    {
      const GwGridRing *ring = &counties[i]->polygons[0].rings[0];

      gw_map_view_project (f->map, ring->coords[0], ring->coords[1], &x, &y);
      if (count_near (&px, x, y, 3, &palette->outline[GW_GRID_LEVEL_COUNTY], 90) > 0
          || count_near (&px, x, y, 3, &palette->land_edge, 90) > 0)
        outlined++;
    }
  g_assert_cmpuint (outlined, >=, n - 1);
  /* Land, not background, at a county's label point. */
  gw_map_view_project (f->map, counties[0]->label_lon, counties[0]->label_lat, &x, &y);
  g_assert_cmpfloat (distance_at (&px, x, y, &palette->background), >, 10);

  /* The cluster: its disc (drawn at 92 % over the land) around the reported
   * cases, and not there before they were reported. */
  disc.red = 0.92 * palette->cluster.red + 0.08 * palette->land.red;
  disc.green = 0.92 * palette->cluster.green + 0.08 * palette->land.green;
  disc.blue = 0.92 * palette->cluster.blue + 0.08 * palette->land.blue;
  gw_map_view_project (f->map, grid->label_lon, grid->label_lat, &x, &y);
  if (with_cluster)
    g_assert_cmpuint (count_near (&px, x, y, 14, &disc, 30), >, 40);
  else
    g_assert_cmpuint (count_near (&px, x, y, 14, &disc, 30), <, 5);
  g_free (px.data);
}

/* The selected area's outline runs through its first vertex. */
static void
check_selection (Fixture             *f,
                 const GwGridFeature *area)
{
  const GwMapPalette *palette = gw_map_palette_get (GW_MAP_STYLE_DARK);
  const GwGridRing *ring = &area->polygons[0].rings[0];
  g_autoptr(GdkTexture) texture = map_test_render (f->map);
  Pixels px;
  double x, y;

  save_png (texture, "map-1920x1080-selected.png");
  download (texture, &px);
  gw_map_view_project (f->map, ring->coords[0], ring->coords[1], &x, &y);
  g_assert_cmpuint (count_near (&px, x, y, 3, &palette->selected, 60), >, 0);
  g_free (px.data);
}

/* N_CLUSTER_CASES cases reported through the centre, close together in the
 * central grid, and in the store. */
static void
report_cluster (Fixture *f)
{
  const GwGridFeature *grid = central_grid (f);
  CountWait wait = { f, g_list_model_get_n_items (G_LIST_MODEL (f->store)) + N_CLUSTER_CASES };

  for (guint i = 0; i < N_CLUSTER_CASES; i++)
    map_test_report_case (f->center, grid->label_lon + (i % 5) * 1e-5, grid->label_lat + (i / 5) * 1e-5,
                 i % 7 == 0 ? "urgent" : "normal");
  g_assert_true (gw_test_wait_for (store_has, &wait, 10000));
}

static gboolean
zoom_reached (gpointer data)
{
  Fixture *f = data;
  double x = gtk_widget_get_width (GTK_WIDGET (f->map)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (f->map)) / 2.0;
  const GwGridFeature *at = gw_map_view_feature_at (f->map, x, y);

  return at != NULL && at->level == GW_GRID_LEVEL_STREET && shumate_map_get_state (gw_map_view_get_map (f->map)) == SHUMATE_STATE_NONE;
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  const GwGridFeature *grid;
  const GwGridFeature *county;
  GwMapFrameStats stats;

  if (f->center == NULL)
    {
      g_test_skip ("GRIDWALL_CENTER is not built");
      return;
    }
  grid = central_grid (f);
  county = grid->parent->parent->parent;
  wait_settled (f, 30000);
  check_screen (f, "map-1920x1080-empty.png", FALSE);

  /* Cases reported through the centre cluster where they are. */
  report_cluster (f);
  /* They are live items at once, before any index is built. */
  gw_map_view_reset_frame_stats (f->map);
  gtk_widget_queue_draw (GTK_WIDGET (f->map));
  gw_test_sleep (200);
  gw_map_view_get_frame_stats (f->map, &stats);
  g_assert_cmpuint (stats.n_frames, >, 0);
  wait_settled (f, 30000);
  check_screen (f, "map-1920x1080.png", TRUE);

  /* The selection's outline (drawn in a worker) is on screen once settled. */
  gw_map_view_select_area (f->map, county->code);
  wait_settled (f, 30000);
  check_selection (f, county);

  /* Selection and drill-down, then back up. */
  gw_map_view_select_area (f->map, grid->code);
  g_assert_cmpstr (gw_map_view_get_selected_area (f->map), ==, grid->code);
  g_assert_cmpstr (f->last_area, ==, grid->code);
  gw_map_view_drill_to (f->map, county->code);
  g_assert_cmpstr (f->last_area, ==, county->code);
  g_assert_true (gw_test_wait_for (zoom_reached, f, 10000));
  wait_settled (f, 30000);
  {
    g_autoptr(GdkTexture) texture = map_test_render (f->map);

    save_png (texture, "map-1920x1080-drilled.png");
  }
  gw_map_view_drill_to (f->map, NULL);
  g_assert_null (gw_map_view_get_selected_area (f->map));
  g_assert_null (f->last_area);
  gw_map_view_zoom_to_city (f->map, FALSE);
}

/* The wall's size: a window made at that size, as the wall's is. X clamps a
 * window to its screen: this needs a 3840x2160 display (the map-view-4k test
 * starts one). */
static void
test_window_4k (Fixture       *f,
                gconstpointer  data)
{
  GwMapFrameStats stats;
  double x0, y0, x1, y1, cx0, cy0, cx1, cy1;
  double w, h;

  if (f->center == NULL)
    {
      g_test_skip ("GRIDWALL_CENTER is not built");
      return;
    }
  open_window (f, 3840, 2160);
  report_cluster (f);
  /* Some 150 grid tiles of 50-300 ms each, two at a time, on a loaded machine. */
  wait_settled (f, 150000);
  w = gtk_widget_get_width (GTK_WIDGET (f->map));
  h = gtk_widget_get_height (GTK_WIDGET (f->map));
  if (w < 3840 || h < 2160)
    {
      g_test_skip ("the display is smaller than 3840x2160 (run the map-view-4k test)");
      return;
    }
  check_screen (f, "map-3840x2160.png", TRUE);
  /* The city fills the screen: its bounds touch it on one axis at least
   * (fitted with a margin), and none of it is cut off. */
  {
    g_autoptr(GwMapGeometry) geometry = gw_map_geometry_new (f->grids, GW_COORD_SYSTEM_WGS84);
    double west, north, east, south;

    gw_map_geometry_get_bounds (geometry, &x0, &y0, &x1, &y1);
    gw_coord_mercator_unproject (x0, y0, &west, &north);
    gw_coord_mercator_unproject (x1, y1, &east, &south);
    gw_map_view_project (f->map, west, north, &cx0, &cy0);
    gw_map_view_project (f->map, east, south, &cx1, &cy1);
  }
  g_test_message ("the city spans %.0f,%.0f to %.0f,%.0f on a %.0fx%.0f map", cx0, cy0, cx1, cy1, w, h);
  g_assert_cmpfloat (cx0, >=, 0);
  g_assert_cmpfloat (cy0, >=, 0);
  g_assert_cmpfloat (cx1, <=, w);
  g_assert_cmpfloat (cy1, <=, h);
  g_assert_true ((cx1 - cx0) / w > 0.75 || (cy1 - cy0) / h > 0.75);
  gw_map_view_get_frame_stats (f->map, &stats);
  g_test_message ("frames %" G_GUINT64_FORMAT ", max %" G_GINT64_FORMAT " us, textures %u",
                  stats.n_frames, stats.max_us, stats.n_tiles_drawn);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  gtk_init ();

  g_test_add_func ("/map/projection", test_projection);
  g_test_add_func ("/map/hit-testing", test_hit_testing);
  g_test_add ("/map/window", Fixture, NULL, fixture_set_up, test_window, fixture_tear_down);
  g_test_add ("/map/window-4k", Fixture, NULL, fixture_set_up, test_window_4k, fixture_tear_down);
  return g_test_run ();
}
