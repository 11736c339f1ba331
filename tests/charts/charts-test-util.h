/* charts-test-util.h: known data and headless rendering for the charts' tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core-test-util.h"
#include "gw-chart-data.h"

G_BEGIN_DECLS

#define CHARTS_TEST_NOW "2026-11-21T15:00:00+08:00"

/* A store loaded with the six cases A1..A6 described in test-chart-data.c. */
GwCaseStore     *charts_test_store_new       (void);
/* Waits for a computation that started after everything done so far. */
GwChartSnapshot *charts_test_wait_snapshot   (GwChartData *data);
/* Iterates the main context until @widget's charts are settled (or 10 s). */
void             charts_test_wait_settled    (GtkWidget   *widget);
/* Shows @widget alone at @width × @height in a window and renders it as the
 * screen would (gtk_widget_paintable_new, snapshot, the window's renderer).
 * The window is returned in @window, for the caller to destroy. */
GdkTexture      *charts_test_render          (GtkWidget   *widget,
                                              int          width,
                                              int          height,
                                              GtkWidget  **window);
/* @widget, shown in @window, as the screen draws it once its charts settled. */
GdkTexture      *charts_test_capture         (GtkWidget   *widget,
                                              GtkWidget   *window);
/* The pixel at (@x, @y) as 0xAARRGGBB (premultiplied). */
guint32          charts_test_pixel           (GdkTexture  *texture,
                                              const guchar *data,
                                              int          x,
                                              int          y);
guchar          *charts_test_download        (GdkTexture  *texture);

/* Benchmarks */

/* A tick callback that redraws its widget in every frame, so that frames run
 * continuously. */
gboolean         charts_test_keep_ticking    (GtkWidget     *widget,
                                              GdkFrameClock *clock,
                                              gpointer       data);
/* The widgets of @type under @widget (not looking inside one found). */
void             charts_test_collect         (GtkWidget   *widget,
                                              GType        type,
                                              GPtrArray   *out);
/* The first widget under @widget (or itself) with @css_class, or NULL. */
GtkWidget       *charts_test_find_css_class  (GtkWidget   *widget,
                                              const char  *css_class);
/* Called after each repaint of a window whose renderer is watched, with the
 * region GTK asked it to repaint (the diff of the frame's render nodes
 * against the last frame's) and the µs the repaint took. */
typedef void   (*ChartsTestRepaintFunc)      (const cairo_region_t *region,
                                              gint64                usec,
                                              gpointer              user_data);
/* Wraps the render function of @window's renderer's class (GTK 4.8's
 * private GskRendererClass: FALSE with any other GTK, or when watched
 * already); @func sees every repaint of any window of that renderer type. */
gboolean         charts_test_watch_repaints  (GtkWidget             *window,
                                              ChartsTestRepaintFunc  func,
                                              gpointer               user_data);

G_END_DECLS
