/* gw-kpi-tile.c: one headline figure for the wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * values: [value, trend...]; texts: [title, delta text, caption].
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>

#include "gw-chart-draw.h"
#include "gw-kpi-tile.h"

enum {
  FLAG_RATE = 1 << 0,
  FLAG_ALERT = 1 << 1,
  FLAG_NONE = 1 << 2,
  FLAG_DELTA = 1 << 3,
  FLAG_DELTA_GOOD = 1 << 4,
  FLAG_DELTA_BAD = 1 << 5,
};

struct _GwKpiTile
{
  GwChart  parent_instance;

  double   value;
  gboolean rate;
  gboolean alert;
  double   delta;
  char    *caption;
  int      good;
  GArray  *trend;
};

G_DEFINE_FINAL_TYPE (GwKpiTile, gw_kpi_tile, GW_TYPE_CHART)

static char *
format_value (double   value,
              gboolean rate,
              gboolean none)
{
  if (none)
    return g_strdup ("–");
  if (rate)
    return g_strdup_printf ("%.1f%%", value * 100);
  return gw_chart_format_count (value);
}

static void
draw_trend (cairo_t            *cr,
            const GwChartFrame *frame,
            GwRect              area)
{
  guint n = frame->n_values - 1;
  const double *v = frame->values + 1;
  double max = 1;

  if (n < 2)
    return;
  for (guint i = 0; i < n; i++)
    max = MAX (max, v[i]);
  cairo_move_to (cr, area.x, area.y + area.height);
  for (guint i = 0; i < n; i++)
    cairo_line_to (cr, area.x + area.width * i / (n - 1),
                   area.y + area.height * (1 - v[i] / max));
  cairo_line_to (cr, area.x + area.width, area.y + area.height);
  cairo_close_path (cr);
  gw_chart_set_color (cr, &frame->palette->accent, frame->dark ? 0.16 : 0.10);
  cairo_fill (cr);
  for (guint i = 0; i < n; i++)
    cairo_line_to (cr, area.x + area.width * i / (n - 1),
                   area.y + area.height * (1 - v[i] / max));
  cairo_set_line_width (cr, MAX (1.0, area.height * 0.03));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  gw_chart_set_color (cr, &frame->palette->accent, 0.45);
  cairo_stroke (cr);
}

static void
gw_kpi_tile_draw (cairo_t            *cr,
                  const GwChartFrame *frame)
{
  const GwChartPalette *p = frame->palette;
  gboolean alert = (frame->flags & FLAG_ALERT) != 0;
  GwRect area = gw_chart_draw_card (cr, frame, alert);
  double h = frame->height;
  double title_px = MIN (h * 0.14, frame->width * 0.1);
  double value_px = h * 0.42;
  g_autofree char *value = format_value (MAX (frame->values[0], 0), frame->flags & FLAG_RATE,
                                         frame->flags & FLAG_NONE);
  double width;

  draw_trend (cr, frame, (GwRect) { area.x + area.width * 0.6, area.y + area.height * 0.45,
                                    area.width * 0.4, area.height * 0.55 });

  gw_chart_set_color (cr, &p->muted, 1);
  gw_chart_draw_text (cr, gw_chart_text (frame, 0), title_px, PANGO_WEIGHT_MEDIUM,
                      area.x, area.y, 0, 0, area.width);

  /* The number shrinks rather than overflow a narrow tile. */
  width = gw_chart_text_width (cr, value, value_px, PANGO_WEIGHT_BOLD);
  if (width > area.width)
    value_px *= area.width / width;
  gw_chart_set_color (cr, alert ? &p->alert : &p->text, 1);
  gw_chart_draw_text (cr, value, value_px, PANGO_WEIGHT_BOLD,
                      area.x, area.y + area.height, 0, 0.92, 0);

  if (frame->flags & FLAG_DELTA)
    {
      const GdkRGBA *color = (frame->flags & FLAG_DELTA_GOOD) ? &p->good
                             : (frame->flags & FLAG_DELTA_BAD) ? &p->alert : &p->muted;

      /* Under the title: beside it, it would crowd a narrow tile. */
      gw_chart_set_color (cr, color, 1);
      gw_chart_draw_text (cr, gw_chart_text (frame, 1), title_px * 0.8, PANGO_WEIGHT_MEDIUM,
                          area.x, area.y + title_px * 1.45, 0, 0, area.width);
    }
}

static int
gw_kpi_tile_hit (GwChart *chart,
                 double   width,
                 double   height,
                 double   x,
                 double   y)
{
  return 0;
}

static char *
gw_kpi_tile_tooltip (GwChart *chart,
                     int      item)
{
  GwKpiTile *self = GW_KPI_TILE (chart);
  g_autofree char *value = gw_kpi_tile_dup_value_text (self);
  GPtrArray *texts = gw_chart_get_texts (chart);
  const char *delta = texts != NULL ? g_ptr_array_index (texts, 1) : "";

  if (*delta != '\0')
    return g_strdup_printf ("%s: %s (%s)", gw_chart_get_title (GW_CHART (self)), value, delta);
  return g_strdup_printf ("%s: %s", gw_chart_get_title (GW_CHART (self)), value);
}

static void
update (GwKpiTile *self)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) texts = gw_chart_texts_new (GW_CHART (self));
  g_autofree char *value = gw_kpi_tile_dup_value_text (self);
  g_autofree char *description = NULL;
  gboolean none = self->rate && self->value < 0;
  guint flags = 0;

  g_array_append_val (values, self->value);
  g_array_append_vals (values, self->trend->data, self->trend->len);
  if (!isnan (self->delta))
    {
      gboolean up = self->delta > 0;
      g_autofree char *amount = self->rate ? g_strdup_printf ("%.1f", fabs (self->delta) * 100)
                                           : gw_chart_format_count (fabs (self->delta));

      g_ptr_array_add (texts, g_strdup_printf ("%s %s%s %s",
                                               self->delta == 0 ? "=" : up ? "▲" : "▼",
                                               amount, self->rate ? "pp" : "",
                                               self->caption != NULL ? self->caption : ""));
      flags |= FLAG_DELTA;
      if (self->delta != 0 && self->good != 0)
        flags |= (up == (self->good > 0)) ? FLAG_DELTA_GOOD : FLAG_DELTA_BAD;
    }
  else
    g_ptr_array_add (texts, g_strdup (""));

  flags |= self->rate ? FLAG_RATE : 0;
  flags |= self->alert ? FLAG_ALERT : 0;
  flags |= none ? FLAG_NONE : 0;
  gw_chart_set_values (GW_CHART (self), (double *) values->data, values->len, texts, flags);

  description = g_strdup_printf ("%s %s", value, (char *) g_ptr_array_index (texts, 1));
  gw_chart_set_description (GW_CHART (self), description);
}

static void
gw_kpi_tile_finalize (GObject *object)
{
  GwKpiTile *self = GW_KPI_TILE (object);

  g_free (self->caption);
  g_array_unref (self->trend);

  G_OBJECT_CLASS (gw_kpi_tile_parent_class)->finalize (object);
}

static void
gw_kpi_tile_class_init (GwKpiTileClass *klass)
{
  GwChartClass *chart_class = GW_CHART_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_kpi_tile_finalize;
  chart_class->draw = gw_kpi_tile_draw;
  chart_class->hit = gw_kpi_tile_hit;
  chart_class->tooltip = gw_kpi_tile_tooltip;
}

static void
gw_kpi_tile_init (GwKpiTile *self)
{
  self->trend = g_array_new (FALSE, FALSE, sizeof (double));
  self->delta = NAN;
  gtk_widget_add_css_class (GTK_WIDGET (self), "kpi");
}

/**
 * gw_kpi_tile_new:
 * @title: what the figure is (translated)
 *
 * Returns: (transfer floating): a tile showing a count of 0
 */
GtkWidget *
gw_kpi_tile_new (const char *title)
{
  GwKpiTile *self = g_object_new (GW_TYPE_KPI_TILE, NULL);

  gw_chart_set_title (GW_CHART (self), title);
  update (self);
  return GTK_WIDGET (self);
}

void
gw_kpi_tile_set_count (GwKpiTile *self,
                       guint      count)
{
  g_return_if_fail (GW_IS_KPI_TILE (self));

  self->value = count;
  self->rate = FALSE;
  update (self);
}

void
gw_kpi_tile_set_rate (GwKpiTile *self,
                      double     rate)
{
  g_return_if_fail (GW_IS_KPI_TILE (self));

  /* As shown (0.1 %): a change below it would redraw the same tile. */
  self->value = rate < 0 ? -1 : round (MIN (rate, 1.0) * 1000) / 1000;
  self->rate = TRUE;
  update (self);
}

void
gw_kpi_tile_set_delta (GwKpiTile  *self,
                       double      delta,
                       const char *caption,
                       int         good)
{
  g_return_if_fail (GW_IS_KPI_TILE (self));

  self->delta = delta;
  g_free (self->caption);
  self->caption = g_strdup (caption);
  self->good = good;
  update (self);
}

void
gw_kpi_tile_set_trend (GwKpiTile    *self,
                       const double *values,
                       guint         n_values)
{
  g_return_if_fail (GW_IS_KPI_TILE (self));

  g_array_set_size (self->trend, 0);
  g_array_append_vals (self->trend, values, n_values);
  update (self);
}

void
gw_kpi_tile_set_alert (GwKpiTile *self,
                       gboolean   alert)
{
  g_return_if_fail (GW_IS_KPI_TILE (self));

  if (self->alert == !!alert)
    return;
  self->alert = !!alert;
  update (self);
}

char *
gw_kpi_tile_dup_value_text (GwKpiTile *self)
{
  g_return_val_if_fail (GW_IS_KPI_TILE (self), NULL);
  return format_value (self->value, self->rate, self->rate && self->value < 0);
}
