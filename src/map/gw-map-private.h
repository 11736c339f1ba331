/* gw-map-private.h: what the map's layers share: the view transform and the style
 *
 * Every geometry is projected once to normalised Web Mercator (0..1, y down)
 * in the tiles' coordinate system; a frame maps it to the widget with the
 * affine below. Tiles of our own are GW_MAP_TILE_PX pixels wide at level L,
 * where the world is GW_MAP_TILE_PX * 2^L pixels wide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "gw-map-view.h"
#include "gw-types.h"

G_BEGIN_DECLS

#define GW_MAP_TILE_PX    256
#define GW_MAP_MAX_LEVEL  20

/**
 * GwMapTransform:
 * @world: widget pixels per normalised unit (tile size × 2^zoom)
 * @cx: normalised x of the widget's centre
 * @cy: normalised y of the widget's centre
 * @width: widget width
 * @height: widget height
 * @rotation: the viewport's rotation, radians clockwise
 */
typedef struct
{
  double world;
  double cx, cy;
  double width, height;
  double rotation;
} GwMapTransform;

gboolean gw_map_transform_from_viewport (GwMapTransform  *t,
                                         ShumateViewport *viewport,
                                         GtkWidget       *widget);
void     gw_map_transform_to_widget     (const GwMapTransform *t,
                                         double                mx,
                                         double                my,
                                         double               *x,
                                         double               *y);
void     gw_map_transform_from_widget   (const GwMapTransform *t,
                                         double                x,
                                         double                y,
                                         double               *mx,
                                         double               *my);
/* The normalised rectangle the widget shows (rotation included). */
void     gw_map_transform_visible_rect  (const GwMapTransform *t,
                                         double               *x0,
                                         double               *y0,
                                         double               *x1,
                                         double               *y1);
/* Redraws @layer whenever its viewport changes (for our layers' constructed). */
void     gw_map_layer_follow_viewport   (ShumateLayer         *layer);
/* Pushes the rotation around the widget's centre; pop once when done. */
gboolean gw_map_transform_push_rotation (const GwMapTransform *t,
                                         GtkSnapshot          *snapshot);

/* WGS-84 (wire) → the tiles' system → normalised Web Mercator, and back. */
void     gw_map_project                 (GwCoordSystem  system,
                                         double         lon,
                                         double         lat,
                                         double        *mx,
                                         double        *my);
void     gw_map_unproject               (GwCoordSystem  system,
                                         double         mx,
                                         double         my,
                                         double        *lon,
                                         double        *lat);

/**
 * GwMapPalette:
 *
 * Colours of one style, as premultiplied-free RGBA.
 */
typedef struct
{
  GdkRGBA background;
  GdkRGBA land;
  GdkRGBA land_edge;
  GdkRGBA outline[4];        /* per GwGridLevel */
  double  outline_width[4];  /* logical px */
  GdkRGBA label;
  GdkRGBA label_parent;
  GdkRGBA label_halo;
  GdkRGBA ramp[5];           /* choropleth classes, low to high */
  GdkRGBA selected;
  GdkRGBA hovered;
  GdkRGBA flash;
  GdkRGBA cluster;
  GdkRGBA cluster_text;
  GdkRGBA overdue;
  GdkRGBA marker_edge;
  GdkRGBA pulse;
} GwMapPalette;

const GwMapPalette *gw_map_palette_get   (GwMapStyle  style);
/* Colours by case category, readable on both styles. */
const GdkRGBA      *gw_map_category_color (GwCategory category);

/* cairo helpers shared by the rasterisers. */
void gw_map_cairo_set_color (cairo_t       *cr,
                             const GdkRGBA *color);
void gw_map_cairo_set_color_alpha (cairo_t       *cr,
                                   const GdkRGBA *color,
                                   double         alpha);
/* A case marker centred at (x, y): circle (normal), diamond (urgent),
 * triangle (major); a red corner tick when overdue. @r is its radius. */
void gw_map_draw_case_marker (cairo_t    *cr,
                              double      x,
                              double      y,
                              double      r,
                              GwCategory  category,
                              GwPriority  priority,
                              gboolean    overdue,
                              const GwMapPalette *palette);

/* Per-frame accounting of our layers' main-thread work (for benchmarks):
 * wall-clock time, and the thread's CPU time, which a loaded machine's
 * other processes do not inflate. */
typedef struct
{
  GwMapFrameStats pub;
  gint64          last_cpu_us;
  gint64          frame_us;     /* of the frame being drawn */
  gint64          frame_cpu_us;
  guint           frame_tiles;
  guint           frame_live;
  gboolean        in_frame;
} GwMapStatsAcc;

typedef struct
{
  gint64 wall_us;
  gint64 cpu_us;
} GwMapStatsMark;

void gw_map_stats_begin (GwMapStatsMark *mark);
/* Adds the time since @mark to the frame being drawn. */
void gw_map_stats_add (GwMapStatsAcc        *acc,
                       const GwMapStatsMark *mark,
                       guint                 tiles,
                       guint                 live);
/* Called once the frame is painted: closes the frame's accounting. */
void gw_map_stats_end_frame (GwMapStatsAcc *acc);

/**
 * GwMapPulse:
 * @id: what animates (a case's position, an area's shape)
 * @start: when it began, monotonic microseconds
 */
typedef struct
{
  guint  id;
  gint64 start;
} GwMapPulse;

/* Things that animate for a while once started (a new case's rings, an
 * area's blinks): while any runs, a tick callback redraws the widget and
 * drops those whose time is up. At most @max at once, the oldest go first. */
typedef struct
{
  GtkWidget *widget;
  GArray    *pulses;        /* of GwMapPulse, oldest first */
  gint64     lifetime_us;
  guint      max;
  guint      tick_id;
} GwMapPulses;

void gw_map_pulses_init  (GwMapPulses *pulses,
                          GtkWidget   *widget,
                          gint64       lifetime_us,
                          guint        max);
/* Starts @id, or starts it again if it runs. */
void gw_map_pulses_start (GwMapPulses *pulses,
                          guint        id);
void gw_map_pulses_stop  (GwMapPulses *pulses);
/* Stops and frees; for dispose. */
void gw_map_pulses_clear (GwMapPulses *pulses);

/**
 * GwMapMemory:
 *
 * What the map itself holds, in bytes (for benchmarks): the CPU side only;
 * the renderer keeps its own copy of every texture it has drawn.
 */
typedef struct
{
  gsize geometry;      /* projected rings, shapes, labels */
  gsize cases;         /* GwMapCase records */
  gsize tiles;         /* the grid layer's rasterised tiles */
  guint n_tiles;
  gsize sprites;       /* the case layer's cluster and marker textures */
  guint n_sprites;
  gsize live;          /* highlight and flash sprites */
  gsize heat;
  gsize flat;          /* the cells' flat images of static content */
  guint n_flat;
  gsize composed;      /* composed cells' images (shown, landed, let go) */
  guint n_composed;
} GwMapMemory;

void gw_map_view_get_memory (GwMapView   *self,
                             GwMapMemory *memory);
/* The screen cells of the map's frames (see gw-map-cells.h): @cols x @rows
 * (0: by size), a frame's box at most @budget cells; @budget 0: off. */
void   gw_map_view_set_cells (GwMapView *self,
                              guint      cols,
                              guint      rows,
                              guint      budget);
/* The area whose new content the last frame showed, whether it was all of
 * the map, and how many cells. */
void   gw_map_view_get_last_frame_area (GwMapView       *self,
                                        graphene_rect_t *area,
                                        gboolean        *full,
                                        guint           *n_cells);
/* Whether a turn's cells are drawn by a worker into one image each (see
 * gw-map-cells.h; the default, where the layers allow it); for benchmarks. */
void   gw_map_view_set_compose (GwMapView *self,
                                gboolean   compose);
/* How many of the map's cells show an image composed in a worker. */
guint  gw_map_view_get_n_composed (GwMapView *self);
/* Whether the cells' static content (backdrop and tiles) is flattened into
 * one image a cell once the view holds still (the default); for benchmarks. */
void   gw_map_view_set_flatten (GwMapView *self,
                                gboolean   flatten);
/* Frames drawn after gw_map_view_get_next_frame_area() in their update
 * phase (and not deferred), and of them those that drew other cells. */
void   gw_map_view_get_announced (GwMapView *self,
                                  guint     *n_announced,
                                  guint     *n_missed);
/* The main thread's CPU time in our layers during the last frame. */
gint64 gw_map_view_get_frame_cpu_us (GwMapView *self);

/* For qsort() of doubles, ascending. */
int gw_map_compare_double (const void *a,
                           const void *b);

/* Wraps an ARGB32 image surface as a texture without copying. */
GdkTexture *gw_map_texture_from_surface (cairo_surface_t *surface);
/* A new image surface (zeroed) whose pixels are mapped from the system on
 * their own and given back whole when it goes: screen-sized images made on
 * workers would otherwise stay in the workers' malloc arenas, fragmented. */
cairo_surface_t *gw_map_image_surface_new (cairo_format_t format,
                                           int            width,
                                           int            height);
/* Whether GTK's cairo renderer draws @widget (a wall PC without a GPU). */
gboolean    gw_map_widget_uses_cairo    (GtkWidget       *widget);
/* Places @texture over @rect at @opacity. With the GL renderer, a texture
 * node. With the cairo renderer, which in GTK 4.8 converts a texture node's
 * every pixel through floats at each frame and repaints the box around all
 * nodes that differ from the last frame's, a texture made by
 * gw_map_texture_from_surface is a cairo node painting its surface with
 * @filter where scaled, made once per texture and size and placed at whole
 * pixels: placed again where it was, it is the same node and costs nothing. */
void        gw_map_append_texture       (GtkSnapshot           *snapshot,
                                         GdkTexture            *texture,
                                         const graphene_rect_t *rect,
                                         gboolean               cairo,
                                         cairo_filter_t         filter,
                                         double                 opacity);
/* The image of a texture made by gw_map_texture_from_surface, or NULL. */
cairo_surface_t *gw_map_texture_get_surface (GdkTexture *texture);
/* Paints @surface onto @cr as gw_map_append_texture() places it with the
 * cairo renderer (at whole pixels, scaled to @rect), cut to @clip if not
 * NULL: for images made of several placed textures, in workers. */
void        gw_map_paint_surface        (cairo_t               *cr,
                                         cairo_surface_t       *surface,
                                         const graphene_rect_t *rect,
                                         const graphene_rect_t *clip,
                                         cairo_filter_t         filter,
                                         double                 opacity);
/* The bytes a texture's pixels take (4 a pixel), 0 for NULL. */
gsize       gw_map_texture_bytes        (GdkTexture      *texture);

G_END_DECLS
