/* gw-ranking-chart.c: ranked horizontal bars with labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * values: [value, alert] per row; texts: [title, bar caption, alert caption,
 * extra caption, then name and extra per row].
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>

#include "gw-chart-draw.h"
#include "gw-ranking-chart.h"

#define FIRST_ROW 4

struct _GwRankingChart
{
  GwChart  parent_instance;
  char    *captions[3];
};

G_DEFINE_FINAL_TYPE (GwRankingChart, gw_ranking_chart, GW_TYPE_CHART)

typedef struct
{
  GwRect rows;      /* the area of the rows */
  double row;       /* one row's height */
  double name_w;
  double bar_x;
  double bar_w;
  double alert_x;   /* right edge of the alert column */
  double extra_x;   /* right edge of the last column */
} Layout;

static Layout
layout (const GwChartFrame *frame,
        guint               n)
{
  double u = gw_chart_unit (frame);
  double pad = u * 0.7;
  double top = pad * 0.8 + u * 1.05 * 1.7 + u * 1.1;
  double width = frame->width - 2 * pad;
  Layout l;

  l.rows = (GwRect) { pad, top, width, frame->height - top - pad * 0.8 };
  l.row = MIN (l.rows.height / MAX (n, 1u), u * 2.2);
  l.name_w = width * 0.30;
  l.bar_x = pad + u * 1.5 + l.name_w;
  l.extra_x = pad + width;
  l.alert_x = l.extra_x - width * 0.25;
  l.bar_w = l.alert_x - width * 0.10 - l.bar_x;
  return l;
}

static void
draw_row (cairo_t            *cr,
          const GwChartFrame *frame,
          const Layout       *l,
          guint               i,
          double              max)
{
  const GwChartPalette *p = frame->palette;
  double u = gw_chart_unit (frame);
  double px = MIN (u * 0.9, l->row * 0.5);
  double y = l->rows.y + l->row * (i + 0.5);
  double value = MAX (frame->values[2 * i], 0), alert = frame->values[2 * i + 1];
  double bar_h = l->row * 0.42, w = l->bar_w * value / max;
  g_autofree char *rank = g_strdup_printf ("%u", i + 1);
  g_autofree char *count = gw_chart_format_count (value);
  g_autofree char *alert_text = gw_chart_format_count (alert);
  cairo_pattern_t *fill;

  if (frame->hover == (int) i)
    {
      gw_chart_set_color (cr, &p->accent, 0.10);
      gw_chart_rounded_rect (cr, l->rows.x - u * 0.2, y - l->row / 2, l->rows.width + u * 0.4,
                             l->row, u * 0.2);
      cairo_fill (cr);
    }
  gw_chart_set_color (cr, i < 3 ? &p->accent : &p->grid, i < 3 ? 0.9 : 1);
  cairo_arc (cr, l->rows.x + px * 0.6, y, px * 0.62, 0, 2 * G_PI);
  cairo_fill (cr);
  gw_chart_set_color (cr, i < 3 ? &p->card : &p->text, 1);
  gw_chart_draw_text (cr, rank, px * 0.8, PANGO_WEIGHT_BOLD, l->rows.x + px * 0.6, y,
                      0.5, 0.5, 0);

  gw_chart_set_color (cr, &p->text, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, FIRST_ROW + 2 * i), px, PANGO_WEIGHT_MEDIUM,
                      l->rows.x + u * 1.5, y, 0, 0.5, l->name_w - u * 0.3);

  gw_chart_set_color (cr, &p->grid, 1);
  gw_chart_rounded_rect (cr, l->bar_x, y - bar_h / 2, l->bar_w, bar_h, bar_h / 2);
  cairo_fill (cr);
  if (w > 0.5)
    {
      fill = cairo_pattern_create_linear (l->bar_x, 0, l->bar_x + l->bar_w, 0);
      cairo_pattern_add_color_stop_rgba (fill, 0, p->series[1].red, p->series[1].green,
                                         p->series[1].blue, 1);
      cairo_pattern_add_color_stop_rgba (fill, 1, p->accent.red, p->accent.green,
                                         p->accent.blue, 1);
      cairo_set_source (cr, fill);
      gw_chart_rounded_rect (cr, l->bar_x, y - bar_h / 2, MAX (w, bar_h), bar_h, bar_h / 2);
      cairo_fill (cr);
      cairo_pattern_destroy (fill);
    }
  gw_chart_set_color (cr, &p->text, 1);
  gw_chart_draw_text (cr, count, px, PANGO_WEIGHT_BOLD, l->bar_x + l->bar_w + u * 0.3, y,
                      0, 0.5, 0);

  gw_chart_set_color (cr, alert > 0.5 ? &p->alert : &p->muted, 1);
  gw_chart_draw_text (cr, alert_text, px, alert > 0.5 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                      l->alert_x, y, 1, 0.5, 0);
  gw_chart_set_color (cr, &p->muted, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, FIRST_ROW + 2 * i + 1), px * 0.9,
                      PANGO_WEIGHT_NORMAL, l->extra_x, y, 1, 0.5, 0);
}

static void
gw_ranking_chart_draw (cairo_t            *cr,
                       const GwChartFrame *frame)
{
  GwRect area = gw_chart_draw_card (cr, frame, FALSE);
  guint n = frame->n_values / 2;
  Layout l = layout (frame, n);
  double u = gw_chart_unit (frame);
  double px = u * 0.72;
  double y = l.rows.y - u * 0.7;
  double max = 1;

  gw_chart_draw_title (cr, frame, area, gw_chart_text (frame, 0));
  gw_chart_set_color (cr, &frame->palette->muted, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, 1), px, PANGO_WEIGHT_NORMAL, l.bar_x, y,
                      0, 0.5, 0);
  gw_chart_draw_text (cr, gw_chart_text (frame, 2), px, PANGO_WEIGHT_NORMAL, l.alert_x, y,
                      1, 0.5, 0);
  gw_chart_draw_text (cr, gw_chart_text (frame, 3), px, PANGO_WEIGHT_NORMAL, l.extra_x, y,
                      1, 0.5, 0);
  for (guint i = 0; i < n; i++)
    max = MAX (max, frame->values[2 * i]);
  for (guint i = 0; i < n; i++)
    draw_row (cr, frame, &l, i, max);
}

static int
gw_ranking_chart_hit (GwChart *chart,
                      double   width,
                      double   height,
                      double   x,
                      double   y)
{
  GwChartFrame frame = { .width = width, .height = height };
  guint n_values, n;
  Layout l;
  int row;

  gw_chart_get_values (chart, &n_values);
  n = n_values / 2;
  l = layout (&frame, n);
  if (y < l.rows.y || x < l.rows.x || x > l.rows.x + l.rows.width)
    return -1;
  row = (int) ((y - l.rows.y) / l.row);
  return row < (int) n ? row : -1;
}

static char *
gw_ranking_chart_tooltip (GwChart *chart,
                          int      item)
{
  GwRankingChart *self = GW_RANKING_CHART (chart);
  GPtrArray *texts = gw_chart_get_texts (chart);
  guint n_values;
  const double *values = gw_chart_get_values (chart, &n_values);

  if (texts == NULL || (guint) item * 2 >= n_values)
    return NULL;
  return g_strdup_printf ("%u. %s\n%s %.0f · %s %.0f · %s %s", item + 1,
                          (char *) g_ptr_array_index (texts, FIRST_ROW + 2 * item),
                          self->captions[0], values[2 * item],
                          self->captions[1], values[2 * item + 1], self->captions[2],
                          (char *) g_ptr_array_index (texts, FIRST_ROW + 2 * item + 1));
}

static void
gw_ranking_chart_finalize (GObject *object)
{
  GwRankingChart *self = GW_RANKING_CHART (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->captions); i++)
    g_free (self->captions[i]);
  G_OBJECT_CLASS (gw_ranking_chart_parent_class)->finalize (object);
}

static void
gw_ranking_chart_class_init (GwRankingChartClass *klass)
{
  GwChartClass *chart_class = GW_CHART_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_ranking_chart_finalize;
  chart_class->draw = gw_ranking_chart_draw;
  chart_class->hit = gw_ranking_chart_hit;
  chart_class->tooltip = gw_ranking_chart_tooltip;
}

static void
gw_ranking_chart_init (GwRankingChart *self)
{
}

GtkWidget *
gw_ranking_chart_new (const char *title,
                      const char *bar_caption,
                      const char *alert_caption,
                      const char *extra_caption)
{
  GwRankingChart *self = g_object_new (GW_TYPE_RANKING_CHART, NULL);

  gw_chart_set_title (GW_CHART (self), title);
  self->captions[0] = g_strdup (bar_caption);
  self->captions[1] = g_strdup (alert_caption);
  self->captions[2] = g_strdup (extra_caption);
  gw_ranking_chart_set_rows (self, NULL, NULL, NULL, NULL, 0);
  return GTK_WIDGET (self);
}

/**
 * gw_ranking_chart_set_rows:
 * @self: a ranking chart
 * @names: (array length=n): the rows' names (plain text from the data)
 * @values: (array length=n): the bars
 * @alerts: (array length=n): the alert column
 * @extras: (array length=n) (nullable): the last column's texts
 * @n: how many rows
 */
void
gw_ranking_chart_set_rows (GwRankingChart     *self,
                           const char * const *names,
                           const double       *values,
                           const double       *alerts,
                           const char * const *extras,
                           guint               n)
{
  g_autoptr(GPtrArray) texts = gw_chart_texts_new (GW_CHART (self));
  g_autofree double *all = g_new0 (double, 2 * n + 1);
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (GW_IS_RANKING_CHART (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->captions); i++)
    g_ptr_array_add (texts, g_strdup (self->captions[i]));
  for (guint i = 0; i < n; i++)
    {
      all[2 * i] = values[i];
      all[2 * i + 1] = alerts[i];
      g_ptr_array_add (texts, g_strdup (names[i]));
      g_ptr_array_add (texts, g_strdup (extras != NULL && extras[i] != NULL ? extras[i] : ""));
      g_string_append_printf (description, "%s%u. %s %s %.0f, %s %.0f", i > 0 ? "; " : "",
                              i + 1, names[i], self->captions[0], values[i],
                              self->captions[1], alerts[i]);
    }
  gw_chart_set_values (GW_CHART (self), all, 2 * n, texts, 0);
  gw_chart_set_description (GW_CHART (self), description->str);
}
