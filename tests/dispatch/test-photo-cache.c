/* test-photo-cache.c: case photos over real HTTP on loopback: shown, cached on
 * disk, refused when too large, broken when not an image or not found, and the
 * cache held to its bound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include "gw-photo-cache.h"

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       hits;
  GBytes     *png;
  GBytes     *png2;
} Fixture;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *f = user_data;
  static char big[100 * 1024];

  f->hits++;
  if (g_str_equal (path, "/ok.png") || g_str_equal (path, "/two.png"))
    {
      GBytes *png = g_str_equal (path, "/ok.png") ? f->png : f->png2;

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    }
  else if (g_str_equal (path, "/big.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, big, sizeof big);
    }
  else if (g_str_equal (path, "/text.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "<html>no</html>", 15);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static GBytes *
make_png (guint8 shade)
{
  guint8 pixels[4 * 4 * 4];
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  memset (pixels, shade, sizeof pixels);
  data = g_bytes_new (pixels, sizeof pixels);
  texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, data, 16);
  return gdk_texture_save_to_png_bytes (texture);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->png = make_png (0x80);
  f->png2 = make_png (0x20);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->server);
  g_free (f->base);
  g_bytes_unref (f->png);
  g_bytes_unref (f->png2);
}

typedef struct
{
  GdkTexture *texture;
  GError     *error;
  gboolean    done;
} Result;

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->texture = gw_photo_cache_load_finish (GW_PHOTO_CACHE (object), result, &r->error);
  r->done = TRUE;
}

static Result
load (GwPhotoCache *cache,
      const char   *url)
{
  Result r = { 0 };

  gw_photo_cache_load_async (cache, url, NULL, on_loaded, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  return r;
}

static char *
url (Fixture    *f,
     const char *path)
{
  return g_strconcat (f->base, path, NULL);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_shown_then_cached (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-photos-XXXXXX", NULL);
  g_autoptr(GwPhotoCache) cache = gw_photo_cache_new (dir, 64 * 1024, 1024 * 1024);
  g_autofree char *ok = url (f, "ok.png");
  Result first, again;

  first = load (cache, ok);
  g_assert_no_error (first.error);
  g_assert_cmpint (gdk_texture_get_width (first.texture), ==, 4);
  g_assert_cmpuint (f->hits, ==, 1);
  g_assert_cmpuint (count_files (dir), ==, 1);
  /* The second time comes from the disk, not the server. */
  again = load (cache, ok);
  g_assert_no_error (again.error);
  g_assert_cmpuint (f->hits, ==, 1);
  g_object_unref (first.texture);
  g_object_unref (again.texture);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-photos-XXXXXX", NULL);
  g_autoptr(GwPhotoCache) cache = gw_photo_cache_new (dir, 64 * 1024, 1024 * 1024);
  g_autofree char *big = url (f, "big.png");
  g_autofree char *text = url (f, "text.png");
  g_autofree char *missing = url (f, "missing.png");
  Result r;

  r = load (cache, big);
  g_assert_error (r.error, GW_PHOTO_ERROR, GW_PHOTO_ERROR_TOO_LARGE);
  g_clear_error (&r.error);
  r = load (cache, text);
  g_assert_error (r.error, GW_PHOTO_ERROR, GW_PHOTO_ERROR_NOT_IMAGE);
  g_clear_error (&r.error);
  r = load (cache, missing);
  g_assert_error (r.error, GW_PHOTO_ERROR, GW_PHOTO_ERROR_HTTP);
  g_assert_nonnull (strstr (r.error->message, "404"));
  g_clear_error (&r.error);
  r = load (cache, "ftp://example.org/x.png");
  g_assert_error (r.error, GW_PHOTO_ERROR, GW_PHOTO_ERROR_URL);
  g_clear_error (&r.error);
  /* Nothing refused is kept. */
  g_assert_cmpuint (count_files (dir), ==, 0);
}

static void
test_cache_bound (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-photos-XXXXXX", NULL);
  /* Room for one photo only. */
  g_autoptr(GwPhotoCache) cache = gw_photo_cache_new (dir, 64 * 1024, g_bytes_get_size (f->png) + 8);
  g_autofree char *ok = url (f, "ok.png");
  g_autofree char *two = url (f, "two.png");
  Result r;

  r = load (cache, ok);
  g_assert_no_error (r.error);
  g_object_unref (r.texture);
  r = load (cache, two);
  g_assert_no_error (r.error);
  g_object_unref (r.texture);
  g_assert_cmpuint (count_files (dir), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dispatch/photo/shown-then-cached", Fixture, NULL, fixture_set_up,
              test_shown_then_cached, fixture_tear_down);
  g_test_add ("/dispatch/photo/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/dispatch/photo/cache-bound", Fixture, NULL, fixture_set_up, test_cache_bound,
              fixture_tear_down);

  return g_test_run ();
}
