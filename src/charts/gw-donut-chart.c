/* gw-donut-chart.c: shares of a whole as a ring with a legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * values: one per slice; texts: [title, total caption, label × n].
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>

#include "gw-chart-draw.h"
#include "gw-donut-chart.h"

#define FIRST_LABEL 2

struct _GwDonutChart
{
  GwChart  parent_instance;
  char    *total_caption;
};

G_DEFINE_FINAL_TYPE (GwDonutChart, gw_donut_chart, GW_TYPE_CHART)

typedef struct
{
  double cx, cy, radius, ring;
  GwRect legend;
  double row;
} Layout;

static Layout
layout (const GwChartFrame *frame,
        guint               n)
{
  double u = gw_chart_unit (frame);
  double pad = u * 0.7;
  double top = pad * 0.8 + u * 1.05 * 1.7;
  double height = frame->height - top - pad * 0.8;
  double width = frame->width - 2 * pad;
  Layout l;

  l.radius = MAX (1.0, MIN (height, width * 0.42) / 2);
  l.ring = l.radius * 0.3;
  l.cx = pad + l.radius + u * 0.3;
  l.cy = top + height / 2;
  l.legend = (GwRect) { l.cx + l.radius + u * 1.2, top, 0, height };
  l.legend.width = frame->width - pad - l.legend.x;
  l.row = MIN (height / MAX (n, 1u), u * 1.6);
  l.legend.y = l.cy - l.row * n / 2;
  return l;
}

static double
total_of (const GwChartFrame *frame)
{
  double total = 0;

  for (guint i = 0; i < frame->n_values; i++)
    total += MAX (frame->values[i], 0);
  return total;
}

static void
draw_ring (cairo_t            *cr,
           const GwChartFrame *frame,
           const Layout       *l,
           double              total)
{
  double angle = -G_PI / 2;
  double gap = total > 0 ? 0.012 : 0;

  gw_chart_set_color (cr, &frame->palette->grid, 1);
  cairo_set_line_width (cr, l->ring);
  cairo_arc (cr, l->cx, l->cy, l->radius - l->ring / 2, 0, 2 * G_PI);
  cairo_stroke (cr);
  if (total <= 0)
    return;
  for (guint i = 0; i < frame->n_values; i++)
    {
      double sweep = 2 * G_PI * MAX (frame->values[i], 0) / total;
      double width = frame->hover == (int) i ? l->ring * 1.25 : l->ring;

      if (sweep > 2 * gap)
        {
          cairo_new_path (cr);
          cairo_set_line_width (cr, width);
          gw_chart_set_color (cr, &frame->palette->series[i % 8], 1);
          cairo_arc (cr, l->cx, l->cy, l->radius - l->ring / 2, angle + gap, angle + sweep - gap);
          cairo_stroke (cr);
        }
      angle += sweep;
    }
}

static void
draw_legend (cairo_t            *cr,
             const GwChartFrame *frame,
             const Layout       *l,
             double              total)
{
  double u = gw_chart_unit (frame);
  double px = MIN (u * 0.85, l->row * 0.62);

  for (guint i = 0; i < frame->n_values; i++)
    {
      double y = l->legend.y + l->row * (i + 0.5);
      double v = MAX (frame->values[i], 0);
      g_autofree char *share = g_strdup_printf ("%.0f%%", total > 0 ? 100 * v / total : 0);
      g_autofree char *count = gw_chart_format_count (v);

      gw_chart_set_color (cr, &frame->palette->series[i % 8], 1);
      gw_chart_rounded_rect (cr, l->legend.x, y - px * 0.4, px * 0.8, px * 0.8, px * 0.2);
      cairo_fill (cr);
      gw_chart_set_color (cr, frame->hover == (int) i ? &frame->palette->text
                                                      : &frame->palette->muted, 1);
      gw_chart_draw_text (cr, gw_chart_text (frame, FIRST_LABEL + i), px, PANGO_WEIGHT_NORMAL,
                          l->legend.x + px * 1.3, y, 0, 0.5, l->legend.width * 0.5);
      gw_chart_set_color (cr, &frame->palette->text, 1);
      gw_chart_draw_text (cr, count, px, PANGO_WEIGHT_BOLD,
                          l->legend.x + l->legend.width * 0.8, y, 1, 0.5, 0);
      gw_chart_set_color (cr, &frame->palette->muted, 1);
      gw_chart_draw_text (cr, share, px * 0.9, PANGO_WEIGHT_NORMAL,
                          l->legend.x + l->legend.width, y, 1, 0.5, 0);
    }
}

static void
gw_donut_chart_draw (cairo_t            *cr,
                     const GwChartFrame *frame)
{
  GwRect area = gw_chart_draw_card (cr, frame, FALSE);
  Layout l = layout (frame, frame->n_values);
  double total = total_of (frame);
  g_autofree char *text = gw_chart_format_count (total);

  gw_chart_draw_title (cr, frame, area, gw_chart_text (frame, 0));
  draw_ring (cr, frame, &l, total);
  gw_chart_set_color (cr, &frame->palette->text, 1);
  gw_chart_draw_text (cr, text, l.radius * 0.42, PANGO_WEIGHT_BOLD, l.cx, l.cy, 0.5, 0.62, 0);
  gw_chart_set_color (cr, &frame->palette->muted, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, 1), l.radius * 0.2, PANGO_WEIGHT_NORMAL,
                      l.cx, l.cy + l.radius * 0.1, 0.5, 0, (l.radius - l.ring) * 1.8);
  draw_legend (cr, frame, &l, total);
}

static int
gw_donut_chart_hit (GwChart *chart,
                    double   width,
                    double   height,
                    double   x,
                    double   y)
{
  GwChartFrame frame = { .width = width, .height = height };
  guint n;
  const double *values = gw_chart_get_values (chart, &n);
  Layout l = layout (&frame, n);
  double total = 0, angle, r = hypot (x - l.cx, y - l.cy);

  if (x >= l.legend.x && y >= l.legend.y && y < l.legend.y + l.row * n)
    return (int) ((y - l.legend.y) / l.row);
  if (r < l.radius - l.ring || r > l.radius)
    return -1;
  for (guint i = 0; i < n; i++)
    total += MAX (values[i], 0);
  angle = fmod (atan2 (y - l.cy, x - l.cx) + G_PI / 2 + 2 * G_PI, 2 * G_PI);
  for (guint i = 0; i < n && total > 0; i++)
    {
      angle -= 2 * G_PI * MAX (values[i], 0) / total;
      if (angle < 0)
        return i;
    }
  return -1;
}

static char *
gw_donut_chart_tooltip (GwChart *chart,
                        int      item)
{
  GPtrArray *texts = gw_chart_get_texts (chart);
  guint n;
  const double *values = gw_chart_get_values (chart, &n);
  double total = 0;

  if (texts == NULL || (guint) item >= n)
    return NULL;
  for (guint i = 0; i < n; i++)
    total += values[i];
  return g_strdup_printf ("%s: %.0f (%.1f%%)",
                          (char *) g_ptr_array_index (texts, FIRST_LABEL + item),
                          values[item], total > 0 ? 100 * values[item] / total : 0);
}

static void
gw_donut_chart_finalize (GObject *object)
{
  GwDonutChart *self = GW_DONUT_CHART (object);

  g_free (self->total_caption);
  G_OBJECT_CLASS (gw_donut_chart_parent_class)->finalize (object);
}

static void
gw_donut_chart_class_init (GwDonutChartClass *klass)
{
  GwChartClass *chart_class = GW_CHART_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_donut_chart_finalize;
  chart_class->draw = gw_donut_chart_draw;
  chart_class->hit = gw_donut_chart_hit;
  chart_class->tooltip = gw_donut_chart_tooltip;
}

static void
gw_donut_chart_init (GwDonutChart *self)
{
}

GtkWidget *
gw_donut_chart_new (const char *title,
                    const char *total_caption)
{
  GwDonutChart *self = g_object_new (GW_TYPE_DONUT_CHART, NULL);

  gw_chart_set_title (GW_CHART (self), title);
  self->total_caption = g_strdup (total_caption);
  gw_donut_chart_set_data (self, NULL, NULL, 0);
  return GTK_WIDGET (self);
}

/**
 * gw_donut_chart_set_data:
 * @self: a donut chart
 * @labels: (array length=n): the slices' names
 * @values: (array length=n): their sizes
 * @n: how many
 */
void
gw_donut_chart_set_data (GwDonutChart       *self,
                         const char * const *labels,
                         const double       *values,
                         guint               n)
{
  g_autoptr(GPtrArray) texts = gw_chart_texts_new (GW_CHART (self));
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (GW_IS_DONUT_CHART (self));

  g_ptr_array_add (texts, g_strdup (self->total_caption));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (texts, g_strdup (labels[i]));
      g_string_append_printf (description, "%s%s %.0f", i > 0 ? ", " : "", labels[i], values[i]);
    }
  gw_chart_set_values (GW_CHART (self), values, n, texts, 0);
  gw_chart_set_description (GW_CHART (self), description->str);
}
