/* gw-map-geometry.c: the grids projected once to normalised Web Mercator, and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "gw-map-geometry.h"
#include "gw-map-private.h"

/* An area is drawn as "the level shown" once it is this wide on screen. */
#define DISPLAY_MIN_PX 110.0
/* Labels: font size per level, in logical pixels. */
static const double label_size[GW_GRID_N_LEVELS] = { 22, 16, 13, 12 };
/* Label collisions are found in a hash of cells this many pixels wide. */
#define LABEL_CELL_PX 96.0
#define LABEL_PAD_PX  6.0

typedef struct
{
  guint first;      /* index of its first point in @points */
  guint n_points;
} Ring;

typedef struct
{
  int          level;
  int          ui;          /* ui_scale × 100 */
  GwMapLabel  *labels;
  guint        n_labels;
} LabelSet;

struct _GwMapGeometry
{
  gatomicrefcount ref_count;
  GwGridSet      *grids;
  GwCoordSystem   system;
  GwMapShape     *shapes;
  guint           n_shapes;
  GArray         *levels[GW_GRID_N_LEVELS];   /* of guint */
  double          level_size[GW_GRID_N_LEVELS];
  Ring           *rings;
  guint           n_rings;
  double         *points;                      /* x, y pairs */
  double          x0, y0, x1, y1;

  GMutex          label_mutex;
  GPtrArray      *label_sets;                  /* of LabelSet */
  double         *text_width;                  /* per shape, at 1 px font size */
};

static void
count_rings (GwGridSet *grids,
             guint     *n_rings,
             guint     *n_points)
{
  guint n = gw_grid_set_get_n_features (grids);

  *n_rings = *n_points = 0;
  for (guint i = 0; i < n; i++)
    {
      const GwGridFeature *f = gw_grid_set_get_feature (grids, i);

      for (guint p = 0; p < f->n_polygons; p++)
        {
          *n_rings += f->polygons[p].n_rings;
          for (guint r = 0; r < f->polygons[p].n_rings; r++)
            *n_points += f->polygons[p].rings[r].n_points;
        }
    }
}

static void
project_shape (GwMapGeometry *self,
               guint          index,
               guint         *ring,
               guint         *point)
{
  const GwGridFeature *f = gw_grid_set_get_feature (self->grids, index);
  GwMapShape *shape = &self->shapes[index];

  shape->feature = f;
  shape->first_ring = *ring;
  shape->x0 = shape->y0 = G_MAXDOUBLE;
  shape->x1 = shape->y1 = -G_MAXDOUBLE;
  for (guint p = 0; p < f->n_polygons; p++)
    for (guint r = 0; r < f->polygons[p].n_rings; r++)
      {
        const GwGridRing *src = &f->polygons[p].rings[r];

        self->rings[*ring] = (Ring) { *point, src->n_points };
        for (guint k = 0; k < src->n_points; k++)
          {
            double *xy = &self->points[2 * (*point)++];

            gw_map_project (self->system, src->coords[2 * k], src->coords[2 * k + 1], &xy[0], &xy[1]);
            shape->x0 = MIN (shape->x0, xy[0]);
            shape->y0 = MIN (shape->y0, xy[1]);
            shape->x1 = MAX (shape->x1, xy[0]);
            shape->y1 = MAX (shape->y1, xy[1]);
          }
        (*ring)++;
      }
  shape->n_rings = *ring - shape->first_ring;
  gw_map_project (self->system, f->label_lon, f->label_lat, &shape->lx, &shape->ly);
}

/* The median width of a level's areas decides at which zoom it is shown. */
static void
measure_levels (GwMapGeometry *self)
{
  for (guint level = 0; level < GW_GRID_N_LEVELS; level++)
    {
      GArray *indices = self->levels[level];
      g_autofree double *sizes = g_new (double, MAX (indices->len, 1));

      for (guint i = 0; i < indices->len; i++)
        {
          const GwMapShape *s = &self->shapes[g_array_index (indices, guint, i)];

          sizes[i] = sqrt ((s->x1 - s->x0) * (s->y1 - s->y0));
        }
      qsort (sizes, indices->len, sizeof (double), gw_map_compare_double);
      self->level_size[level] = indices->len ? sizes[indices->len / 2] : 0;
    }
}

GwMapGeometry *
gw_map_geometry_new (GwGridSet     *grids,
                     GwCoordSystem  system)
{
  GwMapGeometry *self = g_new0 (GwMapGeometry, 1);
  guint n_points, ring = 0, point = 0;

  g_return_val_if_fail (grids != NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->grids = gw_grid_set_ref (grids);
  self->system = system;
  self->n_shapes = gw_grid_set_get_n_features (grids);
  self->shapes = g_new0 (GwMapShape, self->n_shapes);
  count_rings (grids, &self->n_rings, &n_points);
  self->rings = g_new (Ring, self->n_rings);
  self->points = g_new (double, 2 * (gsize) n_points);
  for (guint level = 0; level < GW_GRID_N_LEVELS; level++)
    self->levels[level] = g_array_new (FALSE, FALSE, sizeof (guint));

  self->x0 = self->y0 = G_MAXDOUBLE;
  self->x1 = self->y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < self->n_shapes; i++)
    {
      GwMapShape *shape = &self->shapes[i];

      project_shape (self, i, &ring, &point);
      g_array_append_val (self->levels[shape->feature->level], i);
      self->x0 = MIN (self->x0, shape->x0);
      self->y0 = MIN (self->y0, shape->y0);
      self->x1 = MAX (self->x1, shape->x1);
      self->y1 = MAX (self->y1, shape->y1);
    }
  measure_levels (self);
  g_mutex_init (&self->label_mutex);
  self->label_sets = g_ptr_array_new ();
  return self;
}

GwMapGeometry *
gw_map_geometry_ref (GwMapGeometry *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gw_map_geometry_unref (GwMapGeometry *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < self->label_sets->len; i++)
    {
      LabelSet *set = g_ptr_array_index (self->label_sets, i);

      g_free (set->labels);
      g_free (set);
    }
  g_ptr_array_unref (self->label_sets);
  g_mutex_clear (&self->label_mutex);
  for (guint level = 0; level < GW_GRID_N_LEVELS; level++)
    g_array_unref (self->levels[level]);
  g_free (self->text_width);
  g_free (self->points);
  g_free (self->rings);
  g_free (self->shapes);
  gw_grid_set_unref (self->grids);
  g_free (self);
}

GwGridSet *
gw_map_geometry_get_grids (GwMapGeometry *self)
{
  return self->grids;
}

GwCoordSystem
gw_map_geometry_get_system (GwMapGeometry *self)
{
  return self->system;
}

guint
gw_map_geometry_get_n_shapes (GwMapGeometry *self)
{
  return self->n_shapes;
}

const GwMapShape *
gw_map_geometry_get_shape (GwMapGeometry *self,
                           guint          index)
{
  g_return_val_if_fail (index < self->n_shapes, NULL);
  return &self->shapes[index];
}

const guint *
gw_map_geometry_get_level (GwMapGeometry *self,
                           GwGridLevel    level,
                           guint         *n)
{
  g_return_val_if_fail ((guint) level < GW_GRID_N_LEVELS, NULL);
  *n = self->levels[level]->len;
  return (const guint *) self->levels[level]->data;
}

void
gw_map_geometry_get_bounds (GwMapGeometry *self,
                            double        *x0,
                            double        *y0,
                            double        *x1,
                            double        *y1)
{
  *x0 = self->x0;
  *y0 = self->y0;
  *x1 = self->x1;
  *y1 = self->y1;
}

double
gw_map_geometry_level_size (GwMapGeometry *self,
                            GwGridLevel    level)
{
  return self->level_size[level];
}

GwGridLevel
gw_map_geometry_display_level (GwMapGeometry *self,
                               double         world)
{
  GwGridLevel level = GW_GRID_LEVEL_COUNTY;

  for (guint l = 1; l < GW_GRID_N_LEVELS; l++)
    if (self->levels[l]->len > 0 && self->level_size[l] * world >= DISPLAY_MIN_PX)
      level = l;
  return level;
}

/* Sutherland-Hodgman against one edge of the clip rectangle: keeps what lies
 * on the inner side of x (axis 0) or y (axis 1) = @limit. */
static void
clip_edge (GArray *in,
           GArray *out,
           int     axis,
           double  limit,
           gboolean keep_below)
{
  g_array_set_size (out, 0);
  for (guint i = 0; i < in->len / 2; i++)
    {
      const double *p = &g_array_index (in, double, 2 * i);
      const double *q = &g_array_index (in, double, 2 * ((i + 1) % (in->len / 2)));
      gboolean p_in = keep_below ? p[axis] <= limit : p[axis] >= limit;
      gboolean q_in = keep_below ? q[axis] <= limit : q[axis] >= limit;

      if (p_in)
        g_array_append_vals (out, p, 2);
      if (p_in != q_in)
        {
          double t = (limit - p[axis]) / (q[axis] - p[axis]);
          double r[2];

          r[axis] = limit;
          r[1 - axis] = p[1 - axis] + t * (q[1 - axis] - p[1 - axis]);
          g_array_append_vals (out, r, 2);
        }
    }
}

static void
append_ring (cairo_t      *cr,
             const double *xy,
             guint         n,
             double        world,
             double        ox,
             double        oy,
             double        tolerance,
             const double *clip,
             GArray       *a,
             GArray       *b)
{
  double tol2 = tolerance * tolerance;
  double px = 0, py = 0;

  /* Paths far larger than the surface are slow to stroke and fill: keep
   * only what lies within the clip rectangle (the seam it adds is outside). */
  g_array_set_size (a, 0);
  for (guint k = 0; k + 1 < n; k++)
    {
      double pt[2] = { (xy[2 * k] - ox) * world, (xy[2 * k + 1] - oy) * world };

      g_array_append_vals (a, pt, 2);
    }
  if (clip != NULL)
    {
      clip_edge (a, b, 0, clip[0], FALSE);
      clip_edge (b, a, 0, clip[2], TRUE);
      clip_edge (a, b, 1, clip[1], FALSE);
      clip_edge (b, a, 1, clip[3], TRUE);
    }
  for (guint k = 0; k < a->len / 2; k++)
    {
      double x = g_array_index (a, double, 2 * k), y = g_array_index (a, double, 2 * k + 1);

      if (k == 0)
        cairo_move_to (cr, x, y);
      else if ((x - px) * (x - px) + (y - py) * (y - py) < tol2)
        continue;
      else
        cairo_line_to (cr, x, y);
      px = x;
      py = y;
    }
  if (a->len > 0)
    cairo_close_path (cr);
}

void
gw_map_geometry_append_path (GwMapGeometry *self,
                             cairo_t       *cr,
                             guint          shape,
                             double         world,
                             double         ox,
                             double         oy,
                             double         tolerance)
{
  const GwMapShape *s = &self->shapes[shape];
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  double x1, y1, clip[4];

  /* Clip to the surface's extent with a margin wider than any stroke. */
  cairo_clip_extents (cr, &clip[0], &clip[1], &x1, &y1);
  clip[0] -= 32;
  clip[1] -= 32;
  clip[2] = x1 + 32;
  clip[3] = y1 + 32;
  for (guint r = s->first_ring; r < s->first_ring + s->n_rings; r++)
    append_ring (cr, &self->points[2 * self->rings[r].first], self->rings[r].n_points,
                 world, ox, oy, tolerance, clip, a, b);
}

gsize
gw_map_geometry_get_bytes (GwMapGeometry *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->label_mutex);
  gsize bytes = self->n_shapes * (sizeof (GwMapShape) + sizeof (guint) + sizeof (double))
                + self->n_rings * sizeof (Ring);

  for (guint r = 0; r < self->n_rings; r++)
    bytes += self->rings[r].n_points * 2 * sizeof (double);
  for (guint i = 0; i < self->label_sets->len; i++)
    bytes += ((LabelSet *) g_ptr_array_index (self->label_sets, i))->n_labels * sizeof (GwMapLabel);
  return bytes;
}

static gboolean
ring_contains (const double *xy,
               guint         n,
               double        x,
               double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

gboolean
gw_map_geometry_contains (GwMapGeometry *self,
                          guint          shape,
                          double         mx,
                          double         my)
{
  const GwMapShape *s;
  gboolean inside = FALSE;

  g_return_val_if_fail (shape < self->n_shapes, FALSE);
  s = &self->shapes[shape];
  if (mx < s->x0 || mx > s->x1 || my < s->y0 || my > s->y1)
    return FALSE;
  /* Polygons of a feature do not overlap and holes lie inside their
   * exterior, so the even-odd count over all rings is the answer. */
  for (guint r = s->first_ring; r < s->first_ring + s->n_rings; r++)
    if (ring_contains (&self->points[2 * self->rings[r].first], self->rings[r].n_points, mx, my))
      inside = !inside;
  return inside;
}

/* Label placement ---------------------------------------------------------- */

static void
measure_texts (GwMapGeometry *self)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (GW_MAP_LABEL_FONT);

  pango_font_description_set_absolute_size (font, 100 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  self->text_width = g_new (double, self->n_shapes);
  for (guint i = 0; i < self->n_shapes; i++)
    {
      int w, h;

      pango_layout_set_text (layout, self->shapes[i].feature->name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      self->text_width[i] = w / 100.0;
    }
  g_object_unref (context);
}

typedef struct
{
  GHashTable *cells;   /* cell key → GArray of rect indices into placed */
  GArray     *placed;  /* of GwMapLabel */
} Placer;

static gint64
cell_key (int cx,
          int cy)
{
  return ((gint64) cx << 32) ^ (guint32) cy;
}

static gboolean
placer_free_at (Placer           *placer,
                const GwMapLabel *label)
{
  int cx0 = floor (label->x / LABEL_CELL_PX), cx1 = floor ((label->x + label->w) / LABEL_CELL_PX);
  int cy0 = floor (label->y / LABEL_CELL_PX), cy1 = floor ((label->y + label->h) / LABEL_CELL_PX);

  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *in_cell = g_hash_table_lookup (placer->cells, &key);

        for (guint i = 0; in_cell && i < in_cell->len; i++)
          {
            const GwMapLabel *o = &g_array_index (placer->placed, GwMapLabel,
                                                  g_array_index (in_cell, guint, i));

            if (label->x - LABEL_PAD_PX < o->x + o->w && o->x - LABEL_PAD_PX < label->x + label->w
                && label->y - LABEL_PAD_PX < o->y + o->h && o->y - LABEL_PAD_PX < label->y + label->h)
              return FALSE;
          }
      }
  return TRUE;
}

static void
placer_add (Placer           *placer,
            const GwMapLabel *label)
{
  guint index = placer->placed->len;
  int cx0 = floor (label->x / LABEL_CELL_PX), cx1 = floor ((label->x + label->w) / LABEL_CELL_PX);
  int cy0 = floor (label->y / LABEL_CELL_PX), cy1 = floor ((label->y + label->h) / LABEL_CELL_PX);

  g_array_append_val (placer->placed, *label);
  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *in_cell = g_hash_table_lookup (placer->cells, &key);

        if (in_cell == NULL)
          {
            in_cell = g_array_new (FALSE, FALSE, sizeof (guint));
            g_hash_table_insert (placer->cells, g_memdup2 (&key, sizeof key), in_cell);
          }
        g_array_append_val (in_cell, index);
      }
}

typedef struct
{
  guint  shape;
  double area;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  return x->area > y->area ? -1 : x->area < y->area;
}

/* Larger areas first: they name what a viewer looks for first. */
static void
place_level (GwMapGeometry *self,
             Placer        *placer,
             GwGridLevel    level,
             double         world,
             double         ui_scale,
             gboolean       parent)
{
  GArray *indices = self->levels[level];
  g_autofree Candidate *candidates = g_new (Candidate, MAX (indices->len, 1));
  double size = label_size[level] * ui_scale * (parent ? 1.15 : 1.0);

  for (guint i = 0; i < indices->len; i++)
    {
      guint s = g_array_index (indices, guint, i);

      candidates[i].shape = s;
      candidates[i].area = (self->shapes[s].x1 - self->shapes[s].x0)
                           * (self->shapes[s].y1 - self->shapes[s].y0);
    }
  qsort (candidates, indices->len, sizeof (Candidate), compare_candidates);

  for (guint i = 0; i < indices->len; i++)
    {
      const GwMapShape *s = &self->shapes[candidates[i].shape];
      GwMapLabel label = { candidates[i].shape, 0, 0, 0, 0, size, parent };

      label.w = self->text_width[label.shape] * size;
      label.h = size * 1.45;
      /* A name wider than its area would be read as a neighbour's. */
      if (label.w > (s->x1 - s->x0) * world * 1.1 || label.h > (s->y1 - s->y0) * world * 0.9)
        continue;
      label.x = s->lx * world - label.w / 2;
      label.y = s->ly * world - label.h / 2;
      if (placer_free_at (placer, &label))
        placer_add (placer, &label);
    }
}

static LabelSet *
place_labels (GwMapGeometry *self,
              int            level,
              double         ui_scale)
{
  double world = GW_MAP_TILE_PX * ldexp (1.0, level);
  GwGridLevel shown = gw_map_geometry_display_level (self, world);
  Placer placer = {
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref),
    g_array_new (FALSE, FALSE, sizeof (GwMapLabel)),
  };
  LabelSet *set = g_new0 (LabelSet, 1);

  if (self->text_width == NULL)
    measure_texts (self);
  place_level (self, &placer, shown, world, ui_scale, FALSE);
  if (shown > GW_GRID_LEVEL_COUNTY)
    place_level (self, &placer, shown - 1, world, ui_scale, TRUE);

  set->level = level;
  set->ui = (int) round (ui_scale * 100);
  set->n_labels = placer.placed->len;
  set->labels = (GwMapLabel *) g_array_free (placer.placed, FALSE);
  g_hash_table_unref (placer.cells);
  return set;
}

const GwMapLabel *
gw_map_geometry_get_labels (GwMapGeometry *self,
                            int            level,
                            double         ui_scale,
                            guint         *n_labels)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->label_mutex);
  int ui = (int) round (ui_scale * 100);
  LabelSet *set;

  for (guint i = 0; i < self->label_sets->len; i++)
    {
      set = g_ptr_array_index (self->label_sets, i);
      if (set->level == level && set->ui == ui)
        {
          *n_labels = set->n_labels;
          return set->labels;
        }
    }
  set = place_labels (self, level, ui_scale);
  g_ptr_array_add (self->label_sets, set);
  *n_labels = set->n_labels;
  return set->labels;
}
