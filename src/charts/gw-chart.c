/* gw-chart.c: base of the wall's charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo at 4K is too slow for the main thread (STACK.md): a chart is drawn
 * by its subclass's draw function on a worker thread into an image surface,
 * wrapped as a GdkMemoryTexture and kept. A frame with no change appends
 * that texture and costs nothing. A change (new values, hover, style, size)
 * starts one render; changes during it coalesce into the next one. Values
 * are tweened over 400 ms by a tick callback that exists only while
 * animating; each tick asks for a render, so an animation runs at the rate
 * the worker draws.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gw-chart.h"

#define TWEEN_USEC (400 * 1000)

typedef struct
{
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

  GdkTexture  *texture;
  int          texture_width;   /* pixels */
  int          texture_height;
  guint        serial;          /* bumped by every change that alters the drawing */
  guint        texture_serial;
  gboolean     rendering;
  guint        n_renders;
  GCancellable *cancellable;
} GwChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GwChart, gw_chart, GTK_TYPE_WIDGET)

/* A render's input, owned by the worker. */
typedef struct
{
  GwChartFrame  frame;
  GwChartClass *klass;
  double        scale;
  int           width;
  int           height;
  guint         serial;
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

static void
job_free (Job *job)
{
  g_free ((double *) job->frame.values);
  g_clear_pointer (&job->frame.texts, g_ptr_array_unref);
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
  return job;
}

static GdkTexture *
job_run (Job *job)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *bytes;
  GdkTexture *texture;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cr = cairo_create (surface);
  cairo_scale (cr, job->scale, job->scale);
  job->klass->draw (cr, &job->frame);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* cairo's ARGB32 is premultiplied native-endian: GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * job->height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (job->width, job->height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  return texture;
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_task_return_pointer (task, job_run (task_data), g_object_unref);
}

static void
take_texture (GwChart    *self,
              GdkTexture *texture,
              guint       serial)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  g_set_object (&priv->texture, texture);
  priv->texture_width = gdk_texture_get_width (texture);
  priv->texture_height = gdk_texture_get_height (texture);
  priv->texture_serial = serial;
  priv->n_renders++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);
  GwChart *self;
  GwChartPrivate *priv;
  Job *job = g_task_get_task_data (G_TASK (result));

  if (texture == NULL)  /* cancelled: the chart is gone */
    return;
  self = GW_CHART (object);
  priv = gw_chart_get_instance_private (self);
  priv->rendering = FALSE;
  take_texture (self, texture, job->serial);
  request_render (self);
}

static gboolean
texture_is_current (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);
  int scale = gtk_widget_get_scale_factor (widget);

  return priv->texture != NULL && priv->texture_serial == priv->serial &&
         priv->texture_width == (int) (gtk_widget_get_width (widget) * scale) &&
         priv->texture_height == (int) (gtk_widget_get_height (widget) * scale);
}

/* Starts a render unless one runs (its completion calls this again) or the
 * texture is current. */
static void
request_render (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);
  g_autoptr(GTask) task = NULL;

  if (priv->rendering || texture_is_current (self) ||
      gtk_widget_get_width (GTK_WIDGET (self)) <= 0 ||
      gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return;
  priv->rendering = TRUE;
  task = g_task_new (self, priv->cancellable, rendered_cb, NULL);
  g_task_set_source_tag (task, request_render);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, render_thread);
}

static void
invalidate (GwChart *self)
{
  GwChartPrivate *priv = gw_chart_get_instance_private (self);

  priv->serial++;
  request_render (self);
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
  if (priv->texture == NULL)
    {
      /* The very first frame: draw at once rather than show an empty card. */
      Job *job = job_new (self);
      g_autoptr(GdkTexture) texture = job_run (job);

      take_texture (self, texture, job->serial);
      job_free (job);
    }
  else if (!texture_is_current (self))
    request_render (self);  /* meanwhile the last texture, stretched */

  gtk_snapshot_append_texture (snapshot, priv->texture,
                               &GRAPHENE_RECT_INIT (0, 0, width, height));
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
  invalidate (self);
  if (t < 1)
    return G_SOURCE_CONTINUE;
  priv->tick_id = 0;
  return G_SOURCE_REMOVE;
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

  g_array_unref (priv->from);
  g_array_unref (priv->to);
  g_array_unref (priv->shown);
  g_clear_pointer (&priv->texts, g_ptr_array_unref);
  g_clear_object (&priv->texture);
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
 * gw_chart_set_accessible_text:
 * @self: a chart
 * @label: the chart's name
 * @description: its values in words, for screen readers
 */
void
gw_chart_set_accessible_text (GwChart    *self,
                              const char *label,
                              const char *description)
{
  g_return_if_fail (GW_IS_CHART (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
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
