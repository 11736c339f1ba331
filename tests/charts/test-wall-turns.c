/* test-wall-turns.c: the wall's parts take turns to change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application (`--wall`) against the real centre reporting 100
 * cases a second, under Xvfb. Without a GPU a frame repaints the box around
 * everything that changed in it, so the parts of the wall change in turns
 * (gw-frame-turns.c): no frame may repaint both side panels, or a panel and
 * the ticker, or a panel and the alarm; and every part still changes, none
 * waiting long for its turn. The repaints are the regions GTK asks its
 * renderer to repaint (GTK 4.8's renderer class, wrapped as the wall's
 * benchmark does). First with the map at opacity 0, so that GTK skips it;
 * then with the map shown, which repaints a few of its cells a frame
 * (tests/map): a chart may change with the map's cells next to it, never
 * with those across the map.
 */
#include <gtk/gtk.h>

#include "charts-test-util.h"
#include "feed-test-util.h"
#include "gw-application.h"
#include "gw-chart-panel.h"
#include "gw-chart.h"
#include "gw-frame-turns.h"
#include "gw-map-private.h"

/* Live seconds watched, with the map hidden and then shown. */
#define WATCH_SECONDS 14
/* The longest a part may wait for its turn. */
#define MAX_WAIT_USEC (1500 * 1000)

/* The map's cells on this 1080p screen: as many columns as a 4K wall's map
 * has (gw-map-cells.c: 4 x 4 there, 2 x 2 here by default), so that a chart
 * and cells across the map are as far apart as on the wall. */
#define MAP_COLS   4
#define MAP_ROWS   2
#define MAP_BUDGET 2

/* How far the alarm card's pulsing glow reaches beyond it (ui/style.css,
 * gw-window-wall.c), in px. */
#define ALARM_GLOW 48

enum { PART_LEFT, PART_RIGHT, PART_TICKER, PART_ALARM, N_PARTS };

static const char *part_names[N_PARTS] = { "left panel", "right panel", "ticker", "alarm" };

typedef struct
{
  guint n_frames;
  guint repainted[N_PARTS];
  guint together[N_PARTS][N_PARTS];
  guint n_renders;                 /* of the charts */
  guint map_frames;                /* frames repainting part of the map */
  guint map_whole;                 /* of them, all of it (the view moved: the tour) */
  guint map_far;                   /* of the others, with a chart across the map */
} Counts;

enum { MAP_HIDDEN, MAP_SHOWN, N_WATCHES };

static const char *watch_names[N_WATCHES] = { "map hidden", "map shown" };

typedef struct
{
  GwApplication  *app;
  GtkWidget      *window;
  GtkWidget      *parts[N_PARTS];
  GtkWidget      *map;
  GPtrArray      *charts;          /* GwChart in the panels */
  cairo_region_t *damage;          /* this frame's repaints */
  cairo_region_t *alarm;           /* where the alarm was and is, or NULL */
  gboolean        watching;
  Counts         *counts;          /* this watch's */
  Counts          watches[N_WATCHES];
} Run;

static void
on_repaint (const cairo_region_t *region,
            gint64                usec,
            gpointer              user_data)
{
  Run *run = user_data;

  if (run->damage != NULL)
    cairo_region_union (run->damage, region);
}

/* @part's area in the surface's coordinates (the window's, shadow and all),
 * @margin px more on each side, or NULL when it shows nowhere. */
static cairo_region_t *
area_of (Run       *run,
         GtkWidget *part,
         int        margin)
{
  graphene_rect_t bounds;
  double x, y;

  if (part == NULL || !gtk_widget_get_mapped (part) || gtk_widget_get_opacity (part) == 0 ||
      !gtk_widget_compute_bounds (part, run->window, &bounds))
    return NULL;
  gtk_native_get_surface_transform (GTK_NATIVE (run->window), &x, &y);
  return cairo_region_create_rectangle (&(cairo_rectangle_int_t) {
    (int) (bounds.origin.x + x) - margin, (int) (bounds.origin.y + y) - margin,
    (int) bounds.size.width + 2 * margin, (int) bounds.size.height + 2 * margin });
}

/* Whether this frame repainted @part where the alarm does not cover it: on a
 * small wall the card lies over the panels' edges, and its own changes
 * (showing, going, a new size) repaint them there. */
static gboolean
repaints (Run       *run,
          guint      part)
{
  cairo_region_t *area = area_of (run, run->parts[part], 0);
  gboolean hit;

  if (area == NULL)
    return FALSE;
  if (part != PART_ALARM && run->alarm != NULL)
    cairo_region_subtract (area, run->alarm);
  cairo_region_intersect (area, run->damage);
  hit = !cairo_region_is_empty (area);
  cairo_region_destroy (area);
  return hit;
}

/* Whether the box around @a and @b would be more than both: parts that
 * overlap on a small wall (the alarm over the panels' edges) are one area. */
static gboolean
apart (Run   *run,
       guint  a,
       guint  b)
{
  cairo_region_t *area = area_of (run, run->parts[a], a == PART_ALARM ? ALARM_GLOW : 0);
  cairo_region_t *other = area_of (run, run->parts[b], b == PART_ALARM ? ALARM_GLOW : 0);
  gboolean disjoint = TRUE;

  if (area != NULL && other != NULL)
    {
      cairo_region_intersect (area, other);
      disjoint = cairo_region_is_empty (area);
    }
  g_clear_pointer (&area, cairo_region_destroy);
  g_clear_pointer (&other, cairo_region_destroy);
  return disjoint;
}

/* The alarm's area last frame and this one. */
static void
follow_alarm (Run *run)
{
  static cairo_region_t *last;
  /* Its glow (a box-shadow) lies outside its bounds. */
  cairo_region_t *now = area_of (run, run->parts[PART_ALARM], ALARM_GLOW);

  g_clear_pointer (&run->alarm, cairo_region_destroy);
  if (last != NULL || now != NULL)
    run->alarm = cairo_region_create ();
  if (last != NULL)
    cairo_region_union (run->alarm, last);
  if (now != NULL)
    cairo_region_union (run->alarm, now);
  g_clear_pointer (&last, cairo_region_destroy);
  last = now;
}

/* Whether this frame repainted @chart (not where the alarm lies over it),
 * and where the chart is, in the surface's coordinates. */
static gboolean
chart_repainted (Run                   *run,
                 GtkWidget             *chart,
                 cairo_rectangle_int_t *box)
{
  cairo_region_t *area = area_of (run, chart, 0);
  gboolean hit;

  if (area == NULL)
    return FALSE;
  cairo_region_get_extents (area, box);
  if (run->alarm != NULL)
    cairo_region_subtract (area, run->alarm);
  cairo_region_intersect (area, run->damage);
  hit = !cairo_region_is_empty (area);
  cairo_region_destroy (area);
  return hit;
}

/* The horizontal gap between two boxes, 0 if they overlap. */
static int
gap_between (const cairo_rectangle_int_t *a,
             const cairo_rectangle_int_t *b)
{
  return MAX (0, MAX (a->x - (b->x + b->width), b->x - (a->x + a->width)));
}

/* The map's repaints this frame: where, and which charts changed with them.
 * A chart is across the map from the repainted cells when more than a third
 * of the map's width lies between them (a column of cells and more): the
 * turns take only cells next to a chart. */
static gboolean
count_map (Run *run)
{
  cairo_region_t *map = area_of (run, run->map, 0);
  cairo_rectangle_int_t map_box, cells, chart;

  if (map == NULL)
    return FALSE;
  cairo_region_get_extents (map, &map_box);
  cairo_region_intersect (map, run->damage);
  /* The alarm lies over the map: its own changes are not the map's. */
  if (run->alarm != NULL)
    cairo_region_subtract (map, run->alarm);
  cairo_region_get_extents (map, &cells);
  cairo_region_destroy (map);
  if (cells.width == 0 || cells.height == 0)
    return FALSE;
  run->counts->map_frames++;
  if ((double) cells.width * cells.height >= 0.9 * map_box.width * map_box.height)
    {
      run->counts->map_whole++;
      return TRUE;
    }
  for (guint i = 0; i < run->charts->len; i++)
    if (chart_repainted (run, g_ptr_array_index (run->charts, i), &chart) &&
        gap_between (&cells, &chart) > map_box.width / 3)
      {
        g_test_message ("the map repainted %dx%d+%d+%d with a %s at %dx%d+%d+%d",
                        cells.width, cells.height, cells.x, cells.y,
                        G_OBJECT_TYPE_NAME (g_ptr_array_index (run->charts, i)),
                        chart.width, chart.height, chart.x, chart.y);
        run->counts->map_far++;
        break;
      }
  return FALSE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  gboolean hit[N_PARTS];

  if (!run->watching || run->damage == NULL)
    return;
  run->counts->n_frames++;
  follow_alarm (run);
  for (guint a = 0; a < N_PARTS; a++)
    {
      hit[a] = repaints (run, a);
      run->counts->repainted[a] += hit[a];
    }
  /* When the view moves (the tour), the map repaints all of itself, and GTK
   * then repaints all the wall's middle row: no turn is to blame. */
  if (!count_map (run))
    for (guint a = 0; a < N_PARTS; a++)
      for (guint b = a + 1; b < N_PARTS; b++)
        run->counts->together[a][b] += hit[a] && hit[b] && apart (run, a, b);
  cairo_region_destroy (run->damage);
  run->damage = cairo_region_create ();
}

static guint
count_renders (Run *run)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  guint n = 0;

  charts_test_collect (run->window, GW_TYPE_CHART, charts);
  for (guint i = 0; i < charts->len; i++)
    n += gw_chart_get_n_renders (g_ptr_array_index (charts, i));
  return n;
}

static gboolean
wall_ready (gpointer data)
{
  Run *run = data;

  return run->window != NULL && gtk_widget_get_mapped (run->window) &&
         gw_feed_get_state (gw_application_get_feed (run->app)) == GW_FEED_STATE_CONNECTED &&
         gw_application_get_grids (run->app) != NULL;
}

static void
show_map (Run      *run,
          gboolean  shown)
{
  gtk_widget_set_opacity (run->map, shown ? 1 : 0);
}

static void
find_parts (Run *run)
{
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();

  charts_test_collect (run->window, GW_TYPE_CHART_PANEL, panels);
  g_assert_cmpuint (panels->len, ==, 2);
  run->parts[PART_LEFT] = g_ptr_array_index (panels, 0);
  run->parts[PART_RIGHT] = g_ptr_array_index (panels, 1);
  run->parts[PART_TICKER] = charts_test_find_css_class (run->window, "ticker");
  run->parts[PART_ALARM] = charts_test_find_css_class (run->window, "alarm");
  g_assert_nonnull (run->parts[PART_TICKER]);
  g_assert_nonnull (run->parts[PART_ALARM]);
  for (guint i = 0; i < 2; i++)
    charts_test_collect (run->parts[i], GW_TYPE_CHART, run->charts);
  g_assert_cmpuint (run->charts->len, >, 2);
}

static void
watch_for (Run   *run,
           guint  which)
{
  GwFrameTurns *turns = gw_frame_turns_get (run->window);
  Counts *counts = &run->watches[which];
  guint renders = count_renders (run);

  run->counts = counts;
  g_clear_pointer (&run->damage, cairo_region_destroy);
  run->damage = cairo_region_create ();
  run->watching = TRUE;
  gw_test_sleep (WATCH_SECONDS * 1000);
  run->watching = FALSE;
  counts->n_renders = count_renders (run) - renders;

  g_test_message ("%s: %u frames, %u chart renders; repainted: left %u, right %u, ticker %u, "
                  "alarm %u; the map in %u (all of it in %u, with a chart across it in %u); "
                  "longest wait so far %u frames, %.0f ms", watch_names[which], counts->n_frames,
                  counts->n_renders, counts->repainted[PART_LEFT], counts->repainted[PART_RIGHT],
                  counts->repainted[PART_TICKER], counts->repainted[PART_ALARM],
                  counts->map_frames, counts->map_whole, counts->map_far, gw_frame_turns_get_max_wait (turns),
                  gw_frame_turns_get_max_wait_usec (turns) / 1000.0);
}

static gboolean
watch (gpointer data)
{
  Run *run = data;
  GdkFrameClock *clock;
  GwFrameTurns *turns;
  g_autoptr(GPtrArray) maps = g_ptr_array_new ();

  g_assert_true (gw_test_wait_for (wall_ready, run, 90000));
  /* The charts' first figures, the catch-up of the feed. */
  gw_test_sleep (5000);
  charts_test_collect (run->window, g_type_from_name ("GwMapView"), maps);
  g_assert_cmpuint (maps->len, ==, 1);
  run->map = g_ptr_array_index (maps, 0);
  gw_map_view_set_cells (GW_MAP_VIEW (run->map), MAP_COLS, MAP_ROWS, MAP_BUDGET);
  show_map (run, FALSE);
  find_parts (run);
  if (!charts_test_watch_repaints (run->window, on_repaint, run))
    {
      g_test_skip ("needs GTK 4.8's renderer class to see the repaints");
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  clock = gtk_widget_get_frame_clock (run->window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), run);
  gw_test_sleep (1000);

  turns = gw_frame_turns_get (run->window);
  g_assert_nonnull (turns);
  watch_for (run, MAP_HIDDEN);
  show_map (run, TRUE);
  /* Shown again, the map repaints all of itself once. */
  gw_test_sleep (1000);
  watch_for (run, MAP_SHOWN);
  g_assert_cmpuint (gw_frame_turns_get_max_wait_usec (turns), <, MAX_WAIT_USEC);
  g_signal_handlers_disconnect_by_data (clock, run);
  g_clear_pointer (&run->damage, cairo_region_destroy);
  g_clear_pointer (&run->alarm, cairo_region_destroy);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (run->window != NULL)
    return;
  run->window = GTK_WIDGET (window);
  /* Not an idle: a live wall's redraws would starve it. */
  g_timeout_add (0, watch, run);
}

static void
check_watch (const Counts *counts,
             guint         which)
{
  for (guint a = 0; a < N_PARTS; a++)
    for (guint b = a + 1; b < N_PARTS; b++)
      if (counts->together[a][b] > 0)
        g_test_message ("%s: %u frames repainted the %s and the %s", watch_names[which],
                        counts->together[a][b], part_names[a], part_names[b]);
  /* Far apart: the box around them would be most of the wall. */
  g_assert_cmpuint (counts->together[PART_LEFT][PART_RIGHT], ==, 0);
  g_assert_cmpuint (counts->together[PART_LEFT][PART_TICKER], ==, 0);
  g_assert_cmpuint (counts->together[PART_RIGHT][PART_TICKER], ==, 0);
  /* With the map shown, the map's cells under the alarm repaint where the
   * alarm is: the alarm's turns are checked with the map hidden. */
  if (which == MAP_HIDDEN)
    {
      g_assert_cmpuint (counts->together[PART_LEFT][PART_ALARM], ==, 0);
      g_assert_cmpuint (counts->together[PART_RIGHT][PART_ALARM], ==, 0);
      g_assert_cmpuint (counts->together[PART_TICKER][PART_ALARM], ==, 0);
    }
  /* The map's cells change with the charts next to them, never with a chart
   * across the map: its composed turns are the cells it announced before the
   * frame (gw_map_view_get_next_frame_area). Were the turns to ignore the
   * map, 10 % of its frames would. */
  g_assert_cmpuint (counts->map_far, ==, 0);
  /* And every part still changes: the figures stay current. */
  g_assert_cmpuint (counts->n_renders, >, 0);
  g_assert_cmpuint (counts->repainted[PART_LEFT], >, 0);
  g_assert_cmpuint (counts->repainted[PART_RIGHT], >, 0);
  g_assert_cmpuint (counts->repainted[PART_TICKER], >=, WATCH_SECONDS / 4);
  if (which == MAP_SHOWN)
    g_assert_cmpuint (counts->map_frames, >, counts->map_whole);
}

static void
test_wall_turns (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *token_file = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { .charts = g_ptr_array_new () };

  if (center == NULL)
    {
      g_test_skip ("set GRIDWALL_CENTER to the gridwall-center binary");
      return;
    }
  /* 100 cases a second (--rate counts them a minute), as the benchmark. */
  gw_test_center_start (center, "--rate", "6000", "--seed-cases", "300", NULL);
  token_file = g_build_filename (center->dir, "token", NULL);
  g_file_set_contents (token_file, TOKEN_WALL, -1, &error);
  g_assert_no_error (error);

  {
    char *argv[] = { "gridwall", "--wall", "--center", center->uri, "--token-file", token_file,
                     NULL };

    run.app = gw_application_new ();
    g_signal_connect (run.app, "window-added", G_CALLBACK (on_window_added), &run);
    g_assert_cmpint (g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, argv),
                     ==, 0);
  }
  g_clear_pointer (&run.charts, g_ptr_array_unref);
  g_clear_object (&run.app);
  if (g_test_failed () || run.watches[MAP_SHOWN].n_frames == 0)
    return;
  for (guint i = 0; i < N_WATCHES; i++)
    check_watch (&run.watches[i], i);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gw_test_init (&argc, &argv);

  g_test_add_func ("/charts/wall/turns", test_wall_turns);

  return g_test_run ();
}
