/* test-mbtiles.c: GwMbtilesSource over small MBTiles files made here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gw-mbtiles-source.h"
#include "gw-tile-image.h"
#include "gw-tile-source.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

typedef struct
{
  int     zoom;
  int     column;
  int     tms_row;
  GBytes *data;
} Row;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A solid tile whose colour encodes its place, so that a mix-up shows in bytes and pixels. */
static GBytes *
make_png (int    size,
          guint8 red,
          guint8 green,
          guint8 blue)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  GByteArray *out = g_byte_array_new ();

  cairo_set_source_rgb (cr, red / 255.0, green / 255.0, blue / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_bytes, out), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
save_pixbuf (int         width,
             int         height,
             const char *format)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *buffer = NULL;
  gsize length = 0;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, format, NULL, NULL));
  return g_bytes_new (buffer, length);
}

static GBytes *
make_jpeg (int size)
{
  return save_pixbuf (size, size, "jpeg");
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
insert_tile (sqlite3    *db,
             const Row  *row)
{
  sqlite3_stmt *stmt = NULL;
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (row->data, &size);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, row->zoom);
  sqlite3_bind_int (stmt, 2, row->column);
  sqlite3_bind_int (stmt, 3, row->tms_row);
  sqlite3_bind_blob (stmt, 4, data, size, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* Writes an MBTiles file: @metadata is "name", "value" pairs, NULL-terminated; @schema
 * replaces the standard tables when not NULL. */
static void
write_mbtiles (const char         *path,
               const char         *schema,
               const char * const *metadata,
               const Row          *rows,
               guint               n_rows)
{
  sqlite3 *db = NULL;

  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* test files need no durability; without fsyncs the suite runs in a fraction of the time */
  exec_sql (db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; BEGIN");
  exec_sql (db, schema ? schema
                : "CREATE TABLE metadata (name text, value text);"
                  "CREATE TABLE tiles (zoom_level integer, tile_column integer,"
                  "  tile_row integer, tile_data blob);"
                  "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");
  for (guint i = 0; metadata != NULL && metadata[i] != NULL; i += 2)
    {
      char *sql = sqlite3_mprintf ("INSERT INTO metadata VALUES (%Q, %Q)",
                                   metadata[i], metadata[i + 1]);
      exec_sql (db, sql);
      sqlite3_free (sql);
    }
  for (guint i = 0; i < n_rows; i++)
    insert_tile (db, &rows[i]);
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
}

static const char * const good_metadata[] = {
  "name", "Test City",
  "format", "png",
  "minzoom", "0",
  "maxzoom", "2",
  "bounds", "115.5,28.1,116.6,29.2",
  "attribution", "<a href=\"https://example.cn/\">&copy; Example &amp; Co</a>",
  NULL
};

/* Tiles of zoom 1 are coloured by their XYZ place: red = 100 + 50 x, green = 100 + 50 y. */
static void
write_good_file (const char         *path,
                 const char * const *metadata,
                 int                 size)
{
  Row rows[6];
  guint n = 0;

  rows[n++] = (Row) { 0, 0, 0, make_png (size, 10, 20, 30) };
  for (int x = 0; x < 2; x++)
    for (int y = 0; y < 2; y++)
      rows[n++] = (Row) { 1, x, 1 - y, make_png (size, 100 + 50 * x, 100 + 50 * y, 0) };
  rows[n++] = (Row) { 2, 3, 0, make_png (size, 0, 0, 200) };
  write_mbtiles (path, NULL, metadata, rows, n);
  for (guint i = 0; i < n; i++)
    g_bytes_unref (rows[i].data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("gw-mbtiles-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "tiles.mbtiles", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      if (g_rmdir (path) != 0)
        g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
assert_same_bytes (GBytes *actual,
                   GBytes *expected)
{
  g_assert_nonnull (actual);
  g_assert_true (g_bytes_equal (actual, expected));
}

static void
test_metadata (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwMbtilesSource) source = NULL;
  double west, south, east, north;

  write_good_file (f->path, good_metadata, 256);
  source = gw_mbtiles_source_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_mbtiles_source_get_name (source), ==, "Test City");
  g_assert_cmpstr (gw_mbtiles_source_get_format (source), ==, "png");
  /* HTML is shown as plain text: tags dropped, entities decoded */
  g_assert_cmpstr (gw_mbtiles_source_get_attribution (source), ==, "© Example & Co");
  g_assert_cmpuint (gw_mbtiles_source_get_min_zoom (source), ==, 0);
  g_assert_cmpuint (gw_mbtiles_source_get_max_zoom (source), ==, 2);
  g_assert_cmpuint (gw_mbtiles_source_get_tile_size (source), ==, 256);
  g_assert_true (gw_mbtiles_source_get_bounds (source, &west, &south, &east, &north));
  g_assert_cmpfloat (west, ==, 115.5);
  g_assert_cmpfloat (north, ==, 29.2);
}

/* XYZ row y is stored as TMS row 2^z - 1 - y. */
static void
test_tms_flip (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwMbtilesSource) source = NULL;

  write_good_file (f->path, good_metadata, 256);
  source = gw_mbtiles_source_new (f->path, &error);
  g_assert_no_error (error);
  for (int x = 0; x < 2; x++)
    for (int y = 0; y < 2; y++)
      {
        g_autoptr(GBytes) expected = make_png (256, 100 + 50 * x, 100 + 50 * y, 0);
        g_autoptr(GBytes) bytes = gw_mbtiles_source_read_tile (source, x, y, 1, &error);

        g_assert_no_error (error);
        assert_same_bytes (bytes, expected);
      }
  {
    g_autoptr(GBytes) expected = make_png (256, 0, 0, 200);
    /* stored at TMS row 0 of zoom 2: the southernmost row, XYZ y 3 */
    g_autoptr(GBytes) bytes = gw_mbtiles_source_read_tile (source, 3, 3, 2, &error);

    g_assert_no_error (error);
    assert_same_bytes (bytes, expected);
  }
}

static void
test_missing_tile (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  const int cases[][3] = { { 3, 0, 2 }, { 0, 0, 3 }, { 2, 0, 1 }, { -1, 0, 1 }, { 0, 0, -1 },
                           { 0, 0, 40 } };

  write_good_file (f->path, good_metadata, 256);
  source = gw_mbtiles_source_new (f->path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = gw_mbtiles_source_read_tile (source, cases[i][0], cases[i][1],
                                                             cases[i][2], &error);

      g_assert_null (bytes);
      g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NO_TILE);
    }
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *received;
  GBytes    *result;
  GError    *error;
  int        xyz[3];
  guint      n_received;
  guint      n_done;
  guint      n_failed;
  guint      n_wanted;  /* quit after this many results */
} AsyncData;

static void
on_received_data (ShumateDataSource *source,
                  int                x,
                  int                y,
                  int                zoom,
                  GBytes            *bytes,
                  AsyncData         *data)
{
  data->n_received++;
  data->xyz[0] = x;
  data->xyz[1] = y;
  data->xyz[2] = zoom;
  g_clear_pointer (&data->received, g_bytes_unref);
  data->received = g_bytes_ref (bytes);
}

static void
on_tile_data (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncData *data = user_data;

  g_clear_pointer (&data->result, g_bytes_unref);
  g_clear_error (&data->error);
  data->result = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object),
                                                           result, &data->error);
  data->n_failed += data->result == NULL;
  if (++data->n_done >= data->n_wanted)
    g_main_loop_quit (data->loop);
}

/* The renderer only shows tiles announced by received-data, on the main thread. */
static void
test_async (Fixture       *f,
            gconstpointer  unused)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(GBytes) expected = make_png (256, 150, 100, 0);
  AsyncData data = { g_main_loop_new (NULL, FALSE), .n_wanted = 1 };

  write_good_file (f->path, good_metadata, 256);
  source = gw_mbtiles_source_new (f->path, NULL);
  g_signal_connect (source, "received-data", G_CALLBACK (on_received_data), &data);

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 1, 0, 1, NULL,
                                           on_tile_data, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  assert_same_bytes (data.result, expected);
  assert_same_bytes (data.received, expected);
  g_assert_cmpuint (data.n_received, ==, 1);
  g_assert_cmpint (data.xyz[0], ==, 1);
  g_assert_cmpint (data.xyz[1], ==, 0);
  g_assert_cmpint (data.xyz[2], ==, 1);
  g_clear_pointer (&data.result, g_bytes_unref);

  /* a missing tile fails quietly, without received-data */
  data.n_done = 0;
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 0, 0, 2, NULL,
                                           on_tile_data, &data);
  g_main_loop_run (data.loop);
  g_assert_error (data.error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NO_TILE);
  g_assert_null (data.result);
  g_assert_cmpuint (data.n_received, ==, 1);

  g_clear_error (&data.error);
  g_clear_pointer (&data.received, g_bytes_unref);
  g_main_loop_unref (data.loop);
}

static void
on_tile_filled (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncData *data = user_data;

  shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &data->error);
  g_main_loop_quit (data->loop);
}

/* Through libshumate's own renderer: the tile ends up with our pixels. */
static void
test_map_source (Fixture       *f,
                 gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShumateMapSource) map_source = NULL;
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (0, 1, 512, 1);
  AsyncData data = { g_main_loop_new (NULL, FALSE), };
  GdkPaintable *paintable;
  g_autofree guint8 *pixels = g_malloc (512 * 512 * 4);

  write_good_file (f->path, good_metadata, 512);
  map_source = gw_mbtiles_source_new_map_source (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shumate_map_source_get_tile_size (map_source), ==, 512);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (map_source), ==, 2);
  g_assert_cmpstr (shumate_map_source_get_license (map_source), ==, "© Example & Co");
  g_assert_cmpstr (shumate_map_source_get_name (map_source), ==, "Test City");

  shumate_map_source_fill_tile_async (map_source, tile, NULL, on_tile_filled, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  paintable = shumate_tile_get_paintable (tile);
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)), ==, 512);
  gdk_texture_download (GDK_TEXTURE (paintable), pixels, 512 * 4);
  /* x 0, y 1: red 100, green 150 (BGRA in memory) */
  g_assert_cmpuint (pixels[2], ==, 100);
  g_assert_cmpuint (pixels[1], ==, 150);
  g_main_loop_unref (data.loop);

  /* a configured attribution replaces the file's */
  g_clear_object (&map_source);
  map_source = gw_tile_source_new_base (f->path, "https://ignored.example/{z}/{x}/{y}.png",
                                        "© 南昌市测绘院", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shumate_map_source_get_license (map_source), ==, "© 南昌市测绘院");
}

static void
test_jpeg_and_defaults (Fixture       *f,
                        gconstpointer  unused)
{
  const char * const metadata[] = { "format", "jpg", NULL };
  g_autoptr(GBytes) jpeg = make_jpeg (256);
  Row rows[] = { { 3, 1, 2, jpeg }, { 5, 4, 4, jpeg } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(GBytes) bytes = NULL;

  write_mbtiles (f->path, NULL, metadata, rows, G_N_ELEMENTS (rows));
  source = gw_mbtiles_source_new (f->path, &error);
  g_assert_no_error (error);
  /* no zoom metadata: taken from the tiles; no name: the file's name */
  g_assert_cmpuint (gw_mbtiles_source_get_min_zoom (source), ==, 3);
  g_assert_cmpuint (gw_mbtiles_source_get_max_zoom (source), ==, 5);
  g_assert_cmpstr (gw_mbtiles_source_get_name (source), ==, "tiles.mbtiles");
  g_assert_null (gw_mbtiles_source_get_attribution (source));
  g_assert_false (gw_mbtiles_source_get_bounds (source, NULL, NULL, NULL, NULL));
  bytes = gw_mbtiles_source_read_tile (source, 1, 5, 3, &error);
  g_assert_no_error (error);
  assert_same_bytes (bytes, jpeg);
}

static void
assert_open_fails (const char *path,
                   GQuark      domain,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwMbtilesSource) source = gw_mbtiles_source_new (path, &error);

  g_assert_null (source);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_not_a_tile_file (Fixture       *f,
                      gconstpointer  unused)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.mbtiles", NULL);
  g_autofree char *text = g_build_filename (f->dir, "text.mbtiles", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.mbtiles", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.mbtiles", NULL);
  g_autofree char *content = NULL;
  gsize length = 0;

  assert_open_fails (missing, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN, "No such file");
  assert_open_fails (f->dir, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN, "not a regular file");
  g_assert_true (g_file_set_contents (text, "name,value\nformat,png\n", -1, NULL));
  assert_open_fails (text, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN, "not an SQLite database");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_open_fails (empty, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN, "not an SQLite database");

  /* a real SQLite header over pages of garbage */
  write_good_file (f->path, good_metadata, 256);
  g_assert_true (g_file_get_contents (f->path, &content, &length, NULL));
  for (gsize i = 100; i < length; i++)
    content[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (damaged, content, length, NULL));
  assert_open_fails (damaged, GW_MBTILES_ERROR, GW_MBTILES_ERROR_OPEN, "damaged");
}

static void
test_bad_schema (Fixture       *f,
                 gconstpointer  unused)
{
  write_mbtiles (f->path, "CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data);",
                 NULL, NULL, 0);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA, "metadata table");

  write_mbtiles (f->path, "CREATE TABLE metadata (name, value);", good_metadata, NULL, 0);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA, "tiles table");

  write_mbtiles (f->path, "CREATE TABLE metadata (name, value);"
                          "CREATE TABLE tiles (z, x, y, image);", good_metadata, NULL, 0);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA, "tiles table");

  write_mbtiles (f->path, NULL, (const char *[]) { "format", "png", NULL }, NULL, 0);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA, "holds no tiles");

  write_mbtiles (f->path, NULL, good_metadata, NULL, 0);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_SCHEMA, "no tile at its minzoom");
}

static void
test_bad_metadata (Fixture       *f,
                   gconstpointer  unused)
{
  const struct { const char *key, *value, *fragment; } cases[] = {
    { "format", "pbf", "vector tiles" },
    { "format", "gif", "unknown tile format" },
    { "format", NULL, "names no tile format" },
    { "minzoom", "abc", "not a zoom level" },
    { "minzoom", "-1", "not a zoom level" },
    { "maxzoom", "99", "not a zoom level" },
    { "maxzoom", "1e3", "not a zoom level" },
    { "minzoom", "1.5", "not a zoom level" },
    { "bounds", "115,28,116", "west,south,east,north" },
    { "bounds", "200,0,210,10", "west,south,east,north" },
    { "bounds", "116,28,115,29", "west,south,east,north" },
    { "bounds", "115,nan,116,29", "west,south,east,north" },
    { "bounds", "115,28,116,29x", "west,south,east,north" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) metadata = g_ptr_array_new ();

      for (guint j = 0; good_metadata[j] != NULL; j += 2)
        {
          if (g_str_equal (good_metadata[j], cases[i].key))
            continue;
          g_ptr_array_add (metadata, (gpointer) good_metadata[j]);
          g_ptr_array_add (metadata, (gpointer) good_metadata[j + 1]);
        }
      if (cases[i].value != NULL)
        {
          g_ptr_array_add (metadata, (gpointer) cases[i].key);
          g_ptr_array_add (metadata, (gpointer) cases[i].value);
        }
      g_ptr_array_add (metadata, NULL);
      write_good_file (f->path, (const char * const *) metadata->pdata, 256);
      assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA, cases[i].fragment);
    }

  write_good_file (f->path, (const char *[]) { "format", "png", "minzoom", "2", "maxzoom", "1",
                                               NULL }, 256);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_METADATA, "above maxzoom");
}

/* A PNG whose header claims 60000 x 60000 pixels: gdk-pixbuf would allocate 14 GB. */
static GBytes *
make_png_bomb (void)
{
  g_autoptr(GBytes) png = make_png (256, 1, 2, 3);
  gsize size = g_bytes_get_size (png);
  guint8 *data = g_memdup2 (g_bytes_get_data (png, NULL), size);
  const guint8 width[4] = { 0, 0, 0xea, 0x60 };

  memcpy (data + 16, width, 4);
  memcpy (data + 20, width, 4);
  return g_bytes_new_take (data, size);
}

/* A PNG with a sound header and garbage where the image data belongs. */
static GBytes *
make_corrupt_png (void)
{
  g_autoptr(GBytes) png = make_png (256, 1, 2, 3);
  gsize size = g_bytes_get_size (png);
  guint8 *data = g_memdup2 (g_bytes_get_data (png, NULL), size);

  for (gsize i = 41; i < size; i++)
    data[i] = (guint8) (i * 7919 % 251);
  return g_bytes_new_take (data, size);
}

static void
test_bad_tiles (Fixture       *f,
                gconstpointer  unused)
{
  g_autoptr(GBytes) good = make_png (256, 9, 9, 9);
  g_autoptr(GBytes) truncated = make_corrupt_png ();
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x89PNG\r\n\x1a\n this is not a PNG body", 33);
  g_autoptr(GBytes) noise = g_bytes_new_static ("GIF89a\x01\x00\x01\x00", 10);
  g_autoptr(GBytes) jpeg = make_jpeg (256);
  g_autoptr(GBytes) bomb = make_png_bomb ();
  g_autoptr(GBytes) oblong = save_pixbuf (256, 128, "png");
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  gpointer huge_data = g_malloc0 (3 * 1024 * 1024);
  g_autoptr(GBytes) huge = g_bytes_new_take (huge_data, 3 * 1024 * 1024);
  Row rows[] = {
    { 0, 0, 0, good }, { 3, 0, 0, truncated }, { 3, 1, 0, garbage }, { 3, 2, 0, noise },
    { 3, 3, 0, jpeg }, { 3, 4, 0, bomb }, { 3, 6, 0, huge }, { 3, 7, 0, empty },
  };
  const char *fragments[] = { "not a readable png", "header is damaged", "not a PNG, JPEG",
                              "format differs", "1 to 1024 pixels", "3145728 bytes",
                              "0 bytes" };
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(GError) error = NULL;

  write_mbtiles (f->path, NULL, good_metadata, rows, G_N_ELEMENTS (rows));
  source = gw_mbtiles_source_new (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GBytes) bytes = gw_mbtiles_source_read_tile (source, rows[i].column, 7, 3, &error);

      g_assert_null (bytes);
      g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE);
      g_test_message ("%s", error->message);
      if (strstr (error->message, fragments[i - 1]) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, fragments[i - 1]);
      g_clear_error (&error);
    }
  /* a tile that is not square, and text where a blob belongs */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    insert_tile (db, &(Row) { 4, 8, 0, oblong });
    exec_sql (db, "INSERT INTO tiles VALUES (4, 9, 0, 'just text')");
    sqlite3_close (db);
  }
  for (int x = 8; x <= 9; x++)
    {
      g_autoptr(GBytes) bytes = gw_mbtiles_source_read_tile (source, x, 15, 4, &error);

      g_assert_null (bytes);
      g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }

  /* the first tile is checked at open */
  rows[0].data = bomb;
  write_mbtiles (f->path, NULL, good_metadata, rows, 1);
  assert_open_fails (f->path, GW_MBTILES_ERROR, GW_MBTILES_ERROR_BAD_TILE, "1 to 1024 pixels");
}

/* Reading from many threads at once through one connection. */
static void
test_concurrent (Fixture       *f,
                 gconstpointer  unused)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  AsyncData data = { g_main_loop_new (NULL, FALSE), };

  write_good_file (f->path, good_metadata, 256);
  source = gw_mbtiles_source_new (f->path, NULL);
  g_signal_connect (source, "received-data", G_CALLBACK (on_received_data), &data);
  data.n_wanted = 200;
  for (guint i = 0; i < 200; i++)
    shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), i % 2, (i / 2) % 2,
                                             1, NULL, on_tile_data, &data);
  g_main_loop_run (data.loop);
  g_assert_cmpuint (data.n_done, ==, 200);
  g_assert_cmpuint (data.n_failed, ==, 0);
  g_assert_cmpuint (data.n_received, ==, 200);
  g_clear_pointer (&data.result, g_bytes_unref);
  g_clear_pointer (&data.received, g_bytes_unref);
  g_main_loop_unref (data.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/map/mbtiles/metadata", test_metadata);
  ADD ("/map/mbtiles/tms-flip", test_tms_flip);
  ADD ("/map/mbtiles/missing-tile", test_missing_tile);
  ADD ("/map/mbtiles/async", test_async);
  ADD ("/map/mbtiles/map-source", test_map_source);
  ADD ("/map/mbtiles/jpeg-and-defaults", test_jpeg_and_defaults);
  ADD ("/map/mbtiles/not-a-tile-file", test_not_a_tile_file);
  ADD ("/map/mbtiles/bad-schema", test_bad_schema);
  ADD ("/map/mbtiles/bad-metadata", test_bad_metadata);
  ADD ("/map/mbtiles/bad-tiles", test_bad_tiles);
  ADD ("/map/mbtiles/concurrent", test_concurrent);
#undef ADD

  return g_test_run ();
}
