/* gw-map-view.c: the live map of a centre's grids and cases
 *
 * A ShumateMap (gestures, animation, optional raster tiles) carries layers of
 * our own: the base (background, when there are no tiles), the grids, the
 * cases and the heatmap. Geometry is projected once, off the main thread,
 * into the tiles' coordinate system; the layers rasterise into tiles in
 * workers and a frame only places textures. Overlays hold the breadcrumb,
 * the choropleth's legend and its controls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-base-layer.h"
#include "gw-case.h"
#include "gw-case-layer.h"
#include "gw-coord.h"
#include "gw-grid-layer.h"
#include "gw-heat-layer.h"
#include "gw-map-cases.h"
#include "gw-map-cells.h"
#include "gw-map-geometry.h"
#include "gw-map-private.h"
#include "gw-map-view.h"

#define METRICS_DELAY_MS  1500
#define BREAKS_MAX_AGE_US (60 * G_USEC_PER_SEC)
#define MIN_ZOOM          3
#define MAX_ZOOM          19
#define MAX_FLASHES_BATCH 24

/* A reference source for the viewport when there are no tiles: it is never
 * asked for a tile, it only gives the viewport its projection and size. */
#define GW_TYPE_BLANK_SOURCE (gw_blank_source_get_type ())
G_DECLARE_FINAL_TYPE (GwBlankSource, gw_blank_source, GW, BLANK_SOURCE, ShumateMapSource)

struct _GwBlankSource
{
  ShumateMapSource parent_instance;
};

G_DEFINE_FINAL_TYPE (GwBlankSource, gw_blank_source, SHUMATE_TYPE_MAP_SOURCE)

static void
gw_blank_source_fill_tile_async (ShumateMapSource    *source,
                                 ShumateTile         *tile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_return_boolean (task, TRUE);
}

static gboolean
gw_blank_source_fill_tile_finish (ShumateMapSource *source,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gw_blank_source_class_init (GwBlankSourceClass *klass)
{
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_async = gw_blank_source_fill_tile_async;
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_finish = gw_blank_source_fill_tile_finish;
}

static void
gw_blank_source_init (GwBlankSource *self)
{
  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), "gridwall-boundaries");
  shumate_map_source_set_tile_size (SHUMATE_MAP_SOURCE (self), GW_MAP_TILE_PX);
  shumate_map_source_set_min_zoom_level (SHUMATE_MAP_SOURCE (self), 0);
  shumate_map_source_set_max_zoom_level (SHUMATE_MAP_SOURCE (self), 22);
}

/* The view ----------------------------------------------------------------- */

enum
{
  PROP_0,
  PROP_STYLE,
  PROP_METRIC,
  PROP_HEATMAP_VISIBLE,
  PROP_SELECTED_AREA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  AREA_SELECTED,
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _GwMapView
{
  GtkWidget         parent_instance;

  GtkWidget        *overlay;
  ShumateMap       *map;
  ShumateViewport  *viewport;
  ShumateMapSource *blank_source;
  ShumateMapSource *base_source;
  ShumateLayer     *tile_layer;
  GwBaseLayer      *base_layer;
  GwGridLayer      *grid_layer;
  GwHeatLayer      *heat_layer;
  GwCaseLayer      *case_layer;

  GtkWidget        *breadcrumb;
  GtkWidget        *legend;
  GtkWidget        *legend_title;
  GtkWidget        *legend_rows;
  GtkWidget        *metric_dropdown;
  GtkWidget        *heat_button;
  GtkLabel         *attribution;
  gboolean          compact;

  GwGridSet        *grids;
  GwMapGeometry    *geometry;
  GCancellable     *geometry_cancellable;
  GwMapCases       *cases;
  GwCoordSystem     system;
  GwMapStyle        style;
  GwMapMetric       metric;
  gboolean          heatmap_visible;
  gboolean          no_compose;      /* benchmarks: turns drawn by the renderer */
  double            ui;

  char             *selected_code;
  int               hovered_shape;
  gboolean          has_case_hover;
  GwCaseHit         case_hover;
  gboolean          fit_city_pending;
  gboolean          auto_fit;        /* refit the city on resize until the user moves */
  gboolean          fitting;
  int               fit_width, fit_height;
  char             *fit_pending;

  double           *values;
  guint8           *classes;
  double            breaks[GW_GRID_N_LEVELS][4];
  gboolean          have_breaks;
  gint64            breaks_time;
  guint             metrics_timeout;
  GwGridLevel       legend_level;
  char             *legend_shown;    /* what the legend says, to leave it be */

  GwMapStatsAcc     stats;
  GwMapCells       *cells;
  gulong            after_paint_id;
  GdkFrameClock    *frame_clock;
};

G_DEFINE_FINAL_TYPE (GwMapView, gw_map_view, GTK_TYPE_WIDGET)

static void update_legend (GwMapView *self);
static void update_breadcrumb (GwMapView *self);

/* Geometry ------------------------------------------------------------------- */

static gboolean
transform (GwMapView      *self,
           GwMapTransform *t)
{
  return gw_map_transform_from_viewport (t, self->viewport, GTK_WIDGET (self->map));
}

static int
shape_of (GwMapView  *self,
          const char *code)
{
  const GwGridFeature *f;

  if (self->grids == NULL || code == NULL)
    return -1;
  f = gw_grid_set_lookup (self->grids, code);
  return f ? (int) f->index : -1;
}

static GwGridLevel
display_level (GwMapView *self)
{
  GwMapTransform t;

  if (self->geometry == NULL || !transform (self, &t))
    return GW_GRID_LEVEL_COUNTY;
  return gw_map_geometry_display_level (self->geometry, t.world);
}

static void
fit_rect (GwMapView *self,
          double     x0,
          double     y0,
          double     x1,
          double     y1,
          double     min_zoom,
          gboolean   animate)
{
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (self->viewport);
  double tile = source ? shumate_map_source_get_tile_size (source) : GW_MAP_TILE_PX;
  double w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  double world = MIN (w / MAX (x1 - x0, 1e-9), h / MAX (y1 - y0, 1e-9)) * 0.88;
  double zoom = CLAMP (MAX (log2 (world / tile), min_zoom), MIN_ZOOM, MAX_ZOOM);
  double lon, lat;

  gw_coord_mercator_unproject ((x0 + x1) / 2, (y0 + y1) / 2, &lon, &lat);
  if (animate)
    shumate_map_go_to_full (self->map, lat, lon, zoom);
  else
    {
      self->fitting = TRUE;
      shumate_map_stop_go_to (self->map);
      shumate_viewport_set_zoom_level (self->viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
      self->fitting = FALSE;
      self->fit_width = w;
      self->fit_height = h;
    }
}

/* The zoom at which @level becomes the level shown. */
static double
zoom_showing (GwMapView   *self,
              GwGridLevel  level)
{
  double size = gw_map_geometry_level_size (self->geometry, level);

  if (size <= 0)
    return MIN_ZOOM;
  for (double zoom = MIN_ZOOM; zoom < MAX_ZOOM; zoom += 0.25)
    if (gw_map_geometry_display_level (self->geometry, GW_MAP_TILE_PX * pow (2, zoom)) >= level)
      return zoom;
  return MAX_ZOOM;
}

static void
fit_code (GwMapView  *self,
          const char *code,
          gboolean    animate)
{
  double x0, y0, x1, y1;
  GwGridLevel child = GW_GRID_LEVEL_COUNTY;
  int shape = shape_of (self, code);

  if (self->geometry == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    {
      g_free (self->fit_pending);
      self->fit_pending = g_strdup (code);
      self->fit_city_pending = code == NULL;
      return;
    }
  if (shape >= 0)
    {
      const GwMapShape *s = gw_map_geometry_get_shape (self->geometry, shape);

      x0 = s->x0, y0 = s->y0, x1 = s->x1, y1 = s->y1;
      child = MIN (s->feature->level + 1, GW_GRID_LEVEL_GRID);
    }
  else
    gw_map_geometry_get_bounds (self->geometry, &x0, &y0, &x1, &y1);
  /* Drilling into an area shows its children: zoom in far enough for them. */
  fit_rect (self, x0, y0, x1, y1, shape >= 0 ? zoom_showing (self, child) : 0, animate);
}

/* Metrics and the choropleth --------------------------------------------------- */

static double
nice_number (double v)
{
  double p = pow (10, floor (log10 (v)));
  double m = v / p;

  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* Quantile breaks of the level's non-zero values, rounded to nice numbers. */
static void
compute_breaks (GwMapView   *self,
                GwGridLevel  level)
{
  static const double satisfaction[4] = { 3.0, 3.5, 4.0, 4.5 };
  guint n, k = 0;
  const guint *shapes = gw_map_geometry_get_level (self->geometry, level, &n);
  g_autofree double *v = g_new (double, MAX (n, 1));
  double *b = self->breaks[level];

  if (self->metric == GW_MAP_METRIC_SATISFACTION)
    {
      memcpy (b, satisfaction, sizeof satisfaction);
      return;
    }
  for (guint i = 0; i < n; i++)
    if (self->values[shapes[i]] > 0)
      v[k++] = self->values[shapes[i]];
  qsort (v, k, sizeof (double), gw_map_compare_double);
  for (guint q = 0; q < 4; q++)
    {
      double x = k ? v[MIN (k - 1, k * (q + 1) / 5)] : q + 1;

      b[q] = x > 0 ? nice_number (x) : q + 1;
      if (self->metric != GW_MAP_METRIC_PER_DAY)
        b[q] = MAX (b[q], 2);
      /* Few areas (nine districts) give close quantiles: keep classes apart. */
      if (q > 0 && b[q] < b[q - 1] * 1.5)
        b[q] = nice_number (b[q - 1] * 2);
    }
}

static guint8
classify (GwMapView   *self,
          GwGridLevel  level,
          double       value)
{
  const double *b = self->breaks[level];
  guint c = 0;

  if (self->metric == GW_MAP_METRIC_SATISFACTION)
    {
      if (value < 0)
        return GW_GRID_NO_CLASS;
      while (c < 4 && value >= b[c])
        c++;
      return 4 - c;   /* low satisfaction is the alarm colour */
    }
  if (value <= 0)
    return GW_GRID_NO_CLASS;
  while (c < 4 && value >= b[c])
    c++;
  return c;
}

static void
update_metrics (GwMapView *self,
                gboolean   new_breaks)
{
  guint n;
  gint64 now = g_get_monotonic_time ();

  if (self->geometry == NULL)
    return;
  n = gw_map_geometry_get_n_shapes (self->geometry);
  self->values = g_renew (double, self->values, n);
  self->classes = g_renew (guint8, self->classes, n);
  gw_map_cases_compute (self->cases, self->metric, g_get_real_time () / G_USEC_PER_SEC, self->values);
  /* Breaks hold still for a while, so that a live feed repaints only the
   * areas whose class changed rather than the whole map. */
  if (new_breaks || !self->have_breaks || now - self->breaks_time > BREAKS_MAX_AGE_US)
    {
      for (guint level = 0; level < GW_GRID_N_LEVELS; level++)
        compute_breaks (self, level);
      self->have_breaks = TRUE;
      self->breaks_time = now;
    }
  for (guint i = 0; i < n; i++)
    self->classes[i] = classify (self, gw_map_geometry_get_shape (self->geometry, i)->feature->level,
                                 self->values[i]);
  gw_grid_layer_set_classes (self->grid_layer, self->classes);
  update_legend (self);
}

static gboolean
on_metrics_timeout (gpointer user_data)
{
  GwMapView *self = user_data;

  self->metrics_timeout = 0;
  update_metrics (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
schedule_metrics (GwMapView *self)
{
  if (self->metrics_timeout == 0)
    self->metrics_timeout = g_timeout_add (METRICS_DELAY_MS, on_metrics_timeout, self);
}

static void
on_cases_reset (GwMapView *self)
{
  self->have_breaks = FALSE;
  schedule_metrics (self);
}

/* A case arrived: the area that holds it at the level shown blinks. */
static void
on_cases_added (GwMapView *self,
                guint      position,
                guint      n)
{
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  GwGridLevel level = display_level (self);
  guint first = n > MAX_FLASHES_BATCH ? position + n - MAX_FLASHES_BATCH : position;

  for (guint i = first; i < position + n && self->geometry != NULL; i++)
    {
      const GwGridFeature *f;

      if (cases[i].shape < 0)
        continue;
      f = gw_map_geometry_get_shape (self->geometry, cases[i].shape)->feature;
      while (f->parent != NULL && f->level > level)
        f = f->parent;
      gw_grid_layer_flash (self->grid_layer, f->index);
    }
  schedule_metrics (self);
}

/* Legend ------------------------------------------------------------------------ */

static const char *
metric_title (GwMapMetric metric)
{
  switch (metric)
    {
    case GW_MAP_METRIC_OPEN:
      return _("Open cases");
    case GW_MAP_METRIC_OVERDUE:
      return _("Overdue cases");
    case GW_MAP_METRIC_PER_DAY:
      return _("Cases per day (7 days)");
    case GW_MAP_METRIC_SATISFACTION:
      return _("Satisfaction");
    case GW_MAP_N_METRICS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
level_title (GwGridLevel level)
{
  switch (level)
    {
    case GW_GRID_LEVEL_COUNTY:
      return _("by district");
    case GW_GRID_LEVEL_STREET:
      return _("by street");
    case GW_GRID_LEVEL_COMMUNITY:
      return _("by community");
    case GW_GRID_LEVEL_GRID:
    default:
      return _("by grid");
    }
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA *color = g_object_get_data (G_OBJECT (area), "color");

  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  gw_map_cairo_set_color (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static char *
format_value (GwMapMetric metric,
              double      v)
{
  if (metric == GW_MAP_METRIC_SATISFACTION || (metric == GW_MAP_METRIC_PER_DAY && v < 10))
    return g_strdup_printf ("%.1f", v);
  return g_strdup_printf ("%.0f", v);
}

static GtkWidget *
legend_row (const GdkRGBA *color,
            const char    *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 22);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
  g_object_set_data_full (G_OBJECT (swatch), "color", gdk_rgba_copy (color),
                          (GDestroyNotify) gdk_rgba_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, NULL, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), label);
  return row;
}

/* The text of the legend's row of class @c. */
static char *
legend_text (GwMapView    *self,
             const double *b,
             int           c)
{
  /* Satisfaction runs the other way: class 4 is the lowest. */
  int k = self->metric == GW_MAP_METRIC_SATISFACTION ? 4 - c : c;
  g_autofree char *lo = k > 0 ? format_value (self->metric, b[k - 1]) : NULL;
  g_autofree char *hi = k < 4 ? format_value (self->metric, b[k]) : NULL;

  if (lo == NULL)
    return g_strdup_printf ("< %s", hi);
  if (hi == NULL)
    return g_strdup_printf ("≥ %s", lo);
  return g_strdup_printf ("%s – %s", lo, hi);
}

static void
update_legend (GwMapView *self)
{
  const GwMapPalette *palette = gw_map_palette_get (self->style);
  GwGridLevel level = display_level (self);
  const double *b = self->breaks[level];
  g_autofree char *title = NULL;
  char *texts[5] = { NULL, };
  g_autofree char *shown = NULL;
  GtkWidget *child;

  self->legend_level = level;
  title = g_strdup_printf ("%s · %s", metric_title (self->metric), level_title (level));
  for (int c = 0; c < 5 && self->have_breaks; c++)
    texts[c] = legend_text (self, b, c);
  /* Unchanged, it stays as it is: rows made anew would be repainted, and
   * with GTK's cairo renderer widen the box of a frame's changes. */
  shown = g_strjoin ("\n", title, palette == gw_map_palette_get (GW_MAP_STYLE_DARK) ? "dark" : "light",
                     texts[0], texts[1], texts[2], texts[3], texts[4], NULL);
  if (g_strcmp0 (shown, self->legend_shown) != 0)
    {
      g_free (self->legend_shown);
      self->legend_shown = g_steal_pointer (&shown);
      gtk_label_set_text (GTK_LABEL (self->legend_title), title);
      while ((child = gtk_widget_get_first_child (self->legend_rows)) != NULL)
        gtk_box_remove (GTK_BOX (self->legend_rows), child);
      for (int c = 4; c >= 0 && self->have_breaks; c--)
        gtk_box_append (GTK_BOX (self->legend_rows), legend_row (&palette->ramp[c], texts[c]));
    }
  for (int c = 0; c < 5; c++)
    g_free (texts[c]);
}

/* Breadcrumb -------------------------------------------------------------------- */

static void drill_to (GwMapView  *self,
                      const char *code,
                      gboolean    animate);

static void
on_crumb_clicked (GtkButton *button,
                  GwMapView *self)
{
  drill_to (self, g_object_get_data (G_OBJECT (button), "code"), TRUE);
}

static void
add_crumb (GwMapView  *self,
           const char *text,
           const char *code,
           gboolean    last)
{
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "map-crumb");
  g_object_set_data_full (G_OBJECT (button), "code", g_strdup (code), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_crumb_clicked), self);
  if (last)
    gtk_widget_add_css_class (button, "current");
  if (gtk_widget_get_first_child (self->breadcrumb) != NULL)
    gtk_box_append (GTK_BOX (self->breadcrumb), gtk_label_new ("›"));
  gtk_box_append (GTK_BOX (self->breadcrumb), button);
}

static void
update_breadcrumb (GwMapView *self)
{
  const GwGridFeature *chain[GW_GRID_N_LEVELS + 1];
  const GwGridFeature *f;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (self->breadcrumb)) != NULL)
    gtk_box_remove (GTK_BOX (self->breadcrumb), child);
  f = self->grids && self->selected_code ? gw_grid_set_lookup (self->grids, self->selected_code) : NULL;
  for (; f != NULL && n < G_N_ELEMENTS (chain); f = f->parent)
    chain[n++] = f;
  add_crumb (self, _("Whole city"), NULL, n == 0);
  while (n-- > 0)
    add_crumb (self, chain[n]->name, chain[n]->code, n == 0);
}

/* Selection ------------------------------------------------------------------------ */

void
gw_map_view_select_area (GwMapView  *self,
                         const char *code)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (code != NULL && (self->grids == NULL || gw_grid_set_lookup (self->grids, code) == NULL))
    code = NULL;
  if (g_strcmp0 (self->selected_code, code) == 0)
    return;
  g_free (self->selected_code);
  self->selected_code = g_strdup (code);
  gw_grid_layer_set_selected (self->grid_layer, shape_of (self, code));
  update_breadcrumb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_AREA]);
  g_signal_emit (self, signals[AREA_SELECTED], 0, code);
}

const char *
gw_map_view_get_selected_area (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->selected_code;
}

/* Whether a move the program makes (not the user's gesture) may fly. With
 * GTK's cairo renderer (no GPU), each frame of a flight repaints the whole
 * map, 4 Mpx at 4K at some 80 ms each: 20-40 of them are a jerky second
 * that sets the wall's worst frames. One cut is one repaint. */
static gboolean
may_fly (GwMapView *self)
{
  return gtk_widget_get_realized (GTK_WIDGET (self)) && !gw_map_widget_uses_cairo (GTK_WIDGET (self));
}

static void
drill_to (GwMapView  *self,
          const char *code,
          gboolean    animate)
{
  gw_map_view_select_area (self, code);
  self->auto_fit = FALSE;
  fit_code (self, self->selected_code, animate);
}

/**
 * gw_map_view_drill_to:
 * @self: a map
 * @code: (nullable): an area's code, or %NULL for the whole city
 *
 * Selects the area, zooms to it and shows its children: what the wall's tour
 * and a "show on wall" do. The map flies there with GTK's GL renderer; with
 * its cairo renderer (a wall without a GPU), where each frame of a flight
 * would repaint the whole map, it cuts there in one frame. The user's own
 * gestures (a double click, a breadcrumb, a cluster) always fly.
 */
void
gw_map_view_drill_to (GwMapView  *self,
                      const char *code)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  drill_to (self, code, may_fly (self));
}

/**
 * gw_map_view_zoom_to_city:
 * @self: a map
 * @animate: whether to fly there
 *
 * Shows the whole city. With GTK's cairo renderer the map cuts there even
 * when @animate is %TRUE (see gw_map_view_drill_to()).
 */
void
gw_map_view_zoom_to_city (GwMapView *self,
                          gboolean   animate)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  fit_code (self, NULL, animate && may_fly (self));
}

const GwGridFeature *
gw_map_view_feature_at (GwMapView *self,
                        double     x,
                        double     y)
{
  GwMapTransform t;
  double mx, my, lon, lat;

  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);

  if (self->geometry == NULL || !transform (self, &t))
    return NULL;
  gw_map_transform_from_widget (&t, x, y, &mx, &my);
  gw_map_unproject (self->system, mx, my, &lon, &lat);
  return gw_grid_set_locate (self->grids, gw_map_geometry_display_level (self->geometry, t.world),
                             lon, lat);
}

void
gw_map_view_project (GwMapView *self,
                     double     lon,
                     double     lat,
                     double    *x,
                     double    *y)
{
  GwMapTransform t;
  double mx, my;

  g_return_if_fail (GW_IS_MAP_VIEW (self));

  *x = *y = -1;
  if (!transform (self, &t))
    return;
  gw_map_project (self->system, lon, lat, &mx, &my);
  gw_map_transform_to_widget (&t, mx, my, x, y);
}

/* Input -------------------------------------------------------------------------- */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           GwMapView                *self)
{
  const GwGridFeature *f;
  GwCaseHit hit;

  self->has_case_hover = gw_case_layer_hit (self->case_layer, x, y, &hit);
  if (self->has_case_hover)
    self->case_hover = hit;
  gw_case_layer_set_hovered (self->case_layer, self->has_case_hover ? &hit : NULL);
  f = self->has_case_hover ? NULL : gw_map_view_feature_at (self, x, y);
  self->hovered_shape = f ? (int) f->index : -1;
  gw_grid_layer_set_hovered (self->grid_layer, self->hovered_shape);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          GwMapView                *self)
{
  self->hovered_shape = -1;
  self->has_case_hover = FALSE;
  gw_grid_layer_set_hovered (self->grid_layer, -1);
  gw_case_layer_set_hovered (self->case_layer, NULL);
}

static void
activate_hit (GwMapView       *self,
              const GwCaseHit *hit)
{
  GwCaseStore *store = gw_map_cases_get_store (self->cases);

  if (hit->is_cluster)
    {
      double lon, lat;

      gw_coord_mercator_unproject (hit->mx, hit->my, &lon, &lat);
      shumate_map_go_to_full (self->map, lat, lon,
                              CLAMP (hit->expansion_zoom + 0.5, MIN_ZOOM, MAX_ZOOM));
    }
  else if (store != NULL && hit->position < g_list_model_get_n_items (G_LIST_MODEL (store)))
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (store), hit->position);

      g_signal_emit (self, signals[CASE_ACTIVATED], 0, gw_case);
    }
}

/**
 * gw_map_view_case_at:
 * @self: a #GwMapView
 * @x: widget coordinate
 * @y: widget coordinate
 *
 * Finds the single case drawn at a point, for a drag source or a menu.
 *
 * Returns: (transfer full) (nullable): the case, or %NULL over a cluster or nothing
 */
GwCase *
gw_map_view_case_at (GwMapView *self,
                     double     x,
                     double     y)
{
  GwCaseStore *store;
  GwCaseHit hit;

  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);

  store = gw_map_cases_get_store (self->cases);
  if (store == NULL
      || !gw_case_layer_hit (self->case_layer, x, y, &hit)
      || hit.is_cluster
      || hit.position >= g_list_model_get_n_items (G_LIST_MODEL (store)))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (store), hit.position);
}

static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             GwMapView       *self)
{
  const GwGridFeature *f;
  GwCaseHit hit;

  if (n_press == 1 && gw_case_layer_hit (self->case_layer, x, y, &hit))
    {
      activate_hit (self, &hit);
      return;
    }
  f = gw_map_view_feature_at (self, x, y);
  if (n_press == 2 && f != NULL)
    drill_to (self, f->code, TRUE);
  else if (n_press == 1)
    gw_map_view_select_area (self, f ? f->code : NULL);
}

static char *
feature_tooltip (GwMapView           *self,
                 const GwGridFeature *f)
{
  GString *text = g_string_new (f->name);
  double open = 0, overdue = 0;
  guint n = gw_map_geometry_get_n_shapes (self->geometry);
  g_autofree double *values = g_new (double, n);

  if (f->leader != NULL && f->leader->name != NULL)
    /* Translators: the grid leader (网格长) in a map tooltip */
    g_string_append_printf (text, "\n%s %s", _("Leader:"), f->leader->name);
  gw_map_cases_compute (self->cases, GW_MAP_METRIC_OPEN, g_get_real_time () / G_USEC_PER_SEC, values);
  open = values[f->index];
  gw_map_cases_compute (self->cases, GW_MAP_METRIC_OVERDUE, g_get_real_time () / G_USEC_PER_SEC, values);
  overdue = values[f->index];
  /* Translators: counts in a map tooltip */
  g_string_append_printf (text, _("\nOpen %.0f · overdue %.0f"), open, overdue);
  if (self->values != NULL && self->metric != GW_MAP_METRIC_OPEN && self->metric != GW_MAP_METRIC_OVERDUE)
    g_string_append_printf (text, "\n%s %.1f", metric_title (self->metric), self->values[f->index]);
  return g_string_free (text, FALSE);
}

static char *
case_tooltip (GwMapView       *self,
              const GwCaseHit *hit)
{
  GwCaseStore *store = gw_map_cases_get_store (self->cases);
  g_autoptr(GwCase) gw_case = NULL;

  if (hit->is_cluster)
    /* Translators: a cluster of cases on the map */
    return g_strdup_printf (_("%u cases, %u overdue\nClick to zoom in"), hit->count, hit->overdue);
  if (store == NULL || hit->position >= g_list_model_get_n_items (G_LIST_MODEL (store)))
    return NULL;
  gw_case = g_list_model_get_item (G_LIST_MODEL (store), hit->position);
  return g_strdup_printf ("%s · %s\n%s · %s\n%s", gw_case_get_id (gw_case),
                          gw_case_get_service_name (gw_case),
                          gw_priority_get_label (gw_case_get_priority (gw_case)),
                          gw_step_get_label (gw_case_get_step (gw_case)),
                          gw_case_get_address (gw_case) ? gw_case_get_address (gw_case) : "");
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  GwMapView  *self)
{
  g_autofree char *text = NULL;

  if (self->has_case_hover)
    text = case_tooltip (self, &self->case_hover);
  else if (self->hovered_shape >= 0 && self->geometry != NULL)
    text = feature_tooltip (self, gw_map_geometry_get_shape (self->geometry, self->hovered_shape)->feature);
  if (text == NULL)
    return FALSE;
  /* Names come from the centre: plain text, never markup. */
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Data ------------------------------------------------------------------------ */

static void
geometry_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GwGridSet *grids = task_data;
  GwCoordSystem system = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "system"));

  g_task_return_pointer (task, gw_map_geometry_new (grids, system),
                         (GDestroyNotify) gw_map_geometry_unref);
}

static void
apply_geometry (GwMapView     *self,
                GwMapGeometry *geometry)
{
  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  self->geometry = geometry;
  gw_map_cases_set_geometry (self->cases, geometry);
  gw_grid_layer_set_geometry (self->grid_layer, geometry, NULL);
  gw_grid_layer_set_selected (self->grid_layer, shape_of (self, self->selected_code));
  gw_heat_layer_set_geometry (self->heat_layer, geometry);
  self->have_breaks = FALSE;
  update_metrics (self, TRUE);
  if (self->fit_city_pending || self->fit_pending != NULL)
    fit_code (self, self->fit_pending, FALSE);
  update_breadcrumb (self);
}

static void
geometry_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GwMapGeometry *geometry = g_task_propagate_pointer (G_TASK (result), NULL);

  if (geometry == NULL)
    return;   /* cancelled: newer grids or another system */
  apply_geometry (GW_MAP_VIEW (source), geometry);
}

static void
build_geometry (GwMapView *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->geometry_cancellable);
  g_clear_object (&self->geometry_cancellable);
  if (self->grids == NULL)
    {
      apply_geometry (self, NULL);
      return;
    }
  self->geometry_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->geometry_cancellable, geometry_ready, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, gw_grid_set_ref (self->grids), (GDestroyNotify) gw_grid_set_unref);
  g_object_set_data (G_OBJECT (task), "system", GINT_TO_POINTER (self->system));
  g_task_run_in_thread (task, geometry_thread);
}

/* A turn's cells are composed in a worker when the grid layer's backdrop
 * covers the map (no tile source under it) and nothing outside the cells
 * lies between the grid and case layers (the heat layer). */
static void
update_compose (GwMapView *self)
{
  gw_map_cells_set_compose (self->cells, !self->no_compose && self->base_source == NULL && !self->heatmap_visible);
}

/* The licences of what the map shows: the tiles' (a tile server's or an
 * MBTiles file's terms) and the boundaries' (the grids' attribution), always
 * on screen in a corner, the whole text in the tooltip. Plain text: both come
 * from outside. */
static void
update_attribution (GwMapView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *tiles = self->base_source ? shumate_map_source_get_license (self->base_source) : NULL;
  const char *grids = self->grids ? gw_grid_set_get_attribution (self->grids) : NULL;

  if (tiles != NULL && *tiles != '\0')
    g_string_append (text, tiles);
  if (grids != NULL && *grids != '\0')
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", grids);
  gtk_label_set_text (self->attribution, text->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->attribution), text->len ? text->str : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->attribution), text->len > 0);
}

static GtkWidget *
build_attribution (GwMapView *self)
{
  self->attribution = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_use_markup (self->attribution, FALSE);
  gtk_label_set_ellipsize (self->attribution, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->attribution, 80);
  gtk_label_set_single_line_mode (self->attribution, TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->attribution), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->attribution), GTK_ALIGN_END);
  gtk_widget_set_margin_end (GTK_WIDGET (self->attribution), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->attribution), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->attribution), "map-attribution");
  gtk_widget_set_visible (GTK_WIDGET (self->attribution), FALSE);
  return GTK_WIDGET (self->attribution);
}

void
gw_map_view_set_grids (GwMapView *self,
                       GwGridSet *grids)
{
  gboolean first;

  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (self->grids == grids)
    return;
  first = self->grids == NULL;
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids ? gw_grid_set_ref (grids) : NULL;
  update_attribution (self);
  if (self->selected_code != NULL && (grids == NULL || gw_grid_set_lookup (grids, self->selected_code) == NULL))
    gw_map_view_select_area (self, NULL);
  if (first)
    self->fit_city_pending = self->auto_fit = TRUE;
  build_geometry (self);
}

GwGridSet *
gw_map_view_get_grids (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->grids;
}

void
gw_map_view_set_store (GwMapView   *self,
                       GwCaseStore *store)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  gw_map_cases_set_store (self->cases, store);
}

/* Base map and styles ------------------------------------------------------------- */

static void
apply_style (GwMapView *self)
{
  gboolean with_base = self->base_source == NULL;

  gw_base_layer_set_style (self->base_layer, self->style);
  gw_grid_layer_set_style (self->grid_layer, self->style, with_base, self->ui);
  gw_case_layer_set_style (self->case_layer, self->style, self->ui);
  gw_heat_layer_set_style (self->heat_layer, self->style);
  /* An announcement's outer ring reaches this far from its cell. */
  gw_map_cells_set_overhang (self->cells, 124 * self->ui);
  gw_map_cells_invalidate (self->cells);
  if (self->style == GW_MAP_STYLE_DARK)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "dark");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "light");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "light");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "dark");
    }
  update_legend (self);
}

void
gw_map_view_set_base_source (GwMapView        *self,
                             ShumateMapSource *source)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  g_return_if_fail (source == NULL || SHUMATE_IS_MAP_SOURCE (source));

  if (self->base_source == source)
    return;
  if (self->tile_layer != NULL)
    shumate_map_remove_layer (self->map, self->tile_layer);
  self->tile_layer = NULL;
  g_set_object (&self->base_source, source);
  if (source != NULL)
    {
      self->tile_layer = SHUMATE_LAYER (shumate_map_layer_new (source, self->viewport));
      shumate_map_insert_layer_above (self->map, self->tile_layer, SHUMATE_LAYER (self->base_layer));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->base_layer), source == NULL);
  update_compose (self);
  update_attribution (self);
  shumate_viewport_set_reference_map_source (self->viewport, source ? source : self->blank_source);
  apply_style (self);
}

ShumateMapSource *
gw_map_view_get_base_source (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->base_source;
}

void
gw_map_view_set_coordinate_system (GwMapView     *self,
                                   GwCoordSystem  system)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  g_return_if_fail (system <= GW_COORD_SYSTEM_BD09);

  if (self->system == system)
    return;
  self->system = system;
  build_geometry (self);
}

GwCoordSystem
gw_map_view_get_coordinate_system (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), GW_COORD_SYSTEM_WGS84);
  return self->system;
}

void
gw_map_view_set_style (GwMapView  *self,
                       GwMapStyle  style)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (self->style == style)
    return;
  self->style = style;
  apply_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

GwMapStyle
gw_map_view_get_style (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), GW_MAP_STYLE_DARK);
  return self->style;
}

void
gw_map_view_set_metric (GwMapView   *self,
                        GwMapMetric  metric)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  g_return_if_fail (metric < GW_MAP_N_METRICS);

  if (self->metric == metric)
    return;
  self->metric = metric;
  update_metrics (self, TRUE);
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->metric_dropdown)) != metric)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->metric_dropdown), metric);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

GwMapMetric
gw_map_view_get_metric (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), GW_MAP_METRIC_OPEN);
  return self->metric;
}

void
gw_map_view_set_heatmap_visible (GwMapView *self,
                                 gboolean   visible)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  visible = !!visible;
  if (self->heatmap_visible == visible)
    return;
  self->heatmap_visible = visible;
  gtk_widget_set_visible (GTK_WIDGET (self->heat_layer), visible);
  gw_heat_layer_set_active (self->heat_layer, visible);
  update_compose (self);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->heat_button), visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_VISIBLE]);
}

gboolean
gw_map_view_get_heatmap_visible (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), FALSE);
  return self->heatmap_visible;
}

void
gw_map_view_set_heatmap_hours (GwMapView *self,
                               guint      hours)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  gw_heat_layer_set_hours (self->heat_layer, hours);
}

ShumateMap *
gw_map_view_get_map (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->map;
}

ShumateViewport *
gw_map_view_get_viewport (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->viewport;
}

void
gw_map_view_get_frame_stats (GwMapView       *self,
                             GwMapFrameStats *stats)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  *stats = self->stats.pub;
  stats->n_tiles_pending = gw_grid_layer_get_n_pending (self->grid_layer)
                           + gw_case_layer_get_n_pending (self->case_layer)
                           + gw_heat_layer_get_n_pending (self->heat_layer);
}

gint64
gw_map_view_get_frame_cpu_us (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), 0);
  return self->stats.last_cpu_us;
}

void
gw_map_view_reset_frame_stats (GwMapView *self)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  memset (&self->stats.pub, 0, sizeof self->stats.pub);
}

/**
 * gw_map_view_get_next_frame_area:
 * @self: a map
 * @area: (out): where the map will repaint, in its own coordinates
 *
 * With GTK's cairo renderer, the map shows a live feed's changes a few
 * cells of the screen at a time, so that a frame repaints a small box; the
 * rest of the window can take part: a window whose other parts change too
 * (charts, a ticker) widens that box, and may rather wait for a frame in
 * which the map's area is near its own changes, or ask the map to wait with
 * gw_map_view_defer_next_frame(). Call it before the frame is drawn (in the
 * frame clock's ::update or ::before-paint): the frame then repaints what
 * it says (all of the map if the view moved since the last frame: a cut, a
 * resize), unless the map's data or view change after the call (a resize
 * in the layout phase) or the frame is deferred.
 *
 * Returns: %TRUE if the next frame repaints part of the map: @area is then
 *   that part (all of it for a whole-view change); %FALSE if nothing waits
 */
gboolean
gw_map_view_get_next_frame_area (GwMapView       *self,
                                 graphene_rect_t *area)
{
  GwMapTransform t;

  g_return_val_if_fail (GW_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  return gw_map_cells_peek (self->cells, GTK_WIDGET (self), transform (self, &t) ? &t : NULL, area);
}

/**
 * gw_map_view_defer_next_frame:
 * @self: a map
 *
 * The map shows nothing new in the next frame, unless the whole view
 * changes (pan, zoom, size, style): what waits keeps its age and goes first
 * in the frame after. A window calls it at most every other frame, or the
 * map's changes wait for good.
 */
void
gw_map_view_defer_next_frame (GwMapView *self)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  gw_map_cells_defer (self->cells);
}

void
gw_map_view_set_cells (GwMapView *self,
                       guint      cols,
                       guint      rows,
                       guint      budget)
{
  gw_map_cells_set_grid (self->cells, cols, rows, budget);
  gtk_widget_queue_draw (GTK_WIDGET (self->case_layer));
}

void
gw_map_view_set_compose (GwMapView *self,
                         gboolean   compose)
{
  self->no_compose = !compose;
  update_compose (self);
}

guint
gw_map_view_get_n_composed (GwMapView *self)
{
  return gw_map_cells_get_n_composed (self->cells);
}

void
gw_map_view_set_flatten (GwMapView *self,
                         gboolean   flatten)
{
  gw_map_cells_set_flatten (self->cells, flatten);
  gtk_widget_queue_draw (GTK_WIDGET (self->grid_layer));
}

void
gw_map_view_get_announced (GwMapView *self,
                           guint     *n_announced,
                           guint     *n_missed)
{
  gw_map_cells_get_announced (self->cells, n_announced, n_missed);
}

void
gw_map_view_get_last_frame_area (GwMapView       *self,
                                 graphene_rect_t *area,
                                 gboolean        *full,
                                 guint           *n_cells)
{
  gw_map_cells_get_last (self->cells, area, full, n_cells);
}

gboolean
gw_map_view_is_settled (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), FALSE);

  return self->geometry != NULL && self->metrics_timeout == 0
         && gw_grid_layer_get_n_pending (self->grid_layer) == 0
         && gw_case_layer_is_settled (self->case_layer)
         && gw_heat_layer_get_n_pending (self->heat_layer) == 0
         && !gw_map_cells_is_waiting (self->cells);
}

void
gw_map_view_get_memory (GwMapView   *self,
                        GwMapMemory *memory)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  memset (memory, 0, sizeof *memory);
  memory->geometry = self->geometry ? gw_map_geometry_get_bytes (self->geometry) : 0;
  memory->cases = gw_map_cases_get_bytes (self->cases);
  memory->heat = gw_heat_layer_get_bytes (self->heat_layer);
  gw_grid_layer_get_memory (self->grid_layer, memory);
  gw_case_layer_get_memory (self->case_layer, memory);
  gw_map_cells_get_bytes (self->cells, &memory->flat, &memory->n_flat, &memory->composed, &memory->n_composed);
}

/* Widget ---------------------------------------------------------------------- */

static void
on_after_paint (GdkFrameClock *clock,
                GwMapView     *self)
{
  gw_map_stats_end_frame (&self->stats);
  gw_map_cells_end_frame (self->cells);
}

static void
gw_map_view_realize (GtkWidget *widget)
{
  GwMapView *self = GW_MAP_VIEW (widget);

  GTK_WIDGET_CLASS (gw_map_view_parent_class)->realize (widget);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint",
                                           G_CALLBACK (on_after_paint), self);
}

static void
gw_map_view_unrealize (GtkWidget *widget)
{
  GwMapView *self = GW_MAP_VIEW (widget);

  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  GTK_WIDGET_CLASS (gw_map_view_parent_class)->unrealize (widget);
}

static void
gw_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  GwMapView *self = GW_MAP_VIEW (widget);
  /* A wall is read from metres away: lines and names grow with the screen. */
  double ui = width >= 3000 ? 1.6 : width >= 2200 ? 1.25 : 1.0;

  /* Whatever changes the overlays (style, legend) happens before they are
   * allocated: a resize queued during their allocation would leave them
   * unallocated, and GTK then draws no frame at all (seen at 4K). */
  /* A small map (a desk's narrow column) keeps the map itself in view: no
   * legend, and no metric menu over the breadcrumb. */
  gboolean compact = width < 560 || height < 420;

  if (ui != self->ui)
    {
      self->ui = ui;
      apply_style (self);
    }
  if (compact != self->compact)
    {
      self->compact = compact;
      gtk_widget_set_visible (self->legend, !compact);
      gtk_widget_set_visible (self->metric_dropdown, !compact);
    }
  if (self->geometry != NULL && (self->fit_city_pending || self->fit_pending != NULL))
    {
      g_autofree char *code = g_steal_pointer (&self->fit_pending);

      self->fit_city_pending = FALSE;
      fit_code (self, code, FALSE);
    }
  else if (self->geometry != NULL && self->auto_fit
           && (width != self->fit_width || height != self->fit_height))
    fit_code (self, NULL, FALSE);
  if (self->geometry != NULL && display_level (self) != self->legend_level)
    update_legend (self);
  gtk_widget_allocate (self->overlay, width, height, baseline, NULL);
}

static void
gw_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  gtk_widget_measure (GW_MAP_VIEW (widget)->overlay, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* Once the user moves the map, a resize no longer fits the city again. */
static void
on_viewport_moved (GwMapView *self)
{
  if (!self->fitting)
    self->auto_fit = FALSE;
}

static void
on_viewport_zoom (GwMapView *self)
{
  if (self->geometry != NULL && display_level (self) != self->legend_level)
    update_legend (self);
}

static void
on_metric_selected (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    GwMapView   *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < GW_MAP_N_METRICS)
    gw_map_view_set_metric (self, selected);
}

static void
on_heat_toggled (GtkToggleButton *button,
                 GwMapView       *self)
{
  gw_map_view_set_heatmap_visible (self, gtk_toggle_button_get_active (button));
}

static GtkWidget *
build_controls (GwMapView *self)
{
  const char *metrics[GW_MAP_N_METRICS + 1];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  for (guint i = 0; i < GW_MAP_N_METRICS; i++)
    metrics[i] = metric_title (i);
  metrics[GW_MAP_N_METRICS] = NULL;
  self->metric_dropdown = gtk_drop_down_new_from_strings (metrics);
  gtk_widget_set_tooltip_text (self->metric_dropdown, _("What the colours of the areas show"));
  g_signal_connect (self->metric_dropdown, "notify::selected", G_CALLBACK (on_metric_selected), self);
  self->heat_button = gtk_toggle_button_new_with_label (_("Heatmap"));
  gtk_widget_set_tooltip_text (self->heat_button, _("Density of cases reported in the last 24 hours"));
  g_signal_connect (self->heat_button, "toggled", G_CALLBACK (on_heat_toggled), self);
  gtk_box_append (GTK_BOX (box), self->metric_dropdown);
  gtk_box_append (GTK_BOX (box), self->heat_button);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_add_css_class (box, "map-controls");
  gtk_widget_add_css_class (box, "osd");
  return box;
}

static GtkWidget *
build_legend (GwMapView *self)
{
  self->legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  self->legend_title = gtk_label_new (NULL);
  self->legend_rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_label_set_xalign (GTK_LABEL (self->legend_title), 0);
  gtk_widget_add_css_class (self->legend_title, "heading");
  gtk_box_append (GTK_BOX (self->legend), self->legend_title);
  gtk_box_append (GTK_BOX (self->legend), self->legend_rows);
  gtk_widget_set_halign (self->legend, GTK_ALIGN_START);
  gtk_widget_set_valign (self->legend, GTK_ALIGN_END);
  gtk_widget_set_margin_start (self->legend, 10);
  gtk_widget_set_margin_bottom (self->legend, 10);
  gtk_widget_add_css_class (self->legend, "map-legend");
  gtk_widget_add_css_class (self->legend, "osd");
  gtk_widget_add_css_class (self->legend, "toolbar");
  gtk_widget_set_can_target (self->legend, FALSE);
  return self->legend;
}

static void
build_map (GwMapView *self)
{
  self->map = shumate_map_new ();
  self->viewport = shumate_map_get_viewport (self->map);
  self->blank_source = g_object_new (GW_TYPE_BLANK_SOURCE, NULL);
  shumate_viewport_set_reference_map_source (self->viewport, self->blank_source);
  shumate_viewport_set_min_zoom_level (self->viewport, MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (self->viewport, MAX_ZOOM);
  shumate_map_set_zoom_on_double_click (self->map, FALSE);
  /* A city's centre until the grids arrive (南昌). */
  shumate_viewport_set_zoom_level (self->viewport, 10);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), 28.68, 115.89);

  self->cases = gw_map_cases_new ();
  self->base_layer = gw_base_layer_new (self->viewport);
  self->grid_layer = gw_grid_layer_new (self->viewport);
  self->heat_layer = gw_heat_layer_new (self->viewport, self->cases);
  self->case_layer = gw_case_layer_new (self->viewport, self->cases);
  gw_grid_layer_set_stats (self->grid_layer, &self->stats);
  gw_case_layer_set_stats (self->case_layer, &self->stats);
  self->cells = gw_map_cells_new ();
  gw_grid_layer_set_cells (self->grid_layer, self->cells);
  gw_grid_layer_set_base (self->grid_layer, self->base_layer);
  gw_base_layer_set_cells (self->base_layer, self->cells);
  gw_case_layer_set_cells (self->case_layer, self->cells);
  update_compose (self);
  gw_heat_layer_set_stats (self->heat_layer, &self->stats);
  gtk_widget_set_visible (GTK_WIDGET (self->heat_layer), FALSE);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->base_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->grid_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->heat_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->case_layer));

  g_signal_connect_object (self->cases, "reset", G_CALLBACK (on_cases_reset), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cases, "added", G_CALLBACK (on_cases_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cases, "updated", G_CALLBACK (schedule_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::zoom-level", G_CALLBACK (on_viewport_zoom), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::zoom-level", G_CALLBACK (on_viewport_moved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::latitude", G_CALLBACK (on_viewport_moved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::longitude", G_CALLBACK (on_viewport_moved), self,
                           G_CONNECT_SWAPPED);
}

static void
setup_input (GwMapView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}

static void
gw_map_view_dispose (GObject *object)
{
  GwMapView *self = GW_MAP_VIEW (object);

  g_clear_handle_id (&self->metrics_timeout, g_source_remove);
  g_cancellable_cancel (self->geometry_cancellable);
  g_clear_object (&self->geometry_cancellable);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->blank_source);
  g_clear_object (&self->base_source);
  if (self->cases != NULL)
    gw_map_cases_set_store (self->cases, NULL);
  g_clear_object (&self->cases);
  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  G_OBJECT_CLASS (gw_map_view_parent_class)->dispose (object);
}

static void
gw_map_view_finalize (GObject *object)
{
  GwMapView *self = GW_MAP_VIEW (object);

  g_free (self->selected_code);
  g_free (self->fit_pending);
  g_free (self->values);
  g_free (self->classes);
  g_free (self->legend_shown);
  g_clear_pointer (&self->cells, gw_map_cells_free);
  G_OBJECT_CLASS (gw_map_view_parent_class)->finalize (object);
}

static void
gw_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GwMapView *self = GW_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_STYLE:
      g_value_set_int (value, self->style);
      break;
    case PROP_METRIC:
      g_value_set_int (value, self->metric);
      break;
    case PROP_HEATMAP_VISIBLE:
      g_value_set_boolean (value, self->heatmap_visible);
      break;
    case PROP_SELECTED_AREA:
      g_value_set_string (value, self->selected_code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GwMapView *self = GW_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_STYLE:
      gw_map_view_set_style (self, g_value_get_int (value));
      break;
    case PROP_METRIC:
      gw_map_view_set_metric (self, g_value_get_int (value));
      break;
    case PROP_HEATMAP_VISIBLE:
      gw_map_view_set_heatmap_visible (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_AREA:
      gw_map_view_select_area (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_map_view_class_init (GwMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_map_view_dispose;
  object_class->finalize = gw_map_view_finalize;
  object_class->get_property = gw_map_view_get_property;
  object_class->set_property = gw_map_view_set_property;
  widget_class->realize = gw_map_view_realize;
  widget_class->unrealize = gw_map_view_unrealize;
  widget_class->size_allocate = gw_map_view_size_allocate;
  widget_class->measure = gw_map_view_measure;

  properties[PROP_STYLE] =
    g_param_spec_int ("style", NULL, NULL, GW_MAP_STYLE_DARK, GW_MAP_STYLE_LIGHT, GW_MAP_STYLE_DARK,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_METRIC] =
    g_param_spec_int ("metric", NULL, NULL, 0, GW_MAP_N_METRICS - 1, GW_MAP_METRIC_OPEN,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HEATMAP_VISIBLE] =
    g_param_spec_boolean ("heatmap-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_AREA] =
    g_param_spec_string ("selected-area", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwMapView::area-selected:
   * @code: (nullable): the selected area's code, %NULL for the whole city
   */
  signals[AREA_SELECTED] = g_signal_new ("area-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * GwMapView::case-activated:
   * @case: the GwCase clicked on the map
   */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, GW_TYPE_CASE);
  gtk_widget_class_set_css_name (widget_class, "gw-map-view");
}

static void
gw_map_view_init (GwMapView *self)
{
  GtkWidget *top;

  self->ui = 1.0;
  self->hovered_shape = -1;
  self->legend_level = GW_GRID_LEVEL_COUNTY;
  build_map (self);

  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->map));
  self->breadcrumb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  top = self->breadcrumb;
  gtk_widget_set_halign (top, GTK_ALIGN_START);
  gtk_widget_set_valign (top, GTK_ALIGN_START);
  gtk_widget_set_margin_start (top, 10);
  gtk_widget_set_margin_top (top, 10);
  gtk_widget_add_css_class (top, "map-breadcrumb");
  gtk_widget_add_css_class (top, "osd");
  gtk_widget_add_css_class (top, "toolbar");
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), top);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), build_controls (self));
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), build_legend (self));
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), build_attribution (self));
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  setup_input (self);
  apply_style (self);
  update_breadcrumb (self);
}

/**
 * gw_map_view_new:
 *
 * Returns: (transfer floating): a map with our own boundary base, dark style,
 *   no grids and no cases yet
 */
GtkWidget *
gw_map_view_new (void)
{
  return g_object_new (GW_TYPE_MAP_VIEW, NULL);
}
