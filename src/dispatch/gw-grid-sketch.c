/* gw-grid-sketch.c
 *
 * A few dozen polygons at most, drawn with cairo only when the widget is
 * redrawn: cheap at this size (the map's own rules are for 10k polygons).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-grid-sketch.h"

#define PADDING 8.0

struct _GwGridSketch
{
  GtkWidget  parent_instance;

  GwGridSet *grids;
  char      *grid_code;
  double     lon, lat;
};

G_DEFINE_FINAL_TYPE (GwGridSketch, gw_grid_sketch, GTK_TYPE_WIDGET)

typedef struct
{
  double min_lon, min_lat, scale, kx, ox, oy, height;
} Frame;

static void
to_widget (const Frame *f,
           double       lon,
           double       lat,
           double      *x,
           double      *y)
{
  *x = f->ox + (lon - f->min_lon) * f->kx * f->scale;
  *y = f->oy + f->height - (lat - f->min_lat) * f->scale;
}

static void
trace_feature (cairo_t             *cr,
               const Frame         *f,
               const GwGridFeature *feature)
{
  for (guint p = 0; p < feature->n_polygons; p++)
    for (guint r = 0; r < feature->polygons[p].n_rings; r++)
      {
        const GwGridRing *ring = &feature->polygons[p].rings[r];

        for (guint i = 0; i < ring->n_points; i++)
          {
            double x, y;

            to_widget (f, ring->coords[2 * i], ring->coords[2 * i + 1], &x, &y);
            if (i == 0)
              cairo_move_to (cr, x, y);
            else
              cairo_line_to (cr, x, y);
          }
        cairo_close_path (cr);
      }
}

static gboolean
make_frame (GwGridSketch        *self,
            const GwGridFeature *area,
            double               width,
            double               height,
            Frame               *f)
{
  double span_lon, span_lat;

  f->min_lon = area ? area->min_lon : self->lon - 0.002;
  f->min_lat = area ? area->min_lat : self->lat - 0.002;
  span_lon = area ? area->max_lon - area->min_lon : 0.004;
  span_lat = area ? area->max_lat - area->min_lat : 0.004;
  /* Equirectangular with the latitude's scale: true shapes at this size. */
  f->kx = cos (self->lat * G_PI / 180.0);
  if (span_lon <= 0 || span_lat <= 0 || width <= 2 * PADDING || height <= 2 * PADDING)
    return FALSE;
  f->scale = MIN ((width - 2 * PADDING) / (span_lon * f->kx), (height - 2 * PADDING) / span_lat);
  f->height = span_lat * f->scale;
  f->ox = (width - span_lon * f->kx * f->scale) / 2;
  f->oy = (height - f->height) / 2;
  return TRUE;
}

static void
draw (GwGridSketch *self,
      cairo_t      *cr,
      double        width,
      double        height)
{
  const GwGridFeature *grid = self->grids && self->grid_code
                              ? gw_grid_set_lookup (self->grids, self->grid_code) : NULL;
  const GwGridFeature *community = grid ? grid->parent : NULL;
  const GwGridFeature * const *siblings = NULL;
  guint n_siblings = 0;
  Frame f;
  double x, y;

  if (!make_frame (self, community ? community : grid, width, height, &f))
    return;
  if (community != NULL)
    siblings = gw_grid_set_get_children (self->grids, community->code, &n_siblings);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < n_siblings; i++)
    {
      trace_feature (cr, &f, siblings[i]);
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.55, 0.6);
      cairo_stroke (cr);
    }
  if (grid != NULL)
    {
      trace_feature (cr, &f, grid);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
  to_widget (&f, self->lon, self->lat, &x, &y);
  cairo_arc (cr, x, y, 6, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
}

static void
gw_grid_sketch_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  GwGridSketch *self = GW_GRID_SKETCH (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->grid_code == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
gw_grid_sketch_finalize (GObject *object)
{
  GwGridSketch *self = GW_GRID_SKETCH (object);

  g_clear_pointer (&self->grids, gw_grid_set_unref);
  g_free (self->grid_code);
  G_OBJECT_CLASS (gw_grid_sketch_parent_class)->finalize (object);
}

static void
gw_grid_sketch_class_init (GwGridSketchClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = gw_grid_sketch_snapshot;
  G_OBJECT_CLASS (klass)->finalize = gw_grid_sketch_finalize;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "gridsketch");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gw_grid_sketch_init (GwGridSketch *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 160, 140);
}

GtkWidget *
gw_grid_sketch_new (void)
{
  return g_object_new (GW_TYPE_GRID_SKETCH, NULL);
}

void
gw_grid_sketch_set (GwGridSketch *self,
                    GwGridSet    *grids,
                    const char   *grid_code,
                    double        lon,
                    double        lat)
{
  const GwGridFeature *grid;

  g_return_if_fail (GW_IS_GRID_SKETCH (self));
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids ? gw_grid_set_ref (grids) : NULL;
  g_free (self->grid_code);
  self->grid_code = g_strdup (grid_code);
  self->lon = lon;
  self->lat = lat;
  grid = grids && grid_code ? gw_grid_set_lookup (grids, grid_code) : NULL;
  /* Translators: the accessible name of the small map: the grid's name */
  {
    g_autofree char *label = g_strdup_printf (_("The case's place in %s"),
                                              grid ? grid->name : grid_code);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
