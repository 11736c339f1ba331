/* gw-cluster.h: hierarchical greedy point clustering (supercluster's algorithm)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * GW_CLUSTER_MAX_POINTS:
 *
 * The most points an index takes. Cluster ids encode the index of the point a
 * cluster grew from shifted by five bits in 31 bits, as supercluster's do.
 */
#define GW_CLUSTER_MAX_POINTS (1u << 24)

/**
 * GW_CLUSTER_MAX_ZOOM:
 *
 * The highest zoom clusters are built for (supercluster's limit).
 */
#define GW_CLUSTER_MAX_ZOOM 30

/**
 * GW_CLUSTER_MAX_CATEGORIES:
 *
 * The most categories whose histogram each cluster keeps.
 */
#define GW_CLUSTER_MAX_CATEGORIES 16

/**
 * GW_CLUSTER_NO_CATEGORY:
 *
 * The category of a point that counts in no category's histogram.
 */
#define GW_CLUSTER_NO_CATEGORY 0xff

/**
 * GwClusterFlags:
 * @GW_CLUSTER_FLAG_OVERDUE: the case is overdue; clusters count these
 *
 * Per-point flags given to gw_cluster_index_new(). Other bits are ignored.
 */
typedef enum
{
  GW_CLUSTER_FLAG_OVERDUE = 1 << 0,
} GwClusterFlags;

#define GW_CLUSTER_ERROR (gw_cluster_error_quark ())

/**
 * GwClusterError:
 * @GW_CLUSTER_ERROR_OPTIONS: an option is out of range
 * @GW_CLUSTER_ERROR_POINT: a point's coordinates or category are invalid
 * @GW_CLUSTER_ERROR_TOO_MANY: more than %GW_CLUSTER_MAX_POINTS points
 */
typedef enum
{
  GW_CLUSTER_ERROR_OPTIONS,
  GW_CLUSTER_ERROR_POINT,
  GW_CLUSTER_ERROR_TOO_MANY,
} GwClusterError;

GQuark gw_cluster_error_quark (void);

/**
 * GwClusterOptions:
 * @min_zoom: lowest zoom clusters are built for (0..@max_zoom)
 * @max_zoom: highest zoom clusters are built for (0..%GW_CLUSTER_MAX_ZOOM); above it
 *   every point stands alone
 * @min_points: fewest points that form a cluster (at least 1; 1 and 2 behave alike)
 * @radius: cluster radius in pixels of a tile @extent pixels wide
 * @extent: tile extent in pixels the radius is relative to
 * @node_size: KD-tree leaf size (2..65535)
 * @n_categories: how many categories (0..%GW_CLUSTER_MAX_CATEGORIES) each cluster
 *   counts; 0 keeps no histogram
 *
 * The meaning of each field is supercluster's. gw_cluster_options_init() sets its
 * defaults: zooms 0..16, 2 points, radius 40 of extent 512, node size 64.
 */
typedef struct
{
  int    min_zoom;
  int    max_zoom;
  guint  min_points;
  double radius;
  double extent;
  guint  node_size;
  guint  n_categories;
} GwClusterOptions;

/**
 * GwClusterItem:
 * @x: normalised Web Mercator x (0 at 180°W, 1 at 180°E): a cluster's centroid
 *   as supercluster quantises it (2^-30), a single point's exact position
 * @y: normalised Web Mercator y (0 north, 1 south)
 * @id: a point's index in the input (below the number of points) or a cluster id
 * @point_count: 1 for a single point
 * @overdue_count: how many of the points have %GW_CLUSTER_FLAG_OVERDUE
 * @dominant_category: the category with most points (the lowest of a tie), or -1
 *   when no point has a category
 *
 * One result of gw_cluster_index_get_clusters() or gw_cluster_index_get_children().
 */
typedef struct
{
  double  x;
  double  y;
  guint32 id;
  guint32 point_count;
  guint32 overdue_count;
  gint32  dominant_category;
} GwClusterItem;

typedef struct _GwClusterIndex GwClusterIndex;

GType            gw_cluster_index_get_type (void) G_GNUC_CONST;
#define GW_TYPE_CLUSTER_INDEX (gw_cluster_index_get_type ())

void             gw_cluster_options_init (GwClusterOptions *options);

GwClusterIndex  *gw_cluster_index_new (const GwClusterOptions  *options,
                                       const double            *lon,
                                       const double            *lat,
                                       const guint8            *flags,
                                       const guint8            *categories,
                                       guint                    n_points,
                                       GCancellable            *cancellable,
                                       GError                 **error);

void             gw_cluster_index_new_async  (const GwClusterOptions  *options,
                                              const double            *lon,
                                              const double            *lat,
                                              const guint8            *flags,
                                              const guint8            *categories,
                                              guint                    n_points,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
GwClusterIndex  *gw_cluster_index_new_finish (GAsyncResult            *result,
                                              GError                 **error);

GwClusterIndex  *gw_cluster_index_ref   (GwClusterIndex *index);
void             gw_cluster_index_unref (GwClusterIndex *index);

guint            gw_cluster_index_get_n_points (GwClusterIndex *index);
const GwClusterOptions *
                 gw_cluster_index_get_options  (GwClusterIndex *index);

gboolean         gw_cluster_index_get_clusters (GwClusterIndex *index,
                                                double          west,
                                                double          south,
                                                double          east,
                                                double          north,
                                                double          zoom,
                                                GArray         *out);
gboolean         gw_cluster_index_get_children (GwClusterIndex *index,
                                                guint32         cluster_id,
                                                GArray         *out);
gboolean         gw_cluster_index_get_leaves   (GwClusterIndex *index,
                                                guint32         cluster_id,
                                                guint           limit,
                                                guint           offset,
                                                GArray         *out);
int              gw_cluster_index_get_expansion_zoom (GwClusterIndex *index,
                                                      guint32         cluster_id);
gboolean         gw_cluster_index_get_category_counts (GwClusterIndex *index,
                                                       guint32         id,
                                                       guint32        *counts);

void             gw_cluster_unproject (double  x,
                                       double  y,
                                       double *lon,
                                       double *lat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwClusterIndex, gw_cluster_index_unref)

G_END_DECLS
