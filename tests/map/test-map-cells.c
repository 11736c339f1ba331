/* test-map-cells.c: what one frame of the live map repaints, with GTK's cairo renderer
 *
 * A 1920x1080 window under Xvfb shows the demo city, fed by the real centre.
 * Cases are reported through the centre's test hook at both ends of the
 * city at once, while the announcements animate and areas blink. Each frame
 * must show new content in at most the budget's cells (the map's own
 * account), the X server must see no repaint outside that box and the
 * announcements' reach (XDamage), every case's cell must show it within a
 * few frames, and a rendering of what is on screen must show them all.
 * A window asking each frame, in its update phase, where the map will
 * repaint (as the wall's turns do) must be told the truth.
 *
 * The program's moves (the wall's tour: gw_map_view_drill_to) cut in one
 * frame with the cairo renderer, and fly with GL (in a subprocess).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>

#ifdef HAVE_XDAMAGE
#include <gdk/x11/gdkx.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/Xfixes.h>
#endif

#include "map-test-util.h"
#include "gw-map-private.h"
#include "gw-map-view.h"

#define COLS         4
#define ROWS         4
#define BUDGET       1
#define PER_END      3
/* Frames a new case may wait for its cell's turn: the cells of both ends
 * and of the blinks around them go in turns. */
#define MAX_WAIT     8
/* How far an announcement's rings reach beyond their cell at this size,
 * drawn by the renderer; composed cells are cut at their edges. */
#define OVERHANG     126

typedef struct
{
  double lon, lat;
  double x, y;
  guint  arrived;   /* frame count when the store had it */
  guint  shown;     /* frame count when its cell showed it, 0: not yet */
} Report;

typedef struct
{
  GwTestCenter *center;
  GwCaseStore  *store;
  GwFeed       *feed;
  GwGridSet    *grids;
  GtkWindow    *window;
  GwMapView    *map;
  GArray       *reports;   /* of Report */
  guint         n_frames;
  guint         n_full;
  guint         n_turns;
  double        max_turn;  /* largest area a frame showed anew, px² */
  double        max_damage_excess;  /* damage box beyond turn (+ overhang), px */
  gboolean      direct;             /* the renderer draws the turns, not a worker */
  gboolean      recording;
  guint         n_peeked;
  guint         announced0, missed0;   /* the map's counts when recording began */
#ifdef HAVE_XDAMAGE
  Display      *dpy;
  Damage        damage;
  XserverRegion parts;
#endif
} Fixture;

/* XDamage: what the X server saw repainted since the last call ------------- */

static void
damage_start (Fixture *f)
{
#ifdef HAVE_XDAMAGE
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  int event_base, error_base;

  if (!GDK_IS_X11_SURFACE (surface))
    return;
  f->dpy = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  if (!XDamageQueryExtension (f->dpy, &event_base, &error_base))
    {
      f->dpy = NULL;
      return;
    }
  f->damage = XDamageCreate (f->dpy, gdk_x11_surface_get_xid (surface), XDamageReportNonEmpty);
  f->parts = XFixesCreateRegion (f->dpy, NULL, 0);
  XSync (f->dpy, False);
  XDamageSubtract (f->dpy, f->damage, None, None);
#endif
}

/* How far the frame's damage box reaches beyond @allowed, in pixels. */
static double
damage_excess (Fixture               *f,
               const graphene_rect_t *allowed)
{
#ifdef HAVE_XDAMAGE
  XRectangle *rects, box;
  int n;
  double excess;

  if (f->dpy == NULL)
    return 0;
  XSync (f->dpy, False);
  XDamageSubtract (f->dpy, f->damage, None, f->parts);
  rects = XFixesFetchRegionAndBounds (f->dpy, f->parts, &n, &box);
  if (rects != NULL)
    XFree (rects);
  if (n == 0)
    return 0;
  excess = MAX (MAX (allowed->origin.x - box.x, allowed->origin.y - box.y),
                MAX (box.x + box.width - (allowed->origin.x + allowed->size.width),
                     box.y + box.height - (allowed->origin.y + allowed->size.height)));
  return MAX (excess, 0);
#else
  return 0;
#endif
}

static void
damage_stop (Fixture *f)
{
#ifdef HAVE_XDAMAGE
  if (f->dpy == NULL)
    return;
  XDamageDestroy (f->dpy, f->damage);
  XFixesDestroyRegion (f->dpy, f->parts);
  f->dpy = NULL;
#endif
}

/* Frames --------------------------------------------------------------------- */

static void
on_after_paint (GdkFrameClock *clock,
                Fixture       *f)
{
  graphene_rect_t area, allowed;
  gboolean full;
  guint n;

  if (!f->recording)
    return;
  f->n_frames++;
  gw_map_view_get_last_frame_area (f->map, &area, &full, &n);
  f->n_full += full;
  if (!full && n > 0)
    {
      f->n_turns++;
      f->max_turn = MAX (f->max_turn, area.size.width * area.size.height);
    }
  allowed = area;
  if (f->direct)
    graphene_rect_inset (&allowed, -OVERHANG, -OVERHANG);
  f->max_damage_excess = MAX (f->max_damage_excess, damage_excess (f, &allowed));
  for (guint i = 0; i < f->reports->len; i++)
    {
      Report *r = &g_array_index (f->reports, Report, i);

      if (r->arrived > 0 && r->shown == 0 && (full || graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (r->x, r->y))))
        r->shown = f->n_frames;
    }
}

/* In the update phase, as the wall's turns do (gw-frame-turns.c). */
static gboolean
peek_tick (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       data)
{
  Fixture *f = data;
  graphene_rect_t area;

  if (f->recording)
    f->n_peeked += gw_map_view_get_next_frame_area (f->map, &area);
  return G_SOURCE_CONTINUE;
}

/* A new case: the report it was, by its place. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  for (guint k = position; k < position + added; k++)
    {
      g_autoptr(GwCase) c = g_list_model_get_item (model, k);

      for (guint i = 0; i < f->reports->len; i++)
        {
          Report *r = &g_array_index (f->reports, Report, i);

          if (r->arrived == 0 && fabs (gw_case_get_long (c) - r->lon) < 1e-6
              && fabs (gw_case_get_lat (c) - r->lat) < 1e-6)
            {
              r->arrived = f->n_frames + 1;
              break;
            }
        }
    }
}

/* The grids furthest west and east: both ends of the city. */
static void
city_ends (GwGridSet           *grids,
           const GwGridFeature **west,
           const GwGridFeature **east)
{
  guint n;
  const GwGridFeature * const *level = gw_grid_set_get_level (grids, GW_GRID_LEVEL_GRID, &n);

  *west = *east = level[0];
  for (guint i = 1; i < n; i++)
    {
      if (level[i]->label_lon < (*west)->label_lon)
        *west = level[i];
      if (level[i]->label_lon > (*east)->label_lon)
        *east = level[i];
    }
}

/* Drawn at its size, and what it shows is final. */
static gboolean
map_settled (GwMapView *map)
{
  GwMapFrameStats stats;

  gw_map_view_get_frame_stats (map, &stats);
  return gtk_widget_get_width (GTK_WIDGET (map)) > 0 && stats.n_frames > 0 && gw_map_view_is_settled (map);
}

static gboolean
settled (gpointer data)
{
  return map_settled (((Fixture *) data)->map);
}

static gboolean
all_shown (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->reports->len; i++)
    if (g_array_index (f->reports, Report, i).shown == 0)
      return FALSE;
  return TRUE;
}

/* What the map shows now, as B, G, R, A rows of @stride bytes. */
static guchar *
render_pixels (GwMapView *map,
               int       *stride)
{
  g_autoptr(GdkTexture) texture = map_test_render (map);
  guchar *data;

  *stride = gdk_texture_get_width (texture) * 4;
  data = g_malloc ((gsize) *stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, data, *stride);
  return data;
}

/* Pixels within @radius of (x, y) that differ between two renderings. */
static guint
changed_near (const guchar *a,
              const guchar *b,
              int           stride,
              double        x,
              double        y,
              int           radius)
{
  guint n = 0;

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        gsize at = (gsize) ((int) round (y) + dy) * stride + 4 * ((int) round (x) + dx);

        n += memcmp (a + at, b + at, 3) != 0;
      }
  return n;
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
  f->reports = g_array_new (FALSE, TRUE, sizeof (Report));

  f->window = GTK_WINDOW (gtk_window_new ());
  f->map = GW_MAP_VIEW (gw_map_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->map));
  gtk_window_set_default_size (f->window, 1920, 1080);
  gw_map_view_set_store (f->map, f->store);
  gw_map_view_set_grids (f->map, f->grids);
  gw_map_view_set_cells (f->map, COLS, ROWS, BUDGET);
  f->direct = data != NULL;
  gw_map_view_set_compose (f->map, !f->direct);
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->center == NULL)
    return;
  damage_stop (f);
  gtk_window_destroy (f->window);
  gw_feed_stop (f->feed);
  g_clear_object (&f->feed);
  g_clear_object (&f->store);
  g_clear_pointer (&f->grids, gw_grid_set_unref);
  g_clear_pointer (&f->reports, g_array_unref);
  g_clear_pointer (&f->center, gw_test_center_free);
}

/* Every frame drew what the window was told in its update phase. */
static void
check_announced (Fixture *f)
{
  guint announced, missed;

  gw_map_view_get_announced (f->map, &announced, &missed);
  announced -= f->announced0;
  missed -= f->missed0;
  g_test_message ("announced in the update phase: %u frames with something waiting, of %u drawn; "
                  "%u drew otherwise", f->n_peeked, announced, missed);
  g_assert_cmpuint (f->n_peeked, >, 2);
  g_assert_cmpuint (missed, ==, 0);
}

static void
test_both_ends (Fixture       *f,
                gconstpointer  data)
{
  const GwGridFeature *ends[2];
  g_autofree guchar *before = NULL;
  g_autofree guchar *after = NULL;
  double cell_area;
  int stride;

  if (f->center == NULL)
    {
      g_test_skip ("gridwall-center is not built");
      return;
    }
  g_assert_true (gw_test_wait_for (settled, f, 60000));
  gw_test_sleep (300);
  g_assert_true (gw_test_wait_for (settled, f, 60000));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (f->window))), ==,
                   "GskCairoRenderer");
  cell_area = gtk_widget_get_width (GTK_WIDGET (f->map)) / (double) COLS
              * gtk_widget_get_height (GTK_WIDGET (f->map)) / (double) ROWS;
  before = render_pixels (f->map, &stride);

  city_ends (f->grids, &ends[0], &ends[1]);
  for (guint e = 0; e < 2; e++)
    for (guint k = 0; k < PER_END; k++)
      {
        Report r = { ends[e]->label_lon + 0.0004 * k, ends[e]->label_lat, 0, };

        gw_map_view_project (f->map, r.lon, r.lat, &r.x, &r.y);
        g_assert_cmpfloat (r.x, >, 0);
        g_assert_cmpfloat (r.x, <, gtk_widget_get_width (GTK_WIDGET (f->map)));
        g_array_append_val (f->reports, r);
      }
  /* The two ends lie in cells far apart: one box for both would be most of the map. */
  g_assert_cmpfloat (fabs (g_array_index (f->reports, Report, PER_END).x
                           - g_array_index (f->reports, Report, 0).x),
                     >, gtk_widget_get_width (GTK_WIDGET (f->map)) / 2.0);

  g_signal_connect (f->store, "items-changed", G_CALLBACK (on_items_changed), f);
  g_signal_connect_after (gtk_widget_get_frame_clock (GTK_WIDGET (f->map)), "after-paint",
                          G_CALLBACK (on_after_paint), f);
  gtk_widget_add_tick_callback (GTK_WIDGET (f->window), peek_tick, f, NULL);
  gw_map_view_get_announced (f->map, &f->announced0, &f->missed0);
  damage_start (f);
  f->recording = TRUE;
  for (guint i = 0; i < f->reports->len; i++)
    map_test_report_case (f->center, g_array_index (f->reports, Report, i).lon, g_array_index (f->reports, Report, i).lat, "major");
  g_assert_true (gw_test_wait_for (all_shown, f, 20000));
  /* Announcements animate for seconds: frames go on in turns meanwhile. */
  gw_test_sleep (2500);
  f->recording = FALSE;

  for (guint i = 0; i < f->reports->len; i++)
    {
      const Report *r = &g_array_index (f->reports, Report, i);

      g_test_message ("case %u at (%.0f, %.0f): arrived at frame %u, shown at %u", i, r->x, r->y,
                      r->arrived, r->shown);
      g_assert_cmpuint (r->arrived, >, 0);
      g_assert_cmpuint (r->shown, >=, r->arrived);
      g_assert_cmpuint (r->shown - r->arrived, <=, MAX_WAIT);
    }
  g_test_message ("%u frames, %u in turns, %u whole; largest turn %.2f cells; damage beyond "
                  "turn and reach %.0f px", f->n_frames, f->n_turns, f->n_full, f->max_turn / cell_area,
                  f->max_damage_excess);
  g_assert_cmpuint (f->n_full, ==, 0);
  g_assert_cmpuint (f->n_turns, >, 2);
  if (f->direct)
    g_assert_cmpuint (gw_map_view_get_n_composed (f->map), ==, 0);
  else
    g_assert_cmpuint (gw_map_view_get_n_composed (f->map), ==, COLS * ROWS);
  g_assert_cmpfloat (f->max_turn, <=, BUDGET * cell_area * 1.001);
  g_assert_cmpfloat (f->max_damage_excess, <=, 0);
  check_announced (f);

  /* What is on screen shows every case. */
  after = render_pixels (f->map, &stride);
  for (guint i = 0; i < f->reports->len; i++)
    {
      const Report *r = &g_array_index (f->reports, Report, i);

      g_assert_cmpuint (changed_near (before, after, stride, r->x, r->y, 4), >, 20);
    }
}

/* Pixels of two renderings that differ by more than a few levels. */
static guint
count_differing (const guchar *a,
                 const guchar *b,
                 int           stride,
                 int           width,
                 int           height,
                 const char   *what)
{
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  guint differ = 0, max_delta = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = a + (gsize) y * stride + 4 * x, *q = b + (gsize) y * stride + 4 * x;
        guint delta = 0;

        for (int k = 0; k < 3; k++)
          delta = MAX (delta, (guint) abs (p[k] - q[k]));
        max_delta = MAX (max_delta, delta);
        if (delta > 8 && differ++ == 0)
          x0 = x1 = x, y0 = y1 = y;
        else if (delta > 8)
          x0 = MIN (x0, x), x1 = MAX (x1, x), y0 = MIN (y0, y), y1 = MAX (y1, y);
      }
  g_test_message ("%s: %u of %d pixels differ by more than 8 levels (largest difference %u), within "
                  "%d,%d - %d,%d", what, differ, width * height, max_delta, x0, y0, x1, y1);
  return differ;
}

/* Composed cells show what the layers drew: the same pixels as the renderer
 * drawing the layers' nodes (composing off). */
static void
test_composed (Fixture       *f,
               gconstpointer  data)
{
  g_autofree guchar *composed = NULL;
  g_autofree guchar *direct = NULL;
  int stride, width, height;

  if (f->center == NULL)
    {
      g_test_skip ("gridwall-center is not built");
      return;
    }
  g_assert_true (gw_test_wait_for (settled, f, 60000));
  /* Nothing new from the centre between the renderings (its workflow moves
   * cases on, even at rate 0). */
  gw_feed_stop (f->feed);
  gw_test_sleep (300);
  g_assert_true (gw_test_wait_for (settled, f, 60000));
  /* Every cell, not only those that changed, once the view held still. */
  g_assert_cmpuint (gw_map_view_get_n_composed (f->map), ==, COLS * ROWS);
  composed = render_pixels (f->map, &stride);
  width = gtk_widget_get_width (GTK_WIDGET (f->map));
  height = gtk_widget_get_height (GTK_WIDGET (f->map));

  gw_map_view_set_compose (f->map, FALSE);
  g_assert_true (gw_test_wait_for (settled, f, 60000));
  gw_test_sleep (300);
  g_assert_true (gw_test_wait_for (settled, f, 60000));
  g_assert_cmpuint (gw_map_view_get_n_composed (f->map), ==, 0);
  direct = render_pixels (f->map, &stride);
  g_assert_cmpuint (count_differing (composed, direct, stride, width, height, "composed against the renderer"),
                    <=, (guint) (width * height) / 2000);
}

/* The program's moves ------------------------------------------------------- */

typedef struct
{
  GtkWindow *window;
  GwMapView *map;
  GwGridSet *grids;
  GArray    *zooms;     /* of double: the zoom of each frame drawn */
  gboolean   recording;
} Drill;

static void
on_drill_paint (GdkFrameClock *clock,
                Drill         *d)
{
  double zoom = shumate_viewport_get_zoom_level (gw_map_view_get_viewport (d->map));

  if (d->recording && (d->zooms->len == 0 || g_array_index (d->zooms, double, d->zooms->len - 1) != zoom))
    g_array_append_val (d->zooms, zoom);
}

static gboolean
drill_settled (gpointer data)
{
  return map_settled (((Drill *) data)->map);
}

/* Drills into the city's first district: the zooms the frames showed. */
static void
drill (Drill      *d,
       const char *renderer)
{
  guint n;
  const GwGridFeature * const *counties;

  d->grids = map_test_load_city ();
  d->zooms = g_array_new (FALSE, FALSE, sizeof (double));
  d->window = GTK_WINDOW (gtk_window_new ());
  d->map = GW_MAP_VIEW (gw_map_view_new ());
  gtk_window_set_child (d->window, GTK_WIDGET (d->map));
  gtk_window_set_default_size (d->window, 960, 540);
  gw_map_view_set_grids (d->map, d->grids);
  gtk_window_present (d->window);
  g_assert_true (gw_test_wait_for (drill_settled, d, 60000));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (d->window))), ==, renderer);
  g_signal_connect_after (gtk_widget_get_frame_clock (GTK_WIDGET (d->map)), "after-paint",
                          G_CALLBACK (on_drill_paint), d);
  counties = gw_grid_set_get_level (d->grids, GW_GRID_LEVEL_COUNTY, &n);
  g_assert_cmpuint (n, >, 0);
  d->recording = TRUE;
  gw_map_view_drill_to (d->map, counties[0]->code);
  gw_test_sleep (2000);
  d->recording = FALSE;
  for (guint i = 0; i < d->zooms->len; i++)
    g_test_message ("frame %u after the drill: zoom %.3f", i, g_array_index (d->zooms, double, i));
}

static void
drill_free (Drill *d)
{
  gtk_window_destroy (d->window);
  g_clear_pointer (&d->grids, gw_grid_set_unref);
  g_clear_pointer (&d->zooms, g_array_unref);
}

/* With the cairo renderer a flight's every frame repaints the whole map: the
 * tour cuts, and the first frame after it shows where it went. */
static void
test_drill_cuts (void)
{
  Drill d = { NULL, };

  drill (&d, "GskCairoRenderer");
  g_assert_cmpuint (d.zooms->len, ==, 1);
  drill_free (&d);
}

static void
test_drill_flies_subprocess (void)
{
  Drill d = { NULL, };

  drill (&d, "GskGLRenderer");
  g_assert_cmpuint (d.zooms->len, >=, 3);
  drill_free (&d);
}

/* With GL (a GPU) the map flies as it always did. */
static void
test_drill_flies (void)
{
  g_test_trap_subprocess ("/map/cells/drill-flies/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  /* A wall without a GPU: the renderer whose repaint the cells bound; the
   * subprocess of drill-flies has GL (GTK reads it once, at its first window). */
  const char *renderer = "cairo";

  for (int i = 1; i < argc; i++)
    if (g_str_has_suffix (argv[i], "/drill-flies/subprocess"))
      renderer = "gl";
  g_setenv ("GSK_RENDERER", renderer, TRUE);
  gw_test_init (&argc, &argv);
  gtk_init ();

  g_test_add ("/map/cells/both-ends", Fixture, NULL, fixture_set_up, test_both_ends, fixture_tear_down);
  g_test_add ("/map/cells/both-ends/direct", Fixture, "direct", fixture_set_up, test_both_ends, fixture_tear_down);
  g_test_add ("/map/cells/composed", Fixture, NULL, fixture_set_up, test_composed, fixture_tear_down);
  g_test_add_func ("/map/cells/drill-cuts", test_drill_cuts);
  g_test_add_func ("/map/cells/drill-flies", test_drill_flies);
  g_test_add_func ("/map/cells/drill-flies/subprocess", test_drill_flies_subprocess);
  return g_test_run ();
}
