/* gw-tile-source.c
 *
 * Tiles from an XYZ tile server (a centre's own, or 天地图 with its key in the URL),
 * fetched and cached on disk by libshumate's ShumateTileDownloader. What this adds:
 * the template is checked before any request, `{s}` spreads tiles over subdomains (the
 * same tile always from the same one, so the cache stays warm), and each tile's header
 * is checked before the renderer decodes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-tile-source"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gw-mbtiles-source.h"
#include "gw-tile-image.h"
#include "gw-tile-source.h"

struct _GwTileSource
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  GPtrArray         *downloaders;  /* of ShumateTileDownloader, one per subdomain */
};

G_DEFINE_FINAL_TYPE (GwTileSource, gw_tile_source, SHUMATE_TYPE_DATA_SOURCE)

G_DEFINE_QUARK (gw-tile-source-error-quark, gw_tile_source_error)

/* Leaflet's default when a template says `{s}` without a list. */
static const char default_subdomains[] = "a,b,c";

typedef struct
{
  gboolean  has_x, has_y, has_z;
  guint     n_s;
  char     *subdomains;   /* the list of `{s:LIST}`, or the default */
  gsize     s_start;      /* where the `{s…}` placeholder is, and its length */
  gsize     s_len;
} Template;

static void
template_clear (Template *t)
{
  g_free (t->subdomains);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Template, template_clear)

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_TILE_SOURCE_ERROR, GW_TILE_SOURCE_ERROR_INVALID_URL, message);
  return FALSE;
}

static gboolean
check_subdomains (const char  *list,
                  GError     **error)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);
  guint n = g_strv_length (names);

  if (n == 0 || n > GW_TILE_SOURCE_MAX_SUBDOMAINS)
    return invalid (error, _("The subdomain list “%s” must have 1 to %d names"),
                    list, GW_TILE_SOURCE_MAX_SUBDOMAINS);
  for (guint i = 0; i < n; i++)
    {
      if (*names[i] == '\0' || strspn (names[i], "abcdefghijklmnopqrstuvwxyz"
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen (names[i]))
        return invalid (error, _("The subdomain “%s” may only hold letters, digits and “-”"),
                        names[i]);
    }
  return TRUE;
}

static gboolean
parse_placeholder (Template    *t,
                   const char  *name,
                   gsize        start,
                   gsize        len,
                   GError     **error)
{
  if (g_str_equal (name, "x"))
    t->has_x = TRUE;
  else if (g_str_equal (name, "y") || g_str_equal (name, "tmsy"))
    t->has_y = TRUE;
  else if (g_str_equal (name, "z"))
    t->has_z = TRUE;
  else if (g_str_equal (name, "s") || g_str_has_prefix (name, "s:"))
    {
      if (t->n_s++ > 0)
        return invalid (error, _("The URL may hold only one {s}"));
      t->subdomains = g_strdup (name[1] == ':' ? name + 2 : default_subdomains);
      t->s_start = start;
      t->s_len = len;
      return check_subdomains (t->subdomains, error);
    }
  else
    return invalid (error, _("Unknown placeholder {%s}: use {x}, {y}, {z}, {tmsy} or {s}"), name);
  return TRUE;
}

static gboolean
parse_template (const char  *url,
                Template    *t,
                GError     **error)
{
  for (const char *p = url; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *name = NULL;

      if (*p == '}')
        return invalid (error, _("The URL has a “}” without a “{”"));
      if (*p != '{')
        continue;
      end = strchr (p, '}');
      if (end == NULL || memchr (p + 1, '{', end - p - 1) != NULL)
        return invalid (error, _("The URL has a “{” without a “}”"));
      name = g_strndup (p + 1, end - p - 1);
      if (!parse_placeholder (t, name, p - url, end - p + 1, error))
        return FALSE;
      p = end;
    }
  if (!t->has_x || !t->has_y || !t->has_z)
    return invalid (error, _("The URL must hold {x}, {y} and {z}"));
  return TRUE;
}

/* Puts a number in each placeholder, so that GUri can judge the rest. */
static GUri *
parse_sample (const char *url)
{
  g_autoptr(GRegex) placeholders = g_regex_new ("\\{[^}]*\\}", 0, 0, NULL);
  g_autofree char *sample = g_regex_replace_literal (placeholders, url, -1, 0, "0", 0, NULL);

  return sample ? g_uri_parse (sample, G_URI_FLAGS_NONE, NULL) : NULL;
}

static gboolean
check_uri (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = parse_sample (url);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL)
    return invalid (error, _("“%s” is not a valid URL"), url);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    return invalid (error, _("The URL must start with http:// or https://"));
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return invalid (error, _("The URL names no server"));
  return TRUE;
}

static gboolean
check_template (const char  *url,
                Template    *t,
                GError     **error)
{
  if (url == NULL || *url == '\0')
    return invalid (error, _("The URL is empty"));
  if (strlen (url) > GW_TILE_SOURCE_MAX_URL || !g_utf8_validate (url, -1, NULL))
    return invalid (error, _("The URL is longer than %d bytes or not UTF-8"),
                    GW_TILE_SOURCE_MAX_URL);
  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        return invalid (error, _("The URL must not hold spaces or control characters"));
    }
  return parse_template (url, t, error) && check_uri (url, error);
}

/**
 * gw_tile_source_validate_url:
 * @url_template: an XYZ tile URL template
 * @error: return location for a #GwTileSourceError with a message for the user
 *
 * Checks that @url_template is an http or https URL holding `{x}`, `{y}` (or `{tmsy}`)
 * and `{z}`, and at most one `{s}` (subdomains a, b, c) or `{s:LIST}` (a comma-separated
 * list, e.g. `{s:0,1,2,3,4,5,6,7}` for 天地图's t0 to t7).
 *
 * Returns: %TRUE if the template can be used
 */
gboolean
gw_tile_source_validate_url (const char  *url_template,
                             GError     **error)
{
  g_auto(Template) t = { 0, };

  return check_template (url_template, &t, error);
}

static void
on_downloader_received_data (ShumateDataSource *downloader,
                             int                x,
                             int                y,
                             int                zoom,
                             GBytes            *bytes,
                             GwTileSource      *self)
{
  const char *problem = NULL;

  if (gw_tile_image_peek (bytes, NULL, NULL, &problem) == NULL)
    {
      g_debug ("tile %d/%d/%d from %s refused: %s", zoom, x, y, self->url_template, problem);
      return;
    }
  g_signal_emit_by_name (self, "received-data", x, y, zoom, bytes);
}

static void
on_downloader_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *problem = NULL;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else if (gw_tile_image_peek (bytes, NULL, NULL, &problem) == NULL)
    g_task_return_new_error (task, GW_TILE_SOURCE_ERROR, GW_TILE_SOURCE_ERROR_BAD_TILE,
                             "the tile server sent a tile that is refused: %s", problem);
  else
    g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
gw_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                    int                  x,
                                    int                  y,
                                    int                  zoom,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GwTileSource *self = GW_TILE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  guint server = ((guint) x + (guint) y) % self->downloaders->len;

  g_task_set_source_tag (task, gw_tile_source_get_tile_data_async);
  shumate_data_source_get_tile_data_async (g_ptr_array_index (self->downloaders, server),
                                           x, y, zoom, cancellable, on_downloader_done, task);
}

static GBytes *
gw_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gw_tile_source_dispose (GObject *object)
{
  GwTileSource *self = (GwTileSource *)object;

  g_clear_pointer (&self->downloaders, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_tile_source_parent_class)->dispose (object);
}

static void
gw_tile_source_finalize (GObject *object)
{
  GwTileSource *self = (GwTileSource *)object;

  g_free (self->url_template);

  G_OBJECT_CLASS (gw_tile_source_parent_class)->finalize (object);
}

static void
gw_tile_source_class_init (GwTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->dispose = gw_tile_source_dispose;
  object_class->finalize = gw_tile_source_finalize;
  source_class->get_tile_data_async = gw_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = gw_tile_source_get_tile_data_finish;
}

static void
gw_tile_source_init (GwTileSource *self)
{
  self->downloaders = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
add_downloader (GwTileSource *self,
                const char   *url_template)
{
  ShumateTileDownloader *downloader = shumate_tile_downloader_new (url_template);

  g_signal_connect_object (downloader, "received-data",
                           G_CALLBACK (on_downloader_received_data), self, 0);
  g_ptr_array_add (self->downloaders, downloader);
}

/**
 * gw_tile_source_new:
 * @url_template: an XYZ tile URL template, see gw_tile_source_validate_url()
 * @error: return location for a #GwTileSourceError
 *
 * Creates a data source fetching tiles from @url_template, through libshumate's disk
 * cache (in the user's cache directory, one folder per server).
 *
 * Returns: (transfer full): the source, or %NULL with @error set
 */
GwTileSource *
gw_tile_source_new (const char  *url_template,
                    GError     **error)
{
  g_auto(Template) t = { 0, };
  g_autoptr(GwTileSource) self = NULL;
  g_auto(GStrv) subdomains = NULL;

  if (!check_template (url_template, &t, error))
    return NULL;

  self = g_object_new (GW_TYPE_TILE_SOURCE, NULL);
  self->url_template = g_strdup (url_template);
  if (t.n_s == 0)
    {
      add_downloader (self, url_template);
      return g_steal_pointer (&self);
    }
  subdomains = g_strsplit (t.subdomains, ",", -1);
  for (guint i = 0; subdomains[i] != NULL; i++)
    {
      g_autoptr(GString) one = g_string_new (url_template);

      g_string_erase (one, t.s_start, t.s_len);
      g_string_insert (one, t.s_start, subdomains[i]);
      add_downloader (self, one->str);
    }
  return g_steal_pointer (&self);
}

/**
 * gw_tile_source_get_n_servers:
 * @self: a #GwTileSource
 *
 * Returns: how many subdomains the tiles are spread over (1 without `{s}`)
 */
guint
gw_tile_source_get_n_servers (GwTileSource *self)
{
  g_return_val_if_fail (GW_IS_TILE_SOURCE (self), 0);

  return self->downloaders->len;
}

/**
 * gw_tile_source_new_map_source:
 * @url_template: an XYZ tile URL template, see gw_tile_source_validate_url()
 * @attribution: (nullable): the licence text the map shows, or %NULL or "" to name the server
 * @error: return location for a #GwTileSourceError
 *
 * Returns: (transfer full): a raster map source of 256-pixel Web Mercator tiles at zoom
 *   levels 0 to %GW_TILE_SOURCE_MAX_ZOOM, or %NULL with @error set
 */
ShumateMapSource *
gw_tile_source_new_map_source (const char  *url_template,
                               const char  *attribution,
                               GError     **error)
{
  g_autoptr(GwTileSource) source = gw_tile_source_new (url_template, error);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *id = NULL;
  g_autofree char *license = NULL;
  const char *host;

  if (source == NULL)
    return NULL;
  uri = parse_sample (url_template);  /* validated above */
  host = g_uri_get_host (uri);
  id = g_strconcat ("gridwall-xyz:", url_template, NULL);
  if (attribution != NULL && *attribution != '\0')
    license = g_strdup (attribution);
  else
    /* Translators: the map's attribution when none is configured; %s is a server name */
    license = g_strdup_printf (_("Map tiles: %s"), host);
  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (id, host, license, NULL,
                                                               0, GW_TILE_SOURCE_MAX_ZOOM, 256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (source)));
}

/**
 * gw_tile_source_new_base:
 * @mbtiles_file: (nullable): an MBTiles file, or %NULL or ""
 * @url_template: (nullable): an XYZ tile URL template, or %NULL or ""
 * @attribution: (nullable): the licence text to show, or %NULL or "" for the source's own
 * @error: return location for a #GError
 *
 * Builds the map's base source from the settings: the MBTiles file if one is set, else
 * the tile server if a URL is set.
 *
 * Returns: (transfer full) (nullable): the source; %NULL without @error when neither is
 *   set (the map draws its own base from the grids' boundaries), %NULL with @error when
 *   the one that is set cannot be used
 */
ShumateMapSource *
gw_tile_source_new_base (const char  *mbtiles_file,
                         const char  *url_template,
                         const char  *attribution,
                         GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mbtiles_file != NULL && *mbtiles_file != '\0')
    return gw_mbtiles_source_new_map_source (mbtiles_file, attribution, error);
  if (url_template != NULL && *url_template != '\0')
    return gw_tile_source_new_map_source (url_template, attribution, error);
  return NULL;
}
