/* gw-base-layer.c: what lies under the grids when there are no tiles
 *
 * The boundaries themselves (land, county, street and community outlines and
 * names) are rasterised with the grid layer's tiles, so that one set of
 * textures, not two, covers a 4K screen; this layer paints the sea of the
 * wall around the city: a flat colour with a soft glow in the middle, all
 * drawn by the GPU from two nodes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include "gw-base-layer.h"

struct _GwBaseLayer
{
  ShumateLayer parent_instance;

  GwMapStyle   style;
};

G_DEFINE_FINAL_TYPE (GwBaseLayer, gw_base_layer, SHUMATE_TYPE_LAYER)

static void
gw_base_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwBaseLayer *self = GW_BASE_LAYER (widget);
  const GwMapPalette *palette = gw_map_palette_get (self->style);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  graphene_rect_t rect = GRAPHENE_RECT_INIT (0, 0, w, h);
  GdkRGBA glow = palette->land_edge;
  GskColorStop stops[2];

  gtk_snapshot_append_color (snapshot, &palette->background, &rect);
  glow.alpha = self->style == GW_MAP_STYLE_DARK ? 0.10 : 0.0;
  if (glow.alpha == 0)
    return;
  stops[0] = (GskColorStop) { 0, glow };
  glow.alpha = 0;
  stops[1] = (GskColorStop) { 1, glow };
  gtk_snapshot_append_radial_gradient (snapshot, &rect,
                                       &GRAPHENE_POINT_INIT (w / 2, h / 2),
                                       w * 0.6, h * 0.6, 0, 1, stops, 2);
}

void
gw_base_layer_set_style (GwBaseLayer *self,
                         GwMapStyle   style)
{
  g_return_if_fail (GW_IS_BASE_LAYER (self));

  self->style = style;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_base_layer_class_init (GwBaseLayerClass *klass)
{
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
