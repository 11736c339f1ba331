/* gw-chart.c: base of the wall's charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo at 4K is too slow for the main thread (STACK.md): a chart is drawn
 * by its subclass's draw function on a worker thread into an image surface.
 * A frame with no change appends the same cached render nodes and costs
 * nothing.
 *
 * What costs the main thread is a new image: GTK 4.8's GL renderer uploads
 * it there (about 30 ms for a 3 MB chart on llvmpipe), and its cairo renderer
 * repaints what it covers. So the worker diffs each drawing against the one
 * before, cell by cell, and only the changed rectangles become new images
 * (patches), drawn over the whole image of the first drawing (the base).
 * Patches are kept disjoint: a change that touches a patch replaces it by one
 * covering both, so a spot that keeps changing (a number, a bar's top) costs
 * one small image per change and the count of patches stays bounded. A change
 * over most of the chart (a new size, style, axis) makes a new base. A
 * drawing identical to the last one makes nothing.
 *
 * A frame shows one cairo node per image, each made once and appended again
 * in every frame until its image goes: the base, then the patches, oldest
 * first. Not texture nodes: GTK 4.8's cairo renderer (the wall without a
 * GPU) converts every texture node of the window pixel by pixel, whole, in
 * every frame it repaints anything, whereas a cairo node costs only the
 * pixels repainted. Nodes that stay the same objects are nothing new to
 * GTK's diff of the frame, so a change repaints its new patches (which cover
 * those they replace) and nothing else of the chart. GTK gives up on a diff
 * of more than 30 rectangles and repaints the whole container: a chart's
 * change is a few rectangles, and the charts change in turns, one area of
 * the wall a frame (gw-frame-turns.c). The GL renderer keeps a cairo node's
 * pixels on the GPU as long as the node lives, as it did a texture's.
 *
 * A change (new values, hover, style, size) starts one render; changes
 * during it coalesce into the next one. A render lands in the chart's turn
 * (gw-frame-turns.c), and the next starts then. Values are tweened over
 * 400 ms by a tick callback that exists only while animating, in steps at
 * least 100 ms apart: each step is a repaint.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "gw-chart.h"
#include "gw-frame-turns.h"

#define TWEEN_USEC (400 * 1000)
/* The animation renders at most this often: each step is a repaint. */
#define TWEEN_STEP_USEC (100 * 1000)
/* Diff granularity in pixels: smaller cells upload less but make more patches. */
#define CELL 32
/* Above this share of the chart changed, one new base beats many patches. */
#define REBASE_SHARE 0.5

typedef struct
{
  int x, y, width, height;   /* pixels of the chart's drawing */
} Box;

/* A rectangle of the drawing: the base (all of it), or a changed part drawn
 * over the base. */
typedef struct
{
  Box              box;
  cairo_surface_t *image;   /* its pixels, immutable */
  GskRenderNode   *node;    /* (nullable) shows it; made by a frame, kept until it goes */
} Patch;

typedef struct
{
  char        *title;
  GArray      *from;      /* double */
  GArray      *to;
  GArray      *shown;
  GPtrArray   *texts;
  guint        flags;
  int          hover;
  int          style;      /* -1 follow, 0 light, 1 dark */
  gboolean     animated;

  gint64       tween_start;
  guint        tick_id;

  Patch        base;            /* image NULL before the first drawing */
  GArray      *patches;         /* Patch, disjoint, over the base, oldest first */
  int          node_width;      /* the widget size the nodes were made for */
  int          node_height;
  cairo_surface_t *image;       /* the last drawing (what base and patches show);
                                   lent to the worker while it renders */
  int          texture_width;   /* pixels */
  int          texture_height;
  guint        serial;          /* bumped by every change that alters the drawing */
  guint        texture_serial;
  gboolean     rendering;       /* from the start of a render to the turn it lands in */
  struct _Job *landing;         /* (nullable) drawn, waiting for its turn on screen */
  gint64       render_start;    /* monotonic µs */
  guint        n_renders;
  guint        n_bases;         /* whole images made */
  guint64      bytes;           /* image bytes made (bases and patches) */
  GCancellable *cancellable;
} GwChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GwChart, gw_chart, GTK_TYPE_WIDGET)

/* Bytes of every image any chart made: each is new to the renderer. */
static guint64 texture_bytes;

/* A render's input, owned by the worker, and its output. */
typedef struct _Job
{
  GwChartFrame  frame;
  GwChartClass *klass;
  double        scale;
  int           width;
  int           height;
  guint         serial;
  cairo_surface_t *previous;   /* (nullable) the drawing shown now */
  GArray       *boxes;         /* Box: the patches shown now */

  cairo_surface_t *image;      /* the new drawing */
  Patch         base;          /* a new base, or image NULL */
  GArray       *patches;       /* Patch: new patches (replacing those they cover) */
} Job;

static void request_render (GwChart *self);

static gboolean
is_dark (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  if (priv->style >= 0)
    return priv->style == 1;
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The node before the image it shows: a node holds a copy-on-write
 * snapshot of it, which an image destroyed first would copy. */
static void
patch_clear (Patch *patch)
{
  g_clear_pointer (&patch->node, gsk_render_node_unref);
  g_clear_pointer (&patch->image, cairo_surface_destroy);
}

static void
forget_nodes (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_clear_pointer (&priv->base.node, gsk_render_node_unref);
  for (guint i = 0; i < priv->patches->len; i++)
    g_clear_pointer (&g_array_index (priv->patches, Patch, i).node, gsk_render_node_unref);
}

static void
job_free (Job *job)
{
  g_free ((double *) job->frame.values);
  g_clear_pointer (&job->frame.texts, g_ptr_array_unref);
  g_clear_pointer (&job->previous, cairo_surface_destroy);
  g_clear_pointer (&job->image, cairo_surface_destroy);
  patch_clear (&job->base);
  g_clear_pointer (&job->boxes, g_array_unref);
  g_clear_pointer (&job->patches, g_array_unref);
  g_free (job);
}

static Job *
job_new (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);
  Job *job = g_new0 (Job, 1);

  job->scale = gtk_widget_get_scale_factor (widget);
  job->frame.width = gtk_widget_get_width (widget);
  job->frame.height = gtk_widget_get_height (widget);
  job->width = (int) (job->frame.width * job->scale);
  job->height = (int) (job->frame.height * job->scale);
  job->frame.dark = is_dark (self);
  job->frame.palette = gw_chart_palette_get (job->frame.dark);
  job->frame.values = g_memdup2 (priv->shown->data, priv->shown->len * sizeof (double));
  job->frame.n_values = priv->shown->len;
  job->frame.texts = priv->texts != NULL ? g_ptr_array_ref (priv->texts) : NULL;
  job->frame.hover = priv->hover;
  job->frame.flags = priv->flags;
  job->klass = GW_CHART_GET_CLASS (self);
  job->serial = priv->serial;
  job->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  job->patches = g_array_new (FALSE, FALSE, sizeof (Patch));
  g_array_set_clear_func (job->patches, (GDestroyNotify) patch_clear);
  /* Only a drawing of the same size can be diffed. */
  if (priv->image != NULL && priv->texture_width == job->width &&
      priv->texture_height == job->height)
    {
      job->previous = g_steal_pointer (&priv->image);
      for (guint i = 0; i < priv->patches->len; i++)
        g_array_append_val (job->boxes, g_array_index (priv->patches, Patch, i).box);
    }
  return job;
}

/* The part @box of @surface as a patch. */
static Patch
patch_of (cairo_surface_t *surface,
          Box              box)
{
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  Patch patch = { box, NULL, NULL };
  guchar *copy;
  int copy_stride;

  if (box.x == 0 && box.y == 0 && box.width == cairo_image_surface_get_width (surface) &&
      box.height == cairo_image_surface_get_height (surface))
    {
      /* The whole drawing: share its pixels (nobody writes them again). */
      patch.image = cairo_surface_reference (surface);
      return patch;
    }
  patch.image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, box.width, box.height);
  copy = cairo_image_surface_get_data (patch.image);
  copy_stride = cairo_image_surface_get_stride (patch.image);
  for (int y = 0; y < box.height; y++)
    memcpy (copy + (gsize) y * copy_stride,
            data + (gsize) (box.y + y) * stride + (gsize) box.x * 4, (gsize) box.width * 4);
  cairo_surface_mark_dirty (patch.image);
  return patch;
}

static gboolean
cell_differs (cairo_surface_t *a,
              cairo_surface_t *b,
              Box              cell)
{
  int stride = cairo_image_surface_get_stride (a);
  const guchar *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);

  for (int y = cell.y; y < cell.y + cell.height; y++)
    if (memcmp (pa + (gsize) y * stride + (gsize) cell.x * 4,
                pb + (gsize) y * stride + (gsize) cell.x * 4, (gsize) cell.width * 4) != 0)
      return TRUE;
  return FALSE;
}

static gboolean
boxes_overlap (const Box *a,
               const Box *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static Box
box_union (const Box *a,
           const Box *b)
{
  int x = MIN (a->x, b->x), y = MIN (a->y, b->y);

  return (Box) { x, y, MAX (a->x + a->width, b->x + b->width) - x,
                 MAX (a->y + a->height, b->y + b->height) - y };
}

/* The changed cells of @job's drawing as rectangles: runs of cells in a row
 * of cells, stacked with the same run of the row above. */
static GArray *
changed_boxes (Job *job)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (Box));

  for (int y = 0; y < job->height; y += CELL)
    {
      guint this_row = boxes->len;
      int h = MIN (CELL, job->height - y);

      for (int x = 0; x < job->width; x += CELL)
        {
          Box cell = { x, y, MIN (CELL, job->width - x), h };

          if (!cell_differs (job->previous, job->image, cell))
            continue;
          if (boxes->len > this_row &&
              g_array_index (boxes, Box, boxes->len - 1).x +
              g_array_index (boxes, Box, boxes->len - 1).width == x)
            g_array_index (boxes, Box, boxes->len - 1).width += cell.width;
          else
            g_array_append_val (boxes, cell);
        }
      /* A run under the same run of the row above extends it downwards. */
      for (guint i = this_row; i < boxes->len; i++)
        {
          Box *run = &g_array_index (boxes, Box, i);

          for (guint j = 0; j < this_row; j++)
            {
              Box *above = &g_array_index (boxes, Box, j);

              if (above->x == run->x && above->width == run->width &&
                  above->y + above->height == y)
                {
                  above->height += run->height;
                  g_array_remove_index (boxes, i--);
                  break;
                }
            }
        }
    }
  return boxes;
}

/* Merges @changed with the patches shown (@job->boxes) until no two overlap:
 * the result replaces every patch it overlaps. */
static void
merge_boxes (GArray *changed,
             GArray *shown)
{
  gboolean merged = TRUE;

  while (merged)
    {
      merged = FALSE;
      for (guint i = 0; i < changed->len && !merged; i++)
        {
          Box *a = &g_array_index (changed, Box, i);

          for (guint j = i + 1; j < changed->len && !merged; j++)
            if (boxes_overlap (a, &g_array_index (changed, Box, j)))
              {
                *a = box_union (a, &g_array_index (changed, Box, j));
                g_array_remove_index_fast (changed, j);
                merged = TRUE;
              }
          for (guint j = 0; j < shown->len && !merged; j++)
            if (boxes_overlap (a, &g_array_index (shown, Box, j)))
              {
                *a = box_union (a, &g_array_index (shown, Box, j));
                g_array_remove_index_fast (shown, j);
                merged = TRUE;
              }
        }
    }
}

/* GW_CHART_FULL_TEXTURES=1: a new whole image for every change, as before
 * patches (to compare in benchmarks). */
static gboolean
full_textures (void)
{
  static gsize once;
  static gboolean full;

  if (g_once_init_enter (&once))
    {
      full = g_strcmp0 (g_getenv ("GW_CHART_FULL_TEXTURES"), "1") == 0;
      g_once_init_leave (&once, 1);
    }
  return full;
}

static void
job_run (Job *job)
{
  g_autoptr(GArray) changed = NULL;
  cairo_t *cr;
  double area = 0;

  job->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cr = cairo_create (job->image);
  cairo_scale (cr, job->scale, job->scale);
  job->klass->draw (cr, &job->frame);
  cairo_destroy (cr);
  cairo_surface_flush (job->image);

  if (job->previous == NULL || full_textures ())
    {
      job->base = patch_of (job->image, (Box) { 0, 0, job->width, job->height });
      return;
    }
  changed = changed_boxes (job);
  merge_boxes (changed, job->boxes);
  for (guint i = 0; i < changed->len; i++)
    area += (double) g_array_index (changed, Box, i).width * g_array_index (changed, Box, i).height;
  for (guint i = 0; i < job->boxes->len; i++)
    area += (double) g_array_index (job->boxes, Box, i).width *
            g_array_index (job->boxes, Box, i).height;
  if (area > REBASE_SHARE * job->width * job->height)
    {
      job->base = patch_of (job->image, (Box) { 0, 0, job->width, job->height });
      return;
    }
  for (guint i = 0; i < changed->len; i++)
    {
      Patch patch = patch_of (job->image, g_array_index (changed, Box, i));

      g_array_append_val (job->patches, patch);
    }
}

/* The one thread that draws every chart, below the main thread's priority:
 * on a wall PC of two cores, thirteen charts drawn at once after each refresh
 * took the cores from the frames. The charts wait instead. The thread holds
 * no reference to @task: request_render's ends in rendered_cb, on the main
 * thread, so a chart is never finalized here. */
static void
render_in_pool (gpointer task,
                gpointer user_data)
{
  static gboolean niced;

  /* On Linux the nice value is the calling thread's. */
  if (!niced && setpriority (PRIO_PROCESS, 0, 10) != 0)
    g_debug ("charts draw at the main thread's priority: %s", g_strerror (errno));
  niced = TRUE;
  if (g_task_return_error_if_cancelled (task))
    return;
  job_run (g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

static void
render_in_thread (GTask *task)
{
  static GThreadPool *pool;

  /* Exclusive: its thread is ours alone, nobody else's work runs niced. */
  if (pool == NULL)
    pool = g_thread_pool_new (render_in_pool, NULL, 1, TRUE, NULL);
  g_thread_pool_push (pool, task, NULL);
}

static guint64
patch_bytes (const Patch *patch)
{
  return (guint64) patch->box.width * patch->box.height * 4;
}

/* Shows @job's drawing: a new base, or its patches over the base. */
static void
take_job (GwChart *self,
          Job     *job)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_clear_pointer (&priv->image, cairo_surface_destroy);
  priv->image = g_steal_pointer (&job->image);
  if (job->base.image != NULL)
    {
      patch_clear (&priv->base);
      priv->base = job->base;
      job->base = (Patch) { { 0 } };
      g_array_set_size (priv->patches, 0);
      priv->texture_width = priv->base.box.width;
      priv->texture_height = priv->base.box.height;
      texture_bytes += patch_bytes (&priv->base);
      priv->bytes += patch_bytes (&priv->base);
      priv->n_bases++;
    }
  for (guint i = 0; i < job->patches->len; i++)
    {
      Patch *patch = &g_array_index (job->patches, Patch, i);

      /* Disjoint by construction: what a new patch overlaps, it covers. */
      for (guint j = 0; j < priv->patches->len; j++)
        if (boxes_overlap (&patch->box, &g_array_index (priv->patches, Patch, j).box))
          g_array_remove_index (priv->patches, j--);
      texture_bytes += patch_bytes (patch);
      priv->bytes += patch_bytes (patch);
      g_array_append_val (priv->patches, *patch);
      *patch = (Patch) { { 0 } };
    }
  priv->texture_serial = job->serial;
  priv->n_renders++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The chart's turn to change on screen (gw-frame-turns.c): a frame of a
 * wall without a GPU repaints the box around all that changed in it. */
static void
land (GtkWidget *widget,
      gpointer   user_data)
{
  GwChart *self = GW_CHART (widget);
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  Job *job = g_steal_pointer (&priv->landing);

  if (job == NULL)
    return;
  priv->rendering = FALSE;
  take_job (self, job);
  job_free (job);
  request_render (self);
}

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwChart *self;
  GwChartPrivate *priv;
  Job *job = g_task_get_task_data (G_TASK (result));

  /* request_render's reference; the task holds another while it calls us. */
  g_object_unref (result);
  if (!g_task_propagate_boolean (G_TASK (result), NULL))  /* cancelled: the chart is gone */
    return;
  self = GW_CHART (object);
  priv = gw_chart_get_instance_private (self);
  /* The task frees its data: the landing takes the contents. */
  priv->landing = g_memdup2 (job, sizeof *job);
  memset (job, 0, sizeof *job);
  gw_frame_turns_ask (GTK_WIDGET (self), land, NULL);
}

static gboolean
texture_is_current (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);
  int scale = gtk_widget_get_scale_factor (widget);

  return priv->base.image != NULL && priv->texture_serial == priv->serial &&
         priv->texture_width == (int) (gtk_widget_get_width (widget) * scale) &&
         priv->texture_height == (int) (gtk_widget_get_height (widget) * scale);
}

/* Starts a render unless one runs (its completion calls this again) or the
 * texture is current. */
static void
request_render (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  GTask *task;

  /* A hidden chart (the wall's window hidden, another layout) draws on map. */
  if (priv->rendering || texture_is_current (self) || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      gtk_widget_get_width (GTK_WIDGET (self)) <= 0 ||
      gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return;
  /* A few steps make the motion; each one is a repaint. The animation's
   * next tick asks again. */
  if (priv->tick_id != 0 && g_get_monotonic_time () - priv->render_start < TWEEN_STEP_USEC)
    return;
  priv->render_start = g_get_monotonic_time ();
  priv->rendering = TRUE;
  task = g_task_new (self, priv->cancellable, rendered_cb, NULL);
  g_task_set_source_tag (task, request_render);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  render_in_thread (task);
}

static void
invalidate (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  priv->serial++;
  request_render (self);
}

/* A cairo node showing @patch (the base, or a part over it) at the widget's
 * size: made once, appended in every frame until the patch goes. */
static GskRenderNode *
node_of (const Patch *patch,
         double       sx,
         double       sy)
{
  const Box *box = &patch->box;
  GskRenderNode *node;
  cairo_t *cr;

  node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (box->x * sx, box->y * sy,
                                                  box->width * sx, box->height * sy));
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_scale (cr, sx, sy);
  cairo_set_source_surface (cr, patch->image, box->x, box->y);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_fill (cr);
  cairo_destroy (cr);
  return node;
}

static void
append_nodes (GwChart     *self,
              GtkSnapshot *snapshot,
              int          width,
              int          height)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  double sx = (double) width / priv->texture_width;
  double sy = (double) height / priv->texture_height;

  /* Nodes made for another size of the widget showed the drawing stretched. */
  if (priv->node_width != width || priv->node_height != height)
    forget_nodes (self);
  priv->node_width = width;
  priv->node_height = height;
  if (priv->base.node == NULL)
    priv->base.node = node_of (&priv->base, sx, sy);
  gtk_snapshot_append_node (snapshot, priv->base.node);
  for (guint i = 0; i < priv->patches->len; i++)
    {
      Patch *patch = &g_array_index (priv->patches, Patch, i);

      if (patch->node == NULL)
        patch->node = node_of (patch, sx, sy);
      gtk_snapshot_append_node (snapshot, patch->node);
    }
}

static void
gw_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  GwChart *self = GW_CHART (widget);
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;
  if (priv->base.image == NULL)
    {
      /* The very first frame: draw at once rather than show an empty card. */
      Job *job = job_new (self);

      job_run (job);
      take_job (self, job);
      job_free (job);
    }
  else if (!texture_is_current (self))
    request_render (self);  /* meanwhile the last drawing, stretched */
  if (priv->base.image == NULL)
    return;
  append_nodes (self, snapshot, width, height);
}

static void
gw_chart_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gw_chart_parent_class)->map (widget);
  request_render (GW_CHART (widget));
}

static void
gw_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  request_render (GW_CHART (widget));
}

/* Animation */

static double
ease_out (double t)
{
  double u = 1 - t;

  return 1 - u * u * u;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GwChart *self = GW_CHART (widget);
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  double t = (gdk_frame_clock_get_frame_time (clock) - priv->tween_start) / (double) TWEEN_USEC;
  double e = ease_out (CLAMP (t, 0, 1));

  for (guint i = 0; i < priv->shown->len; i++)
    {
      double a = g_array_index (priv->from, double, i);
      double b = g_array_index (priv->to, double, i);

      g_array_index (priv->shown, double, i) = a + (b - a) * e;
    }
  /* The last step renders whenever it can: not an animation step any more. */
  if (t >= 1)
    priv->tick_id = 0;
  invalidate (self);
  return priv->tick_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
animations_enabled (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  gboolean enabled = FALSE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations",
                &enabled, NULL);
  return priv->animated && enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

/* Hover and tooltips */

static void
set_hover (GwChart *self,
           int      item)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  if (priv->hover == item)
    return;
  priv->hover = item;
  invalidate (self);
}

static int
hit (GwChart *self,
     double   x,
     double   y)
{
  GwChartClass *klass = GW_CHART_GET_CLASS (self);

  if (klass->hit == NULL)
    return -1;
  return klass->hit (self, gtk_widget_get_width (GTK_WIDGET (self)),
                     gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           GwChart                  *self)
{
  set_hover (self, hit (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *motion,
          GwChart                  *self)
{
  set_hover (self, -1);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  GwChart *self = GW_CHART (widget);
  GwChartClass *klass = GW_CHART_GET_CLASS (self);
  int item = hit (self, x, y);
  g_autofree char *text = NULL;

  if (item < 0 || klass->tooltip == NULL)
    return FALSE;
  text = klass->tooltip (self, item);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GObject */

static void
on_dark_changed (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  if (priv->style < 0)
    invalidate (self);
}

static void
gw_chart_dispose (GObject *object)
{
  GwChart *self = GW_CHART (object);
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  gw_frame_turns_withdraw (GTK_WIDGET (self));
  g_clear_pointer (&priv->landing, job_free);
  if (priv->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), priv->tick_id);
  priv->tick_id = 0;
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);

  G_OBJECT_CLASS (gw_chart_parent_class)->dispose (object);
}

static void
gw_chart_finalize (GObject *object)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (GW_CHART (object));

  g_free (priv->title);
  g_array_unref (priv->from);
  g_array_unref (priv->to);
  g_array_unref (priv->shown);
  g_clear_pointer (&priv->texts, g_ptr_array_unref);
  forget_nodes (GW_CHART (object));
  patch_clear (&priv->base);
  g_array_unref (priv->patches);
  g_clear_pointer (&priv->image, cairo_surface_destroy);
  g_clear_object (&priv->cancellable);

  G_OBJECT_CLASS (gw_chart_parent_class)->finalize (object);
}

static void
gw_chart_class_init (GwChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_chart_dispose;
  object_class->finalize = gw_chart_finalize;
  widget_class->snapshot = gw_chart_snapshot;
  widget_class->size_allocate = gw_chart_size_allocate;
  widget_class->map = gw_chart_map;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gw_chart_init (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();

  priv->from = g_array_new (FALSE, TRUE, sizeof (double));
  priv->to = g_array_new (FALSE, TRUE, sizeof (double));
  priv->shown = g_array_new (FALSE, TRUE, sizeof (double));
  priv->hover = -1;
  priv->style = -1;
  priv->animated = TRUE;
  priv->cancellable = g_cancellable_new ();
  priv->patches = g_array_new (FALSE, FALSE, sizeof (Patch));
  g_array_set_clear_func (priv->patches, (GDestroyNotify) patch_clear);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
}

static gboolean
same_texts (GPtrArray *a,
            GPtrArray *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_values (GwChart      *self,
             const double *values,
             guint         n_values,
             GPtrArray    *texts,
             guint         flags)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  return priv->n_renders > 0 && priv->flags == flags && priv->to->len == n_values &&
         (n_values == 0 || memcmp (priv->to->data, values, n_values * sizeof (double)) == 0) &&
         same_texts (priv->texts, texts);
}

/**
 * gw_chart_set_title:
 * @self: a chart
 * @title: what it shows (translated), drawn at its top and its accessible name
 *
 * For a subclass's constructor: set it before the first values.
 */
void
gw_chart_set_title (GwChart    *self,
                    const char *title)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_if_fail (GW_IS_CHART (self));

  g_free (priv->title);
  priv->title = g_strdup (title);
}

const char *
gw_chart_get_title (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), NULL);
  return priv->title;
}

/**
 * gw_chart_texts_new:
 * @self: a chart
 *
 * Returns: (transfer full): texts for gw_chart_set_values(), holding the
 *   title first (gw_chart_text (frame, 0)); the subclass appends its own
 */
GPtrArray *
gw_chart_texts_new (GwChart *self)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GW_IS_CHART (self), NULL);
  g_ptr_array_add (texts, g_strdup (gw_chart_get_title (self)));
  return texts;
}

/**
 * gw_chart_set_values:
 * @self: a chart
 * @values: (array length=n_values): the values to show
 * @n_values: how many
 * @texts: (nullable) (transfer none): strings the draw function reads; not
 *   changed afterwards (it is shared with the worker)
 * @flags: the subclass's
 *
 * Shows new values, tweened from the current ones over 400 ms when the
 * chart is mapped and animations are on. Values that did not exist before
 * grow from 0.
 */
void
gw_chart_set_values (GwChart      *self,
                     const double *values,
                     guint         n_values,
                     GPtrArray    *texts,
                     guint         flags)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  guint old = priv->shown->len;

  g_return_if_fail (GW_IS_CHART (self));
  g_return_if_fail (values != NULL || n_values == 0);

  /* The panel sets every chart on every recomputation: most stay as they are. */
  if (same_values (self, values, n_values, texts, flags))
    return;
  if (texts != priv->texts)
    {
      g_clear_pointer (&priv->texts, g_ptr_array_unref);
      priv->texts = texts != NULL ? g_ptr_array_ref (texts) : NULL;
    }
  priv->flags = flags;
  g_array_set_size (priv->shown, n_values);
  for (guint i = old; i < n_values; i++)
    g_array_index (priv->shown, double, i) = 0;
  g_array_set_size (priv->from, 0);
  g_array_append_vals (priv->from, priv->shown->data, n_values);
  g_array_set_size (priv->to, 0);
  g_array_append_vals (priv->to, values, n_values);

  if (animations_enabled (self) && memcmp (priv->from->data, priv->to->data,
                                           n_values * sizeof (double)) != 0)
    {
      priv->tween_start = g_get_monotonic_time ();
      if (priv->tick_id == 0)
        priv->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
    }
  else
    {
      g_array_set_size (priv->shown, 0);
      g_array_append_vals (priv->shown, values, n_values);
    }
  invalidate (self);
}

/**
 * gw_chart_get_values:
 * @self: a chart
 * @n_values: (out): how many
 *
 * Returns: (transfer none): the values last set (the animation's target)
 */
const double *
gw_chart_get_values (GwChart *self,
                     guint   *n_values)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), NULL);
  *n_values = priv->to->len;
  return (const double *) priv->to->data;
}

GPtrArray *
gw_chart_get_texts (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), NULL);
  return priv->texts;
}

/**
 * gw_chart_set_description:
 * @self: a chart
 * @description: its values in words, for screen readers (its title names it)
 */
void
gw_chart_set_description (GwChart    *self,
                          const char *description)
{
  g_return_if_fail (GW_IS_CHART (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gw_chart_get_title (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

void
gw_chart_set_style (GwChart *self,
                    int      dark)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_if_fail (GW_IS_CHART (self));

  if (priv->style == dark)
    return;
  priv->style = dark;
  invalidate (self);
}

void
gw_chart_set_animated (GwChart  *self,
                       gboolean  animated)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_if_fail (GW_IS_CHART (self));
  priv->animated = animated;
}

gboolean
gw_chart_is_settled (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), FALSE);
  return priv->tick_id == 0 && !priv->rendering && texture_is_current (self);
}

/* Textures drawn so far (tests, benchmarks). */
guint
gw_chart_get_n_renders (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), 0);
  return priv->n_renders;
}

/**
 * gw_chart_get_texture_bytes:
 *
 * Returns: the bytes of all the images (bases and patches) the charts of
 *   this process made so far; each is new to the renderer: the GL renderer
 *   uploads it, the cairo renderer repaints it (benchmarks, tests)
 */
guint64
gw_chart_get_texture_bytes (void)
{
  return texture_bytes;
}

/* Images a frame of the chart appends: the base and its patches (tests). */
guint
gw_chart_get_n_textures (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), 0);
  return (priv->base.image != NULL) + priv->patches->len;
}

/**
 * gw_chart_get_upload_stats:
 * @self: a chart
 * @n_bases: (out) (optional): whole images it made
 *
 * Returns: the bytes of all the images (bases and patches) it made
 *   (tests, benchmarks)
 */
guint64
gw_chart_get_upload_stats (GwChart *self,
                           guint   *n_bases)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_return_val_if_fail (GW_IS_CHART (self), 0);
  if (n_bases != NULL)
    *n_bases = priv->n_bases;
  return priv->bytes;
}
