/* gw-chart-draw.h: cairo helpers shared by the charts (thread-safe: worker threads)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "gw-chart.h"

G_BEGIN_DECLS

typedef struct
{
  double x, y, width, height;
} GwRect;

/* The size unit of a chart: text and margins are multiples of it, so a chart
 * reads the same at any size (about 30 px for a side chart of a 4K wall). */
double  gw_chart_unit        (const GwChartFrame *frame);
/* The card behind a chart; returns the area inside its padding. */
GwRect  gw_chart_draw_card   (cairo_t            *cr,
                              const GwChartFrame *frame,
                              gboolean            alert);
/* The title at the top of @area; returns the area below it. */
GwRect  gw_chart_draw_title  (cairo_t            *cr,
                              const GwChartFrame *frame,
                              GwRect              area,
                              const char         *title);
void    gw_chart_set_color   (cairo_t            *cr,
                              const GdkRGBA      *color,
                              double              alpha);
/* Text of @px pixels at (@x, @y), aligned by @xalign and @yalign (0..1),
 * ellipsized beyond @max_width (0: no limit). Numbers use tabular figures.
 * Returns its width. */
double  gw_chart_draw_text   (cairo_t            *cr,
                              const char         *text,
                              double              px,
                              int                 weight,
                              double              x,
                              double              y,
                              double              xalign,
                              double              yalign,
                              double              max_width);
void    gw_chart_draw_text_lines (cairo_t         *cr,
                              const char         *text,
                              double              px,
                              int                 weight,
                              double              x,
                              double              y,
                              double              width,
                              int                 lines);
double  gw_chart_text_width  (cairo_t            *cr,
                              const char         *text,
                              double              px,
                              int                 weight);
void    gw_chart_rounded_rect (cairo_t           *cr,
                              double              x,
                              double              y,
                              double              width,
                              double              height,
                              double              radius);
/* A step of 1, 2 or 5 × 10^k giving about @n ticks up to at least @max. */
double  gw_chart_nice_step   (double              max,
                              guint               n);
/* "1,234", "1.2万" (in Chinese) for big counts. */
char   *gw_chart_format_count (double             value);
const char *gw_chart_text    (const GwChartFrame *frame,
                              guint               index);
/* Horizontal grid lines and their labels at nice steps over @plot, for
 * values 0..@max; returns the value at the top of @plot. */
double  gw_chart_draw_y_axis (cairo_t            *cr,
                              const GwChartFrame *frame,
                              GwRect              plot,
                              double              max);
/* The width the y-axis labels take, left of the plot. */
double  gw_chart_y_axis_width (const GwChartFrame *frame);
/* The plot of a chart with axes: below the title and @header units (legend,
 * value labels), right of the y axis, @right units from the right edge and
 * above the x labels. The same on the worker and for hit tests. */
GwRect  gw_chart_plot_area   (const GwChartFrame *frame,
                              double              header,
                              double              right);

/* The legend's line below the title, filled from the right. */
typedef struct
{
  double x;    /* where the next entry ends */
  double y;    /* the line's middle */
  double px;   /* its text size */
} GwLegend;

GwLegend gw_chart_legend_begin (const GwChartFrame *frame);
/* Draws @name at the legend's left end and returns the right edge of the
 * room left of it for a swatch @swatch × px wide, which the caller draws;
 * the next entry goes left of the swatch. */
double  gw_chart_legend_add  (cairo_t            *cr,
                              const GwChartFrame *frame,
                              GwLegend           *legend,
                              const char         *name,
                              double              swatch);

G_END_DECLS
