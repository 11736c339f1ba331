/* gw-raster-cache.c: a pyramid of tiles rasterised in worker threads
 *
 * A frame only appends textures that are ready; missing tiles are drawn from
 * the nearest level that has them (scaled) while workers rasterise them. At
 * most MAX_RUNNING jobs run at once, newest wishes first, so a fast pan does
 * not pile up work for places the view already left. Tiles least recently
 * drawn are dropped once their pixels outweigh what the frame drew by half,
 * plus a little: a bound in bytes, not in tiles, since a tile of sea holds
 * nothing and one of land a quarter of a megabyte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map"

#include "config.h"

#include <math.h>

#include "gw-raster-cache.h"

#define MAX_RUNNING     2
#define MIN_KEPT_BYTES  (8 << 20)
#define FALLBACK_LEVELS 4

typedef struct
{
  GdkTexture *texture;       /* NULL: the tile is empty */
  guint64     rendered;      /* serial when its job started */
  guint64     dirty;         /* serial of the last change that touched it */
  guint64     last_used;     /* frame */
} Entry;

typedef struct
{
  GwRasterCache *cache;
  gpointer       scene;
  guint64        key;
  guint64        serial;
  int            level, x, y;
  GdkTexture    *texture;
} Job;

struct _GwRasterCache
{
  GObject         parent_instance;

  GtkWidget      *owner;       /* weak */
  GwRasterFunc    func;
  GBoxedCopyFunc  scene_ref;
  GDestroyNotify  scene_unref;
  gpointer        scene;
  guint64         serial;
  guint64         scene_serial;
  guint64         update_serial;  /* of the last update_scene */
  guint64         frame;
  gboolean        has_bounds;
  double          bx0, by0, bx1, by1;

  GHashTable     *entries;     /* key → Entry */
  GHashTable     *running;     /* key set */
  GArray         *queue;       /* keys wanted but not started, best first */
};

G_DEFINE_FINAL_TYPE (GwRasterCache, gw_raster_cache, G_TYPE_OBJECT)

static guint64
make_key (int level,
          int x,
          int y)
{
  return ((guint64) level << 56) | ((guint64) x << 28) | (guint64) y;
}

static void
split_key (guint64  key,
           int     *level,
           int     *x,
           int     *y)
{
  *level = key >> 56;
  *x = (key >> 28) & 0xfffffff;
  *y = key & 0xfffffff;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry);
}

static gboolean
entry_is_fresh (GwRasterCache *self,
                const Entry   *entry)
{
  return entry->rendered >= self->scene_serial && entry->rendered >= entry->dirty;
}

int
gw_raster_cache_level_for (double world)
{
  int level = (int) floor (log2 (world / GW_MAP_TILE_PX) + 0.5);

  return CLAMP (level, 0, GW_MAP_MAX_LEVEL);
}

/* Jobs --------------------------------------------------------------------- */

static void
job_free (Job *job)
{
  if (job->scene != NULL)
    job->cache->scene_unref (job->scene);
  g_clear_object (&job->texture);
  g_object_unref (job->cache);
  g_free (job);
}

static void
run_job (GTask        *task,
         gpointer      source,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  cairo_surface_t *surface = job->cache->func (job->scene, job->level, job->x, job->y);

  if (surface != NULL)
    {
      job->texture = gw_map_texture_from_surface (surface);
      cairo_surface_destroy (surface);
    }
  g_task_return_boolean (task, TRUE);
}

static void pump (GwRasterCache *self);

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GwRasterCache *self = GW_RASTER_CACHE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  Entry *entry;

  g_hash_table_remove (self->running, &job->key);
  if (job->serial >= self->scene_serial && self->scene != NULL)
    {
      entry = g_hash_table_lookup (self->entries, &job->key);
      if (entry == NULL)
        {
          entry = g_new0 (Entry, 1);
          /* Rendered before a partial update that could not mark it: redo. */
          entry->dirty = self->update_serial;
          g_hash_table_insert (self->entries, g_memdup2 (&job->key, sizeof job->key), entry);
        }
      g_set_object (&entry->texture, job->texture);
      entry->rendered = job->serial;
    }
  pump (self);
  if (self->owner != NULL)
    gtk_widget_queue_draw (self->owner);
}

static void
start_job (GwRasterCache *self,
           guint64        key)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_done, NULL);
  Job *job = g_new0 (Job, 1);

  job->cache = g_object_ref (self);
  job->scene = self->scene_ref (self->scene);
  job->key = key;
  job->serial = self->serial;
  split_key (key, &job->level, &job->x, &job->y);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_source_tag (task, start_job);
  g_hash_table_add (self->running, g_memdup2 (&key, sizeof key));
  g_task_run_in_thread (task, run_job);
}

static void
pump (GwRasterCache *self)
{
  guint taken = 0;

  if (self->scene == NULL)
    {
      g_array_set_size (self->queue, 0);
      return;
    }
  while (taken < self->queue->len && g_hash_table_size (self->running) < MAX_RUNNING)
    {
      guint64 key = g_array_index (self->queue, guint64, taken++);

      if (!g_hash_table_contains (self->running, &key))
        start_job (self, key);
    }
  g_array_remove_range (self->queue, 0, taken);
}

/* Scenes ------------------------------------------------------------------- */

void
gw_raster_cache_set_scene (GwRasterCache *self,
                           gpointer       scene)
{
  g_return_if_fail (GW_IS_RASTER_CACHE (self));

  if (self->scene != NULL)
    self->scene_unref (self->scene);
  self->scene = scene ? self->scene_ref (scene) : NULL;
  self->scene_serial = ++self->serial;
  if (scene == NULL)
    g_hash_table_remove_all (self->entries);
  if (self->owner != NULL)
    gtk_widget_queue_draw (self->owner);
}

static gboolean
tile_meets (int           level,
            int           x,
            int           y,
            const double *r)
{
  double size = ldexp (1.0, -level);

  return x * size <= r[2] && (x + 1) * size >= r[0] && y * size <= r[3] && (y + 1) * size >= r[1];
}

void
gw_raster_cache_update_scene (GwRasterCache *self,
                              gpointer       scene,
                              const double  *rects,
                              guint          n_rects)
{
  GHashTableIter iter;
  gpointer key, value;
  guint64 serial;

  g_return_if_fail (GW_IS_RASTER_CACHE (self));
  g_return_if_fail (scene != NULL);

  if (self->scene != NULL)
    self->scene_unref (self->scene);
  self->scene = self->scene_ref (scene);
  serial = self->update_serial = ++self->serial;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int level, x, y;

      split_key (*(guint64 *) key, &level, &x, &y);
      for (guint i = 0; i < n_rects; i++)
        if (tile_meets (level, x, y, &rects[4 * i]))
          {
            ((Entry *) value)->dirty = serial;
            break;
          }
    }
  if (self->owner != NULL)
    gtk_widget_queue_draw (self->owner);
}

void
gw_raster_cache_set_bounds (GwRasterCache *self,
                            double         x0,
                            double         y0,
                            double         x1,
                            double         y1)
{
  self->has_bounds = TRUE;
  self->bx0 = x0;
  self->by0 = y0;
  self->bx1 = x1;
  self->by1 = y1;
}

guint
gw_raster_cache_get_n_pending (GwRasterCache *self)
{
  return g_hash_table_size (self->running) + self->queue->len;
}

gsize
gw_raster_cache_get_bytes (GwRasterCache *self,
                           guint         *n_textures)
{
  GHashTableIter iter;
  gpointer value;
  gsize bytes = 0;

  *n_textures = 0;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Entry *) value)->texture != NULL)
      {
        bytes += gw_map_texture_bytes (((Entry *) value)->texture);
        (*n_textures)++;
      }
  return bytes;
}

/* Frames ------------------------------------------------------------------- */

typedef struct
{
  guint64  key;
  gboolean stale;      /* it has a texture, of an older scene */
  double   distance;
} Wish;

/* Missing tiles first, then stale ones, each nearest to the centre first:
 * with a live feed stale tiles near the centre come back every few seconds
 * and would otherwise keep the edges of a 4K screen empty for good. */
static int
compare_wishes (gconstpointer a,
                gconstpointer b)
{
  const Wish *x = a, *y = b;

  if (x->stale != y->stale)
    return x->stale ? 1 : -1;
  return x->distance < y->distance ? -1 : x->distance > y->distance;
}

/* Tile edges are rounded to whole pixels so neighbours meet without seams. */
static graphene_rect_t
tile_rect (const GwMapTransform *t,
           int                   level,
           int                   x,
           int                   y)
{
  double size = ldexp (1.0, -level);
  double x0 = round ((x * size - t->cx) * t->world + t->width / 2);
  double x1 = round (((x + 1) * size - t->cx) * t->world + t->width / 2);
  double y0 = round ((y * size - t->cy) * t->world + t->height / 2);
  double y1 = round (((y + 1) * size - t->cy) * t->world + t->height / 2);

  return GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);
}

static Entry *
use_entry (GwRasterCache *self,
           int            level,
           int            x,
           int            y)
{
  guint64 key = make_key (level, x, y);
  Entry *entry = g_hash_table_lookup (self->entries, &key);

  if (entry != NULL)
    entry->last_used = self->frame;
  return entry;
}

/* Where a missing tile borrows from: the nearest ancestor that has a
 * texture (zooming in). Its key, or 0 for none. */
static guint64
find_ancestor (GwRasterCache *self,
               int            level,
               int            x,
               int            y)
{
  for (int up = 1; up <= FALLBACK_LEVELS && level - up >= 0; up++)
    {
      Entry *entry = use_entry (self, level - up, x >> up, y >> up);

      if (entry != NULL)
        return entry->texture ? make_key (level - up, x >> up, y >> up) : 0;
    }
  return 0;
}

/* Missing tiles grouped by the ancestor they borrow from: each ancestor is
 * drawn once, clipped to the box of its missing descendants, so that a
 * zoom of many levels costs a few screenfuls of pixels, not one per tile. */
typedef struct
{
  int x0, y0, x1, y1;   /* missing tiles it covers, at the frame's level */
} Borrow;

static void
borrow (GHashTable *borrows,
        guint64     ancestor,
        int         x,
        int         y)
{
  Borrow *b = g_hash_table_lookup (borrows, &ancestor);

  if (b == NULL)
    {
      b = g_new (Borrow, 1);
      *b = (Borrow) { x, y, x, y };
      g_hash_table_insert (borrows, g_memdup2 (&ancestor, sizeof ancestor), b);
      return;
    }
  b->x0 = MIN (b->x0, x);
  b->y0 = MIN (b->y0, y);
  b->x1 = MAX (b->x1, x);
  b->y1 = MAX (b->y1, y);
}

/* Tiles are drawn scaled by up to 1.41 either way: smoothed, as GL does,
 * but never with cairo's slower filter for shrinking (270 ms a 4K screen). */
static void
place (GwMapCellsFrame       *frame,
       GdkTexture            *texture,
       const graphene_rect_t *rect,
       const graphene_rect_t *clip)
{
  gw_map_cells_frame_place (frame, texture, rect, clip, CAIRO_FILTER_BILINEAR, 1.0, FALSE);
}

static guint
draw_borrowed (GwRasterCache        *self,
               GwMapCellsFrame      *frame,
               const GwMapTransform *t,
               int                   level,
               GHashTable           *borrows)
{
  GHashTableIter iter;
  gpointer key, value;
  guint drawn = 0;

  g_hash_table_iter_init (&iter, borrows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Borrow *b = value;
      int al, ax, ay;
      Entry *entry = g_hash_table_lookup (self->entries, key);
      graphene_rect_t first = tile_rect (t, level, b->x0, b->y0);
      graphene_rect_t last = tile_rect (t, level, b->x1, b->y1);
      graphene_rect_t clip, rect;

      split_key (*(guint64 *) key, &al, &ax, &ay);
      graphene_rect_union (&first, &last, &clip);
      rect = tile_rect (t, al, ax, ay);
      place (frame, entry->texture, &rect, &clip);
      drawn++;
    }
  return drawn;
}

/* Zooming out: a missing tile shows those of its children that are ready. */
static guint
draw_children (GwRasterCache        *self,
               GwMapCellsFrame      *frame,
               const GwMapTransform *t,
               int                   level,
               int                   x,
               int                   y)
{
  guint drawn = 0;

  if (level + 1 > GW_MAP_MAX_LEVEL)
    return 0;
  for (int i = 0; i < 4; i++)
    {
      int cx = 2 * x + (i & 1), cy = 2 * y + (i >> 1);
      Entry *entry = use_entry (self, level + 1, cx, cy);

      if (entry != NULL && entry->texture != NULL)
        {
          graphene_rect_t rect = tile_rect (t, level + 1, cx, cy);

          place (frame, entry->texture, &rect, NULL);
          drawn++;
        }
    }
  return drawn;
}

typedef struct
{
  guint64 key;
  guint64 last_used;
  gsize   bytes;
} Old;

static int
compare_old (gconstpointer a,
             gconstpointer b)
{
  const Old *x = a, *y = b;

  return x->last_used < y->last_used ? -1 : x->last_used > y->last_used;
}

/* Drops the tiles drawn longest ago, not this frame's, until the textures
 * weigh at most half more than this frame's plus MIN_KEPT_BYTES and the
 * entries (empty tiles too) number at most four times this frame's. */
static void
evict (GwRasterCache *self,
       guint          used_tiles)
{
  gsize used = 0, held = 0, budget;
  guint max_entries = MAX (64, 4 * used_tiles);
  g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (Old));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Entry *entry = value;
      Old o = { *(guint64 *) key, entry->last_used, gw_map_texture_bytes (entry->texture) };

      held += o.bytes;
      if (entry->last_used == self->frame)
        used += o.bytes;
      else
        g_array_append_val (old, o);
    }
  budget = used + used / 2 + MIN_KEPT_BYTES;
  if (held <= budget && g_hash_table_size (self->entries) <= max_entries)
    return;
  g_array_sort (old, compare_old);
  for (guint i = 0; i < old->len; i++)
    {
      const Old *o = &g_array_index (old, Old, i);

      if (held <= budget && g_hash_table_size (self->entries) <= max_entries)
        break;
      held -= o->bytes;
      g_hash_table_remove (self->entries, &o->key);
    }
}

static void
wish (GArray               *wishes,
      const GwMapTransform *t,
      int                   level,
      int                   x,
      int                   y,
      gboolean              stale)
{
  double size = ldexp (1.0, -level);
  double dx = (x + 0.5) * size - t->cx, dy = (y + 0.5) * size - t->cy;
  Wish w = { make_key (level, x, y), stale, dx * dx + dy * dy };

  g_array_append_val (wishes, w);
}

guint
gw_raster_cache_snapshot (GwRasterCache        *self,
                          GwMapCellsFrame      *frame,
                          const GwMapTransform *t)
{
  g_autoptr(GArray) wishes = NULL;
  g_autoptr(GHashTable) borrows = NULL;
  int level, n, tx0, ty0, tx1, ty1;
  double x0, y0, x1, y1;
  guint drawn = 0;

  g_return_val_if_fail (GW_IS_RASTER_CACHE (self), 0);

  if (self->scene == NULL)
    return 0;
  level = gw_raster_cache_level_for (t->world);
  n = 1 << level;
  gw_map_transform_visible_rect (t, &x0, &y0, &x1, &y1);
  if (self->has_bounds)
    {
      x0 = MAX (x0, self->bx0);
      y0 = MAX (y0, self->by0);
      x1 = MIN (x1, self->bx1);
      y1 = MIN (y1, self->by1);
    }
  if (x0 >= x1 || y0 >= y1)
    return 0;
  tx0 = CLAMP ((int) floor (x0 * n), 0, n - 1);
  tx1 = CLAMP ((int) floor (x1 * n), 0, n - 1);
  ty0 = CLAMP ((int) floor (y0 * n), 0, n - 1);
  ty1 = CLAMP ((int) floor (y1 * n), 0, n - 1);

  self->frame++;
  wishes = g_array_new (FALSE, FALSE, sizeof (Wish));
  borrows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (int y = ty0; y <= ty1; y++)
    for (int x = tx0; x <= tx1; x++)
      {
        Entry *entry = use_entry (self, level, x, y);
        guint64 ancestor;

        if (entry == NULL || !entry_is_fresh (self, entry))
          wish (wishes, t, level, x, y, entry != NULL);
        if (entry != NULL)
          continue;
        ancestor = find_ancestor (self, level, x, y);
        if (ancestor != 0)
          borrow (borrows, ancestor, x, y);
        else
          drawn += draw_children (self, frame, t, level, x, y);
      }
  drawn += draw_borrowed (self, frame, t, level, borrows);
  for (int y = ty0; y <= ty1; y++)
    for (int x = tx0; x <= tx1; x++)
      {
        guint64 key = make_key (level, x, y);
        Entry *entry = g_hash_table_lookup (self->entries, &key);

        if (entry != NULL && entry->texture != NULL)
          {
            graphene_rect_t rect = tile_rect (t, level, x, y);

            place (frame, entry->texture, &rect, NULL);
            drawn++;
          }
      }

  g_array_sort (wishes, compare_wishes);
  g_array_set_size (self->queue, 0);
  for (guint i = 0; i < wishes->len; i++)
    g_array_append_val (self->queue, g_array_index (wishes, Wish, i).key);
  pump (self);
  evict (self, (guint) ((tx1 - tx0 + 1) * (ty1 - ty0 + 1)));
  return drawn;
}

/* Object ------------------------------------------------------------------- */

static void
gw_raster_cache_dispose (GObject *object)
{
  GwRasterCache *self = GW_RASTER_CACHE (object);

  g_clear_weak_pointer (&self->owner);
  if (self->scene != NULL)
    self->scene_unref (g_steal_pointer (&self->scene));
  G_OBJECT_CLASS (gw_raster_cache_parent_class)->dispose (object);
}

static void
gw_raster_cache_finalize (GObject *object)
{
  GwRasterCache *self = GW_RASTER_CACHE (object);

  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->running);
  g_array_unref (self->queue);
  G_OBJECT_CLASS (gw_raster_cache_parent_class)->finalize (object);
}

static void
gw_raster_cache_class_init (GwRasterCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_raster_cache_dispose;
  object_class->finalize = gw_raster_cache_finalize;
}

static void
gw_raster_cache_init (GwRasterCache *self)
{
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, entry_free);
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->queue = g_array_new (FALSE, FALSE, sizeof (guint64));
}

/**
 * gw_raster_cache_new:
 * @owner: the widget to redraw when tiles arrive (held weakly)
 * @func: draws one tile, in a worker thread
 * @scene_ref: takes a reference on a scene (any thread)
 * @scene_unref: drops it (any thread)
 *
 * Returns: (transfer full): a new, empty cache with no scene
 */
GwRasterCache *
gw_raster_cache_new (GtkWidget      *owner,
                     GwRasterFunc    func,
                     GBoxedCopyFunc  scene_ref,
                     GDestroyNotify  scene_unref)
{
  GwRasterCache *self = g_object_new (GW_TYPE_RASTER_CACHE, NULL);

  g_set_weak_pointer (&self->owner, owner);
  self->func = func;
  self->scene_ref = scene_ref;
  self->scene_unref = scene_unref;
  return self;
}
