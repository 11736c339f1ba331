/* map-test-util.c: what the map's window tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "map-test-util.h"

GwFeed *
map_test_connect (GwTestCenter *center,
                  GwCaseStore  *store)
{
  GwFeed *feed = gw_test_feed_new (store);

  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  return feed;
}

GwGridSet *
map_test_load_city (void)
{
  const char *path = g_getenv ("GRIDWALL_DEMO_CITY");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GwGridSet *grids;

  g_assert_nonnull (path);
  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  grids = gw_grid_set_new_from_geojson (bytes, &error);
  g_assert_no_error (error);
  return grids;
}

GdkTexture *
map_test_render (GwMapView *map)
{
  GtkWidget *widget = GTK_WIDGET (map);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  /* The paintable is empty until the widget was drawn at its new size: a 4K
   * frame can take seconds here. */
  for (int i = 0; node == NULL && i < 60; i++)
    {
      gtk_widget_queue_draw (widget);
      gw_test_sleep (500);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

void
map_test_report_case (GwTestCenter *center,
                      double        lon,
                      double        lat,
                      const char   *priority)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (center->uri, "v1/test/report", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *json = g_strdup_printf ("{\"service_code\": \"road_damage\", \"lat\": %.7f, "
                                           "\"long\": %.7f, \"priority\": \"%s\", \"simulate\": false}",
                                           lat, lon, priority);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                               "Bearer " TOKEN_DISPATCHER);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}
