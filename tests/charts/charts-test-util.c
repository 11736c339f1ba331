/* charts-test-util.c: known data and headless rendering for the charts' tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "charts-test-util.h"
#include "gw-chart-panel.h"
#include "gw-chart.h"

static char *
dataset (void)
{
  g_autofree char *b1 = core_test_case_json ("A1", 1);
  g_autofree char *a1 = core_test_edit (b1,
    "expected_datetime", "\"2026-11-21T12:00:00+08:00\"", NULL);
  g_autofree char *b2 = core_test_case_json ("A2", 1);
  g_autofree char *a2 = core_test_edit (b2,
    "requested_datetime", "\"2026-11-21T14:30:00+08:00\"", NULL);
  g_autofree char *b3 = core_test_case_json ("A3", 1);
  g_autofree char *a3 = core_test_edit (b3,
    "category", "\"dispute\"", "channel", "\"hotline_12345\"",
    "grid_code", "\"360102003001001\"", "agency_responsible", "\"360102-ga\"",
    "status", "\"closed\"", "status_detail", "\"closed\"",
    "requested_datetime", "\"2026-11-20T14:00:00+08:00\"",
    "resolved_datetime", "\"2026-11-21T10:00:00+08:00\"",
    "closed_datetime", "\"2026-11-21T11:00:00+08:00\"",
    "resolved_level", "\"village\"", "satisfaction", "5", NULL);
  g_autofree char *b4 = core_test_case_json ("A4", 1);
  g_autofree char *a4 = core_test_edit (b4,
    "category", "\"urban\"", "channel", "\"city_management\"",
    "grid_code", "\"360103001001001\"", "agency_responsible", "\"360103-cg\"",
    "status_detail", "\"resolved\"",
    "requested_datetime", "\"2026-11-10T10:00:00+08:00\"",
    "expected_datetime", "\"2026-11-12T10:00:00+08:00\"",
    "resolved_datetime", "\"2026-11-15T10:00:00+08:00\"",
    "resolved_level", "\"county\"", "satisfaction", "3", NULL);
  g_autofree char *b5 = core_test_case_json ("A5", 1);
  g_autofree char *a5 = core_test_edit (b5,
    "category", "\"other\"", "channel", "\"walk_in\"",
    "grid_code", "\"360103001001002\"", "agency_responsible", "null",
    "status", "\"closed\"", "status_detail", "\"closed\"",
    "requested_datetime", "\"2026-10-05T10:00:00+08:00\"", "expected_datetime", "null",
    "closed_datetime", "\"2026-10-10T10:00:00+08:00\"", NULL);
  g_autofree char *b6 = core_test_case_json ("A6", 1);
  g_autofree char *a6 = core_test_edit (b6,
    "category", "\"environment\"", "agency_responsible", "null",
    "status_detail", "\"reported\"",
    "requested_datetime", "\"2026-11-20T10:00:00+08:00\"", "expected_datetime", "null", NULL);
  g_autofree char *cases = g_strdup_printf ("[%s,%s,%s,%s,%s,%s]", a1, a2, a3, a4, a5, a6);
  const char *departments =
    "[{\"code\": \"360102-cg\", \"name\": \"东湖区城管局\", \"kind\": \"urban_management\","
    " \"area\": \"360102\", \"phone\": null}]";

  return core_test_snapshot_json (100, cases, departments);
}

GwCaseStore *
charts_test_store_new (void)
{
  g_autofree char *json = dataset ();
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);
  GwCaseStore *store = gw_case_store_new ();

  gw_case_store_load_snapshot (store, snapshot);
  return store;
}

GwChartSnapshot *
charts_test_wait_snapshot (GwChartData *data)
{
  guint n = gw_chart_data_get_n_computed (data);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while ((gw_chart_data_get_n_computed (data) == n || gw_chart_data_is_busy (data)) &&
         g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_false (gw_chart_data_is_busy (data));
  g_assert_nonnull (gw_chart_data_get_snapshot (data));
  return gw_chart_data_get_snapshot (data);
}

static void
collect_charts (GtkWidget *widget,
                GPtrArray *charts)
{
  if (GW_IS_CHART (widget))
    g_ptr_array_add (charts, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_charts (child, charts);
}

static gboolean
all_settled (GtkWidget *widget)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();

  collect_charts (widget, charts);
  for (guint i = 0; i < charts->len; i++)
    if (!gw_chart_is_settled (g_ptr_array_index (charts, i)))
      return FALSE;
  return TRUE;
}

void
charts_test_wait_settled (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline &&
         (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0 ||
          !all_settled (widget)))
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_true (all_settled (widget));
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* The widget paintable shows what was last painted: wait for a frame. */
static void
wait_painted (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (window);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

GdkTexture *
charts_test_capture (GtkWidget *widget,
                     GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;

  charts_test_wait_settled (widget);
  wait_painted (window);
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

GdkTexture *
charts_test_render (GtkWidget  *widget,
                    int         width,
                    int         height,
                    GtkWidget **window)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  /* A 4K widget on a smaller virtual screen: the window stays on screen and
   * the widget gets its full size inside a scrolled window. */
  *window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (*window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (*window), MIN (width, 1280), MIN (height, 720));
  gtk_widget_set_size_request (widget, width, height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), widget);
  gtk_window_set_child (GTK_WINDOW (*window), scrolled);
  gtk_window_present (GTK_WINDOW (*window));
  return charts_test_capture (widget, *window);
}

guchar *
charts_test_download (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  guchar *data = g_malloc ((gsize) width * 4 * gdk_texture_get_height (texture));

  gdk_texture_download (texture, data, width * 4);
  return data;
}

guint32
charts_test_pixel (GdkTexture   *texture,
                   const guchar *data,
                   int           x,
                   int           y)
{
  return *(const guint32 *) (data + ((gsize) y * gdk_texture_get_width (texture) + x) * 4);
}

gboolean
charts_test_keep_ticking (GtkWidget     *widget,
                          GdkFrameClock *clock,
                          gpointer       data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* GTK 4.8's GskRendererClass (gsk/gskrendererprivate.h, not installed). */
typedef struct
{
  GObjectClass parent_class;
  gpointer     realize;
  gpointer     unrealize;
  gpointer     render_texture;
  void       (*render) (GskRenderer          *renderer,
                        GskRenderNode        *root,
                        const cairo_region_t *invalid);
} RendererClass48;

typedef void (*RenderFunc) (GskRenderer *, GskRenderNode *, const cairo_region_t *);

static RenderFunc            original_render;
static ChartsTestRepaintFunc repaint_func;
static gpointer              repaint_data;

static void
watched_render (GskRenderer          *renderer,
                GskRenderNode        *root,
                const cairo_region_t *invalid)
{
  gint64 start = g_get_monotonic_time ();

  original_render (renderer, root, invalid);
  repaint_func (invalid, g_get_monotonic_time () - start, repaint_data);
}

gboolean
charts_test_watch_repaints (GtkWidget             *window,
                            ChartsTestRepaintFunc  func,
                            gpointer               user_data)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  RendererClass48 *klass;

  if (gtk_get_major_version () != 4 || gtk_get_minor_version () != 8 || original_render != NULL)
    return FALSE;
  repaint_func = func;
  repaint_data = user_data;
  klass = g_type_class_ref (G_OBJECT_TYPE (renderer));
  original_render = klass->render;
  klass->render = watched_render;
  g_type_class_unref (klass);
  return TRUE;
}

void
charts_test_collect (GtkWidget *widget,
                     GType      type,
                     GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      g_ptr_array_add (out, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    charts_test_collect (child, type, out);
}

GtkWidget *
charts_test_find_css_class (GtkWidget  *widget,
                            const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = charts_test_find_css_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}
