/* gw-map-cells.h: bounding what the map repaints in one frame
 *
 * GTK 4.8's cairo renderer repaints, each frame, the bounding box of all
 * that changed: a live feed changes things all over the city, so every frame
 * would repaint the city. The map's widget is divided into cells (screen
 * rectangles); each layer draws the content of each cell into a node of its
 * own, and a frame shows the new content of only a few neighbouring cells,
 * its turn, chosen among those with changes waiting: cells with new content
 * first (a new case), oldest first, then cells whose animations moved. The
 * other cells show exactly their previous nodes, the same objects, so GTK's
 * diff finds nothing there. Whole-view changes (pan, zoom, size, style)
 * still repaint everything at once.
 *
 * Composed cells (gw_map_cells_set_compose()): the renderer still pays, in
 * each repainted cell, every node of every layer there, on the main thread.
 * With composing on, a turn's cells are drawn by a worker instead, all
 * layers into one opaque image a cell, from what the layers placed in the
 * frame that began the job; the frame after it lands shows each such cell
 * as that one image, cut at the cell's edges (nothing reaches into its
 * neighbours). A turn is then the cells whose images landed. The worker
 * draws the tiles themselves: composed cells keep no flat images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-map-private.h"

G_BEGIN_DECLS

#define GW_MAP_MAX_CELLS 64

typedef struct _GwMapCells GwMapCells;

/**
 * GwMapCellsCommit:
 *
 * What one layer shows in each cell: the node and the hashes of what it was
 * drawn from (content; and animations, which may wait longer). Zeroed to
 * start; cleared with gw_map_cells_commit_clear().
 */
typedef struct
{
  GdkTexture *texture;   /* the cell's static content in one image, or NULL */
  guint64     key;       /* what it was made from */
  guint64     want;      /* what a job is making, 0: none */
} GwMapCellsFlat;

typedef struct
{
  GskRenderNode *nodes[GW_MAP_MAX_CELLS];
  guint64        content[GW_MAP_MAX_CELLS];
  guint64        anim[GW_MAP_MAX_CELLS];
  guint64        pending;        /* cells whose new content waits for its turn */
  guint64        pending_urgent; /* of them, those with new content, not only motion */
  guint          n_cells;        /* 0: nothing committed yet */
  guint          generation;     /* bumped when cleared: a job for an older one is dropped */
  gboolean       flat_running;
  guint64        odd;            /* cells whose node is wrapped the other way */
  guint64        flat_shown;     /* cells whose node shows their flat image */
  GwMapCellsFlat flat[GW_MAP_MAX_CELLS];
} GwMapCellsCommit;

/**
 * GwMapCellsFrame:
 *
 * One layer's drawing of one frame, on the stack: begun with
 * gw_map_cells_frame_begin(), filled with the place functions, ended with
 * gw_map_cells_frame_end(), which appends every cell's node.
 */
typedef struct
{
  GwMapCells       *cells;
  GwMapCellsCommit *commit;
  GtkWidget        *widget;
  GtkSnapshot      *snapshot;    /* the layer's own; used directly when not in cells */
  gboolean          in_cells;
  gboolean          clip;        /* content is cut at cell edges (else: placed by centre) */
  gboolean          cairo;
  gboolean          in_static;   /* between gw_map_cells_frame_begin_static() and its end */
  guint64           committing;  /* cells whose nodes this frame makes */
  GtkSnapshot      *snaps[GW_MAP_MAX_CELLS];
  guint64           content[GW_MAP_MAX_CELLS];
  guint64           anim[GW_MAP_MAX_CELLS];
  guint64           static_key[GW_MAP_MAX_CELLS];
  guint64           flat_used;   /* cells whose static content is their flat image */
  GArray           *statics[GW_MAP_MAX_CELLS];  /* of the static placements, per cell */
} GwMapCellsFrame;

GwMapCells  *gw_map_cells_new              (void);
void         gw_map_cells_free             (GwMapCells       *cells);
/* @layer is redrawn while any of @commit's cells waits for its turn. */
void         gw_map_cells_add_layer        (GwMapCells       *cells,
                                            GtkWidget        *layer,
                                            GwMapCellsCommit *commit);
/* @cols x @rows cells (0: by the widget's size), and how many cells' area the
 * box of one frame's turn may take; @budget 0 turns the cells off (every
 * frame shows everything that changed, as GTK does). */
void         gw_map_cells_set_grid         (GwMapCells       *cells,
                                            guint             cols,
                                            guint             rows,
                                            guint             budget);
/* Whether turns are composed in a worker (see above): only for layers that
 * cover the widget with opaque static content and have nothing between
 * them that is not in cells. Off by default. */
void         gw_map_cells_set_compose      (GwMapCells       *cells,
                                            gboolean          compose);
/* Whether static content is flattened (the default); for benchmarks. */
void         gw_map_cells_set_flatten      (GwMapCells       *cells,
                                            gboolean          flatten);
/* How far anchored content reaches beyond its cell, in pixels. */
void         gw_map_cells_set_overhang     (GwMapCells       *cells,
                                            double            overhang);
/* The next frame shows everything. */
void         gw_map_cells_invalidate       (GwMapCells       *cells);
/* Something new at (@x, @y) (widget coordinates) must be shown soon: its cell
 * waits from now, ahead of motion. */
void         gw_map_cells_mark             (GwMapCells       *cells,
                                            double            x,
                                            double            y);
/* The area the next frame of @widget's clock will repaint (its turn, with
 * the overhang; all of it if @t, the view now, differs from the last
 * frame's), or FALSE when nothing waits. Remembered, to count the frames
 * that drew otherwise. */
gboolean     gw_map_cells_peek             (GwMapCells           *cells,
                                            GtkWidget            *widget,
                                            const GwMapTransform *t,
                                            graphene_rect_t      *area);
/* Frames drawn after a peek in their update phase (not deferred), and of
 * them those whose turn was not the one announced. */
void         gw_map_cells_get_announced    (GwMapCells           *cells,
                                            guint                *n_announced,
                                            guint                *n_missed);
/* The next frame shows nothing new, unless the whole view changed. */
void         gw_map_cells_defer            (GwMapCells       *cells);
/* Whether @widget's frames are drawn in cells, with the view @t. */
gboolean     gw_map_cells_is_active        (GwMapCells           *cells,
                                            GtkWidget            *widget,
                                            const GwMapTransform *t);
/* Whether some cell's new content waits for its turn. */
gboolean     gw_map_cells_is_waiting       (GwMapCells       *cells);
/* Once the frame is painted: asks for another frame while cells wait. */
void         gw_map_cells_end_frame        (GwMapCells       *cells);
/* The last frame: the area whose new content it showed (empty if none),
 * whether that was everything, and the cells in it. */
void         gw_map_cells_get_last         (GwMapCells       *cells,
                                            graphene_rect_t  *area,
                                            gboolean         *full,
                                            guint            *n_cells);
/* How many cells show a composed image. */
guint        gw_map_cells_get_n_composed   (GwMapCells       *cells);
/* The bytes of the cells' flat images and of the composed ones. */
void         gw_map_cells_get_bytes        (GwMapCells       *cells,
                                            gsize            *flat,
                                            guint            *n_flat,
                                            gsize            *composed,
                                            guint            *n_composed);
void         gw_map_cells_commit_clear     (GwMapCellsCommit *commit);

void         gw_map_cells_frame_begin      (GwMapCellsFrame      *frame,
                                            GwMapCells           *cells,
                                            GwMapCellsCommit     *commit,
                                            GtkWidget            *widget,
                                            GtkSnapshot          *snapshot,
                                            const GwMapTransform *t,
                                            gboolean              clip);
/* Places @texture over @rect (see gw_map_append_texture), cut to @clip if
 * not NULL: by its centre's cell, or in every cell it meets when the frame
 * clips. @animated: a change of it alone may wait behind new content. */
void         gw_map_cells_frame_place      (GwMapCellsFrame       *frame,
                                            GdkTexture            *texture,
                                            const graphene_rect_t *rect,
                                            const graphene_rect_t *clip,
                                            cairo_filter_t         filter,
                                            double                 opacity,
                                            gboolean               animated);
/* A ring (a circle's outline) of radius @r and line @width, inside the
 * circle, in its centre's cell (composed: in each cell it meets). */
void         gw_map_cells_frame_ring       (GwMapCellsFrame      *frame,
                                            double                x,
                                            double                y,
                                            double                r,
                                            double                width,
                                            const GdkRGBA        *color,
                                            gboolean              animated);
/* What is placed from now until gw_map_cells_frame_end_static() is the
 * cells' static content (a layer's tiles, under its sprites): once the view
 * has held still for a moment, a worker flattens each cell's static content
 * into one image of the cell's pixels, which the cell then shows instead,
 * unscaled. GTK 4.8's cairo renderer pays each node in a repainted box
 * again, in a temporary image (its cairo nodes are recordings), and smooths
 * each scaled tile again: one unscaled image costs it about a fifth. */
void         gw_map_cells_frame_begin_static (GwMapCellsFrame    *frame);
void         gw_map_cells_frame_end_static (GwMapCellsFrame      *frame);
void         gw_map_cells_frame_end        (GwMapCellsFrame      *frame);

G_END_DECLS
