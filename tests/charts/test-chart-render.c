/* test-chart-render.c: every chart rendered headlessly at wall and desktop sizes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each chart is shown in a real window under Xvfb and captured the way the
 * screen draws it. The checks are about what a viewer sees: the plot area is
 * drawn on (not left as the card's background), the larger value has the
 * taller bar, a chart that did not change is not redrawn. The captures are
 * saved in $CHARTS_TEST_PNG_DIR when it is set, to look at.
 */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "charts-test-util.h"
#include "gw-activity-chart.h"
#include "gw-bar-chart.h"
#include "gw-chart-panel.h"
#include "gw-donut-chart.h"
#include "gw-kpi-tile.h"
#include "gw-line-chart.h"
#include "gw-ranking-chart.h"

typedef struct
{
  int width;
  int height;
} Size;

static const Size sizes[] = { { 3840, 2160 }, { 1280, 720 } };

static void
save (GdkTexture *texture,
      const char *name,
      const Size *size)
{
  const char *dir = g_getenv ("CHARTS_TEST_PNG_DIR");
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s/%s-%dx%d.png", dir, name, size->width, size->height);
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

static gboolean
differs (guint32 a,
         guint32 b)
{
  for (int shift = 0; shift < 32; shift += 8)
    if (ABS ((int) (a >> shift & 0xff) - (int) (b >> shift & 0xff)) > 40)
      return TRUE;
  return FALSE;
}

/* The share of pixels of the rectangle that differ from the card's colour
 * (sampled just inside its top-left corner). */
static double
drawn_share (GdkTexture   *texture,
             const guchar *data,
             int x, int y, int width, int height)
{
  guint32 card = charts_test_pixel (texture, data, x + width / 40 + 2, y + height - height / 40 - 2);
  guint drawn = 0, total = 0;

  for (int j = y + height / 10; j < y + height - height / 10; j += 2)
    for (int i = x + width / 10; i < x + width - width / 10; i += 2)
      {
        drawn += differs (charts_test_pixel (texture, data, i, j), card);
        total++;
      }
  return (double) drawn / MAX (total, 1u);
}

static GdkTexture *
render (GtkWidget  *widget,
        const Size *size,
        const char *name,
        GtkWidget **window)
{
  GdkTexture *texture;

  gw_chart_set_style (GW_CHART (widget), 1);
  gw_chart_set_animated (GW_CHART (widget), FALSE);
  texture = charts_test_render (widget, size->width, size->height, window);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, size->width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, size->height);
  save (texture, name, size);
  return texture;
}

static void
assert_drawn (GtkWidget  *widget,
              const Size *size,
              const char *name,
              double      least)
{
  GtkWidget *window;
  g_autoptr(GdkTexture) texture = render (widget, size, name, &window);
  g_autofree guchar *data = charts_test_download (texture);
  double share = drawn_share (texture, data, 0, 0, size->width, size->height);

  if (share < least)
    g_error ("%s at %dx%d: only %.2f%% of the plot area drawn", name, size->width,
             size->height, share * 100);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Per column, the number of pixels of @colour; the tallest column in the
 * left and right halves. */
static void
column_heights (GdkTexture   *texture,
                const guchar *data,
                guint32       colour,
                int          *left,
                int          *right)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);

  *left = *right = 0;
  for (int i = 0; i < width; i++)
    {
      int run = 0;

      for (int j = 0; j < height; j++)
        run += !differs (charts_test_pixel (texture, data, i, j), colour);
      if (i < width / 2)
        *left = MAX (*left, run);
      else
        *right = MAX (*right, run);
    }
}

static void
test_bars (void)
{
  const char *labels[] = { "纠纷调解", "公共安全" };
  double values[] = { 1, 3 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *chart = gw_bar_chart_new ("各类事件");
      GtkWidget *window;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree guchar *data = NULL;
      const GdkRGBA *first = &gw_chart_palette_get (TRUE)->series[0];
      const GdkRGBA *second = &gw_chart_palette_get (TRUE)->series[1];
      guint32 c1 = 0xff000000 | (guint) (first->red * 255) << 16 |
                   (guint) (first->green * 255) << 8 | (guint) (first->blue * 255);
      guint32 c2 = 0xff000000 | (guint) (second->red * 255) << 16 |
                   (guint) (second->green * 255) << 8 | (guint) (second->blue * 255);
      int left, right, ignored;

      gw_bar_chart_set_data (GW_BAR_CHART (chart), labels, values, NULL, 2, NULL, NULL);
      texture = render (chart, &sizes[s], "bars", &window);
      data = charts_test_download (texture);
      column_heights (texture, data, c1, &left, &ignored);
      column_heights (texture, data, c2, &ignored, &right);
      g_test_message ("%dx%d: bar of 1 is %d px, bar of 3 is %d px", sizes[s].width,
                      sizes[s].height, left, right);
      g_assert_cmpint (left, >, sizes[s].height / 20);
      g_assert_cmpint (right, >, 2 * left);
      g_assert_cmpint (right, <, 4 * left);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_kpi (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *tile = gw_kpi_tile_new ("办结率");
      double trend[] = { 1, 4, 2, 6, 3, 8 };
      g_autofree char *text = NULL;

      gw_kpi_tile_set_rate (GW_KPI_TILE (tile), 0.9623);
      gw_kpi_tile_set_delta (GW_KPI_TILE (tile), 0.012, "较昨日", 1);
      gw_kpi_tile_set_trend (GW_KPI_TILE (tile), trend, G_N_ELEMENTS (trend));
      text = gw_kpi_tile_dup_value_text (GW_KPI_TILE (tile));
      g_assert_cmpstr (text, ==, "96.2%");
      assert_drawn (tile, &sizes[s], "kpi", 0.02);
    }
}

static void
test_line (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *chart = gw_line_chart_new ("每小时事件");
      const char *labels[GW_CHART_HOURS];
      double current[GW_CHART_HOURS], previous[GW_CHART_HOURS];
      g_autofree char *tip = NULL;

      for (guint i = 0; i < GW_CHART_HOURS; i++)
        {
          labels[i] = g_intern_string (g_strdup_printf ("%02u:00", i));
          current[i] = 20 + 15 * sin (i / 3.0);
          previous[i] = 18 + 12 * sin (i / 3.0 + 0.5);
        }
      gw_line_chart_set_series (GW_LINE_CHART (chart), labels, 4, current, previous,
                                GW_CHART_HOURS, "今日", "昨日");
      tip = GW_CHART_GET_CLASS (chart)->tooltip (GW_CHART (chart), 3);
      g_assert_nonnull (strstr (tip, "03:00"));
      assert_drawn (chart, &sizes[s], "line", 0.03);
    }
}

static void
test_ranking (void)
{
  const char *names[] = { "东湖区城管局", "西湖区公安分局", "青山湖区住建局" };
  double load[] = { 42, 30, 11 }, overdue[] = { 3, 0, 1 };
  const char *extras[] = { "5.2 h", "12.0 h", NULL };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *chart = gw_ranking_chart_new ("部门排名", "在办", "超期", "平均用时");

      gw_ranking_chart_set_rows (GW_RANKING_CHART (chart), names, load, overdue, extras, 3);
      assert_drawn (chart, &sizes[s], "ranking", 0.02);
    }
}

static void
test_donut (void)
{
  const char *labels[] = { "网格员上报", "12345热线", "110", "数字城管", "视频", "来访" };
  double values[] = { 40, 25, 10, 12, 8, 5 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *chart = gw_donut_chart_new ("来源渠道", "近30天");
      g_autofree char *tip = NULL;

      gw_donut_chart_set_data (GW_DONUT_CHART (chart), labels, values, 6);
      tip = GW_CHART_GET_CLASS (chart)->tooltip (GW_CHART (chart), 0);
      g_assert_cmpstr (tip, ==, "网格员上报: 40 (40.0%)");
      assert_drawn (chart, &sizes[s], "donut", 0.03);
    }
}

static void
test_activity (void)
{
  const char *names[] = { "民巷社区第3网格", "豫章街道第1网格" };
  const char *workers[] = { "王芳", NULL };
  double counts[] = { 12, 7 }, days[GW_CHART_DAYS];

  for (guint i = 0; i < GW_CHART_DAYS; i++)
    days[i] = 30 + 10 * sin (i);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *chart = gw_activity_chart_new ("网格员上报", "近7日最活跃网格");

      gw_activity_chart_set_data (GW_ACTIVITY_CHART (chart), days, GW_CHART_DAYS, "10-23",
                                  "今天", names, workers, counts, 2);
      assert_drawn (chart, &sizes[s], "activity", 0.03);
    }
}

/* The panels of both sides on the known data: every chart draws, and a frame
 * without change renders no texture. */
static void
test_panels (void)
{
  g_autoptr(GwCaseStore) store = charts_test_store_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (CHARTS_TEST_NOW, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (GwChartPanelSide side = GW_CHART_PANEL_LEFT; side <= GW_CHART_PANEL_RIGHT; side++)
      {
        GtkWidget *panel = gw_chart_panel_new (store, side);
        GPtrArray *charts = gw_chart_panel_get_charts (GW_CHART_PANEL (panel));
        Size size = { sizes[s].width / 4, sizes[s].height };
        g_autoptr(GdkTexture) texture = NULL;
        g_autofree guchar *data = NULL;
        GtkWidget *window;
        guint renders = 0, renders_after = 0;

        gw_chart_data_set_now (gw_chart_panel_get_data (GW_CHART_PANEL (panel)), now);
        gw_chart_panel_set_style (GW_CHART_PANEL (panel), 1);
        for (guint i = 0; i < charts->len; i++)
          gw_chart_set_animated (g_ptr_array_index (charts, i), FALSE);
        charts_test_wait_snapshot (gw_chart_panel_get_data (GW_CHART_PANEL (panel)));

        texture = charts_test_render (panel, size.width, size.height, &window);
        save (texture, side == GW_CHART_PANEL_LEFT ? "panel-left" : "panel-right", &sizes[s]);
        data = charts_test_download (texture);
        for (guint i = 0; i < charts->len; i++)
          {
            GtkWidget *chart = g_ptr_array_index (charts, i);
            graphene_rect_t b;

            g_assert_true (gtk_widget_compute_bounds (chart, panel, &b));
            g_assert_cmpfloat (drawn_share (texture, data, b.origin.x, b.origin.y,
                                            b.size.width, b.size.height), >, 0.005);
            renders += gw_chart_get_n_renders (GW_CHART (chart));
          }

        /* Nothing changed: more frames draw the cached textures. */
        for (guint k = 0; k < 3; k++)
          {
            gtk_widget_queue_draw (panel);
            for (guint j = 0; j < 20; j++)
              g_main_context_iteration (NULL, FALSE);
          }
        for (guint i = 0; i < charts->len; i++)
          renders_after += gw_chart_get_n_renders (g_ptr_array_index (charts, i));
        g_assert_cmpuint (renders_after, ==, renders);
        gtk_window_destroy (GTK_WINDOW (window));
      }
}

/* The area filter reaches every chart: the street 360102002 has no closed case. */
static void
test_panel_filter (void)
{
  g_autoptr(GwCaseStore) store = charts_test_store_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (CHARTS_TEST_NOW, NULL);
  GtkWidget *panel = gw_chart_panel_new (store, GW_CHART_PANEL_ALL);
  GwChartData *data = gw_chart_panel_get_data (GW_CHART_PANEL (panel));
  GPtrArray *charts = gw_chart_panel_get_charts (GW_CHART_PANEL (panel));
  GtkWidget *closed = g_ptr_array_index (charts, 1);
  GtkWidget *bars = g_ptr_array_index (charts, 9);
  g_autofree char *text = NULL;
  const double *values;
  guint n;

  g_object_ref_sink (panel);
  gw_chart_data_set_now (data, now);
  charts_test_wait_snapshot (data);
  text = gw_kpi_tile_dup_value_text (GW_KPI_TILE (closed));
  g_assert_cmpstr (text, ==, "1");

  gw_chart_panel_set_area_filter (GW_CHART_PANEL (panel), "360102002");
  charts_test_wait_snapshot (data);
  g_clear_pointer (&text, g_free);
  text = gw_kpi_tile_dup_value_text (GW_KPI_TILE (closed));
  g_assert_cmpstr (text, ==, "0");
  g_assert_true (GW_IS_BAR_CHART (bars));
  values = gw_chart_get_values (GW_CHART (bars), &n);
  g_assert_cmpuint (n, ==, 2 * GW_N_CATEGORIES);
  g_assert_cmpfloat (values[GW_CATEGORY_SAFETY], ==, 2);
  g_assert_cmpfloat (values[GW_CATEGORY_DISPUTE], ==, 0);
  g_assert_cmpfloat (values[GW_CATEGORY_ENVIRONMENT], ==, 1);
  g_object_unref (panel);
}

/* Sets a chart to its first values (@step 0), to them with one value changed
 * (1), or with a change nothing draws (2). A NULL chart: a new one. */
typedef GtkWidget *(*ChartSetter) (GtkWidget *chart,
                                   guint      step);

static GtkWidget *
set_bars (GtkWidget *chart,
          guint      step)
{
  const char *labels[] = { "矛盾纠纷", "治安", "城管", "环境", "民生", "公共", "其他" };
  double all[] = { 648, 1265, 854, 709, 320, 219, 0 }, open[] = { 40, 20, 70, 10, 9, 3, 0 };

  if (chart == NULL)
    chart = gw_bar_chart_new ("事件分类");
  if (step == 1)
    {
      all[3] += 4;
      open[3] += 1;
    }
  gw_bar_chart_set_data (GW_BAR_CHART (chart), labels, all, open, G_N_ELEMENTS (all),
                         "全部", "在办");
  return chart;
}

static GtkWidget *
set_ranking (GtkWidget *chart,
             guint      step)
{
  const char *names[] = { "东湖区城管局", "西湖区公安分局", "青山湖区住建局", "新建区民政局",
                          "红谷滩区城管局", "南昌县人社局" };
  double load[] = { 42, 30, 21, 17, 11, 6 }, overdue[] = { 3, 0, 1, 0, 0, 2 };
  const char *extras[] = { "5.2 h", "12.0 h", "8.1 h", "9.9 h", "30.2 h", NULL };

  if (chart == NULL)
    chart = gw_ranking_chart_new ("部门排名", "在办", "超期", "平均用时");
  if (step == 1)
    load[4] += 1;
  gw_ranking_chart_set_rows (GW_RANKING_CHART (chart), names, load, overdue, extras, 6);
  return chart;
}

static GtkWidget *
set_kpi (GtkWidget *chart,
         guint      step)
{
  double trend[] = { 1, 4, 2, 6, 3, 8 };

  if (chart == NULL)
    chart = gw_kpi_tile_new ("今日受理");
  gw_kpi_tile_set_count (GW_KPI_TILE (chart), step == 1 ? 224 : 223);
  gw_kpi_tile_set_delta (GW_KPI_TILE (chart), 15, "较昨日", 0);
  gw_kpi_tile_set_trend (GW_KPI_TILE (chart), trend, G_N_ELEMENTS (trend));
  return chart;
}

static GtkWidget *
set_activity (GtkWidget *chart,
              guint      step)
{
  const char *names[] = { "民巷社区第3网格", "豫章街道第1网格", "八一社区第2网格", "滕王阁第4网格",
                          "青云谱第5网格", "象湖第6网格", "瑶湖第7网格" };
  const char *workers[] = { "王芳", NULL, "李强", "张敏", "刘洋", "陈静", "杨帆" };
  double counts[] = { 12, 9, 8, 7, 6, 5, 4 }, days[GW_CHART_DAYS];

  if (chart == NULL)
    chart = gw_activity_chart_new ("网格员上报", "近7日最活跃网格");
  for (guint i = 0; i < GW_CHART_DAYS; i++)
    days[i] = 30 + 10 * sin (i);
  if (step >= 1)
    days[GW_CHART_DAYS - 1] += 1;
  /* Only the first five grids are drawn: the seventh changes nothing shown. */
  if (step == 2)
    counts[6] = 3;
  gw_activity_chart_set_data (GW_ACTIVITY_CHART (chart), days, GW_CHART_DAYS, "10-23", "今天",
                              names, workers, counts, G_N_ELEMENTS (counts));
  return chart;
}

static guint
n_different_pixels (GdkTexture *a,
                    GdkTexture *b)
{
  g_autofree guchar *da = charts_test_download (a);
  g_autofree guchar *db = charts_test_download (b);
  int width = gdk_texture_get_width (a), height = gdk_texture_get_height (a);
  guint n = 0;

  g_assert_cmpint (width, ==, gdk_texture_get_width (b));
  g_assert_cmpint (height, ==, gdk_texture_get_height (b));
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      n += charts_test_pixel (a, da, x, y) != charts_test_pixel (b, db, x, y);
  return n;
}

/* A value change uploads only what changed: the chart then appends its full
 * texture and a few small patches, and looks exactly like the same chart drawn
 * afresh with the new values. A change that alters no pixel uploads nothing. */
static void
test_patches (void)
{
  struct { const char *name; ChartSetter set; } charts[] = {
    { "bars", set_bars }, { "ranking", set_ranking }, { "kpi", set_kpi },
    { "activity", set_activity },
  };
  /* A side chart of a 4K wall. */
  const Size size = { 900, 560 };
  const guint64 full = (guint64) size.width * size.height * 4;

  for (guint c = 0; c < G_N_ELEMENTS (charts); c++)
    {
      GtkWidget *chart = charts[c].set (NULL, 0), *fresh = charts[c].set (NULL, 1);
      GtkWidget *window, *fresh_window;
      g_autoptr(GdkTexture) first = render (chart, &size, charts[c].name, &window);
      g_autoptr(GdkTexture) changed = NULL, expected = NULL, again = NULL;
      guint64 bytes = gw_chart_get_texture_bytes ();
      guint renders;

      charts[c].set (chart, 1);
      changed = charts_test_capture (chart, window);
      bytes = gw_chart_get_texture_bytes () - bytes;
      g_test_message ("%s: a change uploaded %" G_GUINT64_FORMAT " bytes of %" G_GUINT64_FORMAT
                      " in %u textures", charts[c].name, bytes, full,
                      gw_chart_get_n_textures (GW_CHART (chart)));
      g_assert_cmpuint (bytes, >, 0);
      g_assert_cmpuint (bytes, <, full / 5);
      g_assert_cmpuint (gw_chart_get_n_textures (GW_CHART (chart)), >=, 2);
      g_assert_cmpuint (gw_chart_get_n_textures (GW_CHART (chart)), <=, 12);

      expected = render (fresh, &size, charts[c].name, &fresh_window);
      g_assert_cmpuint (n_different_pixels (changed, expected), ==, 0);
      gtk_window_destroy (GTK_WINDOW (fresh_window));

      /* New values, same pixels: drawn on the worker, nothing uploaded. */
      if (charts[c].set == set_activity)
        {
          renders = gw_chart_get_n_renders (GW_CHART (chart));
          bytes = gw_chart_get_texture_bytes ();
          charts[c].set (chart, 2);
          again = charts_test_capture (chart, window);
          g_assert_cmpuint (gw_chart_get_n_renders (GW_CHART (chart)), ==, renders + 1);
          g_assert_cmpuint (gw_chart_get_texture_bytes (), ==, bytes);
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/charts/render/bars", test_bars);
  g_test_add_func ("/charts/render/kpi", test_kpi);
  g_test_add_func ("/charts/render/line", test_line);
  g_test_add_func ("/charts/render/ranking", test_ranking);
  g_test_add_func ("/charts/render/donut", test_donut);
  g_test_add_func ("/charts/render/activity", test_activity);
  g_test_add_func ("/charts/render/panels", test_panels);
  g_test_add_func ("/charts/render/panel-filter", test_panel_filter);
  g_test_add_func ("/charts/render/patches", test_patches);

  return g_test_run ();
}
