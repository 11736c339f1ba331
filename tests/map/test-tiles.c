/* test-tiles.c: GwTileSource against a tile server on loopback, and its disk cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "gw-tile-source.h"

typedef struct
{
  SoupServer *server;
  char       *base;       /* http://127.0.0.1:PORT */
  GHashTable *requests;   /* path -> count */
  GMainLoop  *loop;
  guint       n_done;
  guint       n_failed;
  guint       n_wanted;
  GError     *error;
} Fixture;

static char *cache_dir;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Tile x, y, z is coloured red = 40 x, green = 40 y, blue = 40 z. */
static GBytes *
make_png (int x,
          int y,
          int z)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *out = g_byte_array_new ();

  cairo_set_source_rgb (cr, 40 * x / 255.0, 40 * y / 255.0, 40 * z / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_bytes, out);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *type,
       GBytes            *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* Serves /<anything>/Z/X/Y.png as a PNG, /html/... as a web page, /bomb/... as a PNG
 * header claiming 60000 pixels, /none/... as 404, counting every request by path. */
static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  int x, y, z;
  char prefix[32];
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, path));

  g_hash_table_insert (f->requests, g_strdup (path), GUINT_TO_POINTER (count + 1));
  if (sscanf (path, "/%31[a-z]/%d/%d/%d.png", prefix, &z, &x, &y) != 4
      || g_str_equal (prefix, "none"))
    {
      g_autoptr(GBytes) body = g_bytes_new_static ("no such tile", 12);

      reply (msg, SOUP_STATUS_NOT_FOUND, "text/plain", body);
    }
  else if (g_str_equal (prefix, "html"))
    {
      g_autoptr(GBytes) body = g_bytes_new_static ("<html>login</html>", 18);

      reply (msg, SOUP_STATUS_OK, "text/html", body);
    }
  else
    {
      g_autoptr(GBytes) png = make_png (x, y, z);
      gsize size = g_bytes_get_size (png);
      guint8 *data = g_memdup2 (g_bytes_get_data (png, NULL), size);
      g_autoptr(GBytes) body = NULL;

      if (g_str_equal (prefix, "bomb"))
        memcpy (data + 16, "\0\0\xea\x60\0\0\xea\x60", 8);
      body = g_bytes_new_take (data, size);
      reply (msg, SOUP_STATUS_OK, "image/png", body);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_request, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->server);
  g_hash_table_unref (f->requests);
  g_main_loop_unref (f->loop);
  g_clear_error (&f->error);
  g_free (f->base);
}

static void
assert_invalid (const char *url,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gw_tile_source_validate_url (url, &error));
  g_assert_error (error, GW_TILE_SOURCE_ERROR, GW_TILE_SOURCE_ERROR_INVALID_URL);
  g_test_message ("%s → %s", url, error->message);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_validate (void)
{
  const char *good[] = {
    "https://tiles.example.cn/{z}/{x}/{y}.png",
    "http://10.0.0.5:8080/wmts?layer=img&TileMatrix={z}&TileRow={y}&TileCol={x}",
    "https://t{s:0,1,2,3,4,5,6,7}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&TILEMATRIX={z}"
    "&TILEROW={y}&TILECOL={x}&tk=0123456789abcdef",
    "https://{s}.tile.example.org/{z}/{x}/{tmsy}.png",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (gw_tile_source_validate_url (good[i], &error));
      g_assert_no_error (error);
    }
  assert_invalid ("", "empty");
  assert_invalid ("ftp://tiles.example.cn/{z}/{x}/{y}.png", "http://");
  assert_invalid ("file:///srv/tiles/{z}/{x}/{y}.png", "http://");
  assert_invalid ("tiles.example.cn/{z}/{x}/{y}.png", "");
  assert_invalid ("https:///{z}/{x}/{y}.png", "");
  assert_invalid ("https://tiles.example.cn/{z}/{x}.png", "{x}, {y} and {z}");
  assert_invalid ("https://tiles.example.cn/{z}/{x}/{y}/{q}.png", "Unknown placeholder {q}");
  assert_invalid ("https://tiles.example.cn/{z}/{x}/{y.png", "without a “}”");
  assert_invalid ("https://tiles.example.cn/{z}/{x}/y}.png", "without a “{”");
  assert_invalid ("https://tiles.example.cn/{z}/{{x}/{y}.png", "without a “}”");
  assert_invalid ("https://{s}.{s}.example.cn/{z}/{x}/{y}.png", "only one {s}");
  assert_invalid ("https://{s:a,,b}.example.cn/{z}/{x}/{y}.png", "subdomain");
  assert_invalid ("https://{s:a/b}.example.cn/{z}/{x}/{y}.png", "subdomain");
  assert_invalid ("https://tiles.example.cn/{z}/{x}/{y}.png extra", "spaces");
  assert_invalid ("https://tiles.example.cn/\n{z}/{x}/{y}.png", "spaces");
  {
    g_autofree char *padding = g_strnfill (3000, 'a');
    g_autofree char *longer = g_strdup_printf ("https://tiles.example.cn/%s/{z}/{x}/{y}", padding);

    assert_invalid (longer, "longer");
  }
}

static void
on_tile_filled (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;

  g_clear_error (&f->error);
  if (!shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &f->error))
    {
      g_test_message ("tile failed: %s", f->error->message);
      f->n_failed++;
    }
  if (++f->n_done >= f->n_wanted)
    g_main_loop_quit (f->loop);
}

/* Fills the four tiles of zoom 1 and checks each one's colour. */
static void
fill_zoom_1 (Fixture          *f,
             ShumateMapSource *source,
             guint             expected_failures)
{
  ShumateTile *tiles[4];
  g_autofree guint8 *pixels = g_malloc (256 * 256 * 4);

  f->n_done = f->n_failed = 0;
  f->n_wanted = 4;
  for (int i = 0; i < 4; i++)
    {
      tiles[i] = shumate_tile_new_full (i % 2, i / 2, 256, 1);
      shumate_map_source_fill_tile_async (source, tiles[i], NULL, on_tile_filled, f);
    }
  g_main_loop_run (f->loop);
  g_assert_cmpuint (f->n_failed, ==, expected_failures);
  for (int i = 0; i < 4 && expected_failures == 0; i++)
    {
      GdkPaintable *paintable = shumate_tile_get_paintable (tiles[i]);

      g_assert_true (GDK_IS_TEXTURE (paintable));
      gdk_texture_download (GDK_TEXTURE (paintable), pixels, 256 * 4);
      g_assert_cmpuint (pixels[2], ==, 40 * (i % 2));  /* BGRA */
      g_assert_cmpuint (pixels[1], ==, 40 * (i / 2));
      g_assert_cmpuint (pixels[0], ==, 40);
    }
  for (int i = 0; i < 4; i++)
    {
      if (expected_failures > 0)
        g_assert_null (shumate_tile_get_paintable (tiles[i]));
      g_object_unref (tiles[i]);
    }
}

static guint
count_requests (Fixture    *f,
                const char *prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  g_hash_table_iter_init (&iter, f->requests);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_str_has_prefix (key, prefix))
        total += GPOINTER_TO_UINT (value);
    }
  return total;
}

/* Tiles are fetched once, then come from the disk cache, also with the server gone. */
static void
test_download_and_cache (Fixture       *f,
                         gconstpointer  unused)
{
  g_autofree char *url = g_strdup_printf ("%s/osm/{z}/{x}/{y}.png", f->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShumateMapSource) source = NULL;
  g_autofree char *cached = NULL;

  source = gw_tile_source_new_base (NULL, url, "© 测试 contributors", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shumate_map_source_get_license (source), ==, "© 测试 contributors");
  g_assert_cmpuint (shumate_map_source_get_tile_size (source), ==, 256);

  fill_zoom_1 (f, source, 0);
  g_assert_cmpuint (count_requests (f, "/osm/"), ==, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, "/osm/1/1/0.png")), ==, 1);

  fill_zoom_1 (f, source, 0);
  g_assert_cmpuint (count_requests (f, "/osm/"), ==, 4);

  /* libshumate keeps its cache in the user's cache directory */
  cached = g_build_filename (cache_dir, "shumate", NULL);
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_DIR));

  /* the server goes away; a new source (as after a restart) still has the tiles */
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&source);
  source = gw_tile_source_new_base ("", url, "", &error);
  g_assert_no_error (error);
  /* with no attribution configured, the map names the server */
  g_assert_nonnull (strstr (shumate_map_source_get_license (source), "127.0.0.1"));
  fill_zoom_1 (f, source, 0);
  g_assert_cmpuint (count_requests (f, "/osm/"), ==, 4);
}

/* `{s:LIST}` spreads tiles over the names, each tile always on the same one. */
static void
test_subdomains (Fixture       *f,
                 gconstpointer  unused)
{
  g_autofree char *url = g_strdup_printf ("%s/{s:sa,sb}/{z}/{x}/{y}.png", f->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTileSource) data_source = gw_tile_source_new (url, &error);
  g_autoptr(ShumateMapSource) source = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (gw_tile_source_get_n_servers (data_source), ==, 2);
  source = gw_tile_source_new_map_source (url, NULL, &error);
  g_assert_no_error (error);
  fill_zoom_1 (f, source, 0);
  g_assert_cmpuint (count_requests (f, "/sa/"), ==, 2);
  g_assert_cmpuint (count_requests (f, "/sb/"), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, "/sa/1/0/0.png")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, "/sb/1/1/0.png")), ==, 1);
}

/* A server that answers with a web page, a PNG claiming 60,000 pixels or 404: the tiles
 * fail, nothing is decoded, nothing crashes. */
static void
test_hostile_server (Fixture       *f,
                     gconstpointer  unused)
{
  const char *prefixes[] = { "html", "bomb", "none" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/%s/{z}/{x}/{y}.png", f->base, prefixes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(ShumateMapSource) source = gw_tile_source_new_map_source (url, NULL, &error);

      g_assert_no_error (error);
      fill_zoom_1 (f, source, 4);
      if (i < 2)
        g_assert_error (f->error, GW_TILE_SOURCE_ERROR, GW_TILE_SOURCE_ERROR_BAD_TILE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("gw-tiles-XXXXXX", NULL);
  int status;

  /* before anything asks GLib for the cache directory, which it then keeps */
  cache_dir = g_build_filename (tmp, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map/tiles/validate", test_validate);
  g_test_add ("/map/tiles/download-and-cache", Fixture, NULL, fixture_set_up,
              test_download_and_cache, fixture_tear_down);
  g_test_add ("/map/tiles/subdomains", Fixture, NULL, fixture_set_up, test_subdomains,
              fixture_tear_down);
  g_test_add ("/map/tiles/hostile-server", Fixture, NULL, fixture_set_up, test_hostile_server,
              fixture_tear_down);
  status = g_test_run ();

  {
    const char *argv_rm[] = { "rm", "-rf", tmp, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  NULL, NULL, NULL, NULL);
  }
  g_free (cache_dir);
  return status;
}
