/* gw-chart-draw.c: cairo helpers shared by the charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here runs on worker threads: pango_cairo_create_layout uses the
 * thread's own default font map (per thread since Pango 1.32.6).
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "gw-chart-draw.h"

#define FONT_FAMILY "Noto Sans CJK SC, Noto Sans, Cantarell, sans-serif"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.f, ((hex) >> 8 & 0xff) / 255.f, \
                   ((hex) & 0xff) / 255.f, 1.f }

static const GwChartPalette dark_palette = {
  .card = RGB (0x0f1b2e), .border = RGB (0x1f3556), .text = RGB (0xe8f1ff),
  .muted = RGB (0x8ea6c8), .grid = RGB (0x1c2e4a), .accent = RGB (0x2fd3ff),
  .previous = RGB (0x7d8fb0), .good = RGB (0x3ddc97), .warning = RGB (0xffb547),
  .alert = RGB (0xff5a5f),
  .series = { RGB (0x2fd3ff), RGB (0x4d7cff), RGB (0x3ddc97), RGB (0xffb547),
              RGB (0xa57cff), RGB (0xff6fae), RGB (0xb4e05a), RGB (0x8ea6c8) },
};

static const GwChartPalette light_palette = {
  .card = RGB (0xffffff), .border = RGB (0xd9e1ec), .text = RGB (0x1b2638),
  .muted = RGB (0x5b6b82), .grid = RGB (0xe6ebf2), .accent = RGB (0x1a73e8),
  .previous = RGB (0x9aa8bd), .good = RGB (0x1e9e6a), .warning = RGB (0xc97f00),
  .alert = RGB (0xd93036),
  .series = { RGB (0x1a73e8), RGB (0x00a3bf), RGB (0x1e9e6a), RGB (0xe08a00),
              RGB (0x7b4fd6), RGB (0xd6457e), RGB (0x6f9a1c), RGB (0x5b6b82) },
};

const GwChartPalette *
gw_chart_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
}

double
gw_chart_unit (const GwChartFrame *frame)
{
  return MAX (6.0, MIN (frame->height / 14.0, frame->width / 22.0));
}

void
gw_chart_set_color (cairo_t       *cr,
                    const GdkRGBA *color,
                    double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
gw_chart_rounded_rect (cairo_t *cr,
                       double   x,
                       double   y,
                       double   width,
                       double   height,
                       double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

GwRect
gw_chart_draw_card (cairo_t            *cr,
                    const GwChartFrame *frame,
                    gboolean            alert)
{
  const GwChartPalette *p = frame->palette;
  double u = gw_chart_unit (frame);
  /* Cards side by side (a row of figures) keep a gap between them. */
  double inset = MAX (1.0, MIN (frame->width, frame->height) * 0.02);
  double radius = u * 0.45;
  double pad = u * 0.7;
  cairo_pattern_t *glow;

  gw_chart_rounded_rect (cr, inset, inset, frame->width - 2 * inset,
                         frame->height - 2 * inset, radius);
  if (frame->dark)
    {
      /* A faint light from the top, as on the room's other screens. */
      glow = cairo_pattern_create_linear (0, 0, 0, frame->height);
      cairo_pattern_add_color_stop_rgba (glow, 0, 0.09, 0.16, 0.27, 1);
      cairo_pattern_add_color_stop_rgba (glow, 1, p->card.red, p->card.green, p->card.blue, 1);
      cairo_set_source (cr, glow);
      cairo_pattern_destroy (glow);
    }
  else
    gw_chart_set_color (cr, &p->card, 1);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, alert ? MAX (2.0, u * 0.15) : MAX (1.0, u * 0.05));
  gw_chart_set_color (cr, alert ? &p->alert : &p->border, 1);
  cairo_stroke (cr);

  return (GwRect) { pad, pad * 0.8, frame->width - 2 * pad, frame->height - 1.6 * pad };
}

GwRect
gw_chart_draw_title (cairo_t            *cr,
                     const GwChartFrame *frame,
                     GwRect              area,
                     const char         *title)
{
  double u = gw_chart_unit (frame);
  double px = u * 1.05;

  /* An accent bar before the title, the wall's usual heading mark. */
  gw_chart_set_color (cr, &frame->palette->accent, 1);
  gw_chart_rounded_rect (cr, area.x, area.y + px * 0.15, u * 0.18, px * 1.05, u * 0.09);
  cairo_fill (cr);
  gw_chart_set_color (cr, &frame->palette->text, 1);
  gw_chart_draw_text (cr, title, px, PANGO_WEIGHT_BOLD, area.x + u * 0.45, area.y, 0, 0,
                      area.width - u * 0.45);
  area.y += px * 1.7;
  area.height -= px * 1.7;
  return area;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      px,
             int         weight)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  PangoAttrList *attrs = pango_attr_list_new ();
  cairo_font_options_t *options = cairo_font_options_create ();

  /* The texture is scaled by the compositor: no subpixel order, no hinting jitter. */
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_absolute_size (font, MAX (1.0, px) * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum 1"));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_attr_list_unref (attrs);
  pango_font_description_free (font);
  return layout;
}

double
gw_chart_draw_text (cairo_t    *cr,
                    const char *text,
                    double      px,
                    int         weight,
                    double      x,
                    double      y,
                    double      xalign,
                    double      yalign,
                    double      max_width)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, px, weight);
  PangoRectangle ink, logical;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  cairo_move_to (cr, x - logical.width * xalign, y - logical.height * yalign);
  pango_cairo_show_layout (cr, layout);
  /* No current point left behind for the next path to start from. */
  cairo_new_path (cr);
  return logical.width;
}

/* Centred on @x below @y, wrapped to @width in at most @lines lines, the last
 * ellipsized if the text needs more. */
void
gw_chart_draw_text_lines (cairo_t    *cr,
                          const char *text,
                          double      px,
                          int         weight,
                          double      x,
                          double      y,
                          double      width,
                          int         lines)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, px, weight);

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_height (layout, -lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, x - width / 2, y);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}

double
gw_chart_text_width (cairo_t    *cr,
                     const char *text,
                     double      px,
                     int         weight)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, px, weight);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.width;
}

double
gw_chart_nice_step (double max,
                    guint  n)
{
  double raw = MAX (max, 1.0) / MAX (n, 1u);
  double magnitude = pow (10, floor (log10 (raw)));
  double f = raw / magnitude;

  if (f <= 1)
    return MAX (1.0, magnitude);
  if (f <= 2)
    return MAX (1.0, 2 * magnitude);
  if (f <= 5)
    return MAX (1.0, 5 * magnitude);
  return MAX (1.0, 10 * magnitude);
}

char *
gw_chart_format_count (double value)
{
  guint64 n = (guint64) round (fabs (value));
  GString *out = g_string_new (NULL);

  /* Thousands grouped with commas, as both Chinese and English screens do. */
  g_string_printf (out, "%" G_GUINT64_FORMAT, n);
  for (gssize i = (gssize) out->len - 3; i > 0; i -= 3)
    g_string_insert_c (out, i, ',');
  if (value < -0.5)
    g_string_prepend_c (out, '-');
  return g_string_free (out, FALSE);
}

const char *
gw_chart_text (const GwChartFrame *frame,
               guint               index)
{
  if (frame->texts == NULL || index >= frame->texts->len)
    return "";
  return g_ptr_array_index (frame->texts, index);
}

double
gw_chart_y_axis_width (const GwChartFrame *frame)
{
  return gw_chart_unit (frame) * 2.4;
}

GwRect
gw_chart_plot_area (const GwChartFrame *frame,
                    double              header,
                    double              right)
{
  double u = gw_chart_unit (frame);
  double pad = u * 0.7;
  double top = pad * 0.8 + u * 1.05 * 1.7 + u * header;  /* card padding, title, header */

  return (GwRect) { pad + gw_chart_y_axis_width (frame), top,
                    frame->width - 2 * pad - gw_chart_y_axis_width (frame) - u * right,
                    frame->height - top - pad * 0.8 - u * 1.5 };
}

GwLegend
gw_chart_legend_begin (const GwChartFrame *frame)
{
  double u = gw_chart_unit (frame);

  return (GwLegend) { frame->width - u * 0.7, u * 0.56 + u * 1.05 * 1.7 + u * 0.45, u * 0.75 };
}

double
gw_chart_legend_add (cairo_t            *cr,
                     const GwChartFrame *frame,
                     GwLegend           *legend,
                     const char         *name,
                     double              swatch)
{
  double w = gw_chart_text_width (cr, name, legend->px, PANGO_WEIGHT_NORMAL);
  double end = legend->x - w - legend->px * 0.4;

  gw_chart_set_color (cr, &frame->palette->muted, 1);
  gw_chart_draw_text (cr, name, legend->px, PANGO_WEIGHT_NORMAL, legend->x, legend->y, 1, 0.5, 0);
  legend->x = end - legend->px * (swatch + 1);
  return end;
}

double
gw_chart_draw_y_axis (cairo_t            *cr,
                      const GwChartFrame *frame,
                      GwRect              plot,
                      double              max)
{
  double u = gw_chart_unit (frame);
  double step = gw_chart_nice_step (max, 4);
  double top = step * ceil (MAX (max, 1.0) / step);

  cairo_set_line_width (cr, MAX (1.0, u * 0.05));
  for (double v = 0; v <= top + step / 2; v += step)
    {
      double y = plot.y + plot.height - plot.height * v / top;
      g_autofree char *label = gw_chart_format_count (v);

      gw_chart_set_color (cr, &frame->palette->grid, 1);
      cairo_move_to (cr, plot.x, round (y) + 0.5);
      cairo_line_to (cr, plot.x + plot.width, round (y) + 0.5);
      cairo_stroke (cr);
      gw_chart_set_color (cr, &frame->palette->muted, 1);
      gw_chart_draw_text (cr, label, u * 0.78, PANGO_WEIGHT_NORMAL,
                          plot.x - u * 0.35, y, 1, 0.5, 0);
    }
  return top;
}
