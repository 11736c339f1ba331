/* gw-map-util.c: the view transform, coordinate systems, palettes, markers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>
#include <sys/mman.h>
#include <time.h>

#include "gw-coord.h"
#include "gw-map-private.h"

gboolean
gw_map_transform_from_viewport (GwMapTransform  *t,
                                ShumateViewport *viewport,
                                GtkWidget       *widget)
{
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile_size = source ? shumate_map_source_get_tile_size (source) : GW_MAP_TILE_PX;
  double zoom = shumate_viewport_get_zoom_level (viewport);

  t->world = tile_size * pow (2.0, zoom);
  gw_coord_mercator_project (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                             shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                             &t->cx, &t->cy);
  t->width = gtk_widget_get_width (widget);
  t->height = gtk_widget_get_height (widget);
  t->rotation = shumate_viewport_get_rotation (viewport);
  return t->width > 0 && t->height > 0 && t->world > 0;
}

void
gw_map_layer_follow_viewport (ShumateLayer *layer)
{
  g_signal_connect_object (shumate_layer_get_viewport (layer), "notify",
                           G_CALLBACK (gtk_widget_queue_draw), layer, G_CONNECT_SWAPPED);
}

static void
rotate (double *x,
        double *y,
        double  cx,
        double  cy,
        double  angle)
{
  double dx = *x - cx, dy = *y - cy;
  double c = cos (angle), s = sin (angle);

  *x = cx + dx * c - dy * s;
  *y = cy + dx * s + dy * c;
}

void
gw_map_transform_to_widget (const GwMapTransform *t,
                            double                mx,
                            double                my,
                            double               *x,
                            double               *y)
{
  *x = (mx - t->cx) * t->world + t->width / 2;
  *y = (my - t->cy) * t->world + t->height / 2;
  if (t->rotation != 0)
    rotate (x, y, t->width / 2, t->height / 2, t->rotation);
}

void
gw_map_transform_from_widget (const GwMapTransform *t,
                              double                x,
                              double                y,
                              double               *mx,
                              double               *my)
{
  if (t->rotation != 0)
    rotate (&x, &y, t->width / 2, t->height / 2, -t->rotation);
  *mx = t->cx + (x - t->width / 2) / t->world;
  *my = t->cy + (y - t->height / 2) / t->world;
}

void
gw_map_transform_visible_rect (const GwMapTransform *t,
                               double               *x0,
                               double               *y0,
                               double               *x1,
                               double               *y1)
{
  double corners[4][2] = { { 0, 0 }, { t->width, 0 }, { 0, t->height }, { t->width, t->height } };

  *x0 = *y0 = G_MAXDOUBLE;
  *x1 = *y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < 4; i++)
    {
      double mx, my;

      gw_map_transform_from_widget (t, corners[i][0], corners[i][1], &mx, &my);
      *x0 = MIN (*x0, mx);
      *y0 = MIN (*y0, my);
      *x1 = MAX (*x1, mx);
      *y1 = MAX (*y1, my);
    }
}

gboolean
gw_map_transform_push_rotation (const GwMapTransform *t,
                                GtkSnapshot          *snapshot)
{
  gtk_snapshot_save (snapshot);
  if (t->rotation == 0)
    return FALSE;
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (t->width / 2, t->height / 2));
  gtk_snapshot_rotate (snapshot, t->rotation * 180.0 / G_PI);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-t->width / 2, -t->height / 2));
  return TRUE;
}

void
gw_map_project (GwCoordSystem  system,
                double         lon,
                double         lat,
                double        *mx,
                double        *my)
{
  switch (system)
    {
    case GW_COORD_SYSTEM_GCJ02:
      gw_coord_wgs84_to_gcj02 (lon, lat, &lon, &lat);
      break;
    case GW_COORD_SYSTEM_BD09:
      gw_coord_wgs84_to_bd09 (lon, lat, &lon, &lat);
      break;
    case GW_COORD_SYSTEM_WGS84:
    default:
      break;
    }
  gw_coord_mercator_project (lon, lat, mx, my);
}

void
gw_map_unproject (GwCoordSystem  system,
                  double         mx,
                  double         my,
                  double        *lon,
                  double        *lat)
{
  gw_coord_mercator_unproject (mx, my, lon, lat);
  switch (system)
    {
    case GW_COORD_SYSTEM_GCJ02:
      gw_coord_gcj02_to_wgs84 (*lon, *lat, lon, lat);
      break;
    case GW_COORD_SYSTEM_BD09:
      gw_coord_bd09_to_wgs84 (*lon, *lat, lon, lat);
      break;
    case GW_COORD_SYSTEM_WGS84:
    default:
      break;
    }
}

#define RGBA(r, g, b, a) { (r) / 255.0f, (g) / 255.0f, (b) / 255.0f, (a) }

static const GwMapPalette dark_palette = {
  .background = RGBA (0x08, 0x10, 0x1c, 1),
  .land = RGBA (0x12, 0x22, 0x36, 1),
  .land_edge = RGBA (0x2f, 0x8f, 0xd8, 0.9),
  .outline = { RGBA (0x5c, 0xc8, 0xff, 0.95), RGBA (0x4a, 0x9c, 0xd0, 0.8),
               RGBA (0x3a, 0x70, 0x98, 0.7), RGBA (0x30, 0x58, 0x78, 0.75) },
  .outline_width = { 2.6, 1.6, 1.0, 0.7 },
  .label = RGBA (0xe8, 0xf2, 0xff, 1),
  .label_parent = RGBA (0x8c, 0xc4, 0xf0, 0.9),
  .label_halo = RGBA (0x06, 0x0c, 0x16, 0.85),
  .ramp = { RGBA (0x1d, 0x4e, 0x6e, 0.55), RGBA (0x2a, 0x7f, 0x8f, 0.6),
            RGBA (0xc9, 0xa2, 0x27, 0.62), RGBA (0xe0, 0x6a, 0x1f, 0.68),
            RGBA (0xe5, 0x2d, 0x3a, 0.74) },
  .selected = RGBA (0xff, 0xe0, 0x4a, 1),
  .hovered = RGBA (0xff, 0xff, 0xff, 0.9),
  .flash = RGBA (0xff, 0x5a, 0x4a, 0.7),
  .cluster = RGBA (0x1f, 0x8f, 0xe0, 0.92),
  .cluster_text = RGBA (0xff, 0xff, 0xff, 1),
  .overdue = RGBA (0xff, 0x3b, 0x3b, 1),
  .marker_edge = RGBA (0x05, 0x0a, 0x12, 0.9),
  .pulse = RGBA (0xff, 0x4d, 0x3d, 1),
};

static const GwMapPalette light_palette = {
  .background = RGBA (0xdd, 0xe3, 0xea, 1),
  .land = RGBA (0xf7, 0xf5, 0xef, 1),
  .land_edge = RGBA (0x4b, 0x6a, 0x88, 0.9),
  .outline = { RGBA (0x3a, 0x4f, 0x66, 0.95), RGBA (0x58, 0x70, 0x88, 0.8),
               RGBA (0x80, 0x94, 0xa8, 0.7), RGBA (0xa4, 0xb2, 0xc0, 0.8) },
  .outline_width = { 2.2, 1.4, 0.9, 0.6 },
  .label = RGBA (0x1c, 0x26, 0x33, 1),
  .label_parent = RGBA (0x4b, 0x60, 0x78, 0.9),
  .label_halo = RGBA (0xff, 0xff, 0xff, 0.85),
  .ramp = { RGBA (0xc6, 0xdb, 0xef, 0.6), RGBA (0x9e, 0xca, 0xe1, 0.62),
            RGBA (0xfd, 0xd4, 0x9e, 0.66), RGBA (0xfc, 0x8d, 0x59, 0.7),
            RGBA (0xd7, 0x30, 0x1f, 0.72) },
  .selected = RGBA (0xe6, 0x7e, 0x00, 1),
  .hovered = RGBA (0x1a, 0x5f, 0xb4, 0.9),
  .flash = RGBA (0xe0, 0x1b, 0x24, 0.55),
  .cluster = RGBA (0x1a, 0x5f, 0xb4, 0.9),
  .cluster_text = RGBA (0xff, 0xff, 0xff, 1),
  .overdue = RGBA (0xe0, 0x1b, 0x24, 1),
  .marker_edge = RGBA (0xff, 0xff, 0xff, 0.95),
  .pulse = RGBA (0xe0, 0x1b, 0x24, 1),
};

const GwMapPalette *
gw_map_palette_get (GwMapStyle style)
{
  return style == GW_MAP_STYLE_LIGHT ? &light_palette : &dark_palette;
}

static const GdkRGBA category_colors[GW_N_CATEGORIES] = {
  [GW_CATEGORY_DISPUTE] = RGBA (0xf6, 0xc1, 0x43, 1),
  [GW_CATEGORY_SAFETY] = RGBA (0xff, 0x5c, 0x5c, 1),
  [GW_CATEGORY_URBAN] = RGBA (0x3d, 0xd6, 0xf5, 1),
  [GW_CATEGORY_ENVIRONMENT] = RGBA (0x4c, 0xd9, 0x64, 1),
  [GW_CATEGORY_LIVELIHOOD] = RGBA (0xc0, 0x84, 0xfc, 1),
  [GW_CATEGORY_PUBLIC_ORDER] = RGBA (0xff, 0x8a, 0x3d, 1),
  [GW_CATEGORY_OTHER] = RGBA (0xb0, 0xb8, 0xc4, 1),
};

const GdkRGBA *
gw_map_category_color (GwCategory category)
{
  if ((guint) category >= GW_N_CATEGORIES)
    category = GW_CATEGORY_OTHER;
  return &category_colors[category];
}

void
gw_map_cairo_set_color (cairo_t       *cr,
                        const GdkRGBA *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
gw_map_cairo_set_color_alpha (cairo_t       *cr,
                              const GdkRGBA *color,
                              double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
marker_path (cairo_t    *cr,
             double      x,
             double      y,
             double      r,
             GwPriority  priority)
{
  switch (priority)
    {
    case GW_PRIORITY_URGENT:
      r *= 1.2;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case GW_PRIORITY_MAJOR:
      r *= 1.35;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.93, y + r * 0.62);
      cairo_line_to (cr, x - r * 0.93, y + r * 0.62);
      cairo_close_path (cr);
      break;
    case GW_PRIORITY_NORMAL:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

void
gw_map_draw_case_marker (cairo_t            *cr,
                         double              x,
                         double              y,
                         double              r,
                         GwCategory          category,
                         GwPriority          priority,
                         gboolean            overdue,
                         const GwMapPalette *palette)
{
  if (overdue)
    {
      /* A red halo: overdue cases read as alarms even at a glance. */
      cairo_new_path (cr);
      cairo_arc (cr, x, y, r * 1.75, 0, 2 * G_PI);
      gw_map_cairo_set_color_alpha (cr, &palette->overdue, 0.35);
      cairo_fill_preserve (cr);
      gw_map_cairo_set_color (cr, &palette->overdue);
      cairo_set_line_width (cr, MAX (1.0, r * 0.28));
      cairo_stroke (cr);
    }
  cairo_new_path (cr);
  marker_path (cr, x, y, r, priority);
  gw_map_cairo_set_color (cr, gw_map_category_color (category));
  cairo_fill_preserve (cr);
  gw_map_cairo_set_color (cr, &palette->marker_edge);
  cairo_set_line_width (cr, MAX (1.0, r * 0.22));
  cairo_stroke (cr);
}

static GQuark
surface_quark (void)
{
  static GQuark quark;

  /* Asked for each texture placed in each frame: not through GLib's lock. */
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("gw-map-texture-surface");
  return quark;
}

static GQuark
node_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("gw-map-texture-node");
  return quark;
}

GdkTexture *
gw_map_texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  GdkTexture *texture;

  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) height * stride,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                    GDK_MEMORY_DEFAULT, bytes, stride);
  /* For the cairo renderer, which paints the surface itself (below). */
  g_object_set_qdata_full (G_OBJECT (texture), surface_quark (), cairo_surface_reference (surface),
                           (GDestroyNotify) cairo_surface_destroy);
  return texture;
}

typedef struct
{
  void  *data;
  gsize  size;
} Mapping;

static void
mapping_free (Mapping *mapping)
{
  munmap (mapping->data, mapping->size);
  g_free (mapping);
}

cairo_surface_t *
gw_map_image_surface_new (cairo_format_t format,
                          int            width,
                          int            height)
{
  static const cairo_user_data_key_t key;
  int stride = cairo_format_stride_for_width (format, width);
  Mapping *mapping;
  cairo_surface_t *surface;

  if (stride <= 0 || height <= 0)
    return cairo_image_surface_create (format, width, height);
  mapping = g_new (Mapping, 1);
  mapping->size = (gsize) stride * height;
  mapping->data = mmap (NULL, mapping->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping->data == MAP_FAILED)
    {
      g_free (mapping);
      return cairo_image_surface_create (format, width, height);
    }
  surface = cairo_image_surface_create_for_data (mapping->data, format, width, height, stride);
  cairo_surface_set_user_data (surface, &key, mapping, (cairo_destroy_func_t) mapping_free);
  return surface;
}

/* Textures for GTK's cairo renderer ----------------------------------------- */

/* A texture's cairo node for one size, made when it is first placed so. */
typedef struct
{
  float            width, height;
  cairo_filter_t   filter;
  GskRenderNode   *node;
  cairo_surface_t *surface;   /* let go after the node: see node_cache_free */
} NodeCache;

static void
node_cache_free (NodeCache *cache)
{
  /* The node's recording holds a copy-on-write snapshot of the surface:
   * were the surface finished first, cairo would copy its pixels. */
  g_clear_pointer (&cache->node, gsk_render_node_unref);
  cairo_surface_destroy (cache->surface);
  g_free (cache);
}

gboolean
gw_map_widget_uses_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* Paints @surface over (0, 0, @width, @height) of @cr. */
static void
paint_scaled (cairo_t         *cr,
              cairo_surface_t *surface,
              double           width,
              double           height,
              cairo_filter_t   filter,
              double           opacity)
{
  int sw = cairo_image_surface_get_width (surface), sh = cairo_image_surface_get_height (surface);

  if (sw != width || sh != height)
    cairo_scale (cr, width / sw, height / sh);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* Scaled, edge pixels are smoothed with themselves, not with nothing:
   * no seams between tiles (as with texture nodes). */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (cairo_get_source (cr), filter);
  if (opacity < 1)
    cairo_paint_with_alpha (cr, opacity);
  else
    cairo_paint (cr);
}

/* A cairo node painting @surface over (0, 0, @width, @height). */
static GskRenderNode *
surface_node (cairo_surface_t *surface,
              float            width,
              float            height,
              cairo_filter_t   filter,
              double           opacity)
{
  GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  paint_scaled (cr, surface, width, height, filter, opacity);
  cairo_destroy (cr);
  return node;
}

cairo_surface_t *
gw_map_texture_get_surface (GdkTexture *texture)
{
  return g_object_get_qdata (G_OBJECT (texture), surface_quark ());
}

void
gw_map_paint_surface (cairo_t               *cr,
                      cairo_surface_t       *surface,
                      const graphene_rect_t *rect,
                      const graphene_rect_t *clip,
                      cairo_filter_t         filter,
                      double                 opacity)
{
  cairo_save (cr);
  if (clip != NULL)
    {
      cairo_rectangle (cr, clip->origin.x, clip->origin.y, clip->size.width, clip->size.height);
      cairo_clip (cr);
    }
  cairo_translate (cr, round (rect->origin.x), round (rect->origin.y));
  /* As far as a cairo node's recording reaches: its bounds, out to whole
   * pixels (the padded edges must not spread further). */
  cairo_rectangle (cr, 0, 0, ceil (rect->size.width), ceil (rect->size.height));
  cairo_clip (cr);
  paint_scaled (cr, surface, rect->size.width, rect->size.height, filter, opacity);
  cairo_restore (cr);
}

/* The cached node of @texture at this size, or a new one. */
static GskRenderNode *
texture_node (GdkTexture      *texture,
              cairo_surface_t *surface,
              float            width,
              float            height,
              cairo_filter_t   filter)
{
  NodeCache *cache = g_object_get_qdata (G_OBJECT (texture), node_quark ());

  if (cache != NULL && cache->width == width && cache->height == height && cache->filter == filter)
    return gsk_render_node_ref (cache->node);
  cache = g_new0 (NodeCache, 1);
  cache->width = width;
  cache->height = height;
  cache->filter = filter;
  cache->surface = cairo_surface_reference (surface);
  cache->node = surface_node (surface, width, height, filter, 1.0);
  g_object_set_qdata_full (G_OBJECT (texture), node_quark (), cache, (GDestroyNotify) node_cache_free);
  return gsk_render_node_ref (cache->node);
}

void
gw_map_append_texture (GtkSnapshot           *snapshot,
                       GdkTexture            *texture,
                       const graphene_rect_t *rect,
                       gboolean               cairo,
                       cairo_filter_t         filter,
                       double                 opacity)
{
  cairo_surface_t *surface = cairo ? g_object_get_qdata (G_OBJECT (texture), surface_quark ()) : NULL;
  g_autoptr(GskRenderNode) node = NULL;

  if (surface == NULL)
    {
      if (opacity < 1)
        gtk_snapshot_push_opacity (snapshot, opacity);
      gtk_snapshot_append_texture (snapshot, texture, rect);
      if (opacity < 1)
        gtk_snapshot_pop (snapshot);
      return;
    }
  /* What changes each frame (a blink's opacity) is a node of its own each
   * frame; the rest is the same node for as long as the texture lives. */
  if (opacity < 1)
    node = surface_node (surface, rect->size.width, rect->size.height, filter, opacity);
  else
    node = texture_node (texture, surface, rect->size.width, rect->size.height, filter);
  gtk_snapshot_save (snapshot);
  /* Whole pixels: a fractional offset would resample every pixel. */
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (rect->origin.x), round (rect->origin.y)));
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_restore (snapshot);
}

/* Pulses ------------------------------------------------------------------- */

static gboolean
pulses_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  GwMapPulses *pulses = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = pulses->pulses->len; i-- > 0;)
    if (now - g_array_index (pulses->pulses, GwMapPulse, i).start >= pulses->lifetime_us)
      g_array_remove_index (pulses->pulses, i);
  gtk_widget_queue_draw (widget);
  if (pulses->pulses->len > 0)
    return G_SOURCE_CONTINUE;
  pulses->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
gw_map_pulses_init (GwMapPulses *pulses,
                    GtkWidget   *widget,
                    gint64       lifetime_us,
                    guint        max)
{
  pulses->widget = widget;
  pulses->pulses = g_array_new (FALSE, FALSE, sizeof (GwMapPulse));
  pulses->lifetime_us = lifetime_us;
  pulses->max = max;
  pulses->tick_id = 0;
}

void
gw_map_pulses_start (GwMapPulses *pulses,
                     guint        id)
{
  GwMapPulse pulse = { id, g_get_monotonic_time () };

  for (guint i = 0; i < pulses->pulses->len; i++)
    if (g_array_index (pulses->pulses, GwMapPulse, i).id == id)
      {
        g_array_remove_index (pulses->pulses, i);
        break;
      }
  if (pulses->pulses->len >= pulses->max)
    g_array_remove_index (pulses->pulses, 0);
  g_array_append_val (pulses->pulses, pulse);
  if (pulses->tick_id == 0)
    pulses->tick_id = gtk_widget_add_tick_callback (pulses->widget, pulses_tick, pulses, NULL);
}

void
gw_map_pulses_stop (GwMapPulses *pulses)
{
  if (pulses->tick_id != 0)
    gtk_widget_remove_tick_callback (pulses->widget, pulses->tick_id);
  pulses->tick_id = 0;
  if (pulses->pulses != NULL)
    g_array_set_size (pulses->pulses, 0);
}

void
gw_map_pulses_clear (GwMapPulses *pulses)
{
  gw_map_pulses_stop (pulses);
  g_clear_pointer (&pulses->pulses, g_array_unref);
}

gsize
gw_map_texture_bytes (GdkTexture *texture)
{
  if (texture == NULL)
    return 0;
  return (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

void
gw_map_stats_begin (GwMapStatsMark *mark)
{
  mark->wall_us = g_get_monotonic_time ();
  mark->cpu_us = thread_cpu_us ();
}

void
gw_map_stats_add (GwMapStatsAcc        *acc,
                  const GwMapStatsMark *mark,
                  guint                 tiles,
                  guint                 live)
{
  if (acc == NULL)
    return;
  acc->frame_us += g_get_monotonic_time () - mark->wall_us;
  acc->frame_cpu_us += thread_cpu_us () - mark->cpu_us;
  acc->frame_tiles += tiles;
  acc->frame_live += live;
  acc->in_frame = TRUE;
}

void
gw_map_stats_end_frame (GwMapStatsAcc *acc)
{
  if (!acc->in_frame)
    return;
  acc->pub.n_frames++;
  acc->pub.last_us = acc->frame_us;
  acc->last_cpu_us = acc->frame_cpu_us;
  acc->pub.max_us = MAX (acc->pub.max_us, acc->frame_us);
  acc->pub.total_us += acc->frame_us;
  acc->pub.n_tiles_drawn = acc->frame_tiles;
  acc->pub.n_live_items = acc->frame_live;
  acc->frame_us = acc->frame_cpu_us = 0;
  acc->frame_tiles = acc->frame_live = 0;
  acc->in_frame = FALSE;
}

/* For qsort() of doubles, ascending. */
int
gw_map_compare_double (const void *a,
                       const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}
