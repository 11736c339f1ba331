/* gw-base-layer.c: what lies under the grids when there are no tiles
 *
 * The boundaries themselves (land, county, street and community outlines and
 * names) are rasterised with the grid layer's tiles, so that one set of
 * textures, not two, covers a 4K screen; this layer paints the sea of the
 * wall around the city: a flat colour with a soft glow in the middle. The
 * glow is drawn once into a small texture that the GPU stretches over the
 * widget: one node instead of a colour and a gradient, and the cheapest
 * full-screen pixels there are (a radial gradient over a 4K screen costs
 * llvmpipe about twice what one texture does). When the map draws in
 * screen cells (GTK's cairo renderer), the grid layer draws it instead, in
 * each cell's one flat image with its tiles: a repaint then pays one image,
 * not the glow and the tiles over it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include "gw-base-layer.h"
#include "gw-map-cells.h"

/* The glow's texture: stretched, its ellipse keeps the widget's proportions
 * whatever they are; it is smooth, so a few pixels per texel do not show.
 * GTK's cairo renderer stretches it without smoothing (smoothing a 4K
 * screen's worth costs it 20-70 ms a frame here, unsmoothed 7): from a
 * texture four times finer, whose neighbouring texels differ by at most a
 * level, blocks of 4x4 pixels do not show either. */
#define GLOW_WIDTH  320
#define GLOW_HEIGHT 180
#define GLOW_FINE   4
#define GLOW_ALPHA  0.10

struct _GwBaseLayer
{
  ShumateLayer parent_instance;

  GwMapStyle   style;
  GdkTexture  *glow;        /* the background with its glow; NULL: no glow */
  GdkTexture  *fine_glow;   /* the same GLOW_FINE times finer, for the cairo renderer */
  GdkTexture  *flat;        /* the background alone, one pixel, for a style without glow */
  GwMapCells  *cells;       /* the view's: in cells, the grid layer draws the backdrop */
};

G_DEFINE_FINAL_TYPE (GwBaseLayer, gw_base_layer, SHUMATE_TYPE_LAYER)

/* The background, and over it the edge colour at GLOW_ALPHA in the middle
 * fading to nothing at 0.6 of the width and of the height from it. */
static GdkTexture *
make_glow (const GwMapPalette *palette,
           int                 fine)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GLOW_WIDTH * fine,
                                                         GLOW_HEIGHT * fine);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *pattern = cairo_pattern_create_radial (0, 0, 0, 0, 0, 1);
  const GdkRGBA *edge = &palette->land_edge;
  GdkTexture *texture;

  cairo_scale (cr, fine, fine);
  gw_map_cairo_set_color (cr, &palette->background);
  cairo_paint (cr);
  cairo_pattern_add_color_stop_rgba (pattern, 0, edge->red, edge->green, edge->blue, GLOW_ALPHA);
  cairo_pattern_add_color_stop_rgba (pattern, 1, edge->red, edge->green, edge->blue, 0);
  cairo_translate (cr, GLOW_WIDTH / 2.0, GLOW_HEIGHT / 2.0);
  cairo_scale (cr, GLOW_WIDTH * 0.6, GLOW_HEIGHT * 0.6);
  cairo_set_source (cr, pattern);
  cairo_paint (cr);
  cairo_pattern_destroy (pattern);
  cairo_destroy (cr);
  texture = gw_map_texture_from_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

/**
 * gw_base_layer_get_backdrop:
 * @self: a base layer
 *
 * What the layer draws with GTK's cairo renderer, stretched over the widget
 * without smoothing: for a layer that draws it itself (the grid layer in
 * screen cells, which flattens it with its tiles into one image a cell).
 *
 * Returns: (transfer none): the texture
 */
GdkTexture *
gw_base_layer_get_backdrop (GwBaseLayer *self)
{
  g_return_val_if_fail (GW_IS_BASE_LAYER (self), NULL);

  if (self->glow != NULL && self->fine_glow == NULL)
    self->fine_glow = make_glow (gw_map_palette_get (self->style), GLOW_FINE);
  if (self->glow != NULL)
    return self->fine_glow;
  if (self->flat == NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      cairo_t *cr = cairo_create (surface);

      gw_map_cairo_set_color (cr, &gw_map_palette_get (self->style)->background);
      cairo_paint (cr);
      cairo_destroy (cr);
      self->flat = gw_map_texture_from_surface (surface);
      cairo_surface_destroy (surface);
    }
  return self->flat;
}

/* Whether the grid layer draws the backdrop, in cells (see gw-map-cells.h). */
static gboolean
drawn_in_cells (GwBaseLayer *self)
{
  GwMapTransform t;

  return self->cells != NULL
         && gw_map_transform_from_viewport (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                                            GTK_WIDGET (self))
         && gw_map_cells_is_active (self->cells, GTK_WIDGET (self), &t);
}

static void
gw_base_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwBaseLayer *self = GW_BASE_LAYER (widget);
  graphene_rect_t rect = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                             gtk_widget_get_height (widget));
  gboolean cairo = gw_map_widget_uses_cairo (widget);

  if (drawn_in_cells (self))
    return;
  if (self->glow != NULL && cairo)
    {
      if (self->fine_glow == NULL)
        self->fine_glow = make_glow (gw_map_palette_get (self->style), GLOW_FINE);
      gw_map_append_texture (snapshot, self->fine_glow, &rect, TRUE, CAIRO_FILTER_NEAREST, 1.0);
    }
  else if (self->glow != NULL)
    gtk_snapshot_append_texture (snapshot, self->glow, &rect);
  else
    gtk_snapshot_append_color (snapshot, &gw_map_palette_get (self->style)->background, &rect);
}

void
gw_base_layer_set_style (GwBaseLayer *self,
                         GwMapStyle   style)
{
  g_return_if_fail (GW_IS_BASE_LAYER (self));

  self->style = style;
  g_clear_object (&self->glow);
  g_clear_object (&self->fine_glow);
  g_clear_object (&self->flat);
  /* A lit room's map stays flat. */
  if (style == GW_MAP_STYLE_DARK)
    self->glow = make_glow (gw_map_palette_get (style), 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_base_layer_set_cells (GwBaseLayer *self,
                         GwMapCells  *cells)
{
  g_return_if_fail (GW_IS_BASE_LAYER (self));

  self->cells = cells;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_base_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gw_base_layer_parent_class)->constructed (object);
  /* Whether the cells draw the backdrop depends on the view (its rotation). */
  gw_map_layer_follow_viewport (SHUMATE_LAYER (object));
}

static void
gw_base_layer_dispose (GObject *object)
{
  g_clear_object (&GW_BASE_LAYER (object)->glow);
  g_clear_object (&GW_BASE_LAYER (object)->fine_glow);
  g_clear_object (&GW_BASE_LAYER (object)->flat);
  G_OBJECT_CLASS (gw_base_layer_parent_class)->dispose (object);
}

static void
gw_base_layer_class_init (GwBaseLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = gw_base_layer_constructed;
  G_OBJECT_CLASS (klass)->dispose = gw_base_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_base_layer_snapshot;
}

static void
gw_base_layer_init (GwBaseLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwBaseLayer *
gw_base_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_BASE_LAYER, "viewport", viewport, NULL);
}
