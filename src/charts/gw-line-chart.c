/* gw-line-chart.c: a series over time, bold, with the previous period faint behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * values: [current × n, previous × n]; texts: [title, current name, previous
 * name, label × n]; flags: label step (low 8 bits), 0x100 when there is a
 * previous series.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>

#include "gw-chart-draw.h"
#include "gw-line-chart.h"

#define FLAG_PREVIOUS 0x100
#define FIRST_LABEL 3

struct _GwLineChart
{
  GwChart parent_instance;
};

G_DEFINE_FINAL_TYPE (GwLineChart, gw_line_chart, GW_TYPE_CHART)

/* Units between the title and the plot (the legend), and right of the plot
 * (the last value's label). */
#define HEADER 1.6
#define RIGHT 0.6

static double
point_x (GwRect plot,
         guint  i,
         guint  n)
{
  return n > 1 ? plot.x + plot.width * i / (n - 1) : plot.x + plot.width / 2;
}

static void
trace (cairo_t      *cr,
       GwRect        plot,
       const double *v,
       guint         n,
       double        top)
{
  if (!cairo_has_current_point (cr))
    cairo_move_to (cr, point_x (plot, 0, n), plot.y + plot.height * (1 - MAX (v[0], 0) / top));
  for (guint i = 0; i < n; i++)
    cairo_line_to (cr, point_x (plot, i, n), plot.y + plot.height * (1 - MAX (v[i], 0) / top));
}

static void
draw_series (cairo_t            *cr,
             const GwChartFrame *frame,
             GwRect              plot,
             double              top)
{
  guint n = frame->n_values / 2;
  const double *current = frame->values, *previous = frame->values + n;
  const GdkRGBA *accent = &frame->palette->accent;
  double u = gw_chart_unit (frame);
  double dashes[] = { u * 0.35, u * 0.25 };
  cairo_pattern_t *fill;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (frame->flags & FLAG_PREVIOUS)
    {
      trace (cr, plot, previous, n, top);
      cairo_set_line_width (cr, MAX (1.0, u * 0.1));
      cairo_set_dash (cr, dashes, 2, 0);
      gw_chart_set_color (cr, &frame->palette->previous, 0.8);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  cairo_move_to (cr, point_x (plot, 0, n), plot.y + plot.height);
  trace (cr, plot, current, n, top);
  cairo_line_to (cr, point_x (plot, n - 1, n), plot.y + plot.height);
  cairo_close_path (cr);
  fill = cairo_pattern_create_linear (0, plot.y, 0, plot.y + plot.height);
  cairo_pattern_add_color_stop_rgba (fill, 0, accent->red, accent->green, accent->blue, 0.38);
  cairo_pattern_add_color_stop_rgba (fill, 1, accent->red, accent->green, accent->blue, 0.02);
  cairo_set_source (cr, fill);
  cairo_fill (cr);
  cairo_pattern_destroy (fill);

  trace (cr, plot, current, n, top);
  cairo_set_line_width (cr, MAX (1.5, u * 0.2));
  gw_chart_set_color (cr, accent, 1);
  cairo_stroke (cr);
}

static void
draw_marker (cairo_t            *cr,
             const GwChartFrame *frame,
             GwRect              plot,
             double              top,
             guint               i)
{
  guint n = frame->n_values / 2;
  double u = gw_chart_unit (frame);
  double x = point_x (plot, i, n);
  double y = plot.y + plot.height * (1 - MAX (frame->values[i], 0) / top);
  g_autofree char *label = gw_chart_format_count (frame->values[i]);

  if (frame->hover == (int) i)
    {
      gw_chart_set_color (cr, &frame->palette->muted, 0.6);
      cairo_set_line_width (cr, MAX (1.0, u * 0.06));
      cairo_move_to (cr, round (x) + 0.5, plot.y);
      cairo_line_to (cr, round (x) + 0.5, plot.y + plot.height);
      cairo_stroke (cr);
    }
  gw_chart_set_color (cr, &frame->palette->card, 1);
  cairo_arc (cr, x, y, u * 0.32, 0, 2 * G_PI);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, MAX (1.5, u * 0.16));
  gw_chart_set_color (cr, &frame->palette->accent, 1);
  cairo_stroke (cr);
  gw_chart_set_color (cr, &frame->palette->text, 1);
  gw_chart_draw_text (cr, label, u * 0.95, PANGO_WEIGHT_BOLD, x, y - u * 0.45,
                      x > plot.x + plot.width * 0.85 ? 1 : 0.5, 1, 0);
}

static void
draw_legend (cairo_t            *cr,
             const GwChartFrame *frame)
{
  GwLegend legend = gw_chart_legend_begin (frame);
  double u = gw_chart_unit (frame);

  for (int i = (frame->flags & FLAG_PREVIOUS) ? 1 : 0; i >= 0; i--)
    {
      double x = gw_chart_legend_add (cr, frame, &legend, gw_chart_text (frame, i == 1 ? 2 : 1),
                                      1.2);

      gw_chart_set_color (cr, i == 1 ? &frame->palette->previous : &frame->palette->accent, 1);
      cairo_set_line_width (cr, i == 1 ? u * 0.1 : u * 0.2);
      cairo_move_to (cr, x - legend.px * 1.2, legend.y);
      cairo_line_to (cr, x, legend.y);
      cairo_stroke (cr);
    }
}

static void
gw_line_chart_draw (cairo_t            *cr,
                    const GwChartFrame *frame)
{
  GwRect area = gw_chart_draw_card (cr, frame, FALSE);
  GwRect plot = gw_chart_plot_area (frame, HEADER, RIGHT);
  guint n = frame->n_values / 2;
  guint step = MAX (frame->flags & 0xff, 1u);
  double u = gw_chart_unit (frame);
  double max = 0, top;

  gw_chart_draw_title (cr, frame, area, gw_chart_text (frame, 0));
  draw_legend (cr, frame);
  if (n == 0 || plot.width <= 0 || plot.height <= 0)
    return;
  for (guint i = 0; i < n; i++)
    max = MAX (max, MAX (frame->values[i], (frame->flags & FLAG_PREVIOUS) ?
                                           frame->values[n + i] : 0));
  top = gw_chart_draw_y_axis (cr, frame, plot, max * 1.1);

  gw_chart_set_color (cr, &frame->palette->muted, 1);
  for (guint i = (n - 1) % step; i < n; i += step)
    gw_chart_draw_text (cr, gw_chart_text (frame, FIRST_LABEL + i), u * 0.8,
                        PANGO_WEIGHT_NORMAL, point_x (plot, i, n),
                        plot.y + plot.height + u * 0.3, i == n - 1 ? 0.8 : 0.5, 0, 0);

  draw_series (cr, frame, plot, top);
  draw_marker (cr, frame, plot, top, n - 1);
  if (frame->hover >= 0 && (guint) frame->hover < n - 1)
    draw_marker (cr, frame, plot, top, frame->hover);
}

static int
gw_line_chart_hit (GwChart *chart,
                   double   width,
                   double   height,
                   double   x,
                   double   y)
{
  GwChartFrame frame = { .width = width, .height = height };
  GwRect plot = gw_chart_plot_area (&frame, HEADER, RIGHT);
  guint n_values, n;
  double slot;

  gw_chart_get_values (chart, &n_values);
  n = n_values / 2;
  if (n == 0 || y < plot.y || y > plot.y + plot.height)
    return -1;
  slot = n > 1 ? plot.width / (n - 1) : plot.width;
  if (x < plot.x - slot / 2 || x > plot.x + plot.width + slot / 2)
    return -1;
  return CLAMP ((int) round ((x - plot.x) / slot), 0, (int) n - 1);
}

static char *
gw_line_chart_tooltip (GwChart *chart,
                       int      item)
{
  GPtrArray *texts = gw_chart_get_texts (chart);
  guint n_values;
  const double *values = gw_chart_get_values (chart, &n_values);
  guint n = n_values / 2;

  if (texts == NULL || (guint) item >= n)
    return NULL;
  return g_strdup_printf ("%s  %s %.0f · %s %.0f",
                          (char *) g_ptr_array_index (texts, FIRST_LABEL + item),
                          (char *) g_ptr_array_index (texts, 1), values[item],
                          (char *) g_ptr_array_index (texts, 2), values[n + item]);
}

static void
gw_line_chart_class_init (GwLineChartClass *klass)
{
  GwChartClass *chart_class = GW_CHART_CLASS (klass);

  chart_class->draw = gw_line_chart_draw;
  chart_class->hit = gw_line_chart_hit;
  chart_class->tooltip = gw_line_chart_tooltip;
}

static void
gw_line_chart_init (GwLineChart *self)
{
}

GtkWidget *
gw_line_chart_new (const char *title)
{
  GwLineChart *self = g_object_new (GW_TYPE_LINE_CHART, NULL);

  gw_chart_set_title (GW_CHART (self), title);
  gw_line_chart_set_series (self, NULL, 1, NULL, NULL, 0, "", "");
  return GTK_WIDGET (self);
}

/**
 * gw_line_chart_set_series:
 * @self: a line chart
 * @labels: (array length=n): the x labels, one per point
 * @label_step: draw every @label_step-th label, counted back from the last
 * @current: (array length=n): the bold series
 * @previous: (array length=n) (nullable): the faint one
 * @n: the number of points
 * @current_name: the legend of @current
 * @previous_name: the legend of @previous
 */
void
gw_line_chart_set_series (GwLineChart        *self,
                          const char * const *labels,
                          guint               label_step,
                          const double       *current,
                          const double       *previous,
                          guint               n,
                          const char         *current_name,
                          const char         *previous_name)
{
  g_autoptr(GPtrArray) texts = gw_chart_texts_new (GW_CHART (self));
  g_autofree double *all = g_new0 (double, 2 * n + 1);
  g_autofree char *description = NULL;
  double sum = 0, sum_previous = 0;

  g_return_if_fail (GW_IS_LINE_CHART (self));

  g_ptr_array_add (texts, g_strdup (current_name));
  g_ptr_array_add (texts, g_strdup (previous_name));
  for (guint i = 0; i < n; i++)
    {
      all[i] = current[i];
      all[n + i] = previous != NULL ? previous[i] : 0;
      sum += current[i];
      sum_previous += all[n + i];
      g_ptr_array_add (texts, g_strdup (labels[i]));
    }
  gw_chart_set_values (GW_CHART (self), all, 2 * n, texts,
                       MIN (label_step, 255u) | (previous != NULL ? FLAG_PREVIOUS : 0));
  if (previous != NULL)
    description = g_strdup_printf ("%s %.0f, %s %.0f", current_name, sum,
                                   previous_name, sum_previous);
  else
    description = g_strdup_printf ("%s %.0f", current_name, sum);
  gw_chart_set_description (GW_CHART (self), description);
}
