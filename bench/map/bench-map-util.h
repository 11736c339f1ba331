/* bench-map-util.h: scenes and frame meters shared by the map benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-store.h"
#include "gw-grid-set.h"
#include "gw-map-view.h"

G_BEGIN_DECLS

/* Per-frame times of one run of frames, in microseconds. */
typedef struct
{
  GArray *busy_us;    /* frame clock update to after-paint, whole window */
  GArray *ours_us;    /* our layers' snapshot (GwMapFrameStats.last_us), our map only */
  GArray *ours_cpu_us; /* the same in the main thread's CPU time */
} BenchFrames;

typedef enum
{
  BENCH_MOTION_PAN,
  BENCH_MOTION_ZOOM,
} BenchMotion;

void        bench_frames_clear      (BenchFrames *frames);
double      bench_percentile        (GArray      *values_us,
                                     double       p);
double      bench_mean              (GArray      *values_us);

GwGridSet  *bench_load_grids        (guint        max_grids);
GwCaseStore *bench_make_store       (guint        n_cases);

GtkWindow  *bench_window_new        (GtkWidget   *child,
                                     int          width,
                                     int          height);
/* Iterates the main loop until @map is settled (or @timeout_s passes). */
gboolean    bench_wait_settled      (GwMapView   *map,
                                     guint        timeout_s);
void        bench_wait_frames       (GtkWidget   *widget,
                                     guint        n_frames);
/* Moves @viewport each frame for @n_frames frames and times them. @map may be NULL
 * (a libshumate baseline). */
void        bench_run_motion        (GtkWidget       *widget,
                                     ShumateViewport *viewport,
                                     GwMapView       *map,
                                     BenchMotion      motion,
                                     guint            n_frames,
                                     BenchFrames     *frames);
/* Renders @widget's current frame with the window's renderer, and the floor of any
 * frame: the same renderer drawing one full-size texture. In turns, so that a change
 * of load weighs on both; medians of @reps. */
void        bench_render_against_floor (GtkWidget *widget,
                                        guint      reps,
                                        double    *widget_ms,
                                        double    *floor_ms);
/* @widget's current frame (what its paintable draws). */
GskRenderNode *bench_widget_node    (GtkWidget   *widget);
/* Renders @box of @node with @widget's window's renderer: the time. */
double      bench_render_box_ms     (GtkWidget             *widget,
                                     GskRenderNode         *node,
                                     const graphene_rect_t *box);
/* Prints what @widget's current frame is made of: leaf nodes by type, how many
 * and how many screenfuls of pixels they cover (the renderer's work). */
void        bench_print_census      (GtkWidget   *widget);
/* What the window's renderer repainted, read back from the X server (XDamage):
 * each frame's damaged area and the area of its bounding box, in pixels.
 * GTK 4.8's cairo renderer draws the whole box of the damage into an image
 * and copies the damaged rectangles to the window; its GL renderer without
 * buffer age redraws the whole window. */
typedef struct _BenchDamage BenchDamage;

/* NULL when the display is not X11 or XDamage is missing. */
BenchDamage *bench_damage_new       (GtkWidget   *window);
/* The damage since the last call (the server is synced first); FALSE if none. */
gboolean    bench_damage_take       (BenchDamage *damage,
                                     double      *area,
                                     double      *box_area);
void        bench_damage_free       (BenchDamage *damage);
void        bench_fit_viewport      (ShumateViewport *viewport,
                                     GwGridSet       *grids,
                                     int              width,
                                     int              height);

G_END_DECLS
