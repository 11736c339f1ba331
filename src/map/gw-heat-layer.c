/* gw-heat-layer.c: density of cases over a time window, as one texture
 *
 * The density is gw_heatmap's kernel estimate on a raster over the city's
 * bounds, computed in a worker from a copy of the case positions and coloured
 * with its ramp into one texture; a frame scales it. Feed
 * changes are coalesced into at most one rebuild every REBUILD_MS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>

#include "gw-heat-layer.h"
#include "gw-heatmap.h"

#define RASTER_PX     768
#define KERNEL_PX     22.0   /* three standard deviations, in raster pixels */
#define OPACITY_DARK  0.85
#define OPACITY_LIGHT 0.75
#define REBUILD_MS    2000

typedef struct
{
  double    x0, y0, x1, y1;
  guint     width, height;
  double   *x, *y;     /* case positions, normalised */
  guint     n_points;
  gboolean  dark;
} Job;

struct _GwHeatLayer
{
  ShumateLayer    parent_instance;

  GwMapCases     *cases;
  GwMapGeometry  *geometry;
  GwMapStyle      style;
  gboolean        active;
  guint           hours;
  GwMapStatsAcc  *stats;

  GdkTexture     *texture;
  double          x0, y0, x1, y1;
  gboolean        running;
  gboolean        dirty;
  guint           timeout_id;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (GwHeatLayer, gw_heat_layer, SHUMATE_TYPE_LAYER)

static void schedule (GwHeatLayer *self);

static void
job_free (Job *job)
{
  g_free (job->x);
  g_free (job->y);
  g_free (job);
}

static void
run (GTask        *task,
     gpointer      source,
     gpointer      task_data,
     GCancellable *cancellable)
{
  Job *job = task_data;
  GwHeatmapView view = { job->x0, job->y0, (job->x1 - job->x0) / job->width, job->width, job->height };
  g_autofree float *density = g_new (float, (gsize) job->width * job->height);
  g_autoptr(GBytes) rgba = NULL;
  GError *error = NULL;

  if (!gw_heatmap_density (&view, job->x, job->y, NULL, job->n_points, KERNEL_PX, density, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The light style's map shows through a little more. */
  rgba = gw_heatmap_colorize (density, job->width, job->height, 0,
                              job->dark ? OPACITY_DARK : OPACITY_LIGHT);
  g_task_return_pointer (task,
                         gdk_memory_texture_new (job->width, job->height,
                                                 GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, rgba,
                                                 (gsize) job->width * 4),
                         g_object_unref);
}

static void
done (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  g_autoptr(GwHeatLayer) self = user_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);
  Job *job = g_task_get_task_data (G_TASK (result));

  self->running = FALSE;
  if (error != NULL)
    g_warning ("Heatmap of %u cases not drawn: %s", job->n_points, error->message);
  if (texture == NULL || self->cases == NULL)
    {
      g_clear_object (&texture);
      return;
    }
  g_clear_object (&self->texture);
  self->texture = texture;
  self->x0 = job->x0, self->y0 = job->y0, self->x1 = job->x1, self->y1 = job->y1;
  if (self->dirty)
    schedule (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start (GwHeatLayer *self)
{
  guint n = gw_map_cases_get_n_cases (self->cases);
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  gint64 since = self->hours ? g_get_real_time () / G_USEC_PER_SEC - self->hours * 3600 : G_MININT64;
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);
  double span, pixel;

  gw_map_geometry_get_bounds (self->geometry, &job->x0, &job->y0, &job->x1, &job->y1);
  span = MAX (job->x1 - job->x0, job->y1 - job->y0);
  job->x0 -= span * 0.05, job->y0 -= span * 0.05, job->x1 += span * 0.05, job->y1 += span * 0.05;
  /* Square pixels, RASTER_PX along the longer side. */
  pixel = span * 1.1 / RASTER_PX;
  job->width = MAX (16, (guint) ceil ((job->x1 - job->x0) / pixel));
  job->height = MAX (16, (guint) ceil ((job->y1 - job->y0) / pixel));
  job->x1 = job->x0 + job->width * pixel;
  job->y1 = job->y0 + job->height * pixel;
  job->dark = self->style == GW_MAP_STYLE_DARK;
  job->x = g_new (double, MAX (n, 1));
  job->y = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (cases[i].requested >= since)
      {
        job->x[job->n_points] = cases[i].mx;
        job->y[job->n_points] = cases[i].my;
        job->n_points++;
      }
  self->running = TRUE;
  self->dirty = FALSE;
  task = g_task_new (NULL, self->cancellable, done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run);
}

static gboolean
on_timeout (gpointer user_data)
{
  GwHeatLayer *self = user_data;

  self->timeout_id = 0;
  if (self->running)
    self->dirty = TRUE;
  else if (self->active && self->geometry != NULL)
    start (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (GwHeatLayer *self)
{
  self->dirty = TRUE;
  if (!self->active || self->geometry == NULL || self->timeout_id != 0)
    return;
  self->timeout_id = g_timeout_add (self->texture ? REBUILD_MS : 10, on_timeout, self);
}

static void
gw_heat_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwHeatLayer *self = GW_HEAT_LAYER (widget);
  GwMapStatsMark start;
  GwMapTransform t;
  double x0, y0, x1, y1;

  gw_map_stats_begin (&start);
  if (self->texture == NULL
      || !gw_map_transform_from_viewport (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget))
    return;
  x0 = (self->x0 - t.cx) * t.world + t.width / 2;
  y0 = (self->y0 - t.cy) * t.world + t.height / 2;
  x1 = (self->x1 - t.cx) * t.world + t.width / 2;
  y1 = (self->y1 - t.cy) * t.world + t.height / 2;
  gw_map_transform_push_rotation (&t, snapshot);
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
  gtk_snapshot_restore (snapshot);
  gw_map_stats_add (self->stats, &start, 1, 0);
}

void
gw_heat_layer_set_geometry (GwHeatLayer   *self,
                            GwMapGeometry *geometry)
{
  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  self->geometry = geometry ? gw_map_geometry_ref (geometry) : NULL;
  schedule (self);
}

void
gw_heat_layer_set_style (GwHeatLayer *self,
                         GwMapStyle   style)
{
  if (self->style == style)
    return;
  self->style = style;
  schedule (self);
}

void
gw_heat_layer_set_active (GwHeatLayer *self,
                          gboolean     active)
{
  self->active = active;
  if (active)
    schedule (self);
}

void
gw_heat_layer_set_hours (GwHeatLayer *self,
                         guint        hours)
{
  if (self->hours == hours)
    return;
  self->hours = hours;
  schedule (self);
}

void
gw_heat_layer_set_stats (GwHeatLayer   *self,
                         GwMapStatsAcc *stats)
{
  self->stats = stats;
}

guint
gw_heat_layer_get_n_pending (GwHeatLayer *self)
{
  return self->active ? self->running + (self->timeout_id != 0) : 0;
}

gsize
gw_heat_layer_get_bytes (GwHeatLayer *self)
{
  return gw_map_texture_bytes (self->texture);
}

static void
gw_heat_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gw_heat_layer_parent_class)->constructed (object);
  gw_map_layer_follow_viewport (SHUMATE_LAYER (object));
}

static void
gw_heat_layer_dispose (GObject *object)
{
  GwHeatLayer *self = GW_HEAT_LAYER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  G_OBJECT_CLASS (gw_heat_layer_parent_class)->dispose (object);
}

static void
gw_heat_layer_class_init (GwHeatLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_heat_layer_constructed;
  object_class->dispose = gw_heat_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_heat_layer_snapshot;
}

static void
gw_heat_layer_init (GwHeatLayer *self)
{
  self->hours = 24;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwHeatLayer *
gw_heat_layer_new (ShumateViewport *viewport,
                   GwMapCases      *cases)
{
  GwHeatLayer *self = g_object_new (GW_TYPE_HEAT_LAYER, "viewport", viewport, NULL);

  self->cases = g_object_ref (cases);
  g_signal_connect_object (cases, "reset", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cases, "added", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cases, "updated", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  return self;
}
