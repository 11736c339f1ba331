/* test-app-wall.c: the wall layout driven by events from the real centre: a
 * major case raises the alarm, the centre's mode switches the emergency strip
 * on and off, and a lost feed shows the banner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "app-test-util.h"
#include "gw-application.h"
#include "gw-chart-panel.h"
#include "gw-map-view.h"
#include "gw-window-private.h"

typedef struct _Run Run;

typedef struct
{
  const char *what;
  void      (*act)  (Run *run);
  gboolean  (*done) (Run *run);
} Step;

struct _Run
{
  GwTestCenter  *center;
  GwApplication *app;
  GwWindow      *window;
  const Step    *steps;
  guint          n_steps;
  guint          step;
  gboolean       acted;
  gint64         deadline;
  char          *failure;
  gboolean       exported;
  GError        *export_error;
};

static gboolean
connected (Run *run)
{
  return g_strcmp0 (gw_window_get_connection_text (run->window), "Connected") == 0;
}

/* The tour turns the map to a district, and the charts follow the map. */
static gboolean
tour_reaches_district (Run *run)
{
  GtkWidget *map = gw_window_get_map_view (run->window);
  GtkWidget *panel = gtk_widget_get_first_child (GTK_WIDGET (run->window->start_slot));
  const char *area;

  if (map == NULL || panel == NULL)
    return FALSE;
  area = gw_map_view_get_selected_area (GW_MAP_VIEW (map));
  return area != NULL && strlen (area) == 6
         && g_strcmp0 (gw_chart_data_get_area (gw_chart_panel_get_data (GW_CHART_PANEL (panel))),
                       area) == 0;
}

/* Export Screen on a live wall (the tour moves the map, so the window's node
 * changes between frames): the PNG is the window, drawn. */
static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  gw_window_export_png_finish (GW_WINDOW (object), result, &run->export_error);
  run->exported = TRUE;
}

static char *
export_path (Run *run)
{
  return g_build_filename (run->center->dir, "wall.png", NULL);
}

static void
export_screen (Run *run)
{
  g_autofree char *path = export_path (run);

  gw_window_export_png_async (run->window, path, NULL, on_exported, run);
}

static gboolean
screen_exported (Run *run)
{
  g_autofree char *path = export_path (run);
  g_autoptr(GdkTexture) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  int width, height;
  guint32 first;
  gboolean varied = FALSE;

  if (!run->exported)
    return FALSE;
  g_assert_no_error (run->export_error);
  png = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (png);
  height = gdk_texture_get_height (png);
  g_assert_cmpint (width, ==, gtk_widget_get_width (GTK_WIDGET (run->window)));
  g_assert_cmpint (height, ==, gtk_widget_get_height (GTK_WIDGET (run->window)));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (png, pixels, width * 4);
  first = ((guint32 *) pixels)[0];
  for (gsize i = 0; i < (gsize) width * height && !varied; i += 97)
    varied = ((guint32 *) pixels)[i] != first;
  g_assert_true (varied);
  return TRUE;
}

static void
report_major_case (Run *run)
{
  app_test_post (run->center->uri, "v1/test/report",
                 "{\"service_code\": \"gas_smell\", \"lat\": 28.6829, \"long\": 115.8940, "
                 "\"priority\": \"major\", \"description\": \"燃气味很重\", \"simulate\": false}");
}

static gboolean
alarm_shows_case (Run *run)
{
  const char *alarm = gw_window_get_alarm_text (run->window);

  return alarm != NULL && strstr (alarm, "Major") != NULL;
}

/* A desk acknowledges the alarm: every wall lets it go. */
static void
acknowledge_alarm (Run *run)
{
  GwCaseStore *store = gw_application_get_store (run->app);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GwCase) newest = g_list_model_get_item (G_LIST_MODEL (store), n - 1);
  g_autofree char *json = g_strdup_printf ("{\"kind\": \"case\", \"code\": \"%s\"}",
                                           gw_case_get_id (newest));

  g_assert_cmpint (gw_case_get_priority (newest), ==, GW_PRIORITY_MAJOR);
  app_test_post (run->center->uri, "v1/alarms/ack", json);
}

static gboolean
alarm_gone (Run *run)
{
  return gw_window_get_alarm_text (run->window) == NULL;
}

/* Linkage: a desk points the walls at a district. */
static void
show_district (Run *run)
{
  app_test_post (run->center->uri, "v1/wall/show", "{\"kind\": \"area\", \"code\": \"360104\"}");
}

static gboolean
map_shows_district (Run *run)
{
  GtkWidget *map = gw_window_get_map_view (run->window);

  return g_strcmp0 (gw_map_view_get_selected_area (GW_MAP_VIEW (map)), "360104") == 0;
}

static void
switch_to_emergency (Run *run)
{
  app_test_post (run->center->uri, "v1/test/mode",
                 "{\"mode\": \"emergency\", \"reason\": \"青山湖区燃气泄漏处置\"}");
}

static gboolean
mode_strip_shown (Run *run)
{
  const char *mode = gw_window_get_mode_text (run->window);

  return mode != NULL && strstr (mode, "青山湖区燃气泄漏处置") != NULL;
}

static void
switch_to_normal (Run *run)
{
  app_test_post (run->center->uri, "v1/test/mode", "{\"mode\": \"normal\"}");
}

static gboolean
mode_strip_hidden (Run *run)
{
  return gw_window_get_mode_text (run->window) == NULL;
}

static void
kill_centre (Run *run)
{
  gw_test_center_kill (run->center);
}

static gboolean
feed_lost_banner (Run *run)
{
  const char *banner = gw_window_get_banner_text (run->window);

  return banner != NULL && g_str_has_prefix (banner, "Feed lost since ");
}

static const Step steps[] = {
  { "connect", NULL, connected },
  { "the tour turns to a district, the charts follow", NULL, tour_reaches_district },
  { "the screen exported to PNG while the tour moves", export_screen, screen_exported },
  { "major case raises the alarm", report_major_case, alarm_shows_case },
  { "a desk acknowledges it, the wall lets it go", acknowledge_alarm, alarm_gone },
  { "a desk shows a district on the wall", show_district, map_shows_district },
  { "emergency mode shows the strip", switch_to_emergency, mode_strip_shown },
  { "normal mode hides it", switch_to_normal, mode_strip_hidden },
  { "a lost feed shows the banner", kill_centre, feed_lost_banner },
};

static gboolean
poll_steps (gpointer user_data)
{
  Run *run = user_data;
  const Step *step = &run->steps[run->step];

  if (run->window == NULL)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

      if (window == NULL)
        return G_SOURCE_CONTINUE;
      run->window = GW_WINDOW (window);
    }
  if (g_get_monotonic_time () > run->deadline)
    {
      run->failure = g_strdup_printf ("step \"%s\" did not happen", step->what);
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  if (!run->acted && step->act != NULL)
    step->act (run);
  run->acted = TRUE;
  if (!step->done (run))
    return G_SOURCE_CONTINUE;

  g_test_message ("done: %s", step->what);
  run->acted = FALSE;
  run->deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  if (++run->step < run->n_steps)
    return G_SOURCE_CONTINUE;
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
test_wall_events (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *token_file = NULL;
  Run run = { 0 };

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", "20", "--test-hooks", NULL);
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.gridwall.Gridwall");

    /* The memory backend is shared within the process: the app sees these. */
    g_settings_set_uint (settings, "tour-interval", 1);
    g_settings_set_uint (settings, "alarm-timeout", 10);
  }
  token_file = app_test_token_file (center->dir, TOKEN_WALL);

  {
    char *argv[] = { "gridwall", "--wall", "--center", center->uri, "--token-file", token_file,
                     NULL };

    run.center = center;
    run.app = gw_application_new ();
    run.steps = steps;
    run.n_steps = G_N_ELEMENTS (steps);
    run.deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    g_timeout_add (100, poll_steps, &run);
    g_assert_cmpint (g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, argv),
                     ==, 0);
  }

  g_assert_cmpstr (run.failure, ==, NULL);
  g_clear_error (&run.export_error);
  g_clear_object (&run.app);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv);

  g_test_add_func ("/app/wall/events", test_wall_events);

  return g_test_run ();
}
