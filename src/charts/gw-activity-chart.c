/* gw-activity-chart.c: grid workers' activity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * values: [per day × n_days, count × n_top]; texts: [title, top caption,
 * first label, last label, then name and worker per grid]; flags: n_days.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>

#include "gw-activity-chart.h"
#include "gw-chart-draw.h"

#define FIRST_GRID 4
#define TOP_SHOWN 5

struct _GwActivityChart
{
  GwChart  parent_instance;
  char    *top_caption;
};

G_DEFINE_FINAL_TYPE (GwActivityChart, gw_activity_chart, GW_TYPE_CHART)

typedef struct
{
  GwRect columns;
  GwRect list;
  double row;
} Layout;

static Layout
layout (const GwChartFrame *frame)
{
  double u = gw_chart_unit (frame);
  double pad = u * 0.7;
  double top = pad * 0.8 + u * 1.05 * 1.7 + u * 0.9;
  double height = frame->height - top - pad * 0.8;
  double width = frame->width - 2 * pad;
  Layout l;

  l.columns = (GwRect) { pad, top + u * 1.6, width * 0.46, height - u * 3.0 };
  l.list = (GwRect) { pad + width * 0.52, top, width * 0.48, height };
  l.row = MIN (height / TOP_SHOWN, u * 2.0);
  return l;
}

static void
draw_columns (cairo_t            *cr,
              const GwChartFrame *frame,
              GwRect              c,
              guint               n)
{
  double u = gw_chart_unit (frame);
  double max = 1, slot = c.width / MAX (n, 1u), width;
  g_autofree char *today = NULL;

  for (guint i = 0; i < n; i++)
    max = MAX (max, frame->values[i]);
  for (guint i = 0; i < n; i++)
    {
      double h = c.height * MAX (frame->values[i], 0) / max;

      gw_chart_set_color (cr, &frame->palette->series[2], i == n - 1 ? 1 : 0.55);
      gw_chart_rounded_rect (cr, c.x + slot * i + slot * 0.15, c.y + c.height - h,
                             slot * 0.7, MAX (h, 1.0), slot * 0.2);
      cairo_fill (cr);
    }
  gw_chart_set_color (cr, &frame->palette->muted, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, 2), u * 0.75, PANGO_WEIGHT_NORMAL,
                      c.x, c.y + c.height + u * 0.3, 0, 0, 0);
  gw_chart_draw_text (cr, gw_chart_text (frame, 3), u * 0.75, PANGO_WEIGHT_NORMAL,
                      c.x + c.width, c.y + c.height + u * 0.3, 1, 0, 0);
  if (n > 0)
    {
      today = gw_chart_format_count (frame->values[n - 1]);
      gw_chart_set_color (cr, &frame->palette->text, 1);
      width = gw_chart_draw_text (cr, today, u * 1.3, PANGO_WEIGHT_BOLD, c.x, c.y - u * 0.3,
                                  0, 1, 0);
      gw_chart_set_color (cr, &frame->palette->muted, 1);
      gw_chart_draw_text (cr, gw_chart_text (frame, 3), u * 0.75, PANGO_WEIGHT_NORMAL,
                          c.x + width + u * 0.3, c.y - u * 0.5, 0, 1, 0);
    }
}

static void
draw_list (cairo_t            *cr,
           const GwChartFrame *frame,
           const Layout       *l,
           guint               n_days)
{
  const GwChartPalette *p = frame->palette;
  guint n = MIN (frame->n_values - n_days, (guint) TOP_SHOWN);
  double u = gw_chart_unit (frame);
  double px = MIN (u * 0.82, l->row * 0.42);
  double max = 1;

  gw_chart_set_color (cr, &p->muted, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, 1), u * 0.72, PANGO_WEIGHT_NORMAL,
                      l->list.x, l->list.y - u * 0.55, 0, 0.5, 0);
  for (guint i = 0; i < n; i++)
    max = MAX (max, frame->values[n_days + i]);
  for (guint i = 0; i < n; i++)
    {
      double v = MAX (frame->values[n_days + i], 0);
      double y = l->list.y + l->row * i + l->row * 0.08;
      const char *worker = gw_chart_text (frame, FIRST_GRID + 2 * i + 1);
      g_autofree char *count = gw_chart_format_count (v);
      g_autofree char *name = *worker != '\0'
        ? g_strdup_printf ("%s · %s", worker, gw_chart_text (frame, FIRST_GRID + 2 * i))
        : g_strdup (gw_chart_text (frame, FIRST_GRID + 2 * i));

      gw_chart_set_color (cr, frame->hover == (int) (n_days + i) ? &p->text : &p->text,
                          frame->hover == (int) (n_days + i) ? 1 : 0.9);
      gw_chart_draw_text (cr, name, px, PANGO_WEIGHT_NORMAL, l->list.x, y, 0, 0,
                          l->list.width - u * 2);
      gw_chart_set_color (cr, &p->text, 1);
      gw_chart_draw_text (cr, count, px, PANGO_WEIGHT_BOLD, l->list.x + l->list.width, y,
                          1, 0, 0);
      gw_chart_set_color (cr, &p->grid, 1);
      gw_chart_rounded_rect (cr, l->list.x, y + px * 1.45, l->list.width, px * 0.28, px * 0.14);
      cairo_fill (cr);
      gw_chart_set_color (cr, &p->series[2], 1);
      gw_chart_rounded_rect (cr, l->list.x, y + px * 1.45, l->list.width * v / max, px * 0.28,
                             px * 0.14);
      cairo_fill (cr);
    }
}

static void
gw_activity_chart_draw (cairo_t            *cr,
                        const GwChartFrame *frame)
{
  GwRect area = gw_chart_draw_card (cr, frame, FALSE);
  Layout l = layout (frame);
  guint n_days = MIN (frame->flags, frame->n_values);

  gw_chart_draw_title (cr, frame, area, gw_chart_text (frame, 0));
  if (l.columns.width <= 0 || l.columns.height <= 0)
    return;
  draw_columns (cr, frame, l.columns, n_days);
  draw_list (cr, frame, &l, n_days);
}

static int
gw_activity_chart_hit (GwChart *chart,
                       double   width,
                       double   height,
                       double   x,
                       double   y)
{
  GwChartFrame frame = { .width = width, .height = height };
  Layout l = layout (&frame);
  GPtrArray *texts = gw_chart_get_texts (chart);
  guint n_values, n_top, n_days;
  int row;

  gw_chart_get_values (chart, &n_values);
  n_top = texts != NULL ? (texts->len - FIRST_GRID) / 2 : 0;
  n_days = n_values - n_top;
  if (x >= l.columns.x && x < l.columns.x + l.columns.width && n_days > 0 &&
      y >= l.columns.y && y < l.columns.y + l.columns.height)
    return (int) ((x - l.columns.x) / (l.columns.width / n_days));
  if (x < l.list.x || y < l.list.y)
    return -1;
  row = (int) ((y - l.list.y) / l.row);
  return row < (int) MIN (n_top, (guint) TOP_SHOWN) ? (int) n_days + row : -1;
}

static char *
gw_activity_chart_tooltip (GwChart *chart,
                           int      item)
{
  GPtrArray *texts = gw_chart_get_texts (chart);
  guint n_values, n_top, n_days;
  const double *values = gw_chart_get_values (chart, &n_values);

  if (texts == NULL || (guint) item >= n_values)
    return NULL;
  n_top = (texts->len - FIRST_GRID) / 2;
  n_days = n_values - n_top;
  if ((guint) item < n_days)
    return g_strdup_printf ("%.0f", values[item]);
  item -= n_days;
  return g_strdup_printf ("%s %s: %.0f",
                          (char *) g_ptr_array_index (texts, FIRST_GRID + 2 * item),
                          (char *) g_ptr_array_index (texts, FIRST_GRID + 2 * item + 1),
                          values[n_days + item]);
}

static void
gw_activity_chart_finalize (GObject *object)
{
  GwActivityChart *self = GW_ACTIVITY_CHART (object);

  g_free (self->top_caption);
  G_OBJECT_CLASS (gw_activity_chart_parent_class)->finalize (object);
}

static void
gw_activity_chart_class_init (GwActivityChartClass *klass)
{
  GwChartClass *chart_class = GW_CHART_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_activity_chart_finalize;
  chart_class->draw = gw_activity_chart_draw;
  chart_class->hit = gw_activity_chart_hit;
  chart_class->tooltip = gw_activity_chart_tooltip;
}

static void
gw_activity_chart_init (GwActivityChart *self)
{
}

GtkWidget *
gw_activity_chart_new (const char *title,
                       const char *top_caption)
{
  GwActivityChart *self = g_object_new (GW_TYPE_ACTIVITY_CHART, NULL);

  gw_chart_set_title (GW_CHART (self), title);
  self->top_caption = g_strdup (top_caption);
  gw_activity_chart_set_data (self, NULL, 0, "", "", NULL, NULL, NULL, 0);
  return GTK_WIDGET (self);
}

/**
 * gw_activity_chart_set_data:
 * @self: an activity chart
 * @per_day: (array length=n_days): reports per day, oldest first
 * @n_days: how many days
 * @first_label: the label under the first column
 * @last_label: the label under the last
 * @names: (array length=n_top): the busiest grids' names
 * @workers: (array length=n_top): their workers (entries may be NULL)
 * @counts: (array length=n_top): their reports
 * @n_top: how many grids
 */
void
gw_activity_chart_set_data (GwActivityChart    *self,
                            const double       *per_day,
                            guint               n_days,
                            const char         *first_label,
                            const char         *last_label,
                            const char * const *names,
                            const char * const *workers,
                            const double       *counts,
                            guint               n_top)
{
  g_autoptr(GPtrArray) texts = gw_chart_texts_new (GW_CHART (self));
  g_autofree double *all = g_new0 (double, n_days + n_top + 1);
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (GW_IS_ACTIVITY_CHART (self));

  g_ptr_array_add (texts, g_strdup (self->top_caption));
  g_ptr_array_add (texts, g_strdup (first_label));
  g_ptr_array_add (texts, g_strdup (last_label));
  for (guint i = 0; i < n_days; i++)
    all[i] = per_day[i];
  if (n_days > 0)
    g_string_append_printf (description, "%s %.0f", last_label, per_day[n_days - 1]);
  for (guint i = 0; i < n_top; i++)
    {
      all[n_days + i] = counts[i];
      g_ptr_array_add (texts, g_strdup (names[i]));
      g_ptr_array_add (texts, g_strdup (workers[i] != NULL ? workers[i] : ""));
      g_string_append_printf (description, "; %s %.0f", names[i], counts[i]);
    }
  gw_chart_set_values (GW_CHART (self), all, n_days + n_top, texts, n_days);
  gw_chart_set_description (GW_CHART (self), description->str);
}
