/* gw-map-cells.c: bounding what the map repaints in one frame
 *
 * See gw-map-cells.h. A frame's turn is chosen once, when the first of our
 * layers begins drawing it, from what waited when the last frame ended; each
 * layer then makes nodes only for the cells in the turn, and for the others
 * only hashes what it would draw there, to learn which cells wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>

#include "gw-map-cells.h"

/* Cells of about this size by default: a 4K map has 6 x 4 of them. */
#define CELL_WIDTH     640.0
#define CELL_HEIGHT    540.0
#define MAX_SIDE       8
#define DEFAULT_BUDGET 2
/* Motion alone waits this much longer than new content for its turn, so that
 * a busy map shows new cases first but never freezes an animation for good. */
#define MOTION_WAIT_US (200 * 1000)
/* A cell's static content is flattened once the view held still this long:
 * not in each frame of a pan or a zoom. */
#define STILL_MS       300
/* A cell's new node with more parts than this is one rectangle to GTK's
 * diff (see wrap_node()); fewer, each part that changed is one. */
#define WRAP_LEAVES    6

typedef struct _ComposeJob ComposeJob;

/* One thing a composed cell's image is drawn from (see compose_thread()). */
typedef enum
{
  OP_PLACE,
  OP_RING,
} OpKind;

typedef struct
{
  OpKind           kind;
  cairo_surface_t *surface;   /* OP_PLACE, owned */
  graphene_rect_t  rect;      /* OP_PLACE: where; OP_RING: x, y, r, width */
  graphene_rect_t  clip;
  gboolean         has_clip;
  cairo_filter_t   filter;
  double           opacity;
  GdkRGBA          color;     /* OP_RING */
} ComposeOp;

struct _ComposeJob
{
  GwMapCells      *cells;       /* NULL once the cells are freed */
  guint            generation;
  guint64          mask;
  int              x[GW_MAP_MAX_CELLS], y[GW_MAP_MAX_CELLS];
  int              width[GW_MAP_MAX_CELLS], height[GW_MAP_MAX_CELLS];
  GArray          *ops[GW_MAP_MAX_CELLS];
  cairo_surface_t *images[GW_MAP_MAX_CELLS];
};

struct _GwMapCells
{
  guint          want_cols, want_rows;
  guint          budget;
  guint          cols, rows;
  double         cell_w, cell_h;
  double         overhang;
  GwMapTransform last_t;
  gboolean       have_last;
  gboolean       invalid;
  gboolean       defer;

  gint64         frame_id;      /* the frame clock's counter of the frame drawn */
  gboolean       began;
  gboolean       in_cells;      /* this frame draws in cells */
  gboolean       full;          /* this frame shows everything */
  guint64        turn;

  gint64         since[GW_MAP_MAX_CELLS];   /* waiting since; 0: not waiting */
  gint64         urgent[GW_MAP_MAX_CELLS];  /* new content waiting since */

  GPtrArray     *layers;
  GPtrArray     *commits;

  gboolean       no_flat;       /* static content is never flattened (benchmarks) */
  gint64         moved_at;      /* when the view last moved (monotonic µs) */
  guint          still_id;      /* wakes the layers once the view held still */

  guint64        last_turn;
  gboolean       last_full;

  /* What gw_map_cells_peek() announced for the frame being prepared. */
  gint64         peek_frame;
  guint64        peek_turn;
  gboolean       peek_full;
  guint          n_announced;
  guint          n_missed;

  /* Composed cells (see gw-map-cells.h) */
  gboolean       compose;       /* asked for */
  gboolean       composing;     /* in this frame */
  guint64        job_cells;     /* cells this frame records the parts of, for a job */
  guint          n_drawn;       /* layers that drew this frame */
  guint64        uncomposed;    /* cells showing the layers' nodes, to compose */
  guint64        direct;        /* cells whose layers make nodes in this frame */
  GArray        *ops[GW_MAP_MAX_CELLS];     /* of ComposeOp, in drawing order */
  ComposeJob    *job;           /* the job running, or NULL */
  guint          generation;    /* bumped when the view changes: older jobs are dropped */
  guint64        ready;         /* cells whose image landed, shown in the next turn */
  GskRenderNode *ready_nodes[GW_MAP_MAX_CELLS];
  GskRenderNode *images[GW_MAP_MAX_CELLS];  /* what composed cells show */
  /* The nodes' pixels: a recording holds a copy-on-write snapshot of its
   * surface, which would copy them were the surface let go first. */
  cairo_surface_t *ready_surfaces[GW_MAP_MAX_CELLS];
  cairo_surface_t *surfaces[GW_MAP_MAX_CELLS];
  /* Surfaces of images replaced in this frame and in the one before: GTK
   * lets go of a frame's nodes when it draws the next. */
  GPtrArray     *retiring;
  GPtrArray     *retired;
};

static void
queue_layers (GwMapCells *cells)
{
  for (guint i = 0; i < cells->layers->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (cells->layers, i));
}

static guint64
all_cells (const GwMapCells *cells)
{
  guint n = cells->cols * cells->rows;

  return n >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n) - 1;
}

GwMapCells *
gw_map_cells_new (void)
{
  GwMapCells *cells = g_new0 (GwMapCells, 1);

  cells->budget = DEFAULT_BUDGET;
  cells->frame_id = -1;
  cells->cols = cells->rows = 1;
  cells->layers = g_ptr_array_new ();
  cells->commits = g_ptr_array_new ();
  cells->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  cells->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  return cells;
}

static void drop_composed (GwMapCells *cells);
static void retire        (GwMapCells       *cells,
                           cairo_surface_t **surface);
static void free_ops      (GArray     *ops);
static void start_job     (GwMapCells *cells);
static void abandon_job   (GwMapCells *cells);
static void show_ready    (GwMapCells *cells);

void
gw_map_cells_free (GwMapCells *cells)
{
  if (cells->job != NULL)
    cells->job->cells = NULL;
  drop_composed (cells);
  g_clear_handle_id (&cells->still_id, g_source_remove);
  g_ptr_array_unref (cells->layers);
  g_ptr_array_unref (cells->commits);
  g_ptr_array_unref (cells->retiring);
  g_ptr_array_unref (cells->retired);
  g_free (cells);
}

void
gw_map_cells_add_layer (GwMapCells       *cells,
                        GtkWidget        *layer,
                        GwMapCellsCommit *commit)
{
  g_ptr_array_add (cells->layers, layer);
  g_ptr_array_add (cells->commits, commit);
}

void
gw_map_cells_set_grid (GwMapCells *cells,
                       guint       cols,
                       guint       rows,
                       guint       budget)
{
  cells->want_cols = MIN (cols, MAX_SIDE);
  cells->want_rows = MIN (rows, MAX_SIDE);
  cells->budget = budget;
  cells->invalid = TRUE;
  queue_layers (cells);
}

void
gw_map_cells_set_compose (GwMapCells *cells,
                          gboolean    compose)
{
  if (cells->compose == compose)
    return;
  cells->compose = compose;
  cells->invalid = TRUE;
  queue_layers (cells);
}

void
gw_map_cells_set_flatten (GwMapCells *cells,
                          gboolean    flatten)
{
  cells->no_flat = !flatten;
  cells->invalid = TRUE;
  queue_layers (cells);
}

void
gw_map_cells_set_overhang (GwMapCells *cells,
                           double      overhang)
{
  cells->overhang = overhang;
}

void
gw_map_cells_invalidate (GwMapCells *cells)
{
  cells->invalid = TRUE;
  queue_layers (cells);
}

static guint
cell_at (const GwMapCells *cells,
         double            x,
         double            y)
{
  int col = CLAMP ((int) floor (x / cells->cell_w), 0, (int) cells->cols - 1);
  int row = CLAMP ((int) floor (y / cells->cell_h), 0, (int) cells->rows - 1);

  return row * cells->cols + col;
}

static void
note_waiting (GwMapCells *cells,
              guint       cell,
              gboolean    urgent)
{
  gint64 now = g_get_monotonic_time ();

  if (cells->since[cell] == 0)
    cells->since[cell] = now;
  if (urgent && cells->urgent[cell] == 0)
    cells->urgent[cell] = now;
}

void
gw_map_cells_mark (GwMapCells *cells,
                   double      x,
                   double      y)
{
  if (cells->have_last && x >= 0 && y >= 0 && x < cells->last_t.width && y < cells->last_t.height)
    note_waiting (cells, cell_at (cells, x, y), TRUE);
}

/* The turn ------------------------------------------------------------------ */

static gint64
wait_key (const GwMapCells *cells,
          guint             cell)
{
  return cells->urgent[cell] != 0 ? cells->urgent[cell] : cells->since[cell] + MOTION_WAIT_US;
}

/* The waiting cells in the order they go: new content first, oldest first. */
static guint
waiting_in_order (const GwMapCells *cells,
                  guint            *order)
{
  guint n = 0;

  for (guint c = 0; c < cells->cols * cells->rows; c++)
    {
      guint i = n++;

      if (cells->since[c] == 0)
        {
          n--;
          continue;
        }
      while (i > 0 && wait_key (cells, order[i - 1]) > wait_key (cells, c))
        {
          order[i] = order[i - 1];
          i--;
        }
      order[i] = c;
    }
  return n;
}

/* The oldest waiting cell, then each other waiting cell that keeps the box
 * around them within the budget (in cells). */
static guint64
choose_waiting (const GwMapCells *cells)
{
  guint order[GW_MAP_MAX_CELLS];
  guint n = waiting_in_order (cells, order);
  guint c0 = 0, c1 = 0, r0 = 0, r1 = 0;
  guint64 turn = 0;

  for (guint i = 0; i < n; i++)
    {
      guint col = order[i] % cells->cols, row = order[i] / cells->cols;
      guint nc0 = MIN (c0, col), nc1 = MAX (c1, col), nr0 = MIN (r0, row), nr1 = MAX (r1, row);

      if (turn == 0)
        nc0 = nc1 = col, nr0 = nr1 = row;
      else if ((nc1 - nc0 + 1) * (nr1 - nr0 + 1) > cells->budget)
        continue;
      c0 = nc0, c1 = nc1, r0 = nr0, r1 = nr1;
      turn |= G_GUINT64_CONSTANT (1) << order[i];
    }
  return turn;
}

/* The cells the next frame shows anew: composed, those whose images landed. */
static guint64
choose_turn (const GwMapCells *cells)
{
  if (cells->defer)
    return 0;
  return cells->compose ? cells->ready : choose_waiting (cells);
}

static void
set_grid (GwMapCells           *cells,
          const GwMapTransform *t)
{
  guint cols = cells->want_cols ? cells->want_cols : CLAMP ((guint) round (t->width / CELL_WIDTH), 1, MAX_SIDE);
  guint rows = cells->want_rows ? cells->want_rows : CLAMP ((guint) round (t->height / CELL_HEIGHT), 1, MAX_SIDE);

  if (cols != cells->cols || rows != cells->rows)
    {
      memset (cells->since, 0, sizeof cells->since);
      memset (cells->urgent, 0, sizeof cells->urgent);
    }
  cells->cols = cols;
  cells->rows = rows;
  /* Whole pixels: a cell's clip at a fractional edge would make the cairo
   * renderer clip with a mask, and its flat image would not fit it. */
  cells->cell_w = ceil (t->width / cols);
  cells->cell_h = ceil (t->height / rows);
}

static gboolean
same_transform (const GwMapTransform *a,
                const GwMapTransform *b)
{
  return a->world == b->world && a->cx == b->cx && a->cy == b->cy && a->width == b->width
         && a->height == b->height && a->rotation == b->rotation;
}

/* Decides the frame's turn, once per frame. */
static void
begin_frame (GwMapCells           *cells,
             GtkWidget            *widget,
             const GwMapTransform *t,
             gboolean              cairo)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 id = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : -1;

  if (cells->began && id == cells->frame_id && id >= 0)
    return;
  cells->frame_id = id;
  cells->began = TRUE;
  cells->job_cells = 0;
  cells->n_drawn = 0;
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    g_clear_pointer (&cells->ops[c], free_ops);
  g_ptr_array_set_size (cells->retired, 0);
  g_ptr_array_extend_and_steal (cells->retired, g_steal_pointer (&cells->retiring));
  cells->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  /* The GL renderer redraws the whole window anyway; a rotated view's cells
   * would not be the screen's rectangles. */
  cells->in_cells = cairo && cells->budget > 0 && t->rotation == 0 && id >= 0;
  cells->composing = cells->in_cells && cells->compose;
  if (!cells->in_cells)
    {
      drop_composed (cells);
      cells->uncomposed = 0;
      cells->have_last = FALSE;
      cells->full = TRUE;
      return;
    }
  set_grid (cells, t);
  cells->full = cells->invalid || !cells->have_last || !same_transform (&cells->last_t, t);
  /* What the window was told in this frame's update phase holds. */
  if (cells->peek_frame == id && !cells->full && !cells->peek_full && !cells->defer)
    cells->turn = cells->peek_turn;
  else
    cells->turn = cells->full ? all_cells (cells) : choose_turn (cells);
  /* Composed, the layers make nodes only when everything is shown anew. */
  cells->direct = cells->composing && !cells->full ? 0 : cells->turn;
  /* While a job runs, or its images wait to be shown (the window deferred
   * the map's turn), the next waits: one turn's box at a time. */
  if (cells->composing && !cells->full && cells->job == NULL && (cells->ready & ~cells->turn) == 0)
    cells->job_cells = choose_waiting (cells);
  if (cells->full)
    {
      drop_composed (cells);
      /* Every cell is then composed in turn, behind new content: a repaint
       * of a composed cell replays nothing of its neighbours. */
      cells->uncomposed = cells->composing ? all_cells (cells) : 0;
      cells->moved_at = g_get_monotonic_time ();
      g_debug ("frame %" G_GINT64_FORMAT " shows everything: %s", id,
               cells->invalid ? "invalidated" : !cells->have_last ? "first" : "the view moved");
    }
  if (cells->peek_frame == id && !cells->defer)
    {
      cells->n_announced++;
      if (cells->peek_full != cells->full || (!cells->full && cells->peek_turn != cells->turn))
        {
          cells->n_missed++;
          g_debug ("frame %" G_GINT64_FORMAT ": announced %s%" G_GINT64_MODIFIER "x, drew %s%" G_GINT64_MODIFIER "x"
                   " (invalid %d, transform %d, defer %d)", id,
                   cells->peek_full ? "all " : "", cells->peek_turn, cells->full ? "all " : "", cells->turn,
                   cells->invalid, !same_transform (&cells->last_t, t), cells->defer);
        }
    }
  cells->invalid = cells->defer = FALSE;
  cells->last_t = *t;
  cells->have_last = TRUE;
  /* Composed, a cell stops waiting when its job begins, not when shown. */
  for (guint c = 0; c < cells->cols * cells->rows; c++)
    if ((cells->composing && !cells->full ? cells->job_cells : cells->turn) & (G_GUINT64_CONSTANT (1) << c))
      cells->since[c] = cells->urgent[c] = 0;
}

static void
turn_area (const GwMapCells *cells,
           guint64           turn,
           double            overhang,
           graphene_rect_t  *area)
{
  graphene_rect_t box = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean first = TRUE;

  for (guint c = 0; c < cells->cols * cells->rows; c++)
    if (turn & (G_GUINT64_CONSTANT (1) << c))
      {
        graphene_rect_t r = GRAPHENE_RECT_INIT ((c % cells->cols) * cells->cell_w,
                                                (c / cells->cols) * cells->cell_h,
                                                cells->cell_w, cells->cell_h);

        if (first)
          box = r;
        else
          graphene_rect_union (&box, &r, &box);
        first = FALSE;
      }
  if (!first)
    {
      graphene_rect_inset (&box, -overhang, -overhang);
      graphene_rect_intersection (&box, &GRAPHENE_RECT_INIT (0, 0, cells->last_t.width, cells->last_t.height),
                                  &box);
    }
  *area = box;
}

gboolean
gw_map_cells_peek (GwMapCells           *cells,
                   GtkWidget            *widget,
                   const GwMapTransform *t,
                   graphene_rect_t      *area)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint64 turn;

  cells->peek_frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : -2;
  /* A view moved since the last frame (a cut, a resize) shows everything:
   * the next snapshot will find it so. */
  cells->peek_full = !cells->have_last || cells->invalid || (t != NULL && !same_transform (&cells->last_t, t));
  cells->peek_turn = 0;
  if (cells->peek_full)
    {
      *area = GRAPHENE_RECT_INIT (0, 0, t != NULL ? t->width : cells->last_t.width,
                                  t != NULL ? t->height : cells->last_t.height);
      return cells->have_last || cells->invalid || t != NULL;
    }
  turn = cells->peek_turn = choose_turn (cells);
  /* Composed images are cut at their cells' edges. */
  turn_area (cells, turn, cells->compose ? 0 : cells->overhang, area);
  return turn != 0;
}

void
gw_map_cells_defer (GwMapCells *cells)
{
  cells->defer = TRUE;
}

gboolean
gw_map_cells_is_active (GwMapCells           *cells,
                        GtkWidget            *widget,
                        const GwMapTransform *t)
{
  return cells->budget > 0 && t->rotation == 0 && gw_map_widget_uses_cairo (widget);
}

gboolean
gw_map_cells_is_waiting (GwMapCells *cells)
{
  if (cells->job != NULL || cells->ready != 0)
    return TRUE;
  for (guint c = 0; c < cells->cols * cells->rows; c++)
    if (cells->since[c] != 0)
      return TRUE;
  return FALSE;
}

void
gw_map_cells_end_frame (GwMapCells *cells)
{
  guint64 waiting = 0, urgent = 0;

  if (!cells->began)
    return;
  cells->began = FALSE;
  cells->last_full = cells->full;
  cells->last_turn = cells->in_cells ? cells->turn : 0;
  if (!cells->in_cells)
    return;
  if (cells->job_cells != 0 && cells->n_drawn < cells->layers->len)
    abandon_job (cells);
  else if (cells->job_cells != 0)
    start_job (cells);
  /* A layer that did not draw a frame that shows everything anew (its
   * trigger asked only another) keeps nothing fit for the view: again,
   * with all of them. */
  if (cells->full && cells->n_drawn < cells->layers->len)
    {
      cells->invalid = TRUE;
      queue_layers (cells);
    }
  for (guint i = 0; i < cells->commits->len; i++)
    {
      GwMapCellsCommit *commit = g_ptr_array_index (cells->commits, i);

      waiting |= commit->pending;
      urgent |= commit->pending_urgent;
    }
  if (cells->composing)
    {
      waiting |= cells->uncomposed;
      for (guint c = 0; c < cells->cols * cells->rows; c++)
        if (cells->uncomposed & (G_GUINT64_CONSTANT (1) << c))
          note_waiting (cells, c, FALSE);
    }
  for (guint c = 0; c < cells->cols * cells->rows; c++)
    {
      if (!(waiting & (G_GUINT64_CONSTANT (1) << c)))
        cells->since[c] = 0;
      if (!(urgent & (G_GUINT64_CONSTANT (1) << c)))
        cells->urgent[c] = 0;
    }
  /* A job that lands asks for the frame that shows it, and begins the next;
   * images of a deferred turn wait for the next frame. */
  if ((waiting != 0 && cells->job == NULL) || cells->ready != 0)
    queue_layers (cells);
}

void
gw_map_cells_get_announced (GwMapCells *cells,
                            guint      *n_announced,
                            guint      *n_missed)
{
  *n_announced = cells->n_announced;
  *n_missed = cells->n_missed;
}

guint
gw_map_cells_get_n_composed (GwMapCells *cells)
{
  guint n = 0;

  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    n += cells->images[c] != NULL;
  return n;
}

static gsize
image_bytes (cairo_surface_t *surface)
{
  return surface != NULL ? (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface)
                         : 0;
}

void
gw_map_cells_get_bytes (GwMapCells *cells,
                        gsize      *flat,
                        guint      *n_flat,
                        gsize      *composed,
                        guint      *n_composed)
{
  *flat = *composed = 0;
  *n_flat = *n_composed = 0;
  for (guint i = 0; i < cells->commits->len; i++)
    {
      GwMapCellsCommit *commit = g_ptr_array_index (cells->commits, i);

      for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
        if (commit->flat[c].texture != NULL)
          {
            *flat += image_bytes (gw_map_texture_get_surface (commit->flat[c].texture));
            (*n_flat)++;
          }
    }
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    {
      *composed += image_bytes (cells->surfaces[c]) + image_bytes (cells->ready_surfaces[c]);
      *n_composed += (cells->surfaces[c] != NULL) + (cells->ready_surfaces[c] != NULL);
    }
  for (guint i = 0; i < cells->retiring->len; i++)
    *composed += image_bytes (g_ptr_array_index (cells->retiring, i));
  for (guint i = 0; i < cells->retired->len; i++)
    *composed += image_bytes (g_ptr_array_index (cells->retired, i));
  *n_composed += cells->retiring->len + cells->retired->len;
}

void
gw_map_cells_get_last (GwMapCells      *cells,
                       graphene_rect_t *area,
                       gboolean        *full,
                       guint           *n_cells)
{
  *full = cells->last_full;
  if (cells->last_full)
    *area = GRAPHENE_RECT_INIT (0, 0, cells->last_t.width, cells->last_t.height);
  else
    turn_area (cells, cells->last_turn, 0, area);
  *n_cells = cells->last_full ? cells->cols * cells->rows : (guint) __builtin_popcountll (cells->last_turn);
}

/* One layer's frame ----------------------------------------------------------- */

void
gw_map_cells_commit_clear (GwMapCellsCommit *commit)
{
  guint generation = commit->generation + 1;

  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    {
      g_clear_pointer (&commit->nodes[c], gsk_render_node_unref);
      g_clear_object (&commit->flat[c].texture);
    }
  memset (commit, 0, sizeof *commit);
  commit->generation = generation;
}

static guint64
hash_mix (guint64 h,
          guint64 value)
{
  /* splitmix64's finaliser over the running hash and the value */
  h ^= value + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
  h = (h ^ (h >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h = (h ^ (h >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return h ^ (h >> 31);
}

static guint64
hash_double (guint64 h,
             double  value)
{
  /* Quarter pixels: closer than that draws the same. */
  return hash_mix (h, (guint64) (gint64) llround (value * 4));
}

void
gw_map_cells_frame_begin (GwMapCellsFrame      *frame,
                          GwMapCells           *cells,
                          GwMapCellsCommit     *commit,
                          GtkWidget            *widget,
                          GtkSnapshot          *snapshot,
                          const GwMapTransform *t,
                          gboolean              clip)
{
  guint n;

  memset (frame, 0, sizeof *frame);
  frame->cells = cells;
  frame->commit = commit;
  frame->widget = widget;
  frame->snapshot = snapshot;
  frame->clip = clip;
  frame->cairo = gw_map_widget_uses_cairo (widget);
  if (cells == NULL)
    return;
  begin_frame (cells, widget, t, frame->cairo);
  frame->in_cells = cells->in_cells;
  if (!frame->in_cells)
    {
      gw_map_cells_commit_clear (commit);
      return;
    }
  n = cells->cols * cells->rows;
  if (commit->n_cells != n)
    {
      gw_map_cells_commit_clear (commit);
      commit->n_cells = n;
      frame->committing = all_cells (cells);
    }
  else
    frame->committing = cells->direct;
}

static void
add_key (GwMapCellsFrame *frame,
         guint            cell,
         guint64          key,
         gboolean         animated)
{
  if (animated)
    frame->anim[cell] = hash_mix (frame->anim[cell], key);
  else
    frame->content[cell] = hash_mix (frame->content[cell], key);
}

static GtkSnapshot *
cell_snapshot (GwMapCellsFrame *frame,
               guint            cell)
{
  if (!(frame->committing & (G_GUINT64_CONSTANT (1) << cell)))
    return NULL;
  if (frame->snaps[cell] == NULL)
    frame->snaps[cell] = gtk_snapshot_new ();
  return frame->snaps[cell];
}

static void
append_clipped (GtkSnapshot           *snapshot,
                GdkTexture            *texture,
                const graphene_rect_t *rect,
                const graphene_rect_t *clip,
                gboolean               cairo,
                cairo_filter_t         filter,
                double                 opacity)
{
  if (clip != NULL)
    gtk_snapshot_push_clip (snapshot, clip);
  gw_map_append_texture (snapshot, texture, rect, cairo, filter, opacity);
  if (clip != NULL)
    gtk_snapshot_pop (snapshot);
}

static guint64
place_key (GdkTexture            *texture,
           const graphene_rect_t *rect,
           const graphene_rect_t *clip,
           cairo_filter_t         filter,
           double                 opacity)
{
  guint64 h = hash_mix (0, GPOINTER_TO_SIZE (texture));

  h = hash_double (h, rect->origin.x);
  h = hash_double (h, rect->origin.y);
  h = hash_double (h, rect->size.width);
  h = hash_double (h, rect->size.height);
  h = hash_mix (h, filter);
  h = hash_mix (h, (guint64) llround (opacity * 1024));
  if (clip != NULL)
    {
      h = hash_double (h, clip->origin.x);
      h = hash_double (h, clip->origin.y);
      h = hash_double (h, clip->size.width);
      h = hash_double (h, clip->size.height);
    }
  return h;
}

/* Something of @frame's layer over @op's area, in cell @cell, goes into
 * the image of the job that this frame begins there. */
static void
add_op (GwMapCellsFrame *frame,
        guint            cell,
        const ComposeOp *op)
{
  GwMapCells *cells = frame->cells;
  ComposeOp copy = *op;

  if (!(cells->job_cells & (G_GUINT64_CONSTANT (1) << cell)))
    return;
  if (cells->ops[cell] == NULL)
    cells->ops[cell] = g_array_new (FALSE, FALSE, sizeof (ComposeOp));
  if (copy.surface != NULL)
    cairo_surface_reference (copy.surface);
  g_array_append_val (cells->ops[cell], copy);
}

static void
add_place_op (GwMapCellsFrame       *frame,
              guint                  cell,
              GdkTexture            *texture,
              const graphene_rect_t *rect,
              const graphene_rect_t *clip,
              cairo_filter_t         filter,
              double                 opacity)
{
  ComposeOp op = { OP_PLACE, gw_map_texture_get_surface (texture), *rect,
                   clip != NULL ? *clip : GRAPHENE_RECT_INIT (0, 0, 0, 0), clip != NULL, filter, opacity, };

  /* Only textures made for the cairo renderer can be drawn in a worker; the
   * map's are (gw_map_texture_from_surface()). */
  if (op.surface != NULL)
    add_op (frame, cell, &op);
}

/* Static content ------------------------------------------------------------ */

typedef struct
{
  GdkTexture     *texture;    /* not owned: the layer holds it for the frame */
  graphene_rect_t rect;
  graphene_rect_t clip;
  gboolean        has_clip;
  cairo_filter_t  filter;
  double          opacity;
} StaticPart;

typedef struct
{
  cairo_surface_t *surface;
  graphene_rect_t  rect;
  graphene_rect_t  clip;
  gboolean         has_clip;
  cairo_filter_t   filter;
  double           opacity;
} FlatPart;

/* A cell's static content to flatten, in a worker. */
typedef struct
{
  GwMapCellsCommit *commit;   /* in the layer, which the task holds */
  guint             generation;
  guint             cell;
  guint64           key;
  int               x, y, width, height;
  GArray           *parts;    /* of FlatPart */
} FlatJob;

static void
flat_job_free (FlatJob *job)
{
  for (guint i = 0; i < job->parts->len; i++)
    cairo_surface_destroy (g_array_index (job->parts, FlatPart, i).surface);
  g_array_unref (job->parts);
  g_free (job);
}

/* The whole pixels a cell covers. */
static void
cell_pixels (const GwMapCells *cells,
             guint             cell,
             int              *x,
             int              *y,
             int              *width,
             int              *height)
{
  double x0 = (cell % cells->cols) * cells->cell_w, y0 = (cell / cells->cols) * cells->cell_h;

  *x = (int) floor (x0);
  *y = (int) floor (y0);
  *width = (int) ceil (x0 + cells->cell_w) - *x;
  *height = (int) ceil (y0 + cells->cell_h) - *y;
}

/* The columns @c0..@c1 and rows @r0..@r1 of the cells @area meets. */
static void
cells_meeting (const GwMapCells      *cells,
               const graphene_rect_t *area,
               int                   *c0,
               int                   *c1,
               int                   *r0,
               int                   *r1)
{
  *c0 = MAX ((int) floor (area->origin.x / cells->cell_w), 0);
  *r0 = MAX ((int) floor (area->origin.y / cells->cell_h), 0);
  *c1 = MIN ((int) ceil ((area->origin.x + area->size.width) / cells->cell_w), (int) cells->cols) - 1;
  *r1 = MIN ((int) ceil ((area->origin.y + area->size.height) / cells->cell_h), (int) cells->rows) - 1;
}

static void
place_static (GwMapCellsFrame       *frame,
              GdkTexture            *texture,
              const graphene_rect_t *rect,
              const graphene_rect_t *clip,
              cairo_filter_t         filter,
              double                 opacity,
              guint64                key)
{
  GwMapCells *cells = frame->cells;
  StaticPart part = { texture, *rect, GRAPHENE_RECT_INIT (0, 0, 0, 0), clip != NULL, filter, opacity };
  graphene_rect_t area;
  int c0, c1, r0, r1;

  if (clip != NULL && !graphene_rect_intersection (rect, clip, &area))
    return;
  if (clip != NULL)
    part.clip = *clip;
  else
    area = *rect;
  cells_meeting (cells, &area, &c0, &c1, &r0, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        guint cell = r * cells->cols + c;

        add_key (frame, cell, key, FALSE);
        frame->static_key[cell] = hash_mix (frame->static_key[cell], key);
        if (frame->statics[cell] == NULL)
          frame->statics[cell] = g_array_new (FALSE, FALSE, sizeof (StaticPart));
        g_array_append_val (frame->statics[cell], part);
      }
}

void
gw_map_cells_frame_begin_static (GwMapCellsFrame *frame)
{
  frame->in_static = TRUE;
}

static void
flatten_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FlatJob *job = task_data;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cairo_t *cr = cairo_create (surface);

  cairo_translate (cr, -job->x, -job->y);
  for (guint i = 0; i < job->parts->len; i++)
    {
      const FlatPart *part = &g_array_index (job->parts, FlatPart, i);

      gw_map_paint_surface (cr, part->surface, &part->rect, part->has_clip ? &part->clip : NULL,
                            part->filter, part->opacity);
    }
  cairo_destroy (cr);
  g_task_return_pointer (task, gw_map_texture_from_surface (surface), g_object_unref);
  cairo_surface_destroy (surface);
}

/* The flat image landed: the cell shows it in its next turn, and the next
 * cell's can be made (in the frame this asks for, which repaints nothing). */
static void
flatten_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) layer = user_data;
  FlatJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);
  GwMapCellsCommit *commit = job->commit;
  GwMapCellsFlat *flat = &commit->flat[job->cell];

  /* The textures' surfaces go here, on the main thread (see start_job()). */
  for (guint i = 0; i < job->parts->len; i++)
    g_clear_pointer (&g_array_index (job->parts, FlatPart, i).surface, cairo_surface_destroy);
  if (commit->generation != job->generation)
    return;
  commit->flat_running = FALSE;
  if (flat->want == job->key && texture != NULL)
    {
      g_set_object (&flat->texture, texture);
      flat->key = job->key;
    }
  flat->want = 0;
  gtk_widget_queue_draw (layer);
}

static gboolean
on_still (gpointer data)
{
  GwMapCells *cells = data;

  cells->still_id = 0;
  for (guint i = 0; i < cells->layers->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (cells->layers, i));
  return G_SOURCE_REMOVE;
}

/* One cell at a time, once the view holds still: a pan or a zoom would make
 * each frame's images for nothing. */
static void
maybe_flatten (GwMapCellsFrame *frame,
               guint            cell)
{
  GwMapCells *cells = frame->cells;
  GwMapCellsCommit *commit = frame->commit;
  GArray *parts = frame->statics[cell];
  gint64 still = (g_get_monotonic_time () - cells->moved_at) / 1000;
  g_autoptr(GTask) task = NULL;
  FlatJob *job;

  if (commit->flat_running || commit->flat[cell].want == frame->static_key[cell])
    return;
  if (still < STILL_MS)
    {
      if (cells->still_id == 0)
        cells->still_id = g_timeout_add (STILL_MS - still + 1, on_still, cells);
      return;
    }
  job = g_new0 (FlatJob, 1);
  job->commit = commit;
  job->generation = commit->generation;
  job->cell = cell;
  job->key = frame->static_key[cell];
  cell_pixels (cells, cell, &job->x, &job->y, &job->width, &job->height);
  job->parts = g_array_sized_new (FALSE, FALSE, sizeof (FlatPart), parts->len);
  for (guint i = 0; i < parts->len; i++)
    {
      const StaticPart *part = &g_array_index (parts, StaticPart, i);
      FlatPart flat = { cairo_surface_reference (gw_map_texture_get_surface (part->texture)), part->rect,
                        part->clip, part->has_clip, part->filter, part->opacity };

      g_array_append_val (job->parts, flat);
    }
  commit->flat[cell].want = job->key;
  commit->flat_running = TRUE;
  /* The layer is let go in the callback, on the main thread: the worker may
   * let go of the task last. */
  task = g_task_new (NULL, NULL, flatten_done, g_object_ref (frame->widget));
  g_task_set_task_data (task, job, (GDestroyNotify) flat_job_free);
  g_task_run_in_thread (task, flatten_thread);
}

/* Each cell in the turn shows its static content: its flat image if made
 * from what it is now, else each texture. */
void
gw_map_cells_frame_end_static (GwMapCellsFrame *frame)
{
  GwMapCellsCommit *commit = frame->commit;

  frame->in_static = FALSE;
  if (!frame->in_cells)
    return;
  for (guint c = 0; c < commit->n_cells; c++)
    {
      GArray *parts = frame->statics[c];
      GwMapCellsFlat *flat = &commit->flat[c];
      gboolean usable;
      GtkSnapshot *snapshot;

      if (parts == NULL)
        {
          g_clear_object (&flat->texture);
          continue;
        }
      usable = flat->texture != NULL && flat->key == frame->static_key[c];
      if (usable)
        frame->flat_used |= G_GUINT64_CONSTANT (1) << c;
      if ((snapshot = cell_snapshot (frame, c)) != NULL && usable)
        {
          int x, y, width, height;

          cell_pixels (frame->cells, c, &x, &y, &width, &height);
          gw_map_append_texture (snapshot, flat->texture, &GRAPHENE_RECT_INIT (x, y, width, height), TRUE,
                                 CAIRO_FILTER_NEAREST, 1.0);
        }
      else if (snapshot != NULL)
        for (guint i = 0; i < parts->len; i++)
          {
            const StaticPart *part = &g_array_index (parts, StaticPart, i);

            append_clipped (snapshot, part->texture, &part->rect, part->has_clip ? &part->clip : NULL,
                            TRUE, part->filter, part->opacity);
          }
      if (!usable)
        maybe_flatten (frame, c);
      g_clear_pointer (&frame->statics[c], g_array_unref);
    }
}

void
gw_map_cells_frame_place (GwMapCellsFrame       *frame,
                          GdkTexture            *texture,
                          const graphene_rect_t *rect,
                          const graphene_rect_t *clip,
                          cairo_filter_t         filter,
                          double                 opacity,
                          gboolean               animated)
{
  GwMapCells *cells = frame->cells;
  guint64 key;
  graphene_rect_t area;
  int c0, c1, r0, r1;
  guint centre;

  if (!frame->in_cells)
    {
      append_clipped (frame->snapshot, texture, rect, clip, frame->cairo, filter, opacity);
      return;
    }
  key = place_key (texture, rect, clip, filter, opacity);
  /* Composed cells draw the tiles in the worker: a flat image would only
   * hold the same pixels once more. */
  if (frame->in_static && frame->clip && !cells->no_flat && !cells->compose
      && gw_map_texture_get_surface (texture) != NULL)
    {
      place_static (frame, texture, rect, clip, filter, opacity, key);
      return;
    }
  centre = cell_at (cells, rect->origin.x + rect->size.width / 2, rect->origin.y + rect->size.height / 2);
  if (!frame->clip && !cells->compose)
    {
      GtkSnapshot *snapshot;

      add_key (frame, centre, key, animated);
      if ((snapshot = cell_snapshot (frame, centre)) != NULL)
        append_clipped (snapshot, texture, rect, clip, frame->cairo, filter, opacity);
      return;
    }
  /* Cut at cell edges, or composed: in every cell it meets. */
  if (clip != NULL && !graphene_rect_intersection (rect, clip, &area))
    return;
  if (clip == NULL)
    area = *rect;
  cells_meeting (cells, &area, &c0, &c1, &r0, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        guint cell = r * cells->cols + c;
        GtkSnapshot *snapshot = cell_snapshot (frame, cell);

        add_key (frame, cell, key, animated);
        if (snapshot != NULL)
          append_clipped (snapshot, texture, rect, clip, frame->cairo, filter, opacity);
        add_place_op (frame, cell, texture, rect, clip, filter, opacity);
      }
}

static void
append_ring (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             double         r,
             double         width,
             const GdkRGBA *color)
{
  GskRoundedRect ring;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

/* As GTK draws a border node of a circle (append_ring()) with cairo. */
static void
paint_ring (cairo_t         *cr,
            const ComposeOp *op)
{
  double x = op->rect.origin.x, y = op->rect.origin.y, r = op->rect.size.width, width = op->rect.size.height;

  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (r - width > 0)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r - width, 0, 2 * G_PI);
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  gdk_cairo_set_source_rgba (cr, &op->color);
  cairo_fill (cr);
}

void
gw_map_cells_frame_ring (GwMapCellsFrame *frame,
                         double           x,
                         double           y,
                         double           r,
                         double           width,
                         const GdkRGBA   *color,
                         gboolean         animated)
{
  GwMapCells *cells = frame->cells;
  ComposeOp op = { OP_RING, NULL, GRAPHENE_RECT_INIT (x, y, r, width), };
  guint64 key = hash_double (hash_double (0, x), y);
  int c0, c1, r0, r1;
  guint centre;

  if (!frame->in_cells)
    {
      append_ring (frame->snapshot, x, y, r, width, color);
      return;
    }
  key = hash_double (hash_double (key, r), width);
  key = hash_mix (key, (guint64) llround (color->alpha * 255));
  key = hash_mix (key, gdk_rgba_hash (color));
  op.color = *color;
  centre = cell_at (cells, x, y);
  if (!cells->compose)
    {
      GtkSnapshot *snapshot;

      add_key (frame, centre, key, animated);
      if ((snapshot = cell_snapshot (frame, centre)) != NULL)
        append_ring (snapshot, x, y, r, width, color);
      return;
    }
  cells_meeting (cells, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), &c0, &c1, &r0, &r1);
  for (int row = r0; row <= r1; row++)
    for (int c = c0; c <= c1; c++)
      {
        guint cell = row * cells->cols + c;
        GtkSnapshot *snapshot = cell_snapshot (frame, cell);

        add_key (frame, cell, key, animated);
        if (snapshot != NULL)
          append_ring (snapshot, x, y, r, width, color);
        add_op (frame, cell, &op);
      }
}

/* The cell's new node: what was drawn into it, cut at its edges if asked. */
static GskRenderNode *
take_node (GwMapCellsFrame *frame,
           guint            cell)
{
  GwMapCells *cells = frame->cells;
  GskRenderNode *node;
  GskRenderNode *clipped;

  if (frame->snaps[cell] == NULL)
    return NULL;
  node = gtk_snapshot_free_to_node (g_steal_pointer (&frame->snaps[cell]));
  /* Composed, every node is cut at its cell's edges, as the cell's image
   * will be: a cell's nodes then show what its image shows. */
  if (node == NULL || !(frame->clip || cells->compose))
    return node;
  clipped = gsk_clip_node_new (node, &GRAPHENE_RECT_INIT ((cell % cells->cols) * cells->cell_w,
                                                          (cell / cells->cols) * cells->cell_h,
                                                          cells->cell_w, cells->cell_h));
  gsk_render_node_unref (node);
  return clipped;
}

/* A cell's new node differs from its old one in the type of its outer node:
 * GTK's diff then takes the box of both as one rectangle instead of
 * comparing their leaves. A cell's turn with many changes (markers, rings)
 * would give many rectangles, and past 30 in a frame, the whole window's
 * included, GTK gives up and repaints the whole container: the map. */
static guint
n_leaves (GskRenderNode *node)
{
  while (node != NULL && (gsk_render_node_get_node_type (node) == GSK_CLIP_NODE
                          || gsk_render_node_get_node_type (node) == GSK_DEBUG_NODE))
    node = gsk_render_node_get_node_type (node) == GSK_CLIP_NODE ? gsk_clip_node_get_child (node)
                                                                 : gsk_debug_node_get_child (node);
  if (node == NULL)
    return 0;
  return gsk_render_node_get_node_type (node) == GSK_CONTAINER_NODE ? gsk_container_node_get_n_children (node) : 1;
}

static GskRenderNode *
wrap_node (GskRenderNode *node,
           gboolean       odd)
{
  GskRenderNode *wrapped;
  graphene_rect_t bounds;

  if (node == NULL || n_leaves (node) <= WRAP_LEAVES)
    return node;
  gsk_render_node_get_bounds (node, &bounds);
  wrapped = odd ? gsk_clip_node_new (node, &bounds) : gsk_debug_node_new (node, g_strdup ("map cell"));
  gsk_render_node_unref (node);
  return wrapped;
}

/* A cell in the turn takes its new node, unless it would draw the same. */
static void
commit_cell (GwMapCellsFrame *frame,
             guint            cell)
{
  GwMapCellsCommit *commit = frame->commit;
  GskRenderNode *node = take_node (frame, cell);
  guint64 bit = G_GUINT64_CONSTANT (1) << cell;

  commit->pending &= ~bit;
  commit->pending_urgent &= ~bit;
  /* A flat image that landed is taken in the cell's next turn, not in a
   * repaint of its own: it looks the same. */
  if (commit->nodes[cell] != NULL && commit->content[cell] == frame->content[cell]
      && commit->anim[cell] == frame->anim[cell] && (frame->flat_used & ~commit->flat_shown & bit) == 0)
    {
      g_clear_pointer (&node, gsk_render_node_unref);
      return;
    }
  commit->flat_shown = (commit->flat_shown & ~bit) | (frame->flat_used & bit);
  g_clear_pointer (&commit->nodes[cell], gsk_render_node_unref);
  commit->odd ^= bit;
  commit->nodes[cell] = wrap_node (node, (commit->odd & bit) != 0);
  commit->content[cell] = frame->content[cell];
  commit->anim[cell] = frame->anim[cell];
}

/* A cell not in the turn keeps its node; whether it differs is noted. */
static void
keep_cell (GwMapCellsFrame *frame,
           guint            cell)
{
  GwMapCellsCommit *commit = frame->commit;
  guint64 bit = G_GUINT64_CONSTANT (1) << cell;
  gboolean content = commit->content[cell] != frame->content[cell];
  gboolean anim = commit->anim[cell] != frame->anim[cell];

  commit->pending = (commit->pending & ~bit) | (content || anim ? bit : 0);
  commit->pending_urgent = (commit->pending_urgent & ~bit) | (content ? bit : 0);
  if (content || anim)
    note_waiting (frame->cells, cell, content);
}

/* A cell whose job this frame begins: what the layer placed there is what
 * the cell will show. */
static void
submit_cell (GwMapCellsFrame *frame,
             guint            cell)
{
  GwMapCellsCommit *commit = frame->commit;
  guint64 bit = G_GUINT64_CONSTANT (1) << cell;

  commit->pending &= ~bit;
  commit->pending_urgent &= ~bit;
  commit->content[cell] = frame->content[cell];
  commit->anim[cell] = frame->anim[cell];
}

void
gw_map_cells_frame_end (GwMapCellsFrame *frame)
{
  GwMapCells *cells = frame->cells;
  GwMapCellsCommit *commit = frame->commit;
  /* Composed images are shown by the bottom layer; the others show nothing
   * in their cells. */
  gboolean presents = cells != NULL && cells->commits->len > 0 && commit == g_ptr_array_index (cells->commits, 0);

  if (frame->in_static)
    gw_map_cells_frame_end_static (frame);
  if (!frame->in_cells)
    return;
  cells->n_drawn++;
  if (presents && cells->composing && !cells->full)
    show_ready (cells);
  for (guint c = 0; c < commit->n_cells; c++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << c;

      if (frame->committing & bit)
        commit_cell (frame, c);
      else if (cells->job_cells & bit)
        submit_cell (frame, c);
      else
        keep_cell (frame, c);
      if (cells->images[c] != NULL)
        {
          g_clear_pointer (&commit->nodes[c], gsk_render_node_unref);
          if (presents)
            gtk_snapshot_append_node (frame->snapshot, cells->images[c]);
        }
      else if (commit->nodes[c] != NULL)
        gtk_snapshot_append_node (frame->snapshot, commit->nodes[c]);
    }
}

/* Composed cells -------------------------------------------------------------- */


static void
free_ops (GArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    cairo_surface_destroy (g_array_index (ops, ComposeOp, i).surface);
  g_array_unref (ops);
}

static void
compose_job_free (ComposeJob *job)
{
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    {
      g_clear_pointer (&job->ops[c], free_ops);
      g_clear_pointer (&job->images[c], cairo_surface_destroy);
    }
  g_free (job);
}

static void
retire (GwMapCells       *cells,
        cairo_surface_t **surface)
{
  if (*surface != NULL)
    g_ptr_array_add (cells->retiring, g_steal_pointer (surface));
}

/* The images of the cells in the turn replace what they showed. */
static void
show_ready (GwMapCells *cells)
{
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    if (cells->turn & cells->ready & (G_GUINT64_CONSTANT (1) << c))
      {
        g_clear_pointer (&cells->images[c], gsk_render_node_unref);
        retire (cells, &cells->surfaces[c]);
        cells->images[c] = g_steal_pointer (&cells->ready_nodes[c]);
        cells->surfaces[c] = g_steal_pointer (&cells->ready_surfaces[c]);
        cells->ready &= ~(G_GUINT64_CONSTANT (1) << c);
      }
}

/* What the view showed composed no longer fits it; a running job's images
 * are dropped when they land. */
static void
drop_composed (GwMapCells *cells)
{
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    {
      g_clear_pointer (&cells->images[c], gsk_render_node_unref);
      g_clear_pointer (&cells->ready_nodes[c], gsk_render_node_unref);
      retire (cells, &cells->surfaces[c]);
      g_clear_pointer (&cells->ready_surfaces[c], cairo_surface_destroy);
      g_clear_pointer (&cells->ops[c], free_ops);
    }
  cells->ready = 0;
  cells->job_cells = 0;
  cells->generation++;
}

static void
compose_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComposeJob *job = task_data;

  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    {
      cairo_surface_t *surface;
      cairo_t *cr;

      if (!(job->mask & (G_GUINT64_CONSTANT (1) << c)))
        continue;
      /* Opaque: the renderer copies it instead of blending it. */
      surface = gw_map_image_surface_new (CAIRO_FORMAT_RGB24, job->width[c], job->height[c]);
      cr = cairo_create (surface);
      cairo_translate (cr, -job->x[c], -job->y[c]);
      for (guint i = 0; job->ops[c] != NULL && i < job->ops[c]->len; i++)
        {
          const ComposeOp *op = &g_array_index (job->ops[c], ComposeOp, i);

          if (op->kind == OP_PLACE)
            gw_map_paint_surface (cr, op->surface, &op->rect, op->has_clip ? &op->clip : NULL, op->filter,
                                  op->opacity);
          else
            paint_ring (cr, op);
        }
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      job->images[c] = surface;
    }
  g_task_return_boolean (task, TRUE);
}

/* A cairo node showing @surface at (@x, @y), unscaled. */
static GskRenderNode *
image_node (cairo_surface_t *surface,
            int              x,
            int              y)
{
  GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (x, y, cairo_image_surface_get_width (surface),
                                                                  cairo_image_surface_get_height (surface)));
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  cairo_set_source_surface (cr, surface, x, y);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

static void
compose_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ComposeJob *job = g_task_get_task_data (G_TASK (result));
  GwMapCells *cells = job->cells;

  /* The worker may hold the task last: what the ops hold (textures the
   * layers have let go) is let go here, on the main thread. */
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    g_clear_pointer (&job->ops[c], free_ops);
  if (cells != NULL)
    {
      cells->job = NULL;
      if (job->generation == cells->generation)
        for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
          if (job->images[c] != NULL)
            {
              g_clear_pointer (&cells->ready_nodes[c], gsk_render_node_unref);
              g_clear_pointer (&cells->ready_surfaces[c], cairo_surface_destroy);
              cells->ready_nodes[c] = image_node (job->images[c], job->x[c], job->y[c]);
              cells->ready_surfaces[c] = g_steal_pointer (&job->images[c]);
              cells->ready |= G_GUINT64_CONSTANT (1) << c;
            }
      queue_layers (cells);
    }
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    g_clear_pointer (&job->images[c], cairo_surface_destroy);
}

/* A frame in which some layer did not draw (GTK draws only the widgets that
 * asked) has not all that the job's cells show: they wait again, as if
 * each layer had something new there. */
static void
abandon_job (GwMapCells *cells)
{
  for (guint c = 0; c < GW_MAP_MAX_CELLS; c++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << c;

      if (!(cells->job_cells & bit))
        continue;
      g_clear_pointer (&cells->ops[c], free_ops);
      for (guint i = 0; i < cells->commits->len; i++)
        {
          GwMapCellsCommit *commit = g_ptr_array_index (cells->commits, i);

          /* No drawing hashes to 1 in practice: the layer's next frame finds
           * the cell changed. */
          commit->content[c] = 1;
          commit->pending |= bit;
          commit->pending_urgent |= bit;
        }
      note_waiting (cells, c, TRUE);
    }
  cells->job_cells = 0;
}

/* The parts this frame's layers placed in the job's cells go to a worker. */
static void
start_job (GwMapCells *cells)
{
  g_autoptr(GTask) task = NULL;
  ComposeJob *job;

  if (cells->job != NULL || cells->layers->len == 0)
    return;
  job = g_new0 (ComposeJob, 1);
  job->cells = cells;
  job->generation = cells->generation;
  job->mask = cells->job_cells;
  for (guint c = 0; c < cells->cols * cells->rows; c++)
    if (job->mask & (G_GUINT64_CONSTANT (1) << c))
      {
        int x, y, width, height;

        /* The last column and row end at the widget's edge. */
        cell_pixels (cells, c, &x, &y, &width, &height);
        job->x[c] = x;
        job->y[c] = y;
        job->width[c] = MAX (1, MIN (width, (int) ceil (cells->last_t.width) - x));
        job->height[c] = MAX (1, MIN (height, (int) ceil (cells->last_t.height) - y));
        job->ops[c] = g_steal_pointer (&cells->ops[c]);
      }
  cells->uncomposed &= ~job->mask;
  cells->job_cells = 0;
  cells->job = job;
  task = g_task_new (NULL, NULL, compose_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) compose_job_free);
  g_task_run_in_thread (task, compose_thread);
}
