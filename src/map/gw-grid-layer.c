/* gw-grid-layer.c: the grids: boundaries, choropleth, names, highlights
 *
 * Tiles hold everything that changes rarely: the land (when we are the base
 * map), the choropleth of the level the zoom calls for, outlines weighted by
 * level and non-overlapping names. They are rasterised in workers; a frame
 * only places them. What changes often (hover, selection, flashes) is a
 * small texture of one area (a sprite), also drawn in a worker and then
 * only placed; sprites are kept for the next time an area blinks, up to
 * SPRITE_BYTES. Until an area's sprite arrives it is drawn with the one it
 * had (scaled from another level) or not at all for a frame or two: a live
 * feed's blinks never rasterise a polygon on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "gw-grid-layer.h"
#include "gw-raster-cache.h"

#define FLASH_US       (4 * G_USEC_PER_SEC)
#define MAX_FLASHES    24
#define MAX_SPRITE_JOBS 2
#define SPRITE_BYTES   (16 << 20)
/* A finer level's outlines show, faintly, once its areas are this wide. */
#define PREVIEW_MIN_PX 28.0

typedef struct
{
  gatomicrefcount     ref_count;
  GwMapGeometry      *geometry;
  const GwMapPalette *palette;
  gboolean            with_base;
  double              ui;
  guint8             *classes;
} Scene;

typedef enum
{
  SPRITE_FLASH,
  SPRITE_HOVERED,
  SPRITE_SELECTED,
  N_SPRITE_KINDS
} SpriteKind;

/* One area drawn once at a tile level, then only placed. */
typedef struct
{
  int         shape;
  SpriteKind  kind;
  int         level;
  double      x0, y0, x1, y1;  /* normalised area it covers; (x0, y0) is its origin */
  GdkTexture *texture;
  int         width, height;   /* pixels at @level */
  guint64     last_used;       /* frame */
} Sprite;


struct _GwGridLayer
{
  ShumateLayer    parent_instance;

  GwRasterCache  *cache;
  GwMapGeometry  *geometry;
  guint8         *classes;
  GwMapStyle      style;
  gboolean        with_base;
  double          ui;
  GwMapStatsAcc  *stats;

  int             hovered;
  int             selected;
  GwMapPulses     flashes;        /* of shapes */
  GHashTable     *sprites;        /* sprite_key → Sprite, the newest of each */
  GHashTable     *sprite_jobs;    /* sprite keys being drawn */
  guint           sprite_serial;  /* bumped when the look of every sprite changes */
  gboolean        sprites_wanted; /* a frame lacked one it could not ask for yet */
  guint64         frame;
  GwMapCells     *cells;          /* the view's; NULL: all in one */
  GwMapCellsCommit commit;
  GwMapCellsFrame *cells_frame;   /* during a snapshot */
  GwBaseLayer    *base;           /* whose backdrop the cells draw under the tiles */
};

G_DEFINE_FINAL_TYPE (GwGridLayer, gw_grid_layer, SHUMATE_TYPE_LAYER)

/* Scenes -------------------------------------------------------------------- */

static Scene *
scene_ref (Scene *scene)
{
  g_atomic_ref_count_inc (&scene->ref_count);
  return scene;
}

static void
scene_unref (Scene *scene)
{
  if (!g_atomic_ref_count_dec (&scene->ref_count))
    return;
  gw_map_geometry_unref (scene->geometry);
  g_free (scene->classes);
  g_free (scene);
}

static Scene *
scene_new (GwGridLayer *self)
{
  Scene *scene = g_new0 (Scene, 1);
  guint n = gw_map_geometry_get_n_shapes (self->geometry);

  g_atomic_ref_count_init (&scene->ref_count);
  scene->geometry = gw_map_geometry_ref (self->geometry);
  scene->palette = gw_map_palette_get (self->style);
  scene->with_base = self->with_base;
  scene->ui = self->ui;
  scene->classes = g_memdup2 (self->classes, n);
  return scene;
}

/* Tiles --------------------------------------------------------------------- */

typedef struct
{
  double world, ox, oy;        /* tile origin, normalised */
  double x0, y0, x1, y1;       /* tile area with a margin, normalised */
} TileFrame;

static gboolean
shape_meets (const GwMapShape *s,
             const TileFrame  *f)
{
  return s->x0 <= f->x1 && s->x1 >= f->x0 && s->y0 <= f->y1 && s->y1 >= f->y0;
}

static guint
paint_land (Scene           *scene,
            cairo_t         *cr,
            const TileFrame *f)
{
  guint n, drawn = 0;
  const guint *counties = gw_map_geometry_get_level (scene->geometry, GW_GRID_LEVEL_COUNTY, &n);

  for (guint i = 0; i < n; i++)
    if (shape_meets (gw_map_geometry_get_shape (scene->geometry, counties[i]), f))
      {
        gw_map_geometry_append_path (scene->geometry, cr, counties[i], f->world, f->ox, f->oy, 0.5);
        drawn++;
      }
  if (drawn == 0)
    return 0;
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  gw_map_cairo_set_color (cr, &scene->palette->land);
  cairo_fill_preserve (cr);
  /* The city's edge glows a little, so the wall's map reads as a place. */
  gw_map_cairo_set_color_alpha (cr, &scene->palette->land_edge, 0.35);
  cairo_set_line_width (cr, 7 * scene->ui);
  cairo_stroke (cr);
  return drawn;
}

static guint
paint_fills (Scene           *scene,
             cairo_t         *cr,
             const TileFrame *f,
             GwGridLevel      shown)
{
  guint n, drawn = 0;
  const guint *shapes = gw_map_geometry_get_level (scene->geometry, shown, &n);

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint c = 0; c < 5; c++)
    {
      guint in_class = 0;

      for (guint i = 0; i < n; i++)
        if (scene->classes[shapes[i]] == c
            && shape_meets (gw_map_geometry_get_shape (scene->geometry, shapes[i]), f))
          {
            gw_map_geometry_append_path (scene->geometry, cr, shapes[i], f->world, f->ox, f->oy, 0.5);
            in_class++;
          }
      if (in_class == 0)
        continue;
      gw_map_cairo_set_color (cr, &scene->palette->ramp[c]);
      cairo_fill (cr);
      drawn += in_class;
    }
  return drawn;
}

static guint
paint_outlines (Scene           *scene,
                cairo_t         *cr,
                const TileFrame *f,
                GwGridLevel      level,
                double           width,
                double           alpha)
{
  guint n, drawn = 0;
  const guint *shapes = gw_map_geometry_get_level (scene->geometry, level, &n);

  for (guint i = 0; i < n; i++)
    if (shape_meets (gw_map_geometry_get_shape (scene->geometry, shapes[i]), f))
      {
        gw_map_geometry_append_path (scene->geometry, cr, shapes[i], f->world, f->ox, f->oy, 0.6);
        drawn++;
      }
  if (drawn == 0)
    return 0;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  gw_map_cairo_set_color_alpha (cr, &scene->palette->outline[level], alpha);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  return drawn;
}

static void
paint_labels (Scene           *scene,
              cairo_t         *cr,
              const TileFrame *f,
              int              level)
{
  guint n;
  const GwMapLabel *labels = gw_map_geometry_get_labels (scene->geometry, level, scene->ui, &n);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (GW_MAP_LABEL_FONT);
  double tx = f->ox * f->world, ty = f->oy * f->world;

  for (guint i = 0; i < n; i++)
    {
      const GwMapLabel *l = &labels[i];

      if (l->x > tx + GW_MAP_TILE_PX || l->x + l->w < tx || l->y > ty + GW_MAP_TILE_PX || l->y + l->h < ty)
        continue;
      pango_font_description_set_absolute_size (font, l->size * PANGO_SCALE);
      pango_font_description_set_weight (font, l->parent ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_MEDIUM);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, gw_map_geometry_get_shape (scene->geometry, l->shape)->feature->name, -1);
      cairo_new_path (cr);
      cairo_move_to (cr, l->x - tx, l->y - ty);
      pango_cairo_layout_path (cr, layout);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      gw_map_cairo_set_color (cr, &scene->palette->label_halo);
      cairo_set_line_width (cr, 3.2 * scene->ui);
      cairo_stroke_preserve (cr);
      gw_map_cairo_set_color (cr, l->parent ? &scene->palette->label_parent : &scene->palette->label);
      cairo_fill (cr);
    }
}

static cairo_surface_t *
render_tile (gpointer data,
             int      level,
             int      x,
             int      y)
{
  Scene *scene = data;
  cairo_surface_t *surface;
  cairo_t *cr;
  TileFrame f;
  double margin, size = ldexp (1.0, -level);
  GwGridLevel shown;
  guint drawn = 0;

  f.world = GW_MAP_TILE_PX * ldexp (1.0, level);
  f.ox = x * size;
  f.oy = y * size;
  margin = 8.0 * scene->ui / f.world;
  f.x0 = f.ox - margin;
  f.y0 = f.oy - margin;
  f.x1 = f.ox + size + margin;
  f.y1 = f.oy + size + margin;
  shown = gw_map_geometry_display_level (scene->geometry, f.world);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GW_MAP_TILE_PX, GW_MAP_TILE_PX);
  cr = cairo_create (surface);
  if (scene->with_base)
    drawn += paint_land (scene, cr, &f);
  drawn += paint_fills (scene, cr, &f, shown);

  /* Finer levels first, so the heavier outlines of the levels above lie on top. */
  if (shown + 1 < GW_GRID_N_LEVELS
      && gw_map_geometry_level_size (scene->geometry, shown + 1) * f.world >= PREVIEW_MIN_PX)
    drawn += paint_outlines (scene, cr, &f, shown + 1, 0.6 * scene->ui, 0.45);
  for (int l = shown; l >= 0; l--)
    {
      double width = scene->palette->outline_width[l] * scene->ui;

      /* The level shown is weighted up so its areas read as the units. */
      if (l == (int) shown && l > 0)
        width = MAX (width, 1.2 * scene->ui);
      drawn += paint_outlines (scene, cr, &f, l, width, 1.0);
    }
  if (drawn > 0)
    paint_labels (scene, cr, &f, level);
  cairo_destroy (cr);

  if (drawn == 0)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

/* Sprites (one area, drawn in a worker when it changes) -------------------- */

typedef struct
{
  GwMapGeometry      *geometry;
  const GwMapPalette *palette;
  double              ui;
  guint               serial;
  Sprite             *sprite;     /* its area and level set; the texture to draw */
} SpriteJob;

static gpointer
sprite_key (int        shape,
            SpriteKind kind)
{
  return GUINT_TO_POINTER ((guint) shape * N_SPRITE_KINDS + kind + 1);
}

static void
sprite_free (Sprite *sprite)
{
  g_clear_object (&sprite->texture);
  g_free (sprite);
}

static void
sprite_job_free (SpriteJob *job)
{
  gw_map_geometry_unref (job->geometry);
  g_clear_pointer (&job->sprite, sprite_free);
  g_free (job);
}

static void
sprite_paint (SpriteJob *job,
              cairo_t   *cr)
{
  const GwMapPalette *palette = job->palette;
  const Sprite *sprite = job->sprite;
  double world = GW_MAP_TILE_PX * ldexp (1.0, sprite->level), ui = job->ui;
  const GdkRGBA *color = sprite->kind == SPRITE_SELECTED ? &palette->selected : &palette->hovered;

  gw_map_geometry_append_path (job->geometry, cr, sprite->shape, world, sprite->x0, sprite->y0, 0.3);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (sprite->kind == SPRITE_FLASH)
    {
      gw_map_cairo_set_color (cr, &palette->flash);
      cairo_fill (cr);
      return;
    }
  gw_map_cairo_set_color_alpha (cr, color, 0.16);
  cairo_fill_preserve (cr);
  gw_map_cairo_set_color_alpha (cr, &palette->background, 0.6);
  cairo_set_line_width (cr, 6 * ui);
  cairo_stroke_preserve (cr);
  gw_map_cairo_set_color (cr, color);
  cairo_set_line_width (cr, (sprite->kind == SPRITE_SELECTED ? 3.2 : 2.2) * ui);
  cairo_stroke (cr);
}

static void
sprite_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SpriteJob *job = task_data;
  Sprite *sprite = job->sprite;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sprite->width, sprite->height);
  cairo_t *cr = cairo_create (surface);

  sprite_paint (job, cr);
  cairo_destroy (cr);
  sprite->texture = gw_map_texture_from_surface (surface);
  cairo_surface_destroy (surface);
  g_task_return_boolean (task, TRUE);
}

static void
sprite_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwGridLayer *self = GW_GRID_LAYER (source);
  SpriteJob *job = g_task_get_task_data (G_TASK (result));
  gpointer key = sprite_key (job->sprite->shape, job->sprite->kind);

  if (self->sprite_jobs == NULL)   /* disposed meanwhile */
    return;
  g_hash_table_remove (self->sprite_jobs, key);
  if (job->serial == self->sprite_serial && job->geometry == self->geometry)
    {
      job->sprite->last_used = self->frame;
      g_hash_table_replace (self->sprites, key, g_steal_pointer (&job->sprite));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Asks a worker for @shape's sprite at @level over the part of it near the
 * view, unless one is being drawn already. */
static void
want_sprite (GwGridLayer          *self,
             int                   shape,
             SpriteKind            kind,
             int                   level,
             const GwMapTransform *t)
{
  const GwMapShape *s = gw_map_geometry_get_shape (self->geometry, shape);
  double world = GW_MAP_TILE_PX * ldexp (1.0, level);
  double vx0, vy0, vx1, vy1, mw, mh, pad = 6 * self->ui / world;
  g_autoptr(GTask) task = NULL;
  SpriteJob *job;
  Sprite *sprite;

  if (g_hash_table_contains (self->sprite_jobs, sprite_key (shape, kind)))
    return;
  if (g_hash_table_size (self->sprite_jobs) >= MAX_SPRITE_JOBS)
    {
      self->sprites_wanted = TRUE;
      return;
    }
  gw_map_transform_visible_rect (t, &vx0, &vy0, &vx1, &vy1);
  mw = (vx1 - vx0) / 2;
  mh = (vy1 - vy0) / 2;
  sprite = g_new0 (Sprite, 1);
  sprite->shape = shape;
  sprite->kind = kind;
  sprite->level = level;
  sprite->x0 = MAX (s->x0 - pad, vx0 - mw);
  sprite->y0 = MAX (s->y0 - pad, vy0 - mh);
  sprite->x1 = MIN (s->x1 + pad, vx1 + mw);
  sprite->y1 = MIN (s->y1 + pad, vy1 + mh);
  sprite->width = (int) ceil ((sprite->x1 - sprite->x0) * world);
  sprite->height = (int) ceil ((sprite->y1 - sprite->y0) * world);
  if (sprite->width <= 0 || sprite->height <= 0 || sprite->width > 8192 || sprite->height > 8192)
    {
      sprite_free (sprite);
      return;
    }
  job = g_new0 (SpriteJob, 1);
  job->geometry = gw_map_geometry_ref (self->geometry);
  job->palette = gw_map_palette_get (self->style);
  job->ui = self->ui;
  job->serial = self->sprite_serial;
  job->sprite = sprite;
  g_hash_table_add (self->sprite_jobs, sprite_key (shape, kind));
  task = g_task_new (self, NULL, sprite_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) sprite_job_free);
  g_task_run_in_thread (task, sprite_thread);
}

/* Whether @sprite shows its area at @level over everything visible of it. */
static gboolean
sprite_valid (GwGridLayer          *self,
              const Sprite         *sprite,
              int                   level,
              const GwMapTransform *t)
{
  const GwMapShape *s = gw_map_geometry_get_shape (self->geometry, sprite->shape);
  double vx0, vy0, vx1, vy1;

  if (sprite->level != level)
    return FALSE;
  gw_map_transform_visible_rect (t, &vx0, &vy0, &vx1, &vy1);
  return MAX (vx0, s->x0) >= sprite->x0 - 1e-12 && MAX (vy0, s->y0) >= sprite->y0 - 1e-12
         && MIN (vx1, s->x1) <= sprite->x1 + 1e-12 && MIN (vy1, s->y1) <= sprite->y1 + 1e-12;
}

/* Places @shape's sprite of @kind, asking for a better one when it does not
 * fit the view (meanwhile the old one is drawn scaled). */
static gboolean
draw_sprite (GwGridLayer          *self,
             GtkSnapshot          *snapshot,
             int                   shape,
             SpriteKind            kind,
             int                   level,
             const GwMapTransform *t,
             double                opacity)
{
  Sprite *sprite = g_hash_table_lookup (self->sprites, sprite_key (shape, kind));
  double scale, x, y;

  if (sprite == NULL || !sprite_valid (self, sprite, level, t))
    want_sprite (self, shape, kind, level, t);
  if (sprite == NULL)
    return FALSE;
  sprite->last_used = self->frame;
  scale = t->world / (GW_MAP_TILE_PX * ldexp (1.0, sprite->level));
  x = (sprite->x0 - t->cx) * t->world + t->width / 2;
  y = (sprite->y0 - t->cy) * t->world + t->height / 2;
  /* A blink alone may wait behind new content; a hover or a selection not. */
  gw_map_cells_frame_place (self->cells_frame, sprite->texture,
                            &GRAPHENE_RECT_INIT (x, y, sprite->width * scale, sprite->height * scale),
                            NULL, CAIRO_FILTER_BILINEAR, opacity, kind == SPRITE_FLASH);
  return TRUE;
}

static int
compare_sprite_use (gconstpointer a,
                    gconstpointer b)
{
  const Sprite *x = *(Sprite * const *) a, *y = *(Sprite * const *) b;

  return x->last_used < y->last_used ? -1 : x->last_used > y->last_used;
}

/* Drops the sprites drawn longest ago, not this frame's, beyond SPRITE_BYTES. */
static void
evict_sprites (GwGridLayer *self)
{
  g_autoptr(GPtrArray) old = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  gsize bytes = 0;

  g_hash_table_iter_init (&iter, self->sprites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      bytes += gw_map_texture_bytes (((Sprite *) value)->texture);
      if (((Sprite *) value)->last_used != self->frame)
        g_ptr_array_add (old, value);
    }
  if (bytes <= SPRITE_BYTES)
    return;
  g_ptr_array_sort (old, compare_sprite_use);
  for (guint i = 0; i < old->len && bytes > SPRITE_BYTES; i++)
    {
      Sprite *sprite = g_ptr_array_index (old, i);

      bytes -= gw_map_texture_bytes (sprite->texture);
      g_hash_table_remove (self->sprites, sprite_key (sprite->shape, sprite->kind));
    }
}

static void
clear_sprites (GwGridLayer *self)
{
  self->sprite_serial++;
  g_hash_table_remove_all (self->sprites);
}

static guint
draw_flashes (GwGridLayer          *self,
              GtkSnapshot          *snapshot,
              int                   level,
              const GwMapTransform *t)
{
  gint64 now = g_get_monotonic_time ();
  guint drawn = 0;

  for (guint i = 0; i < self->flashes.pulses->len; i++)
    {
      const GwMapPulse *flash = &g_array_index (self->flashes.pulses, GwMapPulse, i);
      double p = (double) (now - flash->start) / FLASH_US;

      if (p >= 1)
        continue;
      /* Three blinks that fade: a change the room notices, then calm. */
      drawn += draw_sprite (self, snapshot, flash->id, SPRITE_FLASH, level, t,
                            (1 - p) * (0.55 + 0.45 * cos (p * 6 * G_PI)));
    }
  return drawn;
}

/* Blinks, the hovered and the selected area. */
static guint
draw_live (GwGridLayer          *self,
           GtkSnapshot          *snapshot,
           int                   level,
           const GwMapTransform *t)
{
  guint live = draw_flashes (self, snapshot, level, t);

  if (self->hovered >= 0 && self->hovered != self->selected)
    live += draw_sprite (self, snapshot, self->hovered, SPRITE_HOVERED, level, t, 1.0);
  if (self->selected >= 0)
    live += draw_sprite (self, snapshot, self->selected, SPRITE_SELECTED, level, t, 1.0);
  return live;
}

static void
gw_grid_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwGridLayer *self = GW_GRID_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GwMapStatsMark start;
  GwMapTransform t;
  GwMapCellsFrame frame;
  guint tiles, live = 0;
  int level;

  gw_map_stats_begin (&start);
  self->frame++;
  self->sprites_wanted = FALSE;
  if (!gw_map_transform_from_viewport (&t, viewport, widget))
    return;
  level = gw_raster_cache_level_for (t.world);

  gw_map_transform_push_rotation (&t, snapshot);
  /* Tiles and areas are cut at cell edges: each cell shows its part; the
   * backdrop and the tiles are the cells' static content, flattened. */
  gw_map_cells_frame_begin (&frame, self->cells, &self->commit, widget, snapshot, &t, TRUE);
  self->cells_frame = &frame;
  gw_map_cells_frame_begin_static (&frame);
  if (frame.in_cells && self->base != NULL && gtk_widget_get_visible (GTK_WIDGET (self->base)))
    gw_map_cells_frame_place (&frame, gw_base_layer_get_backdrop (self->base),
                              &GRAPHENE_RECT_INIT (0, 0, t.width, t.height), NULL, CAIRO_FILTER_NEAREST,
                              1.0, FALSE);
  tiles = self->geometry != NULL ? gw_raster_cache_snapshot (self->cache, &frame, &t) : 0;
  gw_map_cells_frame_end_static (&frame);
  if (self->geometry != NULL)
    live += draw_live (self, snapshot, level, &t);
  gw_map_cells_frame_end (&frame);
  self->cells_frame = NULL;
  gtk_snapshot_restore (snapshot);
  evict_sprites (self);

  gw_map_stats_add (self->stats, &start, tiles, live);
}

void
gw_grid_layer_flash (GwGridLayer *self,
                     guint        shape)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->geometry != NULL && shape < gw_map_geometry_get_n_shapes (self->geometry))
    gw_map_pulses_start (&self->flashes, shape);
}

/* API ------------------------------------------------------------------------ */

static void
refresh_scene (GwGridLayer *self)
{
  g_autoptr(GPtrArray) unused = NULL;
  Scene *scene;
  double x0, y0, x1, y1;

  if (self->geometry == NULL)
    {
      gw_raster_cache_set_scene (self->cache, NULL);
      return;
    }
  scene = scene_new (self);
  gw_map_geometry_get_bounds (self->geometry, &x0, &y0, &x1, &y1);
  gw_raster_cache_set_bounds (self->cache, x0 - 0.001, y0 - 0.001, x1 + 0.001, y1 + 0.001);
  gw_raster_cache_set_scene (self->cache, scene);
  scene_unref (scene);
}

void
gw_grid_layer_set_geometry (GwGridLayer   *self,
                            GwMapGeometry *geometry,
                            const guint8  *classes)
{
  guint n = geometry ? gw_map_geometry_get_n_shapes (geometry) : 0;

  g_return_if_fail (GW_IS_GRID_LAYER (self));

  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  g_clear_pointer (&self->classes, g_free);
  self->hovered = self->selected = -1;
  clear_sprites (self);
  gw_map_pulses_stop (&self->flashes);
  if (geometry != NULL)
    {
      self->geometry = gw_map_geometry_ref (geometry);
      self->classes = classes ? g_memdup2 (classes, n) : g_malloc (n);
      if (classes == NULL)
        memset (self->classes, GW_GRID_NO_CLASS, n);
    }
  refresh_scene (self);
}

void
gw_grid_layer_set_classes (GwGridLayer  *self,
                           const guint8 *classes)
{
  g_autoptr(GArray) rects = NULL;
  guint n;
  Scene *scene;

  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->geometry == NULL)
    return;
  n = gw_map_geometry_get_n_shapes (self->geometry);
  rects = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n; i++)
    if (self->classes[i] != classes[i])
      {
        const GwMapShape *s = gw_map_geometry_get_shape (self->geometry, i);
        double r[4] = { s->x0, s->y0, s->x1, s->y1 };

        g_array_append_vals (rects, r, 4);
      }
  if (rects->len == 0)
    return;
  memcpy (self->classes, classes, n);
  scene = scene_new (self);
  gw_raster_cache_update_scene (self->cache, scene, (const double *) rects->data, rects->len / 4);
  scene_unref (scene);
}

void
gw_grid_layer_set_style (GwGridLayer *self,
                         GwMapStyle   style,
                         gboolean     with_base,
                         double       ui_scale)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->style == style && self->with_base == with_base && self->ui == ui_scale)
    return;
  self->style = style;
  self->with_base = with_base;
  self->ui = ui_scale;
  clear_sprites (self);
  refresh_scene (self);
}

void
gw_grid_layer_set_hovered (GwGridLayer *self,
                           int          shape)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->hovered == shape)
    return;
  self->hovered = shape;
  /* Pending until the next frame asks for its sprite. */
  self->sprites_wanted |= shape >= 0 && gtk_widget_get_mapped (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_grid_layer_set_selected (GwGridLayer *self,
                            int          shape)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->selected == shape)
    return;
  self->selected = shape;
  self->sprites_wanted |= shape >= 0 && gtk_widget_get_mapped (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_grid_layer_set_stats (GwGridLayer   *self,
                         GwMapStatsAcc *stats)
{
  self->stats = stats;
}

void
gw_grid_layer_set_cells (GwGridLayer *self,
                         GwMapCells  *cells)
{
  self->cells = cells;
  gw_map_cells_add_layer (cells, GTK_WIDGET (self), &self->commit);
}

void
gw_grid_layer_set_base (GwGridLayer *self,
                        GwBaseLayer *base)
{
  self->base = base;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_grid_layer_get_n_pending (GwGridLayer *self)
{
  return gw_raster_cache_get_n_pending (self->cache) + g_hash_table_size (self->sprite_jobs)
         + (self->sprites_wanted ? 1 : 0);
}

void
gw_grid_layer_get_memory (GwGridLayer *self,
                          GwMapMemory *memory)
{
  GHashTableIter iter;
  gpointer value;

  memory->tiles = gw_raster_cache_get_bytes (self->cache, &memory->n_tiles);
  g_hash_table_iter_init (&iter, self->sprites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    memory->live += gw_map_texture_bytes (((Sprite *) value)->texture);
}

static void
gw_grid_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gw_grid_layer_parent_class)->constructed (object);
  gw_map_layer_follow_viewport (SHUMATE_LAYER (object));
}

static void
gw_grid_layer_dispose (GObject *object)
{
  GwGridLayer *self = GW_GRID_LAYER (object);

  gw_map_pulses_clear (&self->flashes);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->sprites, g_hash_table_unref);
  g_clear_pointer (&self->sprite_jobs, g_hash_table_unref);
  gw_map_cells_commit_clear (&self->commit);
  g_clear_pointer (&self->geometry, gw_map_geometry_unref);
  g_clear_pointer (&self->classes, g_free);
  G_OBJECT_CLASS (gw_grid_layer_parent_class)->dispose (object);
}

static void
gw_grid_layer_class_init (GwGridLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gw_grid_layer_constructed;
  object_class->dispose = gw_grid_layer_dispose;
  widget_class->snapshot = gw_grid_layer_snapshot;
}

static void
gw_grid_layer_init (GwGridLayer *self)
{
  self->hovered = self->selected = -1;
  self->ui = 1.0;
  self->with_base = TRUE;
  gw_map_pulses_init (&self->flashes, GTK_WIDGET (self), FLASH_US, MAX_FLASHES);
  self->sprites = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sprite_free);
  self->sprite_jobs = g_hash_table_new (NULL, NULL);
  self->cache = gw_raster_cache_new (GTK_WIDGET (self), render_tile,
                                     (GBoxedCopyFunc) scene_ref, (GDestroyNotify) scene_unref);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwGridLayer *
gw_grid_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_GRID_LAYER, "viewport", viewport, NULL);
}
