/* gw-case-layer.c: cases, clustered, with the newest announced
 *
 * Clusters and single cases come from a supercluster index (gw-cluster.h)
 * built in a worker. Another worker queries it for the area around the view
 * at the view's level and draws a small texture (sprite) for each cluster
 * look that area needs (count shown, overdue share), reusing the previous
 * view's: a "view", installed whole when ready. Until then, the previous
 * view is drawn, so a change of level costs the main thread nothing more
 * than a frame that pans, and only the sprites in use are held. A frame
 * places one texture per visible cluster or case, whole: nothing is cut at
 * a tile's edge. Cases that arrive
 * after the index was built are live items: drawn each frame from a few
 * cached marker textures, so a case is on screen in the frame after it
 * arrives, while a rebuild of the index is coalesced behind it. The newest
 * cases are announced with rings that expand for several seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "gw-case-layer.h"
#include "gw-cluster.h"
#include "gw-coord.h"
#include "gw-map-cells.h"
#include "gw-raster-cache.h"

#define MIN_REBUILD_US   (700 * 1000)
#define MAX_LIVE         4096
#define MAX_ANNOUNCED    48
#define ANNOUNCE_US      (7 * G_USEC_PER_SEC)
#define RING_PERIOD_US   (1800 * 1000)
#define MARKER_R         5.5
#define CLUSTER_RADIUS   76.0     /* of a 512 extent: 38 px at our tile size */
#define CLUSTER_MAX_ZOOM 16
#define MAX_DRAWN        4096     /* a bound on the textures of one frame */
/* Sprites not in the view are kept up to this, for the next change of level. */
#define SPARE_SPRITE_BYTES (8 << 20)

typedef struct
{
  gatomicrefcount     ref_count;
  GwClusterIndex     *index;
  guint8             *priorities;
  guint8             *flags;
  guint8             *categories;
  guint               n;
  const GwMapPalette *palette;
  double              ui;
} Scene;

/* Cluster sprites by sprite_key: read only once made, shared by threads. */
typedef struct
{
  gatomicrefcount     ref_count;
  const GwMapPalette *palette;
  double              ui;
  GHashTable         *textures;   /* sprite_key → GdkTexture */
} Sprites;

/* What a frame draws: the clusters and single cases of @scene around the
 * view at @level, and the sprites they need. Made in a worker. */
typedef struct
{
  Scene   *scene;
  Sprites *sprites;
  GArray  *items;       /* of GwClusterItem */
  int      level;
  double   rect[4];     /* normalised x0, y0, x1, y1 that @items cover */
} View;


struct _GwCaseLayer
{
  ShumateLayer    parent_instance;

  GwMapCases     *cases;
  Scene          *scene;          /* the last index built */
  View           *view;           /* what is drawn; or NULL */
  gboolean        view_running;
  GwMapStyle      style;
  double          ui;
  GwMapStatsAcc  *stats;

  GCancellable   *build_cancellable;
  gboolean        building;
  gboolean        dirty;
  gint64          last_build;
  guint           build_timeout;
  guint           n_indexed;      /* cases the index covers */

  GdkTexture     *markers[GW_N_CATEGORIES][GW_N_PRIORITIES][2];
  int             marker_size;
  GwMapPulses     announced;      /* of case positions */
  gboolean        has_hover;
  GwCaseHit       hover;
  gboolean        cairo;          /* drawn by GTK's cairo renderer */
  GwMapCells     *cells;          /* the view's; NULL: all in one */
  GwMapCellsCommit commit;
  GwMapCellsFrame *frame;         /* during a snapshot */
};

G_DEFINE_FINAL_TYPE (GwCaseLayer, gw_case_layer, SHUMATE_TYPE_LAYER)

static void schedule_build (GwCaseLayer *self);

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
  g_clear_pointer (&scene->index, gw_cluster_index_unref);
  g_free (scene->priorities);
  g_free (scene->flags);
  g_free (scene->categories);
  g_free (scene);
}

static Sprites *
sprites_new (const GwMapPalette *palette,
             double              ui)
{
  Sprites *sprites = g_new0 (Sprites, 1);

  g_atomic_ref_count_init (&sprites->ref_count);
  sprites->palette = palette;
  sprites->ui = ui;
  sprites->textures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  return sprites;
}

static Sprites *
sprites_ref (Sprites *sprites)
{
  g_atomic_ref_count_inc (&sprites->ref_count);
  return sprites;
}

static void
sprites_unref (Sprites *sprites)
{
  if (!g_atomic_ref_count_dec (&sprites->ref_count))
    return;
  g_hash_table_unref (sprites->textures);
  g_free (sprites);
}

static void
view_free (View *view)
{
  g_clear_pointer (&view->scene, scene_unref);
  g_clear_pointer (&view->sprites, sprites_unref);
  g_clear_pointer (&view->items, g_array_unref);
  g_free (view);
}

/* Sprites ------------------------------------------------------------------- */

/* What a cluster's disc says: exact below 1,000, then to the hundred or the
 * thousand, so that the sprites a scene needs are few and shared. */
static guint
shown_count (guint count)
{
  return count >= 10000 ? count / 1000 * 1000 : count >= 1000 ? count / 100 * 100 : count;
}

static double
cluster_radius (guint count,
                double ui)
{
  return ui * (10 + 4.5 * log10 (MAX (count, 2)));
}

/* A sprite's key: the count shown and the overdue share in 32nds (0: none). */
static guint64
sprite_key (guint count,
            guint overdue)
{
  double share = (double) overdue / MAX (count, 1);
  guint bucket = overdue == 0 ? 0 : 1 + (guint) (MIN (MAX (share, 0.04), 1.0) * 31);

  return ((guint64) shown_count (count) << 8) | bucket;
}

static void
format_count (char   *buf,
              gsize   size,
              guint   count)
{
  if (count >= 10000)
    g_snprintf (buf, size, "%uk", count / 1000);
  else if (count >= 1000)
    g_snprintf (buf, size, "%.1fk", count / 1000.0);
  else
    g_snprintf (buf, size, "%u", count);
}

static void
paint_cluster (Scene       *scene,
               cairo_t     *cr,
               PangoLayout *layout,
               guint64      key,
               double       x,
               double       y)
{
  const GwMapPalette *palette = scene->palette;
  guint count = key >> 8, bucket = key & 0xff;
  double r = cluster_radius (count, scene->ui);
  double ring = 3.5 * scene->ui;
  char text[16];
  int tw, th;

  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  gw_map_cairo_set_color (cr, &palette->cluster);
  cairo_fill (cr);
  /* The ring tells the overdue share: red from twelve o'clock, clockwise. */
  cairo_set_line_width (cr, ring);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, r + ring / 2, 0, 2 * G_PI);
  gw_map_cairo_set_color_alpha (cr, &palette->cluster_text, 0.85);
  cairo_stroke (cr);
  if (bucket > 0)
    {
      cairo_new_path (cr);
      cairo_arc (cr, x, y, r + ring / 2, -G_PI / 2, -G_PI / 2 + 2 * G_PI * (bucket - 1) / 31.0);
      gw_map_cairo_set_color (cr, &palette->overdue);
      cairo_stroke (cr);
    }
  format_count (text, sizeof text, count);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x - tw / 2.0, y - th / 2.0);
  gw_map_cairo_set_color (cr, &palette->cluster_text);
  pango_cairo_show_layout (cr, layout);
}

/* The side of a cluster's sprite, in pixels: the disc, its ring, a pixel. */
static int
sprite_size (guint  count,
             double ui)
{
  return 2 * (int) ceil (cluster_radius (count, ui) + 3.5 * ui + 1.5);
}

static GdkTexture *
render_sprite (Scene       *scene,
               PangoLayout *layout,
               guint64      key)
{
  int size = sprite_size (key >> 8, scene->ui);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);
  GdkTexture *texture;

  pango_cairo_update_layout (cr, layout);
  paint_cluster (scene, cr, layout, key, size / 2.0, size / 2.0);
  cairo_destroy (cr);
  texture = gw_map_texture_from_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

/* Adds @old's sprites that @sprites lacks while they fit in
 * SPARE_SPRITE_BYTES, so that going back to a level draws little again. */
static void
keep_spare (Sprites *sprites,
            Sprites *old)
{
  GHashTableIter iter;
  gpointer key, value;
  gsize spare = 0;

  g_hash_table_iter_init (&iter, old->textures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (sprites->textures, key)
        && spare + gw_map_texture_bytes (value) <= SPARE_SPRITE_BYTES)
      {
        spare += gw_map_texture_bytes (value);
        g_hash_table_insert (sprites->textures, g_memdup2 (key, sizeof (guint64)), g_object_ref (value));
      }
}

/* The sprites @items need, taken from @old where it has them (drawn in the
 * same style), drawn otherwise; then some of @old's others. Runs in a worker. */
static Sprites *
make_sprites (Scene   *scene,
              GArray  *items,
              Sprites *old)
{
  Sprites *sprites = sprites_new (scene->palette, scene->ui);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (GW_MAP_LABEL_FONT " Bold");

  pango_font_description_set_absolute_size (font, 12.5 * scene->ui * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  if (old != NULL && (old->palette != scene->palette || old->ui != scene->ui))
    old = NULL;
  for (guint i = 0; i < items->len; i++)
    {
      const GwClusterItem *item = &g_array_index (items, GwClusterItem, i);
      guint64 k;
      GdkTexture *texture;

      if (item->point_count < 2)
        continue;
      k = sprite_key (item->point_count, item->overdue_count);
      if (g_hash_table_contains (sprites->textures, &k))
        continue;
      texture = old ? g_hash_table_lookup (old->textures, &k) : NULL;
      texture = texture ? g_object_ref (texture) : render_sprite (scene, layout, k);
      g_hash_table_insert (sprites->textures, g_memdup2 (&k, sizeof k), texture);
    }
  if (old != NULL)
    keep_spare (sprites, old);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return sprites;
}

/* The index ----------------------------------------------------------------- */

typedef struct
{
  Scene            *scene;
  double           *lon;
  double           *lat;
  GwClusterOptions  options;
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_clear_pointer (&job->scene, scene_unref);
  g_free (job->lon);
  g_free (job->lat);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  Scene *scene = job->scene;
  GError *error = NULL;

  scene->index = gw_cluster_index_new (&job->options, job->lon, job->lat, scene->flags,
                                       scene->categories, scene->n, cancellable, &error);
  if (scene->index == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, scene_ref (scene), (GDestroyNotify) scene_unref);
}

static void
build_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwCaseLayer) self = user_data;
  g_autoptr(GError) error = NULL;
  Scene *scene = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->cases == NULL)   /* disposed meanwhile */
    {
      g_clear_pointer (&scene, scene_unref);
      return;
    }
  self->building = FALSE;
  if (scene == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not cluster the map's cases: %s", error->message);
      return;
    }
  g_clear_pointer (&self->scene, scene_unref);
  self->scene = scene;
  self->n_indexed = MIN (scene->n, gw_map_cases_get_n_cases (self->cases));
  if (self->dirty)
    schedule_build (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_build (GwCaseLayer *self)
{
  guint n = gw_map_cases_get_n_cases (self->cases);
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GTask) task = NULL;
  BuildJob *job = g_new0 (BuildJob, 1);
  Scene *scene = g_new0 (Scene, 1);

  g_atomic_ref_count_init (&scene->ref_count);
  scene->n = n;
  scene->palette = gw_map_palette_get (self->style);
  scene->ui = self->ui;
  scene->priorities = g_new (guint8, MAX (n, 1));
  scene->flags = g_new (guint8, MAX (n, 1));
  scene->categories = g_new (guint8, MAX (n, 1));
  job->scene = scene;
  job->lon = g_new (double, MAX (n, 1));
  job->lat = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      job->lon[i] = cases[i].lon;
      job->lat[i] = cases[i].lat;
      scene->priorities[i] = cases[i].priority;
      scene->categories[i] = cases[i].category;
      scene->flags[i] = gw_map_case_is_overdue (&cases[i], now) ? GW_CLUSTER_FLAG_OVERDUE : 0;
    }
  gw_cluster_options_init (&job->options);
  job->options.max_zoom = CLUSTER_MAX_ZOOM;
  job->options.radius = CLUSTER_RADIUS;
  job->options.extent = 512;
  job->options.n_categories = GW_N_CATEGORIES;

  self->building = TRUE;
  self->dirty = FALSE;
  self->last_build = g_get_monotonic_time ();
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  self->build_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->build_cancellable, build_ready, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_run_in_thread (task, build_thread);
}

static gboolean
on_build_timeout (gpointer user_data)
{
  GwCaseLayer *self = user_data;

  self->build_timeout = 0;
  if (!self->building)
    start_build (self);
  return G_SOURCE_REMOVE;
}

/* At most one build runs; changes during it cause one more, no sooner than
 * MIN_REBUILD_US after the last began. */
static void
schedule_build (GwCaseLayer *self)
{
  gint64 wait;

  self->dirty = TRUE;
  if (self->building || self->build_timeout != 0)
    return;
  wait = self->last_build + MIN_REBUILD_US - g_get_monotonic_time ();
  if (wait <= 0)
    start_build (self);
  else
    self->build_timeout = g_timeout_add ((guint) (wait / 1000) + 1, on_build_timeout, self);
}

/* Markers and live items ------------------------------------------------------ */

static void
clear_markers (GwCaseLayer *self)
{
  for (guint c = 0; c < GW_N_CATEGORIES; c++)
    for (guint p = 0; p < GW_N_PRIORITIES; p++)
      for (guint o = 0; o < 2; o++)
        g_clear_object (&self->markers[c][p][o]);
}

static GdkTexture *
get_marker (GwCaseLayer *self,
            guint        category,
            guint        priority,
            gboolean     overdue)
{
  GdkTexture **slot;

  category = MIN (category, GW_N_CATEGORIES - 1);
  priority = MIN (priority, GW_N_PRIORITIES - 1);
  slot = &self->markers[category][priority][overdue != FALSE];
  if (*slot == NULL)
    {
      int size = self->marker_size;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      cairo_t *cr = cairo_create (surface);

      gw_map_draw_case_marker (cr, size / 2.0, size / 2.0, MARKER_R * self->ui, category, priority,
                               overdue, gw_map_palette_get (self->style));
      cairo_destroy (cr);
      *slot = gw_map_texture_from_surface (surface);
      cairo_surface_destroy (surface);
    }
  return *slot;
}

/* Places a square texture of @size at (@x, @y), unscaled, in its cell. */
static void
place (GwCaseLayer *self,
       GtkSnapshot *snapshot,
       GdkTexture  *texture,
       double       x,
       double       y,
       double       size)
{
  gw_map_cells_frame_place (self->frame, texture, &GRAPHENE_RECT_INIT (x, y, size, size), NULL,
                            CAIRO_FILTER_BILINEAR, 1.0, FALSE);
}

static gboolean
visible (const GwMapTransform *t,
         double                x,
         double                y,
         double                margin)
{
  return x > -margin && y > -margin && x < t->width + margin && y < t->height + margin;
}

static void
widget_pos (const GwMapTransform *t,
            const GwMapCase      *c,
            double               *x,
            double               *y)
{
  *x = (c->mx - t->cx) * t->world + t->width / 2;
  *y = (c->my - t->cy) * t->world + t->height / 2;
}

static guint
draw_live (GwCaseLayer          *self,
           GtkSnapshot          *snapshot,
           const GwMapTransform *t)
{
  guint n = gw_map_cases_get_n_cases (self->cases);
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double half = self->marker_size / 2.0;
  guint first = MAX (self->n_indexed, n > MAX_LIVE ? n - MAX_LIVE : 0);
  guint drawn = 0;

  for (guint i = first; i < n; i++)
    {
      double x, y;

      widget_pos (t, &cases[i], &x, &y);
      if (!visible (t, x, y, half))
        continue;
      place (self, snapshot,
             get_marker (self, cases[i].category, cases[i].priority,
                         gw_map_case_is_overdue (&cases[i], now)),
             x - half, y - half, self->marker_size);
      drawn++;
    }
  return drawn;
}

/* Views ------------------------------------------------------------------- */

typedef struct
{
  Scene   *scene;
  Sprites *old;        /* the view's drawn now, or NULL */
  int      level;
  double   rect[4];
  double   reach;      /* how far a sprite reaches beyond its centre, normalised */
} ViewJob;

static void
view_job_free (ViewJob *job)
{
  scene_unref (job->scene);
  g_clear_pointer (&job->old, sprites_unref);
  g_free (job);
}

static void
view_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ViewJob *job = task_data;
  View *view = g_new0 (View, 1);
  double west, north, east, south;

  view->scene = scene_ref (job->scene);
  view->level = job->level;
  memcpy (view->rect, job->rect, sizeof view->rect);
  view->items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
  gw_coord_mercator_unproject (job->rect[0] - job->reach, job->rect[1] - job->reach, &west, &north);
  gw_coord_mercator_unproject (job->rect[2] + job->reach, job->rect[3] + job->reach, &east, &south);
  gw_cluster_index_get_clusters (job->scene->index, west, south, east, north, job->level, view->items);
  view->sprites = make_sprites (job->scene, view->items, job->old);
  g_task_return_pointer (task, view, (GDestroyNotify) view_free);
}

static void
view_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwCaseLayer) self = user_data;
  View *view = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self->cases == NULL)   /* disposed meanwhile */
    {
      view_free (view);
      return;
    }
  self->view_running = FALSE;
  g_clear_pointer (&self->view, view_free);
  self->view = view;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The visible rectangle, within the world. */
static void
visible_rect (const GwMapTransform *t,
              double               *r)
{
  gw_map_transform_visible_rect (t, &r[0], &r[1], &r[2], &r[3]);
  for (int i = 0; i < 4; i++)
    r[i] = CLAMP (r[i], 0, 1);
}

/* Whether the view drawn is the one this frame calls for. */
static gboolean
view_covers (GwCaseLayer          *self,
             const GwMapTransform *t,
             int                   level)
{
  const View *view = self->view;
  double r[4];

  if (view == NULL || view->scene != self->scene || view->level != level)
    return FALSE;
  visible_rect (t, r);
  return r[0] >= view->rect[0] && r[1] >= view->rect[1] && r[2] <= view->rect[2] && r[3] <= view->rect[3];
}

/* Asks a worker for the view of the current index around the visible area
 * (half a screen more each side) at @level, unless the drawn one is it. One
 * at a time: a frame after the one running lands asks again if need be. */
static void
request_view (GwCaseLayer          *self,
              const GwMapTransform *t,
              int                   level)
{
  g_autoptr(GTask) task = NULL;
  ViewJob *job;
  double r[4], mx, my;

  if (self->view_running || self->scene == NULL || self->scene->index == NULL
      || view_covers (self, t, level))
    return;
  visible_rect (t, r);
  mx = (r[2] - r[0]) / 2, my = (r[3] - r[1]) / 2;
  job = g_new0 (ViewJob, 1);
  job->scene = scene_ref (self->scene);
  job->old = self->view ? sprites_ref (self->view->sprites) : NULL;
  job->level = level;
  job->rect[0] = MAX (r[0] - mx, 0), job->rect[1] = MAX (r[1] - my, 0);
  job->rect[2] = MIN (r[2] + mx, 1), job->rect[3] = MIN (r[3] + my, 1);
  /* A sprite reaches beyond its centre: query a little wider than drawn. */
  job->reach = cluster_radius (self->scene->n, self->ui) * 1.3 / t->world;
  self->view_running = TRUE;
  task = g_task_new (NULL, NULL, view_ready, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) view_job_free);
  g_task_run_in_thread (task, view_thread);
}

/* Each cluster and each indexed single case is a texture placed whole, so
 * none is ever cut at a tile's edge. Returns the textures appended. */
static guint
draw_view (GwCaseLayer          *self,
           GtkSnapshot          *snapshot,
           const GwMapTransform *t)
{
  const View *view = self->view;
  const Scene *scene = view->scene;
  double margin = cluster_radius (scene->n, self->ui) * 1.3;
  double half = self->marker_size / 2.0;
  guint drawn = 0;

  for (guint i = 0; i < view->items->len && drawn < MAX_DRAWN; i++)
    {
      const GwClusterItem *item = &g_array_index (view->items, GwClusterItem, i);
      double x = (item->x - t->cx) * t->world + t->width / 2;
      double y = (item->y - t->cy) * t->world + t->height / 2;
      guint64 key;
      GdkTexture *sprite;
      double s;

      if (!visible (t, x, y, margin))
        continue;
      if (item->point_count < 2)
        {
          if (item->id >= scene->n)
            continue;
          place (self, snapshot,
                 get_marker (self, scene->categories[item->id], scene->priorities[item->id],
                             scene->flags[item->id] & GW_CLUSTER_FLAG_OVERDUE),
                 x - half, y - half, self->marker_size);
          drawn++;
          continue;
        }
      key = sprite_key (item->point_count, item->overdue_count);
      sprite = g_hash_table_lookup (view->sprites->textures, &key);
      if (sprite == NULL)
        continue;
      s = gdk_texture_get_width (sprite);
      place (self, snapshot, sprite, x - s / 2, y - s / 2, s);
      drawn++;
    }
  return drawn;
}

/* Three rings expand from each new case, again and again for several
 * seconds: motion is what an eye catches from across a room. */
static guint
draw_announcements (GwCaseLayer          *self,
                    GtkSnapshot          *snapshot,
                    const GwMapTransform *t)
{
  const GwMapPalette *palette = gw_map_palette_get (self->style);
  guint n = gw_map_cases_get_n_cases (self->cases);
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  gint64 now = g_get_monotonic_time ();
  double max_r = 110 * self->ui;
  guint drawn = 0;

  for (guint i = 0; i < self->announced.pulses->len; i++)
    {
      const GwMapPulse *a = &g_array_index (self->announced.pulses, GwMapPulse, i);
      gint64 age = now - a->start;
      double x, y, fade;

      if (a->id >= n || age >= ANNOUNCE_US)
        continue;
      widget_pos (t, &cases[a->id], &x, &y);
      if (!visible (t, x, y, max_r))
        continue;
      fade = age > ANNOUNCE_US - G_USEC_PER_SEC ? (double) (ANNOUNCE_US - age) / G_USEC_PER_SEC : 1;
      for (int k = 0; k < 3; k++)
        {
          gint64 phase = age - k * RING_PERIOD_US / 3;
          double p, r;
          GdkRGBA color = palette->pulse;

          if (phase < 0)
            continue;
          p = (double) (phase % RING_PERIOD_US) / RING_PERIOD_US;
          r = 8 * self->ui + p * max_r;
          color.alpha = (1 - p) * fade;
          gw_map_cells_frame_ring (self->frame, x, y, r, (6 - 4 * p) * self->ui, &color, TRUE);
        }
      /* A bright core that stays while the rings run. */
      {
        GdkRGBA core = palette->pulse;

        core.alpha = 0.55 * fade;
        gw_map_cells_frame_ring (self->frame, x, y, 13 * self->ui, 4 * self->ui, &core, TRUE);
      }
      drawn++;
    }
  return drawn;
}

static guint
draw_hover (GwCaseLayer          *self,
            GtkSnapshot          *snapshot,
            const GwMapTransform *t)
{
  const GwMapPalette *palette = gw_map_palette_get (self->style);
  double x, y, r;

  if (!self->has_hover)
    return 0;
  x = (self->hover.mx - t->cx) * t->world + t->width / 2;
  y = (self->hover.my - t->cy) * t->world + t->height / 2;
  r = self->hover.is_cluster ? cluster_radius (self->hover.count, self->ui) + 6 * self->ui
                             : MARKER_R * 2.2 * self->ui;
  gw_map_cells_frame_ring (self->frame, x, y, r, 2.5 * self->ui, &palette->hovered, FALSE);
  return 1;
}

static void
gw_case_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwCaseLayer *self = GW_CASE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GwMapStatsMark start;
  GwMapTransform t;
  GwMapCellsFrame frame;
  guint textures = 0, live = 0;

  gw_map_stats_begin (&start);
  if (!gw_map_transform_from_viewport (&t, viewport, widget))
    return;
  self->cairo = gw_map_widget_uses_cairo (widget);
  request_view (self, &t, gw_raster_cache_level_for (t.world));
  gw_map_transform_push_rotation (&t, snapshot);
  /* Anchored by their centres: a case is never cut at a cell's edge. */
  gw_map_cells_frame_begin (&frame, self->cells, &self->commit, widget, snapshot, &t, FALSE);
  self->frame = &frame;
  if (self->view != NULL)
    textures = draw_view (self, snapshot, &t);
  live += draw_live (self, snapshot, &t);
  live += draw_announcements (self, snapshot, &t);
  live += draw_hover (self, snapshot, &t);
  gw_map_cells_frame_end (&frame);
  self->frame = NULL;
  gtk_snapshot_restore (snapshot);
  gw_map_stats_add (self->stats, &start, textures, live);
}

/* Store changes ------------------------------------------------------------- */

static void
on_reset (GwCaseLayer *self)
{
  gw_map_pulses_stop (&self->announced);
  self->n_indexed = 0;
  self->has_hover = FALSE;
  schedule_build (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* New cases' cells go first in the next frames. */
static void
mark_cells (GwCaseLayer *self,
            guint        position,
            guint        n)
{
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  GwMapTransform t;

  if (self->cells == NULL
      || !gw_map_transform_from_viewport (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                                          GTK_WIDGET (self)))
    return;
  for (guint i = position; i < position + n; i++)
    {
      double x, y;

      widget_pos (&t, &cases[i], &x, &y);
      gw_map_cells_mark (self->cells, x, y);
    }
}

static void
on_added (GwCaseLayer *self,
          guint        position,
          guint        n)
{
  guint first = n > MAX_ANNOUNCED ? position + n - MAX_ANNOUNCED : position;

  for (guint i = first; i < position + n; i++)
    gw_map_pulses_start (&self->announced, i);
  mark_cells (self, position, n);
  schedule_build (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_updated (GwCaseLayer *self)
{
  schedule_build (self);
}

/* API ------------------------------------------------------------------------ */

static gboolean
hit_live (GwCaseLayer          *self,
          const GwMapTransform *t,
          double                x,
          double                y,
          GwCaseHit            *hit)
{
  guint n = gw_map_cases_get_n_cases (self->cases);
  const GwMapCase *cases = gw_map_cases_get_cases (self->cases);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double best = MARKER_R * 1.8 * self->ui;
  gboolean found = FALSE;

  best *= best;
  for (guint i = MAX (self->n_indexed, n > MAX_LIVE ? n - MAX_LIVE : 0); i < n; i++)
    {
      double cx, cy, d;

      widget_pos (t, &cases[i], &cx, &cy);
      d = (cx - x) * (cx - x) + (cy - y) * (cy - y);
      if (d <= best)
        {
          best = d;
          found = TRUE;
          *hit = (GwCaseHit) { FALSE, i, 0, 1, gw_map_case_is_overdue (&cases[i], now), 0,
                               cases[i].mx, cases[i].my };
        }
    }
  return found;
}

static gboolean
hit_index (GwCaseLayer          *self,
           const GwMapTransform *t,
           double                x,
           double                y,
           GwCaseHit            *hit)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
  double mx, my, reach, west, north, east, south, best = G_MAXDOUBLE;
  int level = gw_raster_cache_level_for (t->world);
  double world = GW_MAP_TILE_PX * ldexp (1.0, level), scale = t->world / world;
  gboolean found = FALSE;

  if (self->scene == NULL || self->scene->index == NULL)
    return FALSE;
  gw_map_transform_from_widget (t, x, y, &mx, &my);
  reach = cluster_radius (self->scene->n, self->ui) * 1.2 / world;
  gw_coord_mercator_unproject (mx - reach, my - reach, &west, &north);
  gw_coord_mercator_unproject (mx + reach, my + reach, &east, &south);
  gw_cluster_index_get_clusters (self->scene->index, west, south, east, north, level, items);
  for (guint i = 0; i < items->len; i++)
    {
      const GwClusterItem *item = &g_array_index (items, GwClusterItem, i);
      double r = (item->point_count > 1 ? cluster_radius (item->point_count, self->ui) + 3 * self->ui
                                        : MARKER_R * 1.8 * self->ui) * scale;
      double dx = (item->x - mx) * t->world, dy = (item->y - my) * t->world;
      double d = dx * dx + dy * dy;

      if (d > r * r || d >= best)
        continue;
      best = d;
      found = TRUE;
      *hit = (GwCaseHit) { item->point_count > 1, item->id, item->id, item->point_count,
                           item->overdue_count, 0, item->x, item->y };
      if (hit->is_cluster)
        hit->expansion_zoom = gw_cluster_index_get_expansion_zoom (self->scene->index, item->id);
    }
  return found;
}

gboolean
gw_case_layer_hit (GwCaseLayer *self,
                   double       x,
                   double       y,
                   GwCaseHit   *hit)
{
  GwMapTransform t;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), FALSE);

  if (!gw_map_transform_from_viewport (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                                       GTK_WIDGET (self)))
    return FALSE;
  return hit_live (self, &t, x, y, hit) || hit_index (self, &t, x, y, hit);
}

void
gw_case_layer_set_hovered (GwCaseLayer     *self,
                           const GwCaseHit *hit)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  if (hit == NULL && !self->has_hover)
    return;
  if (hit != NULL && self->has_hover && hit->is_cluster == self->hover.is_cluster
      && hit->position == self->hover.position && hit->cluster_id == self->hover.cluster_id)
    return;
  self->has_hover = hit != NULL;
  if (hit != NULL)
    self->hover = *hit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_case_layer_set_style (GwCaseLayer *self,
                         GwMapStyle   style,
                         double       ui_scale)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  if (self->style == style && self->ui == ui_scale)
    return;
  self->style = style;
  self->ui = ui_scale;
  self->marker_size = (int) ceil (MARKER_R * ui_scale * 2 * 1.9) + 4;
  clear_markers (self);
  schedule_build (self);
}

void
gw_case_layer_set_stats (GwCaseLayer   *self,
                         GwMapStatsAcc *stats)
{
  self->stats = stats;
}

void
gw_case_layer_set_cells (GwCaseLayer *self,
                         GwMapCells  *cells)
{
  self->cells = cells;
  gw_map_cells_add_layer (cells, GTK_WIDGET (self), &self->commit);
}

/* Whether the view drawn is the current index's at the current zoom, or
 * nothing is drawn. */
static gboolean
view_is_current (GwCaseLayer *self)
{
  GwMapTransform t;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->scene == NULL || self->scene->index == NULL
      || !gw_map_transform_from_viewport (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                                          GTK_WIDGET (self)))
    return TRUE;
  return view_covers (self, &t, gw_raster_cache_level_for (t.world));
}

gboolean
gw_case_layer_is_settled (GwCaseLayer *self)
{
  return !self->building && !self->dirty && self->build_timeout == 0
         && self->n_indexed == gw_map_cases_get_n_cases (self->cases)
         && !self->view_running && view_is_current (self);
}

guint
gw_case_layer_get_n_pending (GwCaseLayer *self)
{
  return (self->building ? 1 : 0) + (self->view_running ? 1 : 0);
}

void
gw_case_layer_get_memory (GwCaseLayer *self,
                          GwMapMemory *memory)
{
  GHashTableIter iter;
  gpointer value;

  if (self->view != NULL)
    {
      g_hash_table_iter_init (&iter, self->view->sprites->textures);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          memory->sprites += gw_map_texture_bytes (value);
          memory->n_sprites++;
        }
    }
  for (guint c = 0; c < GW_N_CATEGORIES; c++)
    for (guint p = 0; p < GW_N_PRIORITIES; p++)
      for (guint o = 0; o < 2; o++)
        if (self->markers[c][p][o] != NULL)
          {
            memory->sprites += gw_map_texture_bytes (self->markers[c][p][o]);
            memory->n_sprites++;
          }
}

static void
gw_case_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gw_case_layer_parent_class)->constructed (object);
  gw_map_layer_follow_viewport (SHUMATE_LAYER (object));
}

static void
gw_case_layer_dispose (GObject *object)
{
  GwCaseLayer *self = GW_CASE_LAYER (object);

  gw_map_pulses_clear (&self->announced);
  g_clear_handle_id (&self->build_timeout, g_source_remove);
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);
  g_clear_pointer (&self->scene, scene_unref);
  g_clear_pointer (&self->view, view_free);
  gw_map_cells_commit_clear (&self->commit);
  clear_markers (self);
  G_OBJECT_CLASS (gw_case_layer_parent_class)->dispose (object);
}

static void
gw_case_layer_class_init (GwCaseLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gw_case_layer_constructed;
  object_class->dispose = gw_case_layer_dispose;
  widget_class->snapshot = gw_case_layer_snapshot;
}

static void
gw_case_layer_init (GwCaseLayer *self)
{
  self->ui = 1.0;
  self->marker_size = (int) ceil (MARKER_R * 2 * 1.9) + 4;
  gw_map_pulses_init (&self->announced, GTK_WIDGET (self), ANNOUNCE_US, MAX_ANNOUNCED);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwCaseLayer *
gw_case_layer_new (ShumateViewport *viewport,
                   GwMapCases      *cases)
{
  GwCaseLayer *self = g_object_new (GW_TYPE_CASE_LAYER, "viewport", viewport, NULL);

  self->cases = g_object_ref (cases);
  g_signal_connect_object (cases, "reset", G_CALLBACK (on_reset), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cases, "added", G_CALLBACK (on_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cases, "updated", G_CALLBACK (on_updated), self, G_CONNECT_SWAPPED);
  return self;
}
