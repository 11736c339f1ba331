/* bench-wall.c: the whole wall layout at 4K against the reference centre:
 * main-thread time per frame, and memory over a simulated day of feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application (GwApplication, `--wall`) runs in this process against
 * a real gridwall-center child on loopback, in a window that fills the
 * screen (run under Xvfb at 3840x2160: run.sh).
 *
 * frames: the centre starts quiet (--rate 0; only the seeded cases' rare
 *   workflow steps arrive) and the window's frames are driven continuously by
 *   a tick callback: that is the baseline, the same window with the panels
 *   and map idle. Then the centre restarts on the same database and port at
 *   --rate R (cases a minute) and the feed resumes: the live phase. Per frame,
 *   main-thread time is GdkFrameClock ::before-paint to ::after-paint (wall
 *   clock, and the main thread's CPU time: on a loaded machine a frame also
 *   waits for a core), split into its phases. "Our code's share" is the time
 *   spent in the snapshot functions of the charts and of the map (GwMapView,
 *   with its layers; and of our own map layers alone), measured by wrapping
 *   their GtkWidget::snapshot class functions: a widget whose content did not
 *   change is not snapshotted again (GTK reuses its render node), so that
 *   time is spent only in frames where something changed. The renderer's own
 *   render function is wrapped too (GTK 4.8 only), for its time and for the
 *   region GTK asked it to repaint, counted per part of the wall. "Who pays":
 *   the same live wall with the chart panels, then the map, at opacity 0.
 *   The window's renderer is the app's choice (cairo on llvmpipe), or
 *   GSK_RENDERER's.
 *
 * memory: the centre runs at R cases a minute (the demo's 20 times F) with
 *   --speed F, so its workflow runs F times faster: HOURS simulated hours take
 *   HOURS/F real hours. RSS (after malloc_trim) and malloc's bytes in use are
 *   sampled with the number of cases the store holds. At the end, in the same
 *   process, a fresh snapshot of the centre is loaded into a second store
 *   with its chart data mirror, which gives the bytes each held case costs;
 *   the growth the cases explain is that times the cases added. R = 0 holds
 *   the cases constant while their workflow goes on: growth then is a leak.
 *
 *   bench-wall frames [SECONDS] [RATE]
 *   bench-wall memory [HOURS] [FACTOR] [R]
 *
 * BENCH_WALL_ONLY=TEXT measures only the phases whose name holds TEXT (or
 * one of TEXT|TEXT...).
 * BENCH_WALL_DAMAGE=TEXT prints the repainted rectangles of the first frames
 * that repaint the chart panels in the phases whose name holds TEXT.
 * Environment: GRIDWALL_CENTER (the centre binary), GSETTINGS_SCHEMA_DIR,
 * GSETTINGS_BACKEND=memory, BENCH_WALL_SEED (seeded cases, 20000).
 */
#include "config.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "charts-test-util.h"
#include "feed-test-util.h"
#include "gw-application.h"
#include "gw-window.h"
#include "gw-chart-data.h"
#include "gw-chart-panel.h"
#include "gw-chart.h"
#include "gw-frame-turns.h"

enum { GROUP_WINDOW, GROUP_CHARTS, GROUP_MAP, GROUP_OUR_LAYERS, N_GROUPS };

static const char *group_names[N_GROUPS] = {
  "snapshot, whole window", "snapshot, charts", "snapshot, map (all layers)",
  "snapshot, map: our layers",
};

typedef void (*SnapshotFunc) (GtkWidget *, GtkSnapshot *);

typedef struct
{
  GType        type;
  SnapshotFunc original;
  int          group;
} Hook;

static Hook   hooks[24];
static guint  n_hooks;
static gint64 spent[N_GROUPS];   /* µs in this frame */
static int    depth[N_GROUPS];

static void
timed_snapshot (GtkWidget   *widget,
                GtkSnapshot *snapshot)
{
  GType type = G_OBJECT_TYPE (widget);
  Hook *hook = NULL;
  gint64 start;

  for (; hook == NULL && type != 0; type = g_type_parent (type))
    for (guint i = 0; i < n_hooks && hook == NULL; i++)
      if (hooks[i].type == type)
        hook = &hooks[i];
  g_assert (hook != NULL);
  start = g_get_monotonic_time ();
  depth[hook->group]++;
  hook->original (widget, snapshot);
  /* Nested widgets of one group (a layer in the map) count once. */
  if (--depth[hook->group] == 0)
    spent[hook->group] += g_get_monotonic_time () - start;
}

static void
hook_type (const char *name,
           int         group)
{
  GType type = g_type_from_name (name);
  GtkWidgetClass *klass;

  if (type == 0)
    {
      g_printerr ("bench-wall: no type %s to time (not in this wall)\n", name);
      return;
    }
  g_assert (n_hooks < G_N_ELEMENTS (hooks));
  klass = g_type_class_ref (type);
  hooks[n_hooks++] = (Hook) { type, klass->snapshot, group };
  klass->snapshot = timed_snapshot;
  g_type_class_unref (klass);
}

static void
hook_all (void)
{
  const char *charts[] = { "GwKpiTile", "GwLineChart", "GwBarChart", "GwRankingChart",
                           "GwDonutChart", "GwActivityChart" };
  const char *layers[] = { "GwBaseLayer", "GwGridLayer", "GwCaseLayer", "GwHeatLayer" };

  hook_type ("GwWindow", GROUP_WINDOW);
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    hook_type (charts[i], GROUP_CHARTS);
  hook_type ("GwMapView", GROUP_MAP);
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    hook_type (layers[i], GROUP_OUR_LAYERS);
}

/* Layout: BENCH_WALL_LAYOUT=1 times each widget class's size_allocate and
 * measure in the frames' layout phase (GTK calls them only for widgets whose
 * size or allocation must be found again), to see what relays out the wall. */

typedef struct
{
  void  (*allocate) (GtkWidget *, int, int, int);
  void  (*measure) (GtkWidget *, GtkOrientation, int, int *, int *, int *, int *);
  guint   n_allocs, n_measures;
  gint64  usec;      /* outermost calls of this class only */
  int     depth;
} LayoutHook;

static GHashTable *layout_hooks;   /* GType → LayoutHook */
static gboolean    in_layout;

static LayoutHook *
layout_hook_of (GtkWidget *widget)
{
  for (GType type = G_OBJECT_TYPE (widget); type != 0; type = g_type_parent (type))
    {
      LayoutHook *hook = g_hash_table_lookup (layout_hooks, GSIZE_TO_POINTER (type));

      if (hook != NULL)
        return hook;
    }
  g_assert_not_reached ();
}

static void
timed_allocate (GtkWidget *widget,
                int        width,
                int        height,
                int        baseline)
{
  LayoutHook *hook = layout_hook_of (widget);
  gint64 start = g_get_monotonic_time ();

  hook->depth++;
  hook->allocate (widget, width, height, baseline);
  if (--hook->depth == 0 && in_layout)
    hook->usec += g_get_monotonic_time () - start;
  hook->n_allocs += in_layout;
}

static void
timed_measure (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  LayoutHook *hook = layout_hook_of (widget);
  gint64 start = g_get_monotonic_time ();

  hook->depth++;
  hook->measure (widget, orientation, for_size, minimum, natural, minimum_baseline,
                 natural_baseline);
  if (--hook->depth == 0 && in_layout)
    hook->usec += g_get_monotonic_time () - start;
  hook->n_measures += in_layout;
}

static void
hook_layout (GtkWidget *widget)
{
  GType type = G_OBJECT_TYPE (widget);

  if (!g_hash_table_contains (layout_hooks, GSIZE_TO_POINTER (type)))
    {
      GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
      LayoutHook *hook = g_new0 (LayoutHook, 1);

      hook->allocate = klass->size_allocate;
      hook->measure = klass->measure;
      klass->size_allocate = timed_allocate;
      klass->measure = timed_measure;
      g_hash_table_insert (layout_hooks, GSIZE_TO_POINTER (type), hook);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    hook_layout (child);
}

static gint
by_usec (gconstpointer a,
         gconstpointer b)
{
  const LayoutHook *x = g_hash_table_lookup (layout_hooks, *(gpointer *) a);
  const LayoutHook *y = g_hash_table_lookup (layout_hooks, *(gpointer *) b);

  return (y->usec > x->usec) - (y->usec < x->usec);
}

/* The classes that took the most time in layout phases, then forgets. */
static void
print_layout (double seconds)
{
  g_autoptr(GPtrArray) types = NULL;
  GHashTableIter iter;
  gpointer type;
  LayoutHook *hook;

  if (layout_hooks == NULL)
    return;
  types = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, layout_hooks);
  while (g_hash_table_iter_next (&iter, &type, NULL))
    g_ptr_array_add (types, type);
  g_ptr_array_sort (types, by_usec);
  g_print ("\n| layout phase: widget class (outermost calls) | ms/s | allocations/s | "
           "measures/s |\n| --- | ---: | ---: | ---: |\n");
  for (guint i = 0; i < MIN (types->len, 12); i++)
    {
      hook = g_hash_table_lookup (layout_hooks, g_ptr_array_index (types, i));
      if (hook->usec == 0)
        break;
      g_print ("| %s | %.2f | %.1f | %.1f |\n",
               g_type_name (GPOINTER_TO_SIZE (g_ptr_array_index (types, i))), hook->usec / 1000.0 / seconds, hook->n_allocs / seconds, hook->n_measures / seconds);
    }
  g_hash_table_iter_init (&iter, layout_hooks);
  while (g_hash_table_iter_next (&iter, &type, (gpointer *) &hook))
    hook->usec = hook->n_allocs = hook->n_measures = 0;
}

/* Damage: what the renderer repaints per frame */

/* The bench wraps the renderer's render function (charts-test-util.c) to
 * see the region GTK asks it to repaint (the diff of the frame's render
 * nodes against the last frame's) and how long the repaint takes. Only with
 * GTK 4.8. */

enum { AREA_MAP, AREA_LEFT, AREA_RIGHT, AREA_TICKER, AREA_STATUS, AREA_OTHER, N_AREAS };

static const char *area_names[N_AREAS] = {
  "map", "left panel", "right panel", "ticker", "status bar", "elsewhere",
};

static gboolean        watching;
static GtkWidget      *area_widgets[N_AREAS];
static cairo_region_t *frame_damage;   /* union of this frame's repaints */
static gint64          render_usec;    /* in the renderer's render, this frame */

static void
on_repaint (const cairo_region_t *invalid,
            gint64                usec,
            gpointer              user_data)
{
  render_usec += usec;
  if (frame_damage != NULL)
    cairo_region_union (frame_damage, invalid);
}

static void
hook_renderer (GtkWidget *window)
{
  g_print ("renderer: %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  watching |= charts_test_watch_repaints (window, on_repaint, NULL);
}

static double
region_mpx (const cairo_region_t *region)
{
  double pixels = 0;

  for (int i = 0; i < cairo_region_num_rectangles (region); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (region, i, &rect);
      pixels += (double) rect.width * rect.height;
    }
  return pixels / 1e6;
}

/* Mpx of @damage inside @widget (in @window's coordinates). */
static double
damage_in (const cairo_region_t *damage,
           GtkWidget            *widget,
           GtkWidget            *window)
{
  cairo_region_t *part;
  graphene_rect_t bounds;
  double x, y, mpx;

  if (widget == NULL || !gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, window, &bounds))
    return 0;
  /* The surface's origin is the window's, shadow and all. */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &x, &y);
  part = cairo_region_copy (damage);
  cairo_region_intersect_rectangle (part, &(cairo_rectangle_int_t) {
    (int) (bounds.origin.x + x), (int) (bounds.origin.y + y),
    (int) bounds.size.width, (int) bounds.size.height });
  mpx = region_mpx (part);
  cairo_region_destroy (part);
  return mpx;
}

/* Frames */

enum { T_TOTAL, T_CPU, T_UPDATE, T_LAYOUT, T_PAINT, T_RENDER, T_AFTER, T_AFTER_CPU, T_FIRST_GROUP,
       T_RENDER_FUNC = T_FIRST_GROUP + N_GROUPS, N_SERIES };
/* Mpx repainted per frame: in all, the box around it (what GTK 4.8's cairo
 * renderer on X11 paints), then per area of the wall */
enum { D_TOTAL, D_BOX, D_FIRST_AREA, N_DAMAGE = D_FIRST_AREA + N_AREAS };

typedef struct
{
  gboolean on;
  gint64   start;
  gint64   cpu_start;
  gint64   update_end;
  gint64   layout_end;
  gint64   paint_end;
  gint64   paint_end_cpu;
  GArray  *series[N_SERIES];   /* double ms per frame */
  GArray  *damage[N_DAMAGE];   /* double Mpx per frame */
  GArray  *changed;            /* gboolean: charts or map snapshotted */
} Timing;

static Timing timing;

/* CPU time of the calling thread (the main thread), in µs: on a loaded
 * machine the wall-clock time of a frame includes waiting for a core. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_before_paint (GdkFrameClock *clock)
{
  timing.start = g_get_monotonic_time ();
  timing.cpu_start = thread_cpu_usec ();
  /* A phase nobody asked for is skipped: it then takes no time. */
  timing.update_end = timing.layout_end = timing.paint_end = timing.paint_end_cpu = 0;
  memset (spent, 0, sizeof spent);
  render_usec = 0;
  g_clear_pointer (&frame_damage, cairo_region_destroy);
  frame_damage = cairo_region_create ();
}

static void
on_update (GdkFrameClock *clock)
{
  timing.update_end = g_get_monotonic_time ();
  in_layout = timing.on;
}

static void
on_layout (GdkFrameClock *clock)
{
  timing.layout_end = g_get_monotonic_time ();
  in_layout = FALSE;
}

static void
on_paint (GdkFrameClock *clock)
{
  timing.paint_end = g_get_monotonic_time ();
  timing.paint_end_cpu = thread_cpu_usec ();
}

static void
push (guint   series,
      double  ms)
{
  g_array_append_val (timing.series[series], ms);
}

static const char *phase_now;

/* BENCH_WALL_DAMAGE=TEXT: the rectangles of the first frames that repaint
 * more than 0.1 Mpx of the chart panels in the phases whose name has TEXT,
 * to see what they are. */
static void
log_damage (double in_panels,
            double total)
{
  static int logged;
  const char *wanted = g_getenv ("BENCH_WALL_DAMAGE");

  if (in_panels < 0.1 || logged >= 30 || wanted == NULL || phase_now == NULL ||
      strstr (phase_now, wanted) == NULL)
    return;
  logged++;
  g_printerr ("# damage %.2f Mpx:", total);
  for (int i = 0; i < cairo_region_num_rectangles (frame_damage) && i < 40; i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (frame_damage, i, &rect);
      g_printerr (" %dx%d+%d+%d", rect.width, rect.height, rect.x, rect.y);
    }
  g_printerr ("\n");
}

static void
push_damage (GtkWidget *window)
{
  double total = region_mpx (frame_damage), rest = total;
  cairo_rectangle_int_t extents;
  double box;

  cairo_region_get_extents (frame_damage, &extents);
  box = (double) extents.width * extents.height / 1e6;
  g_array_append_val (timing.damage[D_TOTAL], total);
  g_array_append_val (timing.damage[D_BOX], box);
  for (guint a = 0; a < AREA_OTHER; a++)
    {
      double mpx = damage_in (frame_damage, area_widgets[a], window);

      rest -= mpx;
      g_array_append_val (timing.damage[D_FIRST_AREA + a], mpx);
    }
  rest = MAX (rest, 0);
  g_array_append_val (timing.damage[D_FIRST_AREA + AREA_OTHER], rest);
  log_damage (g_array_index (timing.damage[D_FIRST_AREA + AREA_LEFT], double,
                             timing.damage[D_TOTAL]->len - 1) +
              g_array_index (timing.damage[D_FIRST_AREA + AREA_RIGHT], double,
                             timing.damage[D_TOTAL]->len - 1), total);
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  gint64 end = g_get_monotonic_time ();
  gint64 cpu_end = thread_cpu_usec ();
  gint64 cpu = cpu_end - timing.cpu_start;
  gboolean changed = spent[GROUP_CHARTS] > 0 || spent[GROUP_MAP] > 0;

  if (!timing.on || timing.start == 0)
    return;
  if (timing.update_end == 0)
    timing.update_end = timing.start;
  if (timing.layout_end == 0)
    timing.layout_end = timing.update_end;
  if (timing.paint_end == 0)
    timing.paint_end = timing.layout_end;
  push (T_TOTAL, (end - timing.start) / 1000.0);
  push (T_CPU, cpu / 1000.0);
  push (T_UPDATE, (timing.update_end - timing.start) / 1000.0);
  push (T_LAYOUT, (timing.layout_end - timing.update_end) / 1000.0);
  push (T_PAINT, (timing.paint_end - timing.layout_end) / 1000.0);
  push (T_RENDER, (timing.paint_end - timing.layout_end - spent[GROUP_WINDOW]) / 1000.0);
  push (T_AFTER, (end - timing.paint_end) / 1000.0);
  push (T_AFTER_CPU, timing.paint_end_cpu ? (cpu_end - timing.paint_end_cpu) / 1000.0 : 0);
  for (guint g = 0; g < N_GROUPS; g++)
    push (T_FIRST_GROUP + g, spent[g] / 1000.0);
  push (T_RENDER_FUNC, render_usec / 1000.0);
  push_damage (window);
  g_array_append_val (timing.changed, changed);
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len > 0 ? sum / values->len : NAN;
}

/* The frames in which the charts or the map drew something new. */
static GArray *
changed_only (GArray *values)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < values->len; i++)
    if (g_array_index (timing.changed, gboolean, i))
      g_array_append_val (out, g_array_index (values, double, i));
  return out;
}

static void
print_row (const char *name,
           GArray     *values)
{
  double max = core_test_percentile (values, 1.0);

  if (isnan (max))
    return;
  g_print ("| %-34s | %6.2f | %6.2f | %6.2f | %6.2f | %7.2f |\n", name,
           core_test_percentile (values, 0.5), core_test_percentile (values, 0.95),
           core_test_percentile (values, 0.99), mean (values), max);
}

/* The region repainted per frame (4K is 8.3 Mpx), and where it lies. */
static void
print_damage (void)
{
  if (!watching)
    return;
  g_print ("\n| %-34s | %6s | %6s | %6s | %6s | %7s |\n", "Mpx repainted per frame", "p50",
           "p95", "p99", "mean", "max");
  g_print ("| %-34s | %6s | %6s | %6s | %6s | %7s |\n", "---", "---:", "---:", "---:", "---:",
           "---:");
  print_row ("the whole window", timing.damage[D_TOTAL]);
  print_row ("the box around it (painted)", timing.damage[D_BOX]);
  for (guint a = 0; a < N_AREAS; a++)
    {
      g_autofree char *name = g_strdup_printf ("in the %s", area_names[a]);

      print_row (name, timing.damage[D_FIRST_AREA + a]);
    }
}

static double
damage_at (guint  area,
           guint  frame)
{
  return g_array_index (timing.damage[D_FIRST_AREA + area], double, frame);
}

/* The wall's parts other than the map take turns (gw-frame-turns.c): how
 * many frames repainted two of them far apart anyway. */
static void
print_stagger (void)
{
  guint n = timing.damage[D_TOTAL]->len, both_sides = 0, panel_ticker = 0, parts = 0;
  GwFrameTurns *turns;

  if (!watching)
    return;
  for (guint i = 0; i < n; i++)
    {
      gboolean left = damage_at (AREA_LEFT, i) > 0, right = damage_at (AREA_RIGHT, i) > 0;
      gboolean ticker = damage_at (AREA_TICKER, i) > 0;

      parts += left || right || ticker;
      both_sides += left && right;
      panel_ticker += (left || right) && ticker;
    }
  g_print ("\nFrames repainting the side panels or the ticker: %u; both side panels at once: %u; "
           "a side panel and the ticker at once: %u\n", parts, both_sides, panel_ticker);
  if (area_widgets[AREA_LEFT] != NULL && (turns = gw_frame_turns_get (area_widgets[AREA_LEFT])))
    g_print ("Turns: the longest wait of a part for its turn so far: %u frames, %.0f ms\n",
             gw_frame_turns_get_max_wait (turns),
             gw_frame_turns_get_max_wait_usec (turns) / 1000.0);
}

static double
series_at (GArray *values,
           guint   i)
{
  return i < values->len ? g_array_index (values, double, i) : NAN;
}

static int
by_cpu_desc (gconstpointer a,
             gconstpointer b)
{
  double x = series_at (timing.series[T_CPU], *(const guint *) a);
  double y = series_at (timing.series[T_CPU], *(const guint *) b);

  return (x < y) - (x > y);
}

/* BENCH_WALL_WORST=N: the N frames that took the main thread longest, and
 * what they spent it on. */
static void
print_worst (void)
{
  const char *env = g_getenv ("BENCH_WALL_WORST");
  guint n = env != NULL ? (guint) atoi (env) : 0;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  if (n == 0)
    return;
  for (guint i = 0; i < timing.series[T_CPU]->len; i++)
    g_array_append_val (order, i);
  g_array_sort (order, by_cpu_desc);
  g_print ("\n| worst frames: # | CPU | wall | update | layout | map snapshot | render | box Mpx | map | left | right | ticker | status | other |\n"
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (guint k = 0; k < MIN (n, order->len); k++)
    {
      guint i = g_array_index (order, guint, k);

      g_print ("| %u | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", i,
               series_at (timing.series[T_CPU], i), series_at (timing.series[T_TOTAL], i),
               series_at (timing.series[T_UPDATE], i), series_at (timing.series[T_LAYOUT], i),
               series_at (timing.series[T_FIRST_GROUP + GROUP_MAP], i), series_at (timing.series[T_RENDER_FUNC], i),
               series_at (timing.damage[D_BOX], i));
      for (guint a = 0; a < N_AREAS; a++)
        g_print (" %.2f |", series_at (timing.damage[D_FIRST_AREA + a], i));
      g_print ("\n");
    }
}

static gboolean
want_phase (const char *phase)
{
  const char *only = g_getenv ("BENCH_WALL_ONLY");
  g_auto(GStrv) wanted = NULL;

  if (only == NULL || *only == '\0')
    return TRUE;
  wanted = g_strsplit (only, "|", -1);
  for (guint i = 0; wanted[i] != NULL; i++)
    if (strstr (phase, wanted[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
measure (const char  *phase,
         double       seconds,
         GwCaseStore *store)
{
  const char *names[N_SERIES] = { "frame (before-paint to after-paint)",
                                  "frame, CPU time of the main thread",
                                  "update phase (ticks, animations)", "layout phase",
                                  "paint phase (snapshot + render)", "render (paint - snapshot)",
                                  "after paint", "after paint, CPU time", [T_RENDER_FUNC] = "the renderer's render" };
  guint64 applied = gw_case_store_get_n_applied (store);
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint n_changed = 0;
  guint64 bytes = gw_chart_get_texture_bytes ();
  guint64 rows0, rows1;
  gint64 data_usec = gw_chart_data_get_main_thread_usec (&rows0);
  gint64 panel_usec = gw_chart_panel_get_update_usec ();

  if (!want_phase (phase))
    return;
  for (guint s = 0; s < N_SERIES; s++)
    timing.series[s] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint d = 0; d < N_DAMAGE; d++)
    timing.damage[d] = g_array_new (FALSE, FALSE, sizeof (double));
  timing.changed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  timing.start = 0;
  phase_now = phase;
  timing.on = TRUE;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  timing.on = FALSE;
  print_worst ();
  bytes = gw_chart_get_texture_bytes () - bytes;
  data_usec = gw_chart_data_get_main_thread_usec (&rows1) - data_usec;
  panel_usec = gw_chart_panel_get_update_usec () - panel_usec;

  for (guint i = 0; i < timing.changed->len; i++)
    n_changed += g_array_index (timing.changed, gboolean, i);
  g_print ("\n### %s: %u frames in %.0f s (%.1f fps), %.1f events/s applied, %u cases held; "
           "charts or map redrawn in %u frames; chart images made: %.1f MB\n\n",
           phase, timing.series[T_TOTAL]->len, seconds, timing.series[T_TOTAL]->len / seconds,
           (gw_case_store_get_n_applied (store) - applied) / seconds,
           g_list_model_get_n_items (G_LIST_MODEL (store)), n_changed, bytes / 1e6);
  g_print ("| %-34s | %6s | %6s | %6s | %6s | %7s |\n", "ms per frame", "p50", "p95", "p99",
           "mean", "max");
  g_print ("| %-34s | %6s | %6s | %6s | %6s | %7s |\n", "---", "---:", "---:", "---:", "---:",
           "---:");
  for (guint s = 0; s < N_SERIES; s++)
    print_row (names[s] != NULL ? names[s] : group_names[s - T_FIRST_GROUP], timing.series[s]);
  for (guint s = 0; s < T_FIRST_GROUP; s++)
    {
      g_autoptr(GArray) changed = changed_only (timing.series[s]);
      g_autofree char *name = g_strdup_printf ("%s, frames that redrew", s == 0 ? "frame" : names[s]);

      print_row (name, changed);
    }
  print_damage ();
  print_stagger ();
  print_layout (seconds);
  g_print ("\nOutside frames, on the main thread: the chart data mirrors %.2f ms/s "
           "(%.0f rows/s mirrored, launching and landing computations included), the panels "
           "setting new figures %.2f ms/s\n", data_usec / 1000.0 / seconds,
           (rows1 - rows0) / seconds, panel_usec / 1000.0 / seconds);
  for (guint s = 0; s < N_SERIES; s++)
    g_array_unref (timing.series[s]);
  for (guint d = 0; d < N_DAMAGE; d++)
    g_array_unref (timing.damage[d]);
  g_array_unref (timing.changed);
}

/* The run */

typedef struct
{
  GwApplication *app;
  GtkWidget     *window;
  GwTestCenter  *center;
  const char    *mode;
  double         arg1;
  double         arg2;
  double         arg3;     /* -1 when not given */
  guint          seed_cases;
  int            status;
} Bench;

static gboolean
window_ready (gpointer data)
{
  Bench *bench = data;
  GwApplication *app = bench->app;
  static gint64 last;

  if (g_get_monotonic_time () - last > 10 * G_USEC_PER_SEC)
    {
      last = g_get_monotonic_time ();
      g_printerr ("# waiting: mapped %d, feed state %d, grids %p, %u cases\n",
                  gtk_widget_get_mapped (bench->window),
                  gw_feed_get_state (gw_application_get_feed (app)),
                  (gpointer) gw_application_get_grids (app),
                  g_list_model_get_n_items (G_LIST_MODEL (gw_application_get_store (app))));
    }
  return bench->window != NULL && gtk_widget_get_mapped (bench->window) &&
         gw_feed_get_state (gw_application_get_feed (app)) == GW_FEED_STATE_CONNECTED &&
         gw_application_get_grids (app) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gw_application_get_store (app))) > 0;
}

static gboolean
feed_connected (gpointer data)
{
  Bench *bench = data;

  return gw_feed_get_state (gw_application_get_feed (bench->app)) == GW_FEED_STATE_CONNECTED;
}

static void
wait_ready (Bench *bench)
{
  if (!gw_test_wait_for (window_ready, bench, 180000))
    g_error ("the wall did not connect and show its cases within 3 minutes");
  /* The map's tiles and the charts' first figures land in workers. */
  gw_test_sleep (15000);
}

/* Hides the widgets of @type_name without changing the layout: GTK skips
 * the snapshot of a widget at opacity 0. */
static void
set_opacity (Bench      *bench,
             const char *type_name,
             double      opacity)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  charts_test_collect (bench->window, g_type_from_name (type_name), found);
  if (found->len == 0)
    g_printerr ("bench-wall: no %s in the wall\n", type_name);
  for (guint i = 0; i < found->len; i++)
    gtk_widget_set_opacity (g_ptr_array_index (found, i), opacity);
}

/* The parts of the wall the damage is counted in. */
static void
find_areas (GtkWidget *window)
{
  g_autoptr(GPtrArray) maps = g_ptr_array_new ();
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();

  charts_test_collect (window, g_type_from_name ("GwMapView"), maps);
  charts_test_collect (window, GW_TYPE_CHART_PANEL, panels);
  memset (area_widgets, 0, sizeof area_widgets);
  area_widgets[AREA_MAP] = maps->len > 0 ? g_ptr_array_index (maps, 0) : NULL;
  area_widgets[AREA_LEFT] = panels->len > 0 ? g_ptr_array_index (panels, 0) : NULL;
  area_widgets[AREA_RIGHT] = panels->len > 1 ? g_ptr_array_index (panels, 1) : NULL;
  area_widgets[AREA_TICKER] = charts_test_find_css_class (window, "ticker");
  area_widgets[AREA_STATUS] = charts_test_find_css_class (window, "statusbar");
}

static void
connect_clock (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  hook_renderer (window);
  find_areas (window);
  if (g_getenv ("BENCH_WALL_LAYOUT") != NULL && layout_hooks == NULL)
    {
      layout_hooks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      hook_layout (window);
    }
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), NULL);
  g_signal_connect (clock, "paint", G_CALLBACK (on_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), window);
}

typedef struct
{
  Bench      *bench;
  GdkTexture *texture;
  GError     *error;
} Capture;

/* Right after a paint: the window's render node is fresh. Between frames a
 * live feed invalidates it, and the export then finds nothing to save. */
static void
capture_after_paint (GdkFrameClock *clock,
                     Capture       *capture)
{
  g_autofree char *path = g_build_filename (capture->bench->center->dir, "wall.png", NULL);

  if (capture->texture != NULL || capture->error != NULL)
    return;
  if (gw_window_export_png (GW_WINDOW (capture->bench->window), path, &capture->error))
    capture->texture = gdk_texture_new_from_filename (path, &capture->error);
}

/* What the wall shows now, through the window's own PNG export. */
static GdkTexture *
capture (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (bench->window);
  const char *png = g_getenv ("BENCH_WALL_PNG");
  Capture capture = { bench };
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (capture_after_paint),
                                &capture);

  gtk_widget_queue_draw (bench->window);
  while (capture.texture == NULL && capture.error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  if (capture.error != NULL)
    g_error ("could not capture the wall: %s", capture.error->message);
  if (png != NULL && *png != '\0')
    gdk_texture_save_to_png (capture.texture, png);
  return capture.texture;
}

/* What the floor window changes every frame. */
typedef enum { FLOOR_NOTHING, FLOOR_NEW_GLYPH, FLOOR_SMALL_TEXTURE, FLOOR_BIG_TEXTURE } FloorChange;

typedef struct
{
  FloorChange change;
  GtkLabel   *label;
  GtkPicture *picture;
  guint       n;
} Floor;

static GdkTexture *
solid_texture (int   size,
               guint n)
{
  gsize bytes_size = (gsize) size * size * 4;
  guint32 *pixels = g_malloc (bytes_size);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < bytes_size / 4; i++)
    pixels[i] = 0xff000000u | (n * 2654435761u >> 8);
  bytes = g_bytes_new_take (pixels, bytes_size);
  return gdk_memory_texture_new (size, size, GDK_MEMORY_DEFAULT, bytes, size * 4);
}

static gboolean
floor_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  Floor *state = data;
  char text[8] = { 0 };
  g_autoptr(GdkTexture) texture = NULL;

  state->n++;
  switch (state->change)
    {
    case FLOOR_NEW_GLYPH:
      /* A CJK character not drawn before: its glyph goes into the atlas. */
      g_unichar_to_utf8 (0x4e00 + state->n % 20000, text);
      gtk_label_set_text (state->label, text);
      break;
    case FLOOR_SMALL_TEXTURE:
    case FLOOR_BIG_TEXTURE:
      texture = solid_texture (state->change == FLOOR_SMALL_TEXTURE ? 64 : 512, state->n);
      gtk_picture_set_paintable (state->picture, GDK_PAINTABLE (texture));
      break;
    case FLOOR_NOTHING:
      break;
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* The floor: a window of the wall's size showing one cached texture (the
 * wall as it looks now), redrawn every frame; then the same with one small
 * change per frame, to see what an upload costs here. */
static void
measure_floor (Bench  *bench,
               double  seconds)
{
  g_autoptr(GdkTexture) texture = capture (bench);
  const char *names[] = {
    "floor: one cached 4K texture, redrawn every frame",
    "floor + a new glyph every frame (glyph atlas upload)",
    "floor + a new 64x64 texture every frame",
    "floor + a new 512x512 texture every frame",
  };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  Floor state = { FLOOR_NOTHING };

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), gtk_widget_get_width (bench->window),
                               gtk_widget_get_height (bench->window));
  gtk_overlay_set_child (GTK_OVERLAY (overlay),
                         gtk_picture_new_for_paintable (GDK_PAINTABLE (texture)));
  state.label = GTK_LABEL (gtk_label_new (""));
  state.picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_halign (GTK_WIDGET (state.label), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (state.label), GTK_ALIGN_CENTER);
  gtk_widget_set_halign (GTK_WIDGET (state.picture), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (state.picture), GTK_ALIGN_START);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (state.label));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (state.picture));
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_widget_set_visible (bench->window, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_add_tick_callback (window, floor_tick, &state, NULL);
  gw_test_sleep (3000);
  connect_clock (window);
  for (state.change = FLOOR_NOTHING; state.change <= FLOOR_BIG_TEXTURE; state.change++)
    measure (names[state.change], seconds / 2, gw_application_get_store (bench->app));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Render nodes */

typedef struct
{
  guint  n_nodes;
  guint  n_textures;
  double texture_mpx;   /* pixels of the textures, whatever size they are drawn */
  guint  n_cairo;
  double cairo_mpx;
  guint  n_text;
} Census;

static void
count_nodes (GskRenderNode *node,
             Census        *census)
{
  GdkTexture *texture;

  census->n_nodes++;
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), census);
      break;
    case GSK_TRANSFORM_NODE:
      count_nodes (gsk_transform_node_get_child (node), census);
      break;
    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), census);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_nodes (gsk_rounded_clip_node_get_child (node), census);
      break;
    case GSK_OPACITY_NODE:
      count_nodes (gsk_opacity_node_get_child (node), census);
      break;
    case GSK_COLOR_MATRIX_NODE:
      count_nodes (gsk_color_matrix_node_get_child (node), census);
      break;
    case GSK_SHADOW_NODE:
      count_nodes (gsk_shadow_node_get_child (node), census);
      break;
    case GSK_DEBUG_NODE:
      count_nodes (gsk_debug_node_get_child (node), census);
      break;
    case GSK_TEXTURE_NODE:
      texture = gsk_texture_node_get_texture (node);
      census->n_textures++;
      census->texture_mpx += gdk_texture_get_width (texture) *
                             (double) gdk_texture_get_height (texture) / 1e6;
      break;
    case GSK_CAIRO_NODE:
      {
        graphene_rect_t bounds;

        gsk_render_node_get_bounds (node, &bounds);
        census->n_cairo++;
        census->cairo_mpx += bounds.size.width * bounds.size.height / 1e6;
      }
      break;
    case GSK_TEXT_NODE:
      census->n_text++;
      break;
    default:
      break;
    }
}

typedef struct
{
  GtkWidget *widgets[N_AREAS];
  Census     census[N_AREAS];
  gboolean   done;
} CensusRun;

/* The widget's last render node, as GTK keeps it after a paint. */
static void
census_after_paint (GdkFrameClock *clock,
                    CensusRun     *run)
{
  if (run->done)
    return;
  for (guint a = 0; a < AREA_OTHER; a++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GdkPaintable) image = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      GtkSnapshot *snapshot;

      if (run->widgets[a] == NULL)
        continue;
      paintable = gtk_widget_paintable_new (run->widgets[a]);
      image = gdk_paintable_get_current_image (paintable);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (image, snapshot, gtk_widget_get_width (run->widgets[a]),
                              gtk_widget_get_height (run->widgets[a]));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        count_nodes (node, &run->census[a]);
    }
  run->done = TRUE;
}

/* What each part of the wall gives the renderer: GTK 4.8's cairo renderer
 * converts every texture node, whole, in every frame that repaints anything. */
static void
print_census (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (bench->window);
  CensusRun run = { { NULL } };
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (census_after_paint), &run);

  memcpy (run.widgets, area_widgets, sizeof run.widgets);
  gtk_widget_queue_draw (bench->window);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_print ("\n| render nodes of | nodes | texture nodes | texture Mpx | cairo nodes | cairo Mpx "
           "| text nodes |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (guint a = 0; a < AREA_OTHER; a++)
    g_print ("| the %s | %u | %u | %.2f | %u | %.2f | %u |\n", area_names[a],
             run.census[a].n_nodes, run.census[a].n_textures, run.census[a].texture_mpx,
             run.census[a].n_cairo, run.census[a].cairo_mpx, run.census[a].n_text);
}

/* Where the charts' image bytes went, per chart, since the start. */
static void
print_chart_uploads (Bench *bench)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();

  charts_test_collect (bench->window, GW_TYPE_CHART, charts);
  g_print ("\n| chart | renders | whole images | MB made | images per frame |\n");
  g_print ("| --- | ---: | ---: | ---: | ---: |\n");
  for (guint i = 0; i < charts->len; i++)
    {
      GwChart *chart = g_ptr_array_index (charts, i);
      guint n_bases;
      guint64 bytes = gw_chart_get_upload_stats (chart, &n_bases);

      g_print ("| %s %dx%d | %u | %u | %.1f | %u |\n", G_OBJECT_TYPE_NAME (chart),
               gtk_widget_get_width (GTK_WIDGET (chart)), gtk_widget_get_height (GTK_WIDGET (chart)),
               gw_chart_get_n_renders (chart), n_bases, bytes / 1e6,
               gw_chart_get_n_textures (chart));
    }
}

static void
run_frames (Bench *bench)
{
  double seconds = bench->arg1 > 0 ? bench->arg1 : 30;
  double rate = bench->arg2 > 0 ? bench->arg2 : 6000;
  GwCaseStore *store = gw_application_get_store (bench->app);
  g_autofree char *rate_text = g_strdup_printf ("%g", rate);

  gtk_widget_add_tick_callback (bench->window, charts_test_keep_ticking, NULL, NULL);
  wait_ready (bench);
  hook_all ();
  connect_clock (bench->window);

  g_print ("## Wall at %dx%d, %u seeded cases, %.0f s per phase\n",
           gtk_widget_get_width (bench->window), gtk_widget_get_height (bench->window),
           bench->seed_cases, seconds);
  measure ("baseline: centre quiet (--rate 0), panels and map idle", seconds, store);

  gw_test_center_stop (bench->center);
  gw_test_center_start (bench->center, "--rate", rate_text, NULL);
  gw_test_sleep (1000);
  if (!gw_test_wait_for (feed_connected, bench, 60000))
    g_error ("the feed did not resume");
  gw_test_sleep (8000);  /* the catch-up after the restart settles */
  measure ("live: the whole wall", seconds, store);
  print_chart_uploads (bench);
  print_census (bench);

  /* Who pays: the same live wall without the charts, then without the map. */
  set_opacity (bench, "GwChartPanel", 0);
  measure ("live: chart panels hidden (opacity 0)", seconds, store);
  set_opacity (bench, "GwChartPanel", 1);
  set_opacity (bench, "GwMapView", 0);
  measure ("live: map hidden (opacity 0)", seconds, store);
  set_opacity (bench, "GwMapView", 1);
  gw_test_sleep (3000);
  if (want_phase ("floor"))
    measure_floor (bench, seconds);
  g_print ("\n(live: the centre at --rate %g cases a minute)\n", rate);
}

static void
read_memory (double *rss_mb,
             double *heap_mb)
{
  g_autofree char *status = NULL;
  const char *line;
  struct mallinfo2 info = mallinfo2 ();

  *rss_mb = NAN;
  /* Blocks in use, and the large ones malloc maps on their own (images). */
  *heap_mb = (info.uordblks + info.hblkhd) / 1e6;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmRSS:")) != NULL)
    *rss_mb = g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* What the run left beyond its cases: the wall's own store reloaded with a
 * fresh snapshot of the same cases (the map and charts follow it). Anything
 * the old cases or their events kept alive goes with them. */
static void
reload_afresh (Bench  *bench,
               double *heap_before,
               double *heap_after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;
  double rss;

  malloc_trim (0);
  read_memory (&rss, heap_before);
  snapshot = gw_test_fetch_snapshot (bench->center->uri, TOKEN_WALL, NULL, &error);
  g_assert_no_error (error);
  gw_case_store_load_snapshot (gw_application_get_store (bench->app), snapshot);
  g_clear_pointer (&snapshot, gw_snapshot_free);
  gw_test_sleep (5000);
  malloc_trim (0);
  read_memory (&rss, heap_after);
}

/* Bytes of RSS and heap per case held: a second store and chart mirror
 * loaded with a fresh snapshot of the same centre. */
static void
calibrate (Bench  *bench,
           double *rss_per_case,
           double *heap_per_case,
           guint  *n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwChartData) data = NULL;
  double rss0, heap0, rss1, heap1;

  malloc_trim (0);
  read_memory (&rss0, &heap0);
  snapshot = gw_test_fetch_snapshot (bench->center->uri, TOKEN_WALL, NULL, &error);
  g_assert_no_error (error);
  gw_case_store_load_snapshot (store, snapshot);
  g_clear_pointer (&snapshot, gw_snapshot_free);
  data = gw_chart_data_new (store);
  gw_test_sleep (3000);
  malloc_trim (0);
  read_memory (&rss1, &heap1);
  *n_cases = g_list_model_get_n_items (G_LIST_MODEL (store));
  *rss_per_case = (rss1 - rss0) * 1e6 / MAX (*n_cases, 1u);
  *heap_per_case = (heap1 - heap0) * 1e6 / MAX (*n_cases, 1u);
}

static void
run_memory (Bench *bench)
{
  double hours = bench->arg1 > 0 ? bench->arg1 : 24;
  double factor = bench->arg2 > 0 ? bench->arg2 : 144;
  GwCaseStore *store = gw_application_get_store (bench->app);
  GwStats *stats = gw_application_get_stats (bench->app);
  /* A rate of 0: no new cases, the held ones move on (a leak per event shows). */
  g_autofree char *rate = g_strdup_printf ("%g", bench->arg3 >= 0 ? bench->arg3 : 20 * factor);
  g_autofree char *speed = g_strdup_printf ("%g", factor);
  gint64 start, end, next;
  double rss0, heap0, rss, heap, per_rss, per_heap, heap_run, heap_fresh;
  guint cases0, cases, n_calibration;

  wait_ready (bench);
  gw_test_center_stop (bench->center);
  gw_test_center_start (bench->center, "--rate", rate, "--speed", speed, NULL);
  if (!gw_test_wait_for (feed_connected, bench, 60000))
    g_error ("the feed did not resume");
  gw_test_sleep (5000);

  g_print ("## Memory: %g simulated hours, compressed %gx (--rate %s --speed %s; the demo's "
           "rate is 20 cases a minute, --rate 2880 at 144x)\n\n", hours, factor, rate, speed);
  g_print ("| real min | sim. h | cases held | open | events applied | RSS MB | heap MB |\n");
  g_print ("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  malloc_trim (0);
  read_memory (&rss0, &heap0);
  cases0 = g_list_model_get_n_items (G_LIST_MODEL (store));
  start = g_get_monotonic_time ();
  end = start + (gint64) (hours * 3600 / factor * G_USEC_PER_SEC);
  for (next = start; ; next += (end - start) / 12)
    {
      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
      /* Pages malloc keeps free are not memory the wall holds. */
      malloc_trim (0);
      read_memory (&rss, &heap);
      gw_stats_refresh (stats);
      cases = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_print ("| %.1f | %.1f | %u | %u | %" G_GUINT64_FORMAT " | %.0f | %.0f |\n",
               (next - start) / 60e6, (next - start) / 1e6 * factor / 3600, cases,
               gw_stats_get_figures (stats)->open, gw_case_store_get_n_applied (store),
               rss, heap);
      if (next >= end)
        break;
    }

  /* The same cases in a second store: what each one costs. The wall's frames
   * would starve the snapshot's download, a chunk a frame: hide it first. */
  gtk_widget_set_visible (bench->window, FALSE);
  gw_test_center_stop (bench->center);
  gw_test_center_start (bench->center, "--rate", "0", NULL);
  if (!gw_test_wait_for (feed_connected, bench, 60000))
    g_error ("the feed did not resume");
  reload_afresh (bench, &heap_run, &heap_fresh);
  g_print ("\nThe wall's store reloaded afresh with the same cases (window hidden): heap "
           "%.0f MB after the run, %.0f MB afresh\n", heap_run, heap_fresh);
  calibrate (bench, &per_rss, &per_heap, &n_calibration);
  g_print ("Per case held (a second store and chart mirror loaded with a fresh snapshot of "
           "%u cases): %.0f bytes of RSS, %.0f bytes of heap\n", n_calibration, per_rss,
           per_heap);
  g_print ("Growth over the run: %u cases added; RSS %+.0f MB (the cases explain %.0f MB), "
           "heap %+.0f MB (the cases explain %.0f MB)\n", cases - cases0, rss - rss0,
           (cases - cases0) * per_rss / 1e6, heap - heap0, (cases - cases0) * per_heap / 1e6);
}

static gboolean
run_cb (gpointer data)
{
  Bench *bench = data;

  if (g_str_equal (bench->mode, "memory"))
    run_memory (bench);
  else
    run_frames (bench);
  g_application_quit (G_APPLICATION (bench->app));
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (bench->window != NULL)
    return;
  bench->window = GTK_WIDGET (window);
  g_printerr ("# window added\n");
  /* Not an idle: the wall's own redraws would starve it. */
  g_timeout_add (0, run_cb, bench);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  g_autoptr(GwTestCenter) center = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *seed = NULL;
  g_autoptr(GError) error = NULL;
  const char *seed_env = g_getenv ("BENCH_WALL_SEED");
  char *app_argv[8];
  int app_argc = 0;

  setvbuf (stdout, NULL, _IOLBF, 0);
  bench.mode = argc > 1 ? argv[1] : "frames";
  bench.arg1 = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 0;
  bench.arg2 = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 0;
  bench.arg3 = argc > 4 ? g_ascii_strtod (argv[4], NULL) : -1;
  bench.seed_cases = seed_env != NULL ? (guint) atoi (seed_env) : 20000;
  if (!g_str_equal (bench.mode, "frames") && !g_str_equal (bench.mode, "memory"))
    {
      g_printerr ("usage: bench-wall frames [SECONDS] [RATE] | memory [HOURS] [FACTOR] [R]\n");
      return 2;
    }

  center = gw_test_center_new ();
  if (center == NULL)
    g_error ("set GRIDWALL_CENTER to the gridwall-center binary");
  seed = g_strdup_printf ("%u", bench.seed_cases);
  gw_test_center_start (center, "--seed-cases", seed, "--rate", "0", NULL);
  bench.center = center;

  token_file = g_build_filename (center->dir, "token", NULL);
  if (!g_file_set_contents (token_file, TOKEN_WALL, -1, &error))
    g_error ("%s", error->message);

  bench.app = gw_application_new ();
  g_signal_connect (bench.app, "window-added", G_CALLBACK (on_window_added), &bench);
  app_argv[app_argc++] = "gridwall";
  app_argv[app_argc++] = "--wall";
  app_argv[app_argc++] = "--center";
  app_argv[app_argc++] = center->uri;
  app_argv[app_argc++] = "--token-file";
  app_argv[app_argc++] = token_file;
  app_argv[app_argc] = NULL;
  bench.status = g_application_run (G_APPLICATION (bench.app), app_argc, app_argv);
  g_object_unref (bench.app);
  gw_test_center_stop (center);
  return bench.status;
}
