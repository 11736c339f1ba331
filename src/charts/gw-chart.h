/* gw-chart.h: base of the wall's charts: cairo drawn off the main thread into a cached texture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * GwChartPalette:
 *
 * The colours of one style (dark wall, light desktop).
 */
typedef struct
{
  GdkRGBA card;
  GdkRGBA border;
  GdkRGBA text;
  GdkRGBA muted;
  GdkRGBA grid;
  GdkRGBA accent;
  GdkRGBA previous;
  GdkRGBA good;
  GdkRGBA warning;
  GdkRGBA alert;
  GdkRGBA series[8];
} GwChartPalette;

const GwChartPalette *gw_chart_palette_get (gboolean dark);

/**
 * GwChartFrame:
 * @width: the chart's width in widget pixels (the drawing is scaled to the texture)
 * @height: its height
 * @dark: the wall style
 * @palette: its colours
 * @values: @n_values tweened values, as the subclass set them
 * @texts: (nullable): the subclass's strings (titles, labels), immutable
 * @hover: the item under the pointer, or -1
 * @flags: the subclass's
 *
 * Everything a draw function may read: it runs on a worker thread.
 */
typedef struct
{
  double                width;
  double                height;
  gboolean              dark;
  const GwChartPalette *palette;
  const double         *values;
  guint                 n_values;
  GPtrArray            *texts;
  int                   hover;
  guint                 flags;
} GwChartFrame;

#define GW_TYPE_CHART (gw_chart_get_type ())
G_DECLARE_DERIVABLE_TYPE (GwChart, gw_chart, GW, CHART, GtkWidget)

struct _GwChartClass
{
  GtkWidgetClass parent_class;

  /* Draws @frame in widget units; runs on a worker thread. */
  void   (*draw)    (cairo_t            *cr,
                     const GwChartFrame *frame);
  /* The item at (@x, @y) for a chart @width × @height, or -1 (main thread). */
  int    (*hit)     (GwChart            *self,
                     double              width,
                     double              height,
                     double              x,
                     double              y);
  /* The tooltip of @item, plain text. */
  char  *(*tooltip) (GwChart            *self,
                     int                 item);
};

void          gw_chart_set_title    (GwChart      *self,
                                     const char   *title);
const char   *gw_chart_get_title    (GwChart      *self);
GPtrArray    *gw_chart_texts_new    (GwChart      *self);
void          gw_chart_set_values   (GwChart      *self,
                                     const double *values,
                                     guint         n_values,
                                     GPtrArray    *texts,
                                     guint         flags);
const double *gw_chart_get_values   (GwChart      *self,
                                     guint        *n_values);
GPtrArray    *gw_chart_get_texts    (GwChart      *self);
void          gw_chart_set_description (GwChart     *self,
                                     const char   *description);
/* -1 follows AdwStyleManager's dark, 0 light, 1 dark. */
void          gw_chart_set_style    (GwChart      *self,
                                     int           dark);
void          gw_chart_set_animated (GwChart      *self,
                                     gboolean      animated);
/* TRUE when no animation runs and the cached texture shows the values. */
gboolean      gw_chart_is_settled   (GwChart      *self);
guint         gw_chart_get_n_renders (GwChart     *self);
guint         gw_chart_get_n_textures (GwChart    *self);
guint64       gw_chart_get_texture_bytes (void);
guint64       gw_chart_get_upload_stats (GwChart    *self,
                                         guint      *n_bases);

G_END_DECLS
