/* gw-photo-cache.c
 *
 * A photo comes from wherever the case's reporter's app put it, so it is
 * untrusted: only http(s), read with a hard cap, decoded off the main thread,
 * and a bad one is an error to show, never a crash. Files are named by the
 * SHA-256 of the URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "gw-photo-cache.h"

#define READ_CHUNK 65536

G_DEFINE_QUARK (gw-photo-error-quark, gw_photo_error)

struct _GwPhotoCache
{
  GObject      parent_instance;

  char        *dir;
  gsize        max_photo_bytes;
  gsize        max_cache_bytes;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (GwPhotoCache, gw_photo_cache, G_TYPE_OBJECT)

typedef struct
{
  char         *url;
  char         *path;
  GInputStream *stream;
  GByteArray   *data;
  GBytes       *bytes;
} Load;

static void
load_free (Load *load)
{
  g_free (load->url);
  g_free (load->path);
  g_clear_object (&load->stream);
  g_clear_pointer (&load->data, g_byte_array_unref);
  g_clear_pointer (&load->bytes, g_bytes_unref);
  g_free (load);
}

static void
gw_photo_cache_finalize (GObject *object)
{
  GwPhotoCache *self = GW_PHOTO_CACHE (object);

  g_free (self->dir);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gw_photo_cache_parent_class)->finalize (object);
}

static void
gw_photo_cache_class_init (GwPhotoCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_photo_cache_finalize;
}

static void
gw_photo_cache_init (GwPhotoCache *self)
{
  self->session = soup_session_new_with_options ("timeout", 20, "max-conns-per-host", 4, NULL);
}

/**
 * gw_photo_cache_new:
 * @dir: the cache folder
 * @max_photo_bytes: the largest photo accepted
 * @max_cache_bytes: the bound of the folder's total size
 *
 * Returns: (transfer full): a new cache
 */
GwPhotoCache *
gw_photo_cache_new (const char *dir,
                    gsize       max_photo_bytes,
                    gsize       max_cache_bytes)
{
  GwPhotoCache *self;

  g_return_val_if_fail (dir != NULL, NULL);
  self = g_object_new (GW_TYPE_PHOTO_CACHE, NULL);
  self->dir = g_strdup (dir);
  self->max_photo_bytes = max_photo_bytes;
  self->max_cache_bytes = max_cache_bytes;
  g_mkdir_with_parents (dir, 0700);
  return self;
}

typedef struct
{
  char   *path;
  guint64 mtime;
  goffset size;
} CacheFile;

static int
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  const CacheFile *x = a, *y = b;

  return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

/* Runs in the decode thread after each store: a few hundred files at most. */
static void
trim_cache (const char *dir,
            gsize       max_bytes)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GArray) files = g_array_new (FALSE, FALSE, sizeof (CacheFile));
  guint64 total = 0;
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      CacheFile file = { g_build_filename (dir, name, NULL), 0, 0 };
      GStatBuf st;

      if (g_stat (file.path, &st) != 0)
        {
          g_free (file.path);
          continue;
        }
      file.mtime = st.st_mtime;
      file.size = st.st_size;
      total += st.st_size;
      g_array_append_val (files, file);
    }
  g_array_sort (files, compare_oldest_first);
  for (guint i = 0; i < files->len; i++)
    {
      CacheFile *file = &g_array_index (files, CacheFile, i);

      if (total > max_bytes && g_remove (file->path) == 0)
        total -= file->size;
      g_free (file->path);
    }
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GwPhotoCache *self = source_object;
  Load *load = task_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  if (load->bytes == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (load->path, &contents, &length, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      load->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
    }
  texture = gdk_texture_new_from_bytes (load->bytes, &error);
  if (texture == NULL)
    {
      g_task_return_new_error (task, GW_PHOTO_ERROR, GW_PHOTO_ERROR_NOT_IMAGE,
                               _("The photo at %s is not an image (%s)"), load->url, error->message);
      /* A broken file must not be served from the cache again. */
      g_remove (load->path);
      return;
    }
  if (load->data != NULL)
    {
      /* Fetched now: keep it, then hold the folder to its bound. */
      g_file_set_contents (load->path, g_bytes_get_data (load->bytes, NULL),
                           g_bytes_get_size (load->bytes), NULL);
      trim_cache (self->dir, self->max_cache_bytes);
    }
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
decode (GTask *task)
{
  g_task_run_in_thread (task, decode_thread);
}

static void read_more (GTask *task);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwPhotoCache *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result,
                                                              &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      load->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&load->data));
      load->data = g_byte_array_new ();  /* marks "fetched": store after decoding */
      decode (g_steal_pointer (&task));
      return;
    }
  if (load->data->len + g_bytes_get_size (chunk) > self->max_photo_bytes)
    {
      g_task_return_new_error (task, GW_PHOTO_ERROR, GW_PHOTO_ERROR_TOO_LARGE,
                               _("The photo at %s is larger than %zu KiB"), load->url,
                               self->max_photo_bytes / 1024);
      return;
    }
  g_byte_array_append (load->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (load->stream, READ_CHUNK, G_PRIORITY_LOW,
                                   g_task_get_cancellable (task), on_read, task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  goffset length;

  load->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (load->stream == NULL)
    {
      g_task_return_new_error (task, GW_PHOTO_ERROR, GW_PHOTO_ERROR_HTTP,
                               _("The photo at %s could not be fetched: %s"), load->url, error->message);
      return;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, GW_PHOTO_ERROR, GW_PHOTO_ERROR_HTTP,
                               _("The photo at %s could not be fetched: HTTP %u %s"), load->url,
                               soup_message_get_status (msg), soup_message_get_reason_phrase (msg));
      return;
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (length > (goffset) ((GwPhotoCache *) g_task_get_source_object (task))->max_photo_bytes)
    {
      g_task_return_new_error (task, GW_PHOTO_ERROR, GW_PHOTO_ERROR_TOO_LARGE,
                               _("The photo at %s is larger than %zu KiB"), load->url,
                               ((GwPhotoCache *) g_task_get_source_object (task))->max_photo_bytes / 1024);
      return;
    }
  load->data = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static char *
cache_path (GwPhotoCache *self,
            const char   *url)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);

  return g_build_filename (self->dir, hash, NULL);
}

void
gw_photo_cache_load_async (GwPhotoCache        *self,
                           const char          *url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Load *load;

  g_return_if_fail (GW_IS_PHOTO_CACHE (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_photo_cache_load_async);
  uri = url ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_task_return_new_error (task, GW_PHOTO_ERROR, GW_PHOTO_ERROR_URL,
                               _("The photo address %s is not an http or https URL"), url ? url : "");
      return;
    }
  load = g_new0 (Load, 1);
  load->url = g_strdup (url);
  load->path = cache_path (self, url);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  if (g_file_test (load->path, G_FILE_TEST_IS_REGULAR))
    {
      decode (g_steal_pointer (&task));
      return;
    }
  msg = soup_message_new_from_uri ("GET", uri);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Accept", "image/*");
  soup_session_send_async (self->session, msg, G_PRIORITY_LOW, cancellable, on_sent,
                           g_steal_pointer (&task));
}

GdkTexture *
gw_photo_cache_load_finish (GwPhotoCache  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
