/* gw-photo-cache.h: case photos (media_url) fetched with libsoup, kept in a
 * bounded disk cache, each capped in size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_PHOTO_ERROR (gw_photo_error_quark ())
GQuark gw_photo_error_quark (void);

typedef enum
{
  GW_PHOTO_ERROR_URL,        /* not an http(s) URL */
  GW_PHOTO_ERROR_HTTP,       /* a status other than 200 */
  GW_PHOTO_ERROR_TOO_LARGE,  /* over the size cap */
  GW_PHOTO_ERROR_NOT_IMAGE,  /* the bytes are no image GTK can read */
} GwPhotoError;

/* A photo over this is refused, not truncated. */
#define GW_PHOTO_MAX_BYTES (8 * 1024 * 1024)
/* The disk cache is trimmed, oldest first, to this. */
#define GW_PHOTO_CACHE_MAX_BYTES (128 * 1024 * 1024)

#define GW_TYPE_PHOTO_CACHE (gw_photo_cache_get_type ())
G_DECLARE_FINAL_TYPE (GwPhotoCache, gw_photo_cache, GW, PHOTO_CACHE, GObject)

/* @dir: where to keep the files (created if missing). */
GwPhotoCache *gw_photo_cache_new         (const char          *dir,
                                          gsize                max_photo_bytes,
                                          gsize                max_cache_bytes);
void          gw_photo_cache_load_async  (GwPhotoCache        *self,
                                          const char          *url,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GdkTexture   *gw_photo_cache_load_finish (GwPhotoCache        *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
