/* gw-mbtiles-source.c
 *
 * An MBTiles file (https://github.com/mapbox/mbtiles-spec) is an SQLite database with a
 * `metadata` table of name/value pairs and a `tiles` table of image blobs addressed by
 * zoom, column and TMS row. The file comes from the user, so everything in it is checked:
 * the schema and metadata once at open, every tile's size and image header as it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-mbtiles"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sqlite3.h>

#include "gw-mbtiles-source.h"
#include "gw-tile-image.h"

/* A file with more metadata rows than this is not a tile set we should trust. */
#define MAX_METADATA_ROWS 1000

struct _GwMbtilesSource
{
  ShumateDataSource  parent_instance;

  char              *path;
  char              *name;
  char              *format;       /* "png", "jpg" or "webp" */
  char              *attribution;  /* plain text, tags stripped */
  guint              min_zoom;
  guint              max_zoom;
  guint              tile_size;
  gboolean           has_bounds;
  double             bounds[4];    /* west, south, east, north */

  /* One connection and one prepared statement, used by the worker threads in turn:
   * a lookup takes tens of microseconds, so a lock is cheaper than a connection each. */
  GMutex             lock;
  sqlite3           *db;
  sqlite3_stmt      *tile_stmt;
};

G_DEFINE_FINAL_TYPE (GwMbtilesSource, gw_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

G_DEFINE_QUARK (gw-mbtiles-error-quark, gw_mbtiles_error)

static const char tile_query[] =
  "SELECT length(tile_data), CASE WHEN length(tile_data) <= ?4 THEN tile_data END "
  "FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3";

/* The metadata as read from the file, before it is checked. */
typedef struct
{
  char *name;
  char *format;
  char *attribution;
  char *minzoom;
  char *maxzoom;
  char *bounds;
} Metadata;

static void
metadata_clear (Metadata *md)
{
  g_free (md->name);
  g_free (md->format);
  g_free (md->attribution);
  g_free (md->minzoom);
  g_free (md->maxzoom);
  g_free (md->bounds);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Metadata, metadata_clear)

/* Keeps printable text only, without tags (the spec allows HTML in attribution; we show
 * it as a plain label), the common entities decoded, and at most GW_MBTILES_MAX_TEXT
 * bytes. */
static char *
sanitize_text (const char *text)
{
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&copy;", "©" }, { "&#169;", "©" }, { "&nbsp;", " " },
  };
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = valid; *p != '\0' && out->len < GW_MBTILES_MAX_TEXT; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean done = FALSE;

      if (in_tag)
        {
          in_tag = c != '>';
          continue;
        }
      if (c == '<')
        {
          in_tag = TRUE;
          continue;
        }
      for (guint i = 0; c == '&' && !done && i < G_N_ELEMENTS (entities); i++)
        {
          if (g_str_has_prefix (p, entities[i].entity))
            {
              g_string_append (out, entities[i].text);
              p += strlen (entities[i].entity) - 1;
              done = TRUE;
            }
        }
      if (!done)
        g_string_append_unichar (out, g_unichar_iscntrl (c) || !g_unichar_isdefined (c) ? ' ' : c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
check_file (const char  *path,
            GError     **error)
{
  GStatBuf st;
  char header[16] = { 0 };
  FILE *file;
  size_t n;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN,
                   "cannot open MBTiles file %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN,
                   "MBTiles file %s is not a regular file", path);
      return FALSE;
    }
  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN,
                   "cannot read MBTiles file %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, file);
  fclose (file);
  if (n != sizeof header || memcmp (header, "SQLite format 3", sizeof header) != 0)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN,
                   "MBTiles file %s is not an SQLite database", path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_database (GwMbtilesSource  *self,
               GError          **error)
{
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN,
                   "cannot open MBTiles file %s: %s", self->path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  /* A corrupt file must fail a query, not hang it or grow without bound. */
  sqlite3_busy_timeout (self->db, 1000);
  sqlite3_limit (self->db, SQLITE_LIMIT_LENGTH, GW_TILE_IMAGE_MAX_BYTES * 4);
  return TRUE;
}

/* Maps a failed prepare or step to the error a user can act on. */
static void
set_query_error (GwMbtilesSource  *self,
                 const char       *what,
                 GError          **error)
{
  int code = sqlite3_errcode (self->db) & 0xff;

  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN,
                 "MBTiles file %s is damaged: %s", self->path, sqlite3_errmsg (self->db));
  else
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA,
                 "MBTiles file %s has no usable %s: %s", self->path, what,
                 sqlite3_errmsg (self->db));
}

static gboolean
read_metadata (GwMbtilesSource  *self,
               Metadata         *md,
               GError          **error)
{
  struct { const char *key; char **value; } keys[] = {
    { "name", &md->name }, { "format", &md->format }, { "attribution", &md->attribution },
    { "minzoom", &md->minzoom }, { "maxzoom", &md->maxzoom }, { "bounds", &md->bounds },
  };
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_query_error (self, "metadata table", error);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && rows++ < MAX_METADATA_ROWS)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      for (guint i = 0; key != NULL && value != NULL && i < G_N_ELEMENTS (keys); i++)
        {
          if (g_str_equal (key, keys[i].key) && *keys[i].value == NULL)
            *keys[i].value = sanitize_text (value);
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_query_error (self, "metadata table", error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static gboolean
format_supported (const char *gdk_name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      if (g_strcmp0 (gdk_pixbuf_format_get_name (l->data), gdk_name) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
gdk_format_name (const char *format)
{
  return g_str_equal (format, "jpg") ? "jpeg" : format;
}

static gboolean
check_format (GwMbtilesSource  *self,
              const char       *format,
              GError          **error)
{
  g_autofree char *lower = NULL;

  if (format == NULL)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s names no tile format (metadata “format”)", self->path);
      return FALSE;
    }
  lower = g_ascii_strdown (format, -1);
  if (g_str_equal (lower, "jpeg"))
    {
      g_free (lower);
      lower = g_strdup ("jpg");
    }
  if (g_str_equal (lower, "pbf"))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s holds vector tiles (pbf); only raster tiles "
                   "(png, jpg, webp) can be shown", self->path);
      return FALSE;
    }
  if (!g_str_equal (lower, "png") && !g_str_equal (lower, "jpg") && !g_str_equal (lower, "webp"))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s has an unknown tile format “%s” (expected png, jpg or webp)",
                   self->path, format);
      return FALSE;
    }
  if (!format_supported (gdk_format_name (lower)))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s holds %s tiles, which this system cannot decode "
                   "(no gdk-pixbuf loader)", self->path, lower);
      return FALSE;
    }
  self->format = g_steal_pointer (&lower);
  return TRUE;
}

static gboolean
parse_zoom (GwMbtilesSource  *self,
            const char       *key,
            const char       *text,
            guint            *zoom,
            GError          **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, GW_MBTILES_MAX_ZOOM, &value, NULL))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s: metadata “%s” is “%s”, not a zoom level 0..%d",
                   self->path, key, text, GW_MBTILES_MAX_ZOOM);
      return FALSE;
    }
  *zoom = value;
  return TRUE;
}

/* Zoom levels missing from the metadata (it is optional) come from the tiles. */
static gboolean
zoom_range_from_tiles (GwMbtilesSource  *self,
                       guint            *min_zoom,
                       guint            *max_zoom,
                       GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT min(zoom_level), max(zoom_level) FROM tiles",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_query_error (self, "tiles table", error);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_ROW)
    set_query_error (self, "tiles table", error);
  else if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER
           || sqlite3_column_type (stmt, 1) != SQLITE_INTEGER)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA,
                 "MBTiles file %s holds no tiles", self->path);
  else
    {
      sqlite3_int64 lo = sqlite3_column_int64 (stmt, 0);
      sqlite3_int64 hi = sqlite3_column_int64 (stmt, 1);

      ok = lo >= 0 && hi <= GW_MBTILES_MAX_ZOOM;
      if (ok)
        {
          *min_zoom = lo;
          *max_zoom = hi;
        }
      else
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA,
                     "MBTiles file %s has tiles at zoom levels %lld..%lld, outside 0..%d",
                     self->path, (long long) lo, (long long) hi, GW_MBTILES_MAX_ZOOM);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
check_zoom (GwMbtilesSource  *self,
            const Metadata   *md,
            GError          **error)
{
  guint lo = 0, hi = 0;

  if ((md->minzoom == NULL || md->maxzoom == NULL)
      && !zoom_range_from_tiles (self, &lo, &hi, error))
    return FALSE;
  if (md->minzoom != NULL && !parse_zoom (self, "minzoom", md->minzoom, &lo, error))
    return FALSE;
  if (md->maxzoom != NULL && !parse_zoom (self, "maxzoom", md->maxzoom, &hi, error))
    return FALSE;
  if (lo > hi)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s: minzoom %u is above maxzoom %u", self->path, lo, hi);
      return FALSE;
    }
  self->min_zoom = lo;
  self->max_zoom = hi;
  return TRUE;
}

static gboolean
parse_bounds (const char *text,
              double      bounds[4])
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      g_strstrip (parts[i]);
      bounds[i] = g_ascii_strtod (parts[i], &end);
      if (*parts[i] == '\0' || end == NULL || *end != '\0' || !isfinite (bounds[i]))
        return FALSE;
    }
  return bounds[0] >= -180 && bounds[2] <= 180 && bounds[0] < bounds[2]
         && bounds[1] >= -90 && bounds[3] <= 90 && bounds[1] < bounds[3];
}

static gboolean
check_bounds (GwMbtilesSource  *self,
              const char       *text,
              GError          **error)
{
  if (text == NULL)
    return TRUE;
  if (!parse_bounds (text, self->bounds))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA,
                   "MBTiles file %s: metadata “bounds” is “%s”, not "
                   "“west,south,east,north” in degrees", self->path, text);
      return FALSE;
    }
  self->has_bounds = TRUE;
  return TRUE;
}

/* Checks the header (format, size), then decodes the image: the renderer decodes it
 * again on the main thread and only warns on failure, so it is only handed tiles that
 * work. */
static gboolean
check_image (GwMbtilesSource  *self,
             GBytes           *bytes,
             int               x,
             int               y,
             int               zoom,
             int              *width,
             GError          **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *problem = NULL;
  const char *format;
  int w = 0, h = 0;
  gboolean ok;

  format = gw_tile_image_peek (bytes, &w, &h, &problem);
  if (format == NULL || !g_str_equal (format, self->format) || w != h)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE,
                   "MBTiles file %s: tile %d/%d/%d is refused: %s", self->path, zoom, x, y,
                   problem ? problem
                   : format && w != h ? "it is not square"
                   : "its format differs from the file's metadata");
      return FALSE;
    }
  loader = gdk_pixbuf_loader_new_with_type (gdk_format_name (self->format), &local_error);
  ok = loader != NULL && gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error);
  /* close even after a failed write: a loader must be closed before it is freed */
  if (loader != NULL)
    ok = gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL) && ok
         && gdk_pixbuf_loader_get_pixbuf (loader) != NULL;
  if (!ok)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE,
                   "MBTiles file %s: tile %d/%d/%d is not a readable %s image: %s",
                   self->path, zoom, x, y, self->format,
                   local_error ? local_error->message : "no image");
      return FALSE;
    }
  if (width != NULL)
    *width = w;
  return TRUE;
}

/* Reads the blob of XYZ tile x, y (TMS row 2^zoom - 1 - y); the caller holds the lock. */
static GBytes *
query_tile (GwMbtilesSource  *self,
            int               x,
            int               y,
            int               zoom,
            GError          **error)
{
  sqlite3_stmt *stmt = self->tile_stmt;
  GBytes *bytes = NULL;
  sqlite3_int64 length;
  int rc;

  sqlite3_bind_int (stmt, 1, zoom);
  sqlite3_bind_int (stmt, 2, x);
  sqlite3_bind_int (stmt, 3, (1 << zoom) - 1 - y);
  sqlite3_bind_int (stmt, 4, GW_TILE_IMAGE_MAX_BYTES);
  rc = sqlite3_step (stmt);
  length = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc == SQLITE_DONE)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NO_TILE,
                 "MBTiles file %s has no tile %d/%d/%d", self->path, zoom, x, y);
  else if (rc != SQLITE_ROW)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE,
                 "MBTiles file %s: cannot read tile %d/%d/%d: %s",
                 self->path, zoom, x, y, sqlite3_errmsg (self->db));
  else if (length < 1 || length > GW_TILE_IMAGE_MAX_BYTES)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE,
                 "MBTiles file %s: tile %d/%d/%d holds %lld bytes, not 1 to %d",
                 self->path, zoom, x, y, (long long) length, GW_TILE_IMAGE_MAX_BYTES);
  else if (sqlite3_column_type (stmt, 1) != SQLITE_BLOB)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE,
                 "MBTiles file %s: tile %d/%d/%d holds text or a number, not image data",
                 self->path, zoom, x, y);
  else
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return bytes;
}

/**
 * gw_mbtiles_source_read_tile:
 * @self: a #GwMbtilesSource
 * @x: tile column
 * @y: tile row, counted from the north as in XYZ tile servers (not TMS)
 * @zoom: zoom level
 * @error: return location for a #GwMbtilesError
 *
 * Reads and checks one tile. Safe to call from any thread.
 *
 * Returns: (transfer full): the encoded image, or %NULL with @error set
 */
GBytes *
gw_mbtiles_source_read_tile (GwMbtilesSource  *self,
                             int               x,
                             int               y,
                             int               zoom,
                             GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  int n;

  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);

  n = zoom >= 0 && zoom <= GW_MBTILES_MAX_ZOOM ? 1 << zoom : 0;
  if (x < 0 || y < 0 || x >= n || y >= n)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NO_TILE,
                   "tile %d/%d/%d does not exist", zoom, x, y);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  bytes = query_tile (self, x, y, zoom, error);
  g_mutex_unlock (&self->lock);

  if (bytes == NULL || !check_image (self, bytes, x, y, zoom, NULL, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/* The tile size is not in the metadata: take it from a tile of the lowest zoom. */
static gboolean
read_tile_size (GwMbtilesSource  *self,
                GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int x = 0, row = 0, y, width = 256;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_column, tile_row FROM tiles WHERE zoom_level = ?1 LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_query_error (self, "tiles table", error);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, self->min_zoom);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      x = sqlite3_column_int (stmt, 0);
      row = sqlite3_column_int (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    set_query_error (self, "tiles table", error);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA,
                     "MBTiles file %s holds no tile at its minzoom %u", self->path, self->min_zoom);
      return FALSE;
    }
  y = (1 << self->min_zoom) - 1 - row;
  bytes = query_tile (self, x, y, self->min_zoom, error);
  if (bytes == NULL || !check_image (self, bytes, x, y, self->min_zoom, &width, error))
    return FALSE;
  self->tile_size = width;
  return TRUE;
}

static gboolean
gw_mbtiles_source_load (GwMbtilesSource  *self,
                        GError          **error)
{
  g_auto(Metadata) md = { NULL, };

  if (!check_file (self->path, error) || !open_database (self, error))
    return FALSE;
  if (!read_metadata (self, &md, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, tile_query, -1, &self->tile_stmt, NULL) != SQLITE_OK)
    {
      set_query_error (self, "tiles table", error);
      return FALSE;
    }
  if (!check_format (self, md.format, error) || !check_zoom (self, &md, error)
      || !check_bounds (self, md.bounds, error))
    return FALSE;

  self->name = md.name && *md.name ? g_steal_pointer (&md.name) : g_path_get_basename (self->path);
  self->attribution = md.attribution && *md.attribution ? g_steal_pointer (&md.attribution) : NULL;
  return read_tile_size (self, error);
}

static void
read_tile_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  int *xyz = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = gw_mbtiles_source_read_tile (source_object, xyz[0], xyz[1], xyz[2], &error);
  if (bytes != NULL)
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

/* Back on the main thread: the renderer shows a tile on received-data, then counts the
 * request done when the task returns. */
static void
on_tile_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  int *xyz = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NO_TILE)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s", error->message);
      g_task_return_error (outer, error);
      return;
    }
  g_signal_emit_by_name (object, "received-data", xyz[0], xyz[1], xyz[2], bytes);
  g_task_return_pointer (outer, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
gw_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) outer = g_task_new (source, cancellable, callback, user_data);
  g_autoptr(GTask) task = g_task_new (source, cancellable, on_tile_read, g_object_ref (outer));
  int *xyz = g_new (int, 3);

  g_task_set_source_tag (outer, gw_mbtiles_source_get_tile_data_async);
  xyz[0] = x;
  xyz[1] = y;
  xyz[2] = zoom;
  g_task_set_task_data (task, xyz, g_free);
  g_task_run_in_thread (task, read_tile_in_thread);
}

static GBytes *
gw_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gw_mbtiles_source_finalize (GObject *object)
{
  GwMbtilesSource *self = (GwMbtilesSource *)object;

  g_clear_pointer (&self->tile_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->name);
  g_free (self->format);
  g_free (self->attribution);

  G_OBJECT_CLASS (gw_mbtiles_source_parent_class)->finalize (object);
}

static void
gw_mbtiles_source_class_init (GwMbtilesSourceClass *klass)
{
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_mbtiles_source_finalize;
  source_class->get_tile_data_async = gw_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = gw_mbtiles_source_get_tile_data_finish;
}

static void
gw_mbtiles_source_init (GwMbtilesSource *self)
{
  g_mutex_init (&self->lock);
  self->tile_size = 256;
}

/**
 * gw_mbtiles_source_new:
 * @path: the MBTiles file
 * @error: return location for a #GwMbtilesError
 *
 * Opens @path read-only and checks its schema, its metadata (format png, jpg or webp
 * where a loader exists; minzoom, maxzoom and bounds when present) and one tile, from
 * which the tile size is taken.
 *
 * Returns: (transfer full): the source, or %NULL with @error set
 */
GwMbtilesSource *
gw_mbtiles_source_new (const char  *path,
                       GError     **error)
{
  g_autoptr(GwMbtilesSource) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (GW_TYPE_MBTILES_SOURCE, NULL);
  self->path = g_strdup (path);
  if (!gw_mbtiles_source_load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * gw_mbtiles_source_new_map_source:
 * @path: the MBTiles file
 * @attribution: (nullable): the licence text to show instead of the file's, or %NULL or ""
 * @error: return location for a #GwMbtilesError
 *
 * Opens @path with gw_mbtiles_source_new() and wraps it in a raster renderer carrying
 * its name, zoom range, tile size and attribution (as the map's licence text).
 *
 * Returns: (transfer full): the map source, or %NULL with @error set
 */
ShumateMapSource *
gw_mbtiles_source_new_map_source (const char  *path,
                                  const char  *attribution,
                                  GError     **error)
{
  g_autoptr(GwMbtilesSource) source = gw_mbtiles_source_new (path, error);
  g_autofree char *id = NULL;

  if (source == NULL)
    return NULL;
  id = g_strconcat ("gridwall-mbtiles:", path, NULL);
  if (attribution == NULL || *attribution == '\0')
    attribution = source->attribution;
  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (id, source->name,
                                                               attribution, NULL,
                                                               source->min_zoom,
                                                               source->max_zoom,
                                                               source->tile_size,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (source)));
}

const char *
gw_mbtiles_source_get_path (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);
  return self->path;
}

const char *
gw_mbtiles_source_get_name (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);
  return self->name;
}

const char *
gw_mbtiles_source_get_format (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);
  return self->format;
}

/**
 * gw_mbtiles_source_get_attribution:
 * @self: a #GwMbtilesSource
 *
 * Returns: (nullable): the file's attribution as plain text (tags removed)
 */
const char *
gw_mbtiles_source_get_attribution (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);
  return self->attribution;
}

guint
gw_mbtiles_source_get_min_zoom (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 0);
  return self->min_zoom;
}

guint
gw_mbtiles_source_get_max_zoom (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 0);
  return self->max_zoom;
}

guint
gw_mbtiles_source_get_tile_size (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 256);
  return self->tile_size;
}

/**
 * gw_mbtiles_source_get_bounds:
 * @self: a #GwMbtilesSource
 * @west: (out) (optional): western longitude
 * @south: (out) (optional): southern latitude
 * @east: (out) (optional): eastern longitude
 * @north: (out) (optional): northern latitude
 *
 * Returns: %TRUE if the file's metadata gives its bounds (WGS-84 degrees)
 */
gboolean
gw_mbtiles_source_get_bounds (GwMbtilesSource *self,
                              double          *west,
                              double          *south,
                              double          *east,
                              double          *north)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), FALSE);

  if (west)
    *west = self->bounds[0];
  if (south)
    *south = self->bounds[1];
  if (east)
    *east = self->bounds[2];
  if (north)
    *north = self->bounds[3];
  return self->has_bounds;
}
