/* gw-cluster.c: hierarchical greedy point clustering (supercluster's algorithm)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This follows supercluster 9.1.0 (npm) and its kdbush 4 step by step, so that
 * the clusters, their ids, centroids and the order queries return them in are
 * the same: points are projected with supercluster's lngX/latY, stored as Int32
 * (coordinate - 0.5) * 2^30, clustered from max_zoom down to min_zoom in the
 * order of the previous zoom's items, each zoom indexed by a static KD tree that
 * is sorted with the same Floyd-Rivest selection. The arithmetic is done in
 * doubles in the same order as JavaScript does it, without fused multiply-adds,
 * so that distances on the boundary of a radius decide alike.
 */
#define G_LOG_DOMAIN "gw-cluster"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize ("fp-contract=off")
#endif

#include "gw-cluster.h"

#include <math.h>
#include <string.h>

#define SCALE 1073741824.0 /* 2^30 */
#define INV_SCALE (1.0 / SCALE)
#define STACK_FRAMES 96

/* One point or cluster at one zoom: supercluster's stride of Int32s, plus the
 * overdue count, which is kept inline because it is cheap and always wanted. */
typedef struct
{
  gint32 x;
  gint32 y;
  gint32 zoom;     /* the zoom it was last visited at; > zoom: not yet */
  gint32 id;       /* point index or cluster id */
  gint32 parent;   /* cluster id it went into at the next lower zoom, or -1 */
  gint32 num;      /* point count */
  gint32 overdue;
  gint32 prop;     /* row of the category histogram, or -1 */
} Item;

struct _GwClusterIndex
{
  gatomicrefcount   ref_count;
  GwClusterOptions  options;
  guint             n_points;
  double           *coords;      /* projected input, 2 per point */
  guint8           *flags;
  guint8           *categories;
  guint32          *histograms;  /* n_categories per cluster row */
  guint             n_rows;
  struct _Tree     *trees[GW_CLUSTER_MAX_ZOOM + 2];
};

G_DEFINE_BOXED_TYPE (GwClusterIndex, gw_cluster_index,
                     gw_cluster_index_ref, gw_cluster_index_unref)

G_DEFINE_QUARK (gw-cluster-error-quark, gw_cluster_error)

static inline double
encode (double c)
{
  return (c - 0.5) * SCALE;
}

static inline double
decode (gint32 v)
{
  return v * INV_SCALE + 0.5;
}

static inline double
lng_x (double lng)
{
  return lng / 360 + 0.5;
}

static inline double
lat_y (double lat)
{
  double s = sin (lat * G_PI / 180);
  double y = (0.5 - 0.25 * log ((1 + s) / (1 - s)) / G_PI);

  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/**
 * gw_cluster_unproject:
 * @x: normalised Web Mercator x
 * @y: normalised Web Mercator y
 * @lon: (out): longitude in degrees
 * @lat: (out): latitude in degrees
 *
 * supercluster's inverse projection (xLng/yLat), for comparing with its output.
 */
void
gw_cluster_unproject (double  x,
                      double  y,
                      double *lon,
                      double *lat)
{
  double y2 = (180 - y * 360) * G_PI / 180;

  *lon = (x - 0.5) * 360;
  *lat = 360 * atan (exp (y2)) / G_PI - 90;
}

/* Truncation toward zero, as storing into an Int32Array does for |v| < 2^31. */
static inline gint32
to_int32 (double v)
{
  return (gint32) v;
}

/* ---- the KD tree (kdbush 4 with Int32 coordinates) ---- */

/* kdbush keeps ids and coordinates in two arrays; one array of nodes gives the
 * same permutation with a third of the memory traffic per swap. */
typedef struct
{
  gint32  c[2];
  guint32 id;
} Node;

static inline void
swap_node (Node   *nodes,
           gint64  i,
           gint64  j)
{
  Node t = nodes[i];

  nodes[i] = nodes[j];
  nodes[j] = t;
}

/* Floyd-Rivest selection: items [left..k-1] end up not greater than item k on
 * @axis. The sampling bounds are computed exactly as kdbush does, so the items
 * land in the same places. */
static void
kd_select (Node   *nodes,
           gint64  k,
           gint64  left,
           gint64  right,
           int     axis)
{
  while (right > left)
    {
      gint32 t;
      gint64 i, j;

      if (right - left > 600)
        {
          double n = right - left + 1;
          double m = k - left + 1;
          double z = log (n);
          double s = 0.5 * exp (2 * z / 3);
          double sd = 0.5 * sqrt (z * s * (n - s) / n) * (m - n / 2 < 0 ? -1 : 1);
          double nl = floor (k - m * s / n + sd);
          double nr = floor (k + (n - m) * s / n + sd);

          kd_select (nodes, k, MAX (left, (gint64) nl), MIN (right, (gint64) nr), axis);
        }

      t = nodes[k].c[axis];
      i = left;
      j = right;

      swap_node (nodes, left, k);
      if (nodes[right].c[axis] > t)
        swap_node (nodes, left, right);

      while (i < j)
        {
          swap_node (nodes, i, j);
          i++;
          j--;
          while (nodes[i].c[axis] < t)
            i++;
          while (nodes[j].c[axis] > t)
            j--;
        }

      if (nodes[left].c[axis] == t)
        {
          swap_node (nodes, left, j);
        }
      else
        {
          j++;
          swap_node (nodes, j, right);
        }

      if (j <= k)
        left = j + 1;
      if (k <= j)
        right = j - 1;
    }
}

static void
kd_sort (Node   *nodes,
         guint   node_size,
         gint64  left,
         gint64  right,
         int     axis)
{
  gint64 m;

  if (right - left <= node_size)
    return;

  m = (left + right) >> 1;
  kd_select (nodes, m, left, right, axis);
  kd_sort (nodes, node_size, left, m - 1, 1 - axis);
  kd_sort (nodes, node_size, m + 1, right, 1 - axis);
}

typedef struct _Tree
{
  guint32  n;
  guint    node_size;
  Node    *nodes;
  Item    *data;
} Tree;

static Tree *
tree_new (Item    *data,
          guint32  n,
          guint    node_size)
{
  Tree *tree = g_new0 (Tree, 1);

  tree->n = n;
  tree->node_size = node_size;
  tree->data = data;
  tree->nodes = g_new (Node, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    tree->nodes[i] = (Node) { { data[i].x, data[i].y }, i };
  if (n > 0)
    kd_sort (tree->nodes, node_size, 0, (gint64) n - 1, 0);

  return tree;
}

static void
tree_free (Tree *tree)
{
  g_free (tree->nodes);
  g_free (tree->data);
  g_free (tree);
}

/* kdbush's range() and within() walk the tree alike and differ in the test of
 * an item: one walk serves both, specialised for each test when inlined. */
typedef enum
{
  QUERY_BOX,
  QUERY_RADIUS,        /* exact in integers while r² < 2^53 */
  QUERY_RADIUS_DOUBLE, /* in doubles, as kdbush computes it */
} QueryKind;

typedef struct
{
  double  lo[2];   /* the box, or one around the circle: subtrees beyond it are skipped */
  double  hi[2];
  gint32  qx;
  gint32  qy;
  gint64  r2i;
  double  r2;
  GArray *array;   /* where hits go, or NULL for the out buffer */
} Query;

/* kdbush's sqDist (dx * dx + dy * dy in doubles) <= r * r. Its coordinates are
 * integers; while r * r is below 2^53 every square and sum that can decide is
 * exact in a double, so exact integers decide alike, and faster. */
G_ALWAYS_INLINE static inline gboolean
query_test (const Query *q,
            QueryKind    kind,
            const Node  *node)
{
  switch (kind)
    {
    case QUERY_BOX:
      return node->c[0] >= q->lo[0] && node->c[0] <= q->hi[0] &&
             node->c[1] >= q->lo[1] && node->c[1] <= q->hi[1];
    case QUERY_RADIUS:
      {
        gint64 dx = (gint64) node->c[0] - q->qx;
        gint64 dy = (gint64) node->c[1] - q->qy;

        return dx * dx + dy * dy <= q->r2i;
      }
    case QUERY_RADIUS_DOUBLE:
    default:
      {
        double dx = node->c[0] - (double) q->qx;
        double dy = node->c[1] - (double) q->qy;

        return dx * dx + dy * dy <= q->r2;
      }
    }
}

G_ALWAYS_INLINE static inline void
query_hit (const Query *q,
           const Node  *node,
           guint32     *out,
           guint32     *count)
{
  if (q->array != NULL)
    g_array_append_val (q->array, node->id);
  else
    out[(*count)++] = node->id;
}

/* Finds the items that pass the test, in kdbush's order; returns how many. */
G_ALWAYS_INLINE static inline guint32
kd_search (const Tree  *tree,
           const Query *q,
           QueryKind    kind,
           guint32     *out)
{
  const Node *nodes = tree->nodes;
  gint64 stack[STACK_FRAMES];
  guint32 count = 0;
  int sp = 0;

  if (tree->n == 0)
    return 0;

  stack[sp++] = 0;
  stack[sp++] = (gint64) tree->n - 1;
  stack[sp++] = 0;
  while (sp > 0)
    {
      int axis = (int) stack[--sp];
      gint64 right = stack[--sp];
      gint64 left = stack[--sp];
      gint64 m;

      if (right - left <= tree->node_size)
        {
          for (gint64 i = left; i <= right; i++)
            if (query_test (q, kind, &nodes[i]))
              query_hit (q, &nodes[i], out, &count);
          continue;
        }

      m = (left + right) >> 1;
      if (query_test (q, kind, &nodes[m]))
        query_hit (q, &nodes[m], out, &count);

      if (q->lo[axis] <= nodes[m].c[axis])
        {
          stack[sp++] = left;
          stack[sp++] = m - 1;
          stack[sp++] = 1 - axis;
        }
      if (q->hi[axis] >= nodes[m].c[axis])
        {
          stack[sp++] = m + 1;
          stack[sp++] = right;
          stack[sp++] = 1 - axis;
        }
    }

  return count;
}

/* Appends the ids of the items inside the box to @out (guint32), in kdbush's order. */
static void
tree_range (const Tree *tree,
            double      min_x,
            double      min_y,
            double      max_x,
            double      max_y,
            GArray     *out)
{
  Query q = { { min_x, min_y }, { max_x, max_y }, .array = out };

  kd_search (tree, &q, QUERY_BOX, NULL);
}

/* Writes the ids of the items within @r of (@qx, @qy) into @out, in kdbush's
 * order; returns how many. The pruning may be looser than kdbush's: it only
 * skips subtrees, which cannot change what is found nor its order. */
static guint32
tree_within (const Tree *tree,
             gint32      qx,
             gint32      qy,
             double      r,
             guint32    *out)
{
  Query q = {
    .lo = { floor (qx - r), floor (qy - r) },
    .hi = { ceil (qx + r), ceil (qy + r) },
    .qx = qx,
    .qy = qy,
    .r2 = r * r,
  };

  if (q.r2 < 9007199254740992.0) /* 2^53 */
    {
      q.r2i = (gint64) floor (q.r2);
      return kd_search (tree, &q, QUERY_RADIUS, out);
    }
  return kd_search (tree, &q, QUERY_RADIUS_DOUBLE, out);
}

/* ---- building ---- */

/**
 * gw_cluster_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Sets supercluster's defaults.
 */
void
gw_cluster_options_init (GwClusterOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (GwClusterOptions) {
    .min_zoom = 0,
    .max_zoom = 16,
    .min_points = 2,
    .radius = 40,
    .extent = 512,
    .node_size = 64,
    .n_categories = 0,
  };
}

static gboolean
check_options (const GwClusterOptions  *options,
               GError                 **error)
{
  const char *what = NULL;

  if (options->max_zoom < 0 || options->max_zoom > GW_CLUSTER_MAX_ZOOM)
    what = "max_zoom is outside 0..30";
  else if (options->min_zoom < 0 || options->min_zoom > options->max_zoom)
    what = "min_zoom is outside 0..max_zoom";
  else if (options->min_points < 1)
    what = "min_points is below 1";
  else if (!isfinite (options->radius) || options->radius <= 0)
    what = "radius is not a positive number";
  else if (!isfinite (options->extent) || options->extent <= 0)
    what = "extent is not a positive number";
  else if (options->node_size < 2 || options->node_size > 65535)
    what = "node_size is outside 2..65535";
  else if (options->n_categories > GW_CLUSTER_MAX_CATEGORIES)
    what = "n_categories is above 16";

  if (what != NULL)
    g_set_error (error, GW_CLUSTER_ERROR, GW_CLUSTER_ERROR_OPTIONS,
                 "cluster options rejected: %s", what);
  return what == NULL;
}

static gboolean
check_points (const GwClusterOptions  *options,
              const double            *lon,
              const double            *lat,
              const guint8            *categories,
              guint                    n_points,
              GError                 **error)
{
  if (n_points > GW_CLUSTER_MAX_POINTS)
    {
      g_set_error (error, GW_CLUSTER_ERROR, GW_CLUSTER_ERROR_TOO_MANY,
                   "%u points to cluster: more than the %u an index takes",
                   n_points, GW_CLUSTER_MAX_POINTS);
      return FALSE;
    }

  for (guint i = 0; i < n_points; i++)
    {
      if (!(lon[i] >= -180 && lon[i] <= 180))
        {
          g_set_error (error, GW_CLUSTER_ERROR, GW_CLUSTER_ERROR_POINT,
                       "point %u rejected: longitude %g is outside -180..180", i, lon[i]);
          return FALSE;
        }
      if (!(lat[i] >= -90 && lat[i] <= 90))
        {
          g_set_error (error, GW_CLUSTER_ERROR, GW_CLUSTER_ERROR_POINT,
                       "point %u rejected: latitude %g is outside -90..90", i, lat[i]);
          return FALSE;
        }
      if (categories != NULL && categories[i] != GW_CLUSTER_NO_CATEGORY &&
          categories[i] >= options->n_categories)
        {
          g_set_error (error, GW_CLUSTER_ERROR, GW_CLUSTER_ERROR_POINT,
                       "point %u rejected: category %u is outside 0..%u", i,
                       categories[i], options->n_categories);
          return FALSE;
        }
    }

  return TRUE;
}

typedef struct
{
  GwClusterIndex *index;
  guint32        *neighbors;
  guint           rows_allocated;
} Builder;

static gint32
new_histogram_row (Builder *b)
{
  GwClusterIndex *index = b->index;
  guint n_cat = index->options.n_categories;

  if (index->n_rows == b->rows_allocated)
    {
      b->rows_allocated = MAX (64, b->rows_allocated * 2);
      index->histograms = g_renew (guint32, index->histograms, (gsize) b->rows_allocated * n_cat);
    }
  memset (index->histograms + (gsize) index->n_rows * n_cat, 0, n_cat * sizeof (guint32));

  return (gint32) index->n_rows++;
}

/* supercluster's reduce step for the category histogram. */
static void
add_counts (GwClusterIndex *index,
            guint32        *dst,
            const Item     *item)
{
  guint n_cat = index->options.n_categories;

  if (item->num > 1)
    {
      const guint32 *src = index->histograms + (gsize) item->prop * n_cat;

      for (guint c = 0; c < n_cat; c++)
        dst[c] += src[c];
    }
  else if (index->categories != NULL && index->categories[item->id] != GW_CLUSTER_NO_CATEGORY)
    {
      dst[index->categories[item->id]]++;
    }
}

/* One zoom of supercluster's _cluster: visits the previous zoom's items in order
 * and merges each unvisited one with its unvisited neighbours. */
static guint32
cluster_zoom (Builder *b,
              Item    *data,
              guint32  n,
              int      zoom,
              Item    *out)
{
  GwClusterIndex *index = b->index;
  const GwClusterOptions *o = &index->options;
  const Tree *tree = index->trees[zoom + 1];
  double r = o->radius / (o->extent * (1 << zoom)) * SCALE;
  gint32 not_processed = o->max_zoom + 1;
  gboolean histograms = o->n_categories > 0;
  guint32 *neighbors = b->neighbors;
  guint32 cursor = 0;

  for (guint32 i = 0; i < n; i++)
    {
      Item *p = &data[i];
      guint32 n_neighbors;
      gint64 num;

      if (p->zoom <= zoom)
        continue;
      p->zoom = zoom;

      n_neighbors = tree_within (tree, p->x, p->y, r, neighbors);
      num = p->num;
      for (guint32 k = 0; k < n_neighbors; k++)
        {
          const Item *q = &data[neighbors[k]];

          if (q->zoom > zoom)
            num += q->num;
        }

      if (num > p->num && num >= o->min_points)
        {
          double wx = (double) p->x * p->num;
          double wy = (double) p->y * p->num;
          gint64 overdue = p->overdue;
          gint32 id = (gint32) (((gint64) i << 5) + (zoom + 1) + index->n_points);
          gint32 row = -1;

          if (histograms)
            {
              row = new_histogram_row (b);
              add_counts (index, index->histograms + (gsize) row * o->n_categories, p);
            }

          for (guint32 k = 0; k < n_neighbors; k++)
            {
              Item *q = &data[neighbors[k]];

              if (q->zoom <= zoom)
                continue;
              q->zoom = zoom;
              wx += (double) q->x * q->num;
              wy += (double) q->y * q->num;
              overdue += q->overdue;
              q->parent = id;
              if (histograms)
                add_counts (index, index->histograms + (gsize) row * o->n_categories, q);
            }

          p->parent = id;
          out[cursor++] = (Item) {
            .x = to_int32 (wx / num),
            .y = to_int32 (wy / num),
            .zoom = not_processed,
            .id = id,
            .parent = -1,
            .num = (gint32) num,
            .overdue = (gint32) overdue,
            .prop = row,
          };
        }
      else
        {
          out[cursor++] = *p;
          if (num > 1)
            {
              for (guint32 k = 0; k < n_neighbors; k++)
                {
                  Item *q = &data[neighbors[k]];

                  if (q->zoom <= zoom)
                    continue;
                  q->zoom = zoom;
                  out[cursor++] = *q;
                }
            }
        }
    }

  return cursor;
}

static Item *
project_points (GwClusterIndex *index,
                const double   *lon,
                const double   *lat,
                const guint8   *flags)
{
  guint n = index->n_points;
  Item *data = g_new (Item, MAX (n, 1));

  index->coords = g_new (double, 2 * (gsize) MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      double px = lng_x (lon[i]);
      double py = lat_y (lat[i]);

      index->coords[2 * i] = px;
      index->coords[2 * i + 1] = py;
      data[i] = (Item) {
        .x = to_int32 (encode (px)),
        .y = to_int32 (encode (py)),
        .zoom = index->options.max_zoom + 1,
        .id = (gint32) i,
        .parent = -1,
        .num = 1,
        .overdue = flags != NULL && (flags[i] & GW_CLUSTER_FLAG_OVERDUE) ? 1 : 0,
        .prop = -1,
      };
    }

  return data;
}

/* supercluster's load(): cluster max_zoom down to min_zoom, each zoom over the
 * items of the zoom above; a zoom where nothing merged shares the tree above. */
static gboolean
build_zooms (Builder       *b,
             Item          *prev,
             GCancellable  *cancellable,
             GError       **error)
{
  GwClusterIndex *index = b->index;
  const GwClusterOptions *o = &index->options;
  guint32 prev_n = index->n_points;
  Item *recycled = NULL;

  index->trees[o->max_zoom + 1] = tree_new (prev, prev_n, o->node_size);
  b->neighbors = g_new (guint32, MAX (prev_n, 1));

  for (int z = o->max_zoom; z >= o->min_zoom; z--)
    {
      Item *out = recycled != NULL ? recycled : g_new (Item, MAX (prev_n, 1));
      guint32 written;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_free (out);
          return FALSE;
        }

      recycled = NULL;
      written = cluster_zoom (b, prev, prev_n, z, out);
      if (written == prev_n)
        {
          index->trees[z] = index->trees[z + 1];
          recycled = out;
        }
      else
        {
          out = g_renew (Item, out, MAX (written, 1));
          index->trees[z] = tree_new (out, written, o->node_size);
          prev = out;
          prev_n = written;
        }
    }
  g_free (recycled);

  return TRUE;
}

/**
 * gw_cluster_index_new:
 * @options: (nullable): clustering options, or %NULL for the defaults
 * @lon: (array length=n_points): longitudes in degrees, -180..180
 * @lat: (array length=n_points): latitudes in degrees, -90..90
 * @flags: (array length=n_points) (nullable): #GwClusterFlags of each point
 * @categories: (array length=n_points) (nullable): each point's category, below
 *   @options' n_categories, or %GW_CLUSTER_NO_CATEGORY
 * @n_points: number of points, at most %GW_CLUSTER_MAX_POINTS
 * @cancellable: (nullable): checked between zooms
 * @error: return location for an error
 *
 * Builds the cluster hierarchy of the points for every zoom from min_zoom to
 * max_zoom + 1, as supercluster's load() does. Safe to call from any thread; the
 * index does not keep the arrays. Once built, an index is immutable and can be
 * queried from any thread.
 *
 * Returns: (transfer full): the index, or %NULL with @error set when an option or a
 *   point is out of range, or when cancelled
 */
GwClusterIndex *
gw_cluster_index_new (const GwClusterOptions  *options,
                      const double            *lon,
                      const double            *lat,
                      const guint8            *flags,
                      const guint8            *categories,
                      guint                    n_points,
                      GCancellable            *cancellable,
                      GError                 **error)
{
  g_autoptr(GwClusterIndex) index = NULL;
  GwClusterOptions defaults;
  Builder b = { 0 };
  gboolean ok;

  g_return_val_if_fail (n_points == 0 || (lon != NULL && lat != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      gw_cluster_options_init (&defaults);
      options = &defaults;
    }
  if (!check_options (options, error) ||
      !check_points (options, lon, lat, categories, n_points, error))
    return NULL;

  index = g_new0 (GwClusterIndex, 1);
  g_atomic_ref_count_init (&index->ref_count);
  index->options = *options;
  index->n_points = n_points;
  if (flags != NULL)
    index->flags = g_memdup2 (flags, n_points);
  if (categories != NULL && options->n_categories > 0)
    index->categories = g_memdup2 (categories, n_points);

  b.index = index;
  ok = build_zooms (&b, project_points (index, lon, lat, flags), cancellable, error);
  g_free (b.neighbors);

  return ok ? g_steal_pointer (&index) : NULL;
}

/**
 * gw_cluster_index_ref:
 * @index: an index
 *
 * Returns: (transfer full): @index
 */
GwClusterIndex *
gw_cluster_index_ref (GwClusterIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  g_atomic_ref_count_inc (&index->ref_count);
  return index;
}

/**
 * gw_cluster_index_unref:
 * @index: (transfer full): an index
 *
 * Drops a reference; the last one frees the index.
 */
void
gw_cluster_index_unref (GwClusterIndex *index)
{
  g_return_if_fail (index != NULL);

  if (!g_atomic_ref_count_dec (&index->ref_count))
    return;

  for (int z = 0; z < GW_CLUSTER_MAX_ZOOM + 2; z++)
    {
      Tree *tree = index->trees[z];

      if (tree == NULL)
        continue;
      /* plateau zooms share the tree of the zoom above */
      for (int w = z; w < GW_CLUSTER_MAX_ZOOM + 2 && index->trees[w] == tree; w++)
        index->trees[w] = NULL;
      tree_free (tree);
    }
  g_free (index->coords);
  g_free (index->flags);
  g_free (index->categories);
  g_free (index->histograms);
  g_free (index);
}

typedef struct
{
  GwClusterOptions  options;
  double           *lon;
  double           *lat;
  guint8           *flags;
  guint8           *categories;
  guint             n_points;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->lon);
  g_free (data->lat);
  g_free (data->flags);
  g_free (data->categories);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *d = task_data;
  GError *error = NULL;
  GwClusterIndex *index;

  index = gw_cluster_index_new (&d->options, d->lon, d->lat, d->flags, d->categories,
                                d->n_points, cancellable, &error);
  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) gw_cluster_index_unref);
}

/**
 * gw_cluster_index_new_async:
 * @options: (nullable): clustering options, or %NULL for the defaults
 * @lon: (array length=n_points): longitudes in degrees
 * @lat: (array length=n_points): latitudes in degrees
 * @flags: (array length=n_points) (nullable): #GwClusterFlags of each point
 * @categories: (array length=n_points) (nullable): each point's category
 * @n_points: number of points
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when built
 * @user_data: data for @callback
 *
 * Copies the arrays and builds the index in a worker thread, see
 * gw_cluster_index_new().
 */
void
gw_cluster_index_new_async (const GwClusterOptions *options,
                            const double           *lon,
                            const double           *lat,
                            const guint8           *flags,
                            const guint8           *categories,
                            guint                   n_points,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *d;

  g_return_if_fail (n_points == 0 || (lon != NULL && lat != NULL));

  d = g_new0 (BuildData, 1);
  if (options != NULL)
    d->options = *options;
  else
    gw_cluster_options_init (&d->options);
  d->n_points = n_points;
  d->lon = g_memdup2 (lon, sizeof (double) * n_points);
  d->lat = g_memdup2 (lat, sizeof (double) * n_points);
  d->flags = flags != NULL ? g_memdup2 (flags, n_points) : NULL;
  d->categories = categories != NULL ? g_memdup2 (categories, n_points) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_cluster_index_new_async);
  g_task_set_task_data (task, d, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

/**
 * gw_cluster_index_new_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the index, or %NULL with @error set
 */
GwClusterIndex *
gw_cluster_index_new_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- queries ---- */

/**
 * gw_cluster_index_get_n_points:
 * @index: an index
 *
 * Returns: the number of points the index was built on
 */
guint
gw_cluster_index_get_n_points (GwClusterIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->n_points;
}

/**
 * gw_cluster_index_get_options:
 * @index: an index
 *
 * Returns: (transfer none): the options it was built with
 */
const GwClusterOptions *
gw_cluster_index_get_options (GwClusterIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  return &index->options;
}

static gint32
dominant_category (GwClusterIndex *index,
                   const Item     *item)
{
  guint n_cat = index->options.n_categories;
  const guint32 *counts;
  gint32 best = -1;

  if (n_cat == 0)
    return -1;
  if (item->num <= 1)
    {
      guint8 c = index->categories != NULL ? index->categories[item->id] : GW_CLUSTER_NO_CATEGORY;

      return c == GW_CLUSTER_NO_CATEGORY ? -1 : c;
    }

  counts = index->histograms + (gsize) item->prop * n_cat;
  for (guint c = 0; c < n_cat; c++)
    if (counts[c] > 0 && (best < 0 || counts[c] > counts[best]))
      best = (gint32) c;
  return best;
}

static GwClusterItem
make_item (GwClusterIndex *index,
           const Item     *item)
{
  GwClusterItem result = {
    .id = (guint32) item->id,
    .point_count = (guint32) item->num,
    .overdue_count = (guint32) item->overdue,
    .dominant_category = dominant_category (index, item),
  };

  if (item->num > 1)
    {
      result.x = decode (item->x);
      result.y = decode (item->y);
    }
  else
    {
      result.x = index->coords[2 * item->id];
      result.y = index->coords[2 * item->id + 1];
    }
  return result;
}

static int
limit_zoom (GwClusterIndex *index,
            double          zoom)
{
  double z = MIN (floor (zoom), index->options.max_zoom + 1);

  return (int) MAX (index->options.min_zoom, z);
}

static double
wrap_lng (double lng)
{
  return fmod (fmod (lng + 180, 360) + 360, 360) - 180;
}

static void
append_range (GwClusterIndex *index,
              double          min_lng,
              double          min_lat,
              double          max_lng,
              double          max_lat,
              double          zoom,
              GArray         *out)
{
  const Tree *tree = index->trees[limit_zoom (index, zoom)];
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));

  tree_range (tree, encode (lng_x (min_lng)), encode (lat_y (max_lat)),
              encode (lng_x (max_lng)), encode (lat_y (min_lat)), ids);

  g_array_set_size (out, out->len + ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);

      g_array_index (out, GwClusterItem, out->len - ids->len + i) =
        make_item (index, &tree->data[id]);
    }
}

/**
 * gw_cluster_index_get_clusters:
 * @index: an index
 * @west: western longitude of the box in degrees (any value; wraps)
 * @south: southern latitude (clamped to -90..90)
 * @east: eastern longitude; a box with @west > @east after wrapping crosses
 *   the antimeridian, one 360° wide or wider covers every longitude
 * @north: northern latitude
 * @zoom: map zoom; its floor is clamped to min_zoom..max_zoom + 1
 * @out: (element-type GwClusterItem): array the clusters and single points are
 *   appended to, in supercluster's order
 *
 * supercluster's getClusters().
 *
 * Returns: %FALSE, appending nothing, when a coordinate or the zoom is not a number
 */
gboolean
gw_cluster_index_get_clusters (GwClusterIndex *index,
                               double          west,
                               double          south,
                               double          east,
                               double          north,
                               double          zoom,
                               GArray         *out)
{
  double min_lng, max_lng, min_lat, max_lat;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (out != NULL && g_array_get_element_size (out) == sizeof (GwClusterItem),
                        FALSE);

  if (isnan (west) || isnan (south) || isnan (east) || isnan (north) || isnan (zoom) ||
      isinf (west) || isinf (east))
    return FALSE;

  min_lng = wrap_lng (west);
  max_lng = east == 180 ? 180 : wrap_lng (east);
  min_lat = MAX (-90, MIN (90, south));
  max_lat = MAX (-90, MIN (90, north));

  if (east - west >= 360)
    {
      min_lng = -180;
      max_lng = 180;
    }
  else if (min_lng > max_lng)
    {
      append_range (index, min_lng, min_lat, 180, max_lat, zoom, out);
      append_range (index, -180, min_lat, max_lng, max_lat, zoom, out);
      return TRUE;
    }

  append_range (index, min_lng, min_lat, max_lng, max_lat, zoom, out);
  return TRUE;
}

/* supercluster's getChildren(): the items of the zoom a cluster grew at whose
 * parent it is, in kdbush's order, appended to @out (const Item *). Returns how
 * many were appended. */
static guint
find_children (GwClusterIndex *index,
               guint32         cluster_id,
               GPtrArray      *out)
{
  const GwClusterOptions *o = &index->options;
  g_autofree guint32 *found = NULL;
  guint32 origin_id, n_found;
  const Tree *tree;
  int origin_zoom;
  double r;
  guint n = 0;

  if (cluster_id < index->n_points || cluster_id > G_MAXINT32)
    return 0;
  origin_id = (cluster_id - index->n_points) >> 5;
  origin_zoom = (cluster_id - index->n_points) % 32;
  if (origin_zoom > o->max_zoom + 1 || index->trees[origin_zoom] == NULL)
    return 0;
  tree = index->trees[origin_zoom];
  if (origin_id >= tree->n)
    return 0;

  r = o->radius / (o->extent * pow (2, origin_zoom - 1));
  found = g_new (guint32, tree->n);
  n_found = tree_within (tree, tree->data[origin_id].x, tree->data[origin_id].y,
                         r * SCALE, found);
  for (guint32 i = 0; i < n_found; i++)
    {
      const Item *item = &tree->data[found[i]];

      if (item->parent != (gint32) cluster_id)
        continue;
      g_ptr_array_add (out, (gpointer) item);
      n++;
    }

  return n;
}

static guint
append_children (GwClusterIndex *index,
                 guint32         cluster_id,
                 GArray         *out)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  find_children (index, cluster_id, items);
  for (guint i = 0; i < items->len; i++)
    {
      GwClusterItem child = make_item (index, g_ptr_array_index (items, i));

      g_array_append_val (out, child);
    }

  return items->len;
}

/**
 * gw_cluster_index_get_children:
 * @index: an index
 * @cluster_id: a cluster's id
 * @out: (element-type GwClusterItem): array the clusters and points it splits
 *   into at the next zoom are appended to
 *
 * supercluster's getChildren().
 *
 * Returns: %FALSE, appending nothing, when there is no cluster with that id
 */
gboolean
gw_cluster_index_get_children (GwClusterIndex *index,
                               guint32         cluster_id,
                               GArray         *out)
{
  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (out != NULL && g_array_get_element_size (out) == sizeof (GwClusterItem),
                        FALSE);

  return append_children (index, cluster_id, out) > 0;
}

/* supercluster's _appendLeaves(); returns how many leaves were skipped so far,
 * or -1 when @cluster_id is not a cluster. */
static gint64
append_leaves (GwClusterIndex *index,
               guint32         cluster_id,
               guint           limit,
               guint           offset,
               gint64          skipped,
               GArray         *out,
               guint           base)
{
  g_autoptr(GArray) children = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));

  if (append_children (index, cluster_id, children) == 0)
    return -1;

  for (guint i = 0; i < children->len; i++)
    {
      const GwClusterItem *child = &g_array_index (children, GwClusterItem, i);

      if (child->point_count > 1)
        {
          if (skipped + child->point_count <= offset)
            skipped += child->point_count;
          else
            skipped = append_leaves (index, child->id, limit, offset, skipped, out, base);
        }
      else if (skipped < offset)
        {
          skipped++;
        }
      else
        {
          g_array_append_val (out, child->id);
        }
      if (out->len - base == limit)
        break;
    }

  return skipped;
}

/**
 * gw_cluster_index_get_leaves:
 * @index: an index
 * @cluster_id: a cluster's id
 * @limit: the most point indices to append; must be positive
 * @offset: how many leaves to skip first
 * @out: (element-type guint32): array the indices of the cluster's points are
 *   appended to, in supercluster's order
 *
 * supercluster's getLeaves(): one page of the points a cluster holds.
 *
 * Returns: %FALSE when there is no cluster with that id
 */
gboolean
gw_cluster_index_get_leaves (GwClusterIndex *index,
                             guint32         cluster_id,
                             guint           limit,
                             guint           offset,
                             GArray         *out)
{
  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (limit > 0, FALSE);
  g_return_val_if_fail (out != NULL && g_array_get_element_size (out) == sizeof (guint32), FALSE);

  return append_leaves (index, cluster_id, limit, offset, 0, out, out->len) >= 0;
}

/**
 * gw_cluster_index_get_expansion_zoom:
 * @index: an index
 * @cluster_id: a cluster's id
 *
 * supercluster's getClusterExpansionZoom(): the zoom at which the cluster
 * splits into more than one item, where a click on it should zoom to.
 *
 * Returns: the zoom, or -1 when there is no cluster with that id
 */
int
gw_cluster_index_get_expansion_zoom (GwClusterIndex *index,
                                     guint32         cluster_id)
{
  g_autoptr(GArray) children = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
  int zoom;

  g_return_val_if_fail (index != NULL, -1);

  if (cluster_id < index->n_points)
    return -1;
  zoom = (int) ((cluster_id - index->n_points) % 32) - 1;
  /* a cluster grew at a zoom up to max_zoom: the loop runs at least once */
  if (zoom > index->options.max_zoom)
    return -1;
  while (zoom <= index->options.max_zoom)
    {
      g_array_set_size (children, 0);
      if (append_children (index, cluster_id, children) == 0)
        return -1;
      zoom++;
      if (children->len != 1)
        break;
      cluster_id = g_array_index (children, GwClusterItem, 0).id;
    }

  return zoom;
}

/**
 * gw_cluster_index_get_category_counts:
 * @index: an index
 * @id: a point index or a cluster id as a #GwClusterItem gives it
 * @counts: (out caller-allocates) (array): n_categories counts to fill
 *
 * The category histogram of a cluster, or of one point.
 *
 * Returns: %FALSE when the id is neither a point nor a cluster, or the index
 *   keeps no categories
 */
gboolean
gw_cluster_index_get_category_counts (GwClusterIndex *index,
                                      guint32         id,
                                      guint32        *counts)
{
  g_autoptr(GPtrArray) children = NULL;
  guint n_cat;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  n_cat = index->options.n_categories;
  if (n_cat == 0)
    return FALSE;
  memset (counts, 0, n_cat * sizeof (guint32));
  if (id < index->n_points)
    {
      guint8 c = index->categories != NULL ? index->categories[id] : GW_CLUSTER_NO_CATEGORY;

      if (c != GW_CLUSTER_NO_CATEGORY)
        counts[c] = 1;
      return TRUE;
    }

  /* A cluster's histogram is the sum of its children's. */
  children = g_ptr_array_new ();
  if (find_children (index, id, children) == 0)
    return FALSE;
  for (guint i = 0; i < children->len; i++)
    add_counts (index, counts, g_ptr_array_index (children, i));
  return TRUE;
}
