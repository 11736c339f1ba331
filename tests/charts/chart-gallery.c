/* chart-gallery.c: every chart panel rendered to PNGs from a real centre, to look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the reference centre with 4,000 cases over the last 30 days, loads
 * its snapshot and the demo city's grids, and renders the left and right
 * panels as a side of a 3840x2160 wall and of a 1280x720 desktop, dark and
 * light, and filtered to one district.
 *
 *   xvfb-run -a dbus-run-session -- env GRIDWALL_CENTER=build/src/center/gridwall-center \
 *     GRIDWALL_DEMO_CITY=data/demo/nanchang-grids.geojson build/tests/charts/chart-gallery DIR
 */
#include <adwaita.h>

#include "charts-test-util.h"
#include "feed-test-util.h"
#include "gw-chart-panel.h"
#include "gw-chart.h"

static GwGridSet *
load_grids (void)
{
  const char *path = g_getenv ("GRIDWALL_DEMO_CITY");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GwGridSet *grids;

  if (path == NULL)
    return NULL;
  bytes = g_file_load_bytes (g_file_new_for_path (path), NULL, NULL, &error);
  if (bytes == NULL)
    g_error ("%s", error->message);
  grids = gw_grid_set_new_from_geojson (bytes, &error);
  if (grids == NULL)
    g_error ("%s", error->message);
  return grids;
}

static void
render_panel (GwCaseStore      *store,
              GwGridSet        *grids,
              GwChartPanelSide  side,
              int               width,
              int               height,
              int               dark,
              const char       *area,
              const char       *file)
{
  GtkWidget *panel = gw_chart_panel_new (store, side);
  GPtrArray *charts = gw_chart_panel_get_charts (GW_CHART_PANEL (panel));
  GwChartData *data = gw_chart_panel_get_data (GW_CHART_PANEL (panel));
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *window;

  for (guint i = 0; i < charts->len; i++)
    gw_chart_set_animated (g_ptr_array_index (charts, i), FALSE);
  gw_chart_panel_set_style (GW_CHART_PANEL (panel), dark);
  gw_chart_panel_set_grids (GW_CHART_PANEL (panel), grids);
  gw_chart_panel_set_area_filter (GW_CHART_PANEL (panel), area);
  charts_test_wait_snapshot (data);
  texture = charts_test_render (panel, width, height, &window);
  if (!gdk_texture_save_to_png (texture, file))
    g_error ("could not write %s", file);
  g_print ("%s\n", file);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = argc > 1 ? argv[1] : "/tmp/chart-gallery";
  g_autoptr(GwTestCenter) center = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwGridSet) grids = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { int width, height; const char *name; } sizes[] = {
    { 3840, 2160, "wall" }, { 1280, 720, "desktop" },
  };

  gtk_init ();
  adw_init ();
  g_mkdir_with_parents (dir, 0755);

  center = gw_test_center_new ();
  if (center == NULL)
    g_error ("set GRIDWALL_CENTER to the gridwall-center binary");
  gw_test_center_start (center, "--seed-cases", "4000", "--rate", "0", NULL);
  snapshot = gw_test_fetch_snapshot (center->uri, TOKEN_WALL, NULL, &error);
  if (snapshot == NULL)
    g_error ("%s", error->message);
  gw_case_store_load_snapshot (store, snapshot);
  grids = load_grids ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int dark = 1; dark >= (s == 0 ? 1 : 0); dark--)
      for (GwChartPanelSide side = GW_CHART_PANEL_LEFT; side <= GW_CHART_PANEL_RIGHT; side++)
        {
          g_autofree char *file = g_strdup_printf ("%s/%s-%s-%s.png", dir, sizes[s].name,
                                                   side == GW_CHART_PANEL_LEFT ? "left" : "right",
                                                   dark ? "dark" : "light");

          render_panel (store, grids, side, sizes[s].width / 4, sizes[s].height, dark, NULL,
                        file);
        }
  for (GwChartPanelSide side = GW_CHART_PANEL_LEFT; side <= GW_CHART_PANEL_RIGHT; side++)
    {
      g_autofree char *file = g_strdup_printf ("%s/wall-%s-360102.png", dir,
                                               side == GW_CHART_PANEL_LEFT ? "left" : "right");

      render_panel (store, grids, side, 960, 2160, 1, "360102", file);
    }
  gw_test_center_stop (center);
  return 0;
}
