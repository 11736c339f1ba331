/* gw-bar-chart.c: vertical bars with labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * values: [whole × n, part × n]; texts: [title, whole name, part name, label × n];
 * flags: 1 when there are parts.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>

#include "gw-bar-chart.h"
#include "gw-chart-draw.h"

#define FLAG_PARTS 1
#define FIRST_LABEL 3

struct _GwBarChart
{
  GwChart parent_instance;
};

G_DEFINE_FINAL_TYPE (GwBarChart, gw_bar_chart, GW_TYPE_CHART)

#define HEADER 1.9  /* units between the title and the plot: legend, value labels */

static void
draw_legend (cairo_t            *cr,
             const GwChartFrame *frame)
{
  GwLegend legend = gw_chart_legend_begin (frame);
  const char *names[] = { gw_chart_text (frame, 2), gw_chart_text (frame, 1) };
  double alphas[] = { 1, 0.35 };
  double px = legend.px;

  for (guint i = 0; i < 2; i++)
    {
      double x = gw_chart_legend_add (cr, frame, &legend, names[i], 0.8);

      gw_chart_set_color (cr, &frame->palette->accent, alphas[i]);
      gw_chart_rounded_rect (cr, x - px * 0.8, legend.y - px * 0.4, px * 0.8, px * 0.8,
                             px * 0.15);
      cairo_fill (cr);
    }
}

/* One size for all the labels, each within its slot with a gap to the next:
 * labels of mixed sizes, or running into each other, read as one word
 * (矛盾纠纷安全隐患…). When one line would need a font under 0.7 units, the
 * labels take two lines instead (矛盾 / 纠纷, Safety / hazards). */
typedef struct
{
  double px;
  int    lines;
} LabelFit;

static LabelFit
label_fit (cairo_t            *cr,
           const GwChartFrame *frame,
           GwRect              plot)
{
  guint n = frame->n_values / 2;
  double u = gw_chart_unit (frame);
  double fit = plot.width / n * 0.88;
  double px = u * 0.85;

  for (guint i = 0; i < n; i++)
    {
      double w = gw_chart_text_width (cr, gw_chart_text (frame, FIRST_LABEL + i), u * 0.85,
                                      PANGO_WEIGHT_NORMAL);

      if (w > fit)
        px = MIN (px, u * 0.85 * fit / w);
    }
  if (px < u * 0.7)
    return (LabelFit) { u * 0.65, 2 };
  return (LabelFit) { px, 1 };
}

static void
draw_bar (cairo_t            *cr,
          const GwChartFrame *frame,
          GwRect              plot,
          guint               i,
          double              top,
          LabelFit            fit)
{
  guint n = frame->n_values / 2;
  double u = gw_chart_unit (frame);
  double slot = plot.width / n;
  double bar = MIN (slot * 0.58, u * 3);
  double x = plot.x + slot * i + (slot - bar) / 2;
  double whole = MAX (frame->values[i], 0);
  double part = (frame->flags & FLAG_PARTS) ? MAX (frame->values[n + i], 0) : whole;
  double hw = plot.height * whole / top, hp = plot.height * part / top;
  const GdkRGBA *color = &frame->palette->series[i % 8];
  gboolean hover = frame->hover == (int) i;
  g_autofree char *label = gw_chart_format_count (whole);
  const char *text;
  double width;
  int lines;

  gw_chart_set_color (cr, color, hover ? 0.55 : 0.35);
  gw_chart_rounded_rect (cr, x, plot.y + plot.height - hw, bar, hw, MIN (u * 0.2, hw / 2));
  cairo_fill (cr);
  if (hp > 0.5)
    {
      cairo_pattern_t *fill = cairo_pattern_create_linear (0, plot.y + plot.height - hp,
                                                           0, plot.y + plot.height);

      cairo_pattern_add_color_stop_rgba (fill, 0, color->red, color->green, color->blue, 1);
      cairo_pattern_add_color_stop_rgba (fill, 1, color->red, color->green, color->blue, 0.7);
      cairo_set_source (cr, fill);
      gw_chart_rounded_rect (cr, x, plot.y + plot.height - hp, bar, hp, MIN (u * 0.2, hp / 2));
      cairo_fill (cr);
      cairo_pattern_destroy (fill);
    }
  gw_chart_set_color (cr, &frame->palette->text, 1);
  gw_chart_draw_text (cr, label, u * 0.9, PANGO_WEIGHT_BOLD, x + bar / 2,
                      plot.y + plot.height - hw - u * 0.15, 0.5, 1, 0);
  gw_chart_set_color (cr, hover ? &frame->palette->text : &frame->palette->muted, 1);
  text = gw_chart_text (frame, FIRST_LABEL + i);
  width = slot * 0.92;
  /* Words wrap between words; a Chinese name wraps in its middle, 矛盾 / 纠纷
   * rather than 矛盾纠 / 纷; a single word is ellipsized. */
  lines = fit.lines;
  if (lines > 1 && g_unichar_iswide (g_utf8_get_char (text)))
    {
      double one_line = gw_chart_text_width (cr, text, fit.px, PANGO_WEIGHT_NORMAL);

      if (one_line > width)
        width = one_line * 0.55;
    }
  else if (strchr (text, ' ') == NULL)
    lines = 1;  /* one long word: ellipsized, never cut in two */
  gw_chart_draw_text_lines (cr, text, fit.px, PANGO_WEIGHT_NORMAL, x + bar / 2,
                            plot.y + plot.height + u * (fit.lines > 1 ? 0.15 : 0.3),
                            width, lines);
}

static void
gw_bar_chart_draw (cairo_t            *cr,
                   const GwChartFrame *frame)
{
  GwRect area = gw_chart_draw_card (cr, frame, FALSE);
  GwRect plot = gw_chart_plot_area (frame, HEADER, 0);
  guint n = frame->n_values / 2;
  double max = 0, top;
  LabelFit fit;

  gw_chart_draw_title (cr, frame, area, gw_chart_text (frame, 0));
  if (frame->flags & FLAG_PARTS)
    draw_legend (cr, frame);
  if (n == 0 || plot.width <= 0 || plot.height <= 0)
    return;
  for (guint i = 0; i < n; i++)
    max = MAX (max, frame->values[i]);
  top = gw_chart_draw_y_axis (cr, frame, plot, max);
  fit = label_fit (cr, frame, plot);
  for (guint i = 0; i < n; i++)
    draw_bar (cr, frame, plot, i, top, fit);
}

static int
gw_bar_chart_hit (GwChart *chart,
                  double   width,
                  double   height,
                  double   x,
                  double   y)
{
  guint n_values;
  guint n;
  GwChartFrame frame = { .width = width, .height = height };
  GwRect plot = gw_chart_plot_area (&frame, HEADER, 0);

  gw_chart_get_values (chart, &n_values);
  n = n_values / 2;
  if (n == 0 || x < plot.x || x >= plot.x + plot.width || y < plot.y - plot.height * 0.2)
    return -1;
  return MIN ((guint) ((x - plot.x) / (plot.width / n)), n - 1);
}

static char *
gw_bar_chart_tooltip (GwChart *chart,
                      int      item)
{
  GPtrArray *texts = gw_chart_get_texts (chart);
  guint n_values;
  const double *values = gw_chart_get_values (chart, &n_values);
  guint n = n_values / 2;

  if (texts == NULL || (guint) item >= n)
    return NULL;
  if (*(char *) g_ptr_array_index (texts, 2) != '\0')
    return g_strdup_printf ("%s: %s %.0f, %s %.0f",
                            (char *) g_ptr_array_index (texts, FIRST_LABEL + item),
                            (char *) g_ptr_array_index (texts, 1), values[item],
                            (char *) g_ptr_array_index (texts, 2), values[n + item]);
  return g_strdup_printf ("%s: %.0f", (char *) g_ptr_array_index (texts, FIRST_LABEL + item),
                          values[item]);
}

static void
gw_bar_chart_class_init (GwBarChartClass *klass)
{
  GwChartClass *chart_class = GW_CHART_CLASS (klass);

  chart_class->draw = gw_bar_chart_draw;
  chart_class->hit = gw_bar_chart_hit;
  chart_class->tooltip = gw_bar_chart_tooltip;
}

static void
gw_bar_chart_init (GwBarChart *self)
{
}

GtkWidget *
gw_bar_chart_new (const char *title)
{
  GwBarChart *self = g_object_new (GW_TYPE_BAR_CHART, NULL);

  gw_chart_set_title (GW_CHART (self), title);
  gw_bar_chart_set_data (self, NULL, NULL, NULL, 0, NULL, NULL);
  return GTK_WIDGET (self);
}

/**
 * gw_bar_chart_set_data:
 * @self: a bar chart
 * @labels: (array length=n): the bars' names
 * @values: (array length=n): their heights
 * @parts: (array length=n) (nullable): the solid share of each
 * @n: how many bars
 * @whole_name: (nullable): the legend of the faint bar
 * @part_name: (nullable): the legend of the solid share
 */
void
gw_bar_chart_set_data (GwBarChart         *self,
                       const char * const *labels,
                       const double       *values,
                       const double       *parts,
                       guint               n,
                       const char         *whole_name,
                       const char         *part_name)
{
  g_autoptr(GPtrArray) texts = gw_chart_texts_new (GW_CHART (self));
  g_autofree double *all = g_new0 (double, 2 * n + 1);
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (GW_IS_BAR_CHART (self));

  g_ptr_array_add (texts, g_strdup (whole_name != NULL ? whole_name : ""));
  g_ptr_array_add (texts, g_strdup (parts != NULL && part_name != NULL ? part_name : ""));
  for (guint i = 0; i < n; i++)
    {
      all[i] = values[i];
      all[n + i] = parts != NULL ? parts[i] : values[i];
      g_ptr_array_add (texts, g_strdup (labels[i]));
      g_string_append_printf (description, "%s%s %.0f", i > 0 ? ", " : "", labels[i], values[i]);
    }
  gw_chart_set_values (GW_CHART (self), all, 2 * n, texts, parts != NULL ? FLAG_PARTS : 0);
  gw_chart_set_description (GW_CHART (self), description->str);
}
