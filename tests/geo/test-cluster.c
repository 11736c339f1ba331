/* test-cluster.c: GwClusterIndex against what supercluster makes of the same points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/geo/fixtures/cluster-fixtures.json is written by make-cluster-fixtures.mjs
 * with supercluster (npm) and committed, so this test needs no node.
 */
#include "gw-cluster.h"

#include <json-glib/json-glib.h>
#include <math.h>

static JsonObject *fixture;

typedef struct
{
  guint   n;
  double *lon;
  double *lat;
  guint8 *flags;
  guint8 *categories;
} Points;

static Points points;

static void
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "geo", "fixtures",
                                                 "cluster-fixtures.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonArray *pts;

  json_parser_load_from_mapped_file (parser, path, &error);
  g_assert_no_error (error);
  fixture = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  pts = json_object_get_array_member (fixture, "points");
  points.n = json_array_get_length (pts);
  points.lon = g_new (double, points.n);
  points.lat = g_new (double, points.n);
  points.flags = g_new (guint8, points.n);
  points.categories = g_new (guint8, points.n);
  for (guint i = 0; i < points.n; i++)
    {
      JsonArray *p = json_array_get_array_element (pts, i);

      points.lon[i] = json_array_get_double_element (p, 0);
      points.lat[i] = json_array_get_double_element (p, 1);
      points.flags[i] = json_array_get_int_element (p, 2);
      points.categories[i] = json_array_get_int_element (p, 3);
    }
}

static int
member_int (JsonObject *o,
            const char *name,
            int         fallback)
{
  return json_object_has_member (o, name) ? json_object_get_int_member (o, name) : fallback;
}

static GwClusterIndex *
build_config (JsonObject *config)
{
  JsonObject *o = json_object_get_object_member (config, "options");
  g_autoptr(GError) error = NULL;
  GwClusterOptions options;
  GwClusterIndex *index;

  gw_cluster_options_init (&options);
  options.min_zoom = member_int (o, "minZoom", options.min_zoom);
  options.max_zoom = member_int (o, "maxZoom", options.max_zoom);
  options.min_points = member_int (o, "minPoints", options.min_points);
  options.radius = member_int (o, "radius", options.radius);
  options.extent = member_int (o, "extent", options.extent);
  options.node_size = member_int (o, "nodeSize", options.node_size);
  options.n_categories = json_object_get_int_member (fixture, "n_categories");

  index = gw_cluster_index_new (&options, points.lon, points.lat, points.flags,
                                points.categories, points.n, NULL, &error);
  g_assert_no_error (error);
  return index;
}

static guint32
array_uint (JsonArray *a,
            guint      i)
{
  return (guint32) json_array_get_int_element (a, i);
}

/* The 2^-30 grid supercluster stores centroids on. */
static gint64
quantise (double normalised)
{
  return llround ((normalised - 0.5) * 1073741824.0);
}

static double
lat_y (double lat)
{
  double s = sin (lat * G_PI / 180);
  double y = 0.5 - 0.25 * log ((1 + s) / (1 - s)) / G_PI;

  return CLAMP (y, 0, 1);
}

static void
check_cluster (GwClusterIndex      *index,
               const GwClusterItem *item,
               JsonArray           *expected)
{
  JsonArray *hist = json_array_get_array_element (expected, 6);
  guint32 counts[GW_CLUSTER_MAX_CATEGORIES];
  double lon = json_array_get_double_element (expected, 2);
  double lat = json_array_get_double_element (expected, 3);
  double our_lon, our_lat;

  g_assert_cmpuint (item->point_count, ==, array_uint (expected, 1));
  g_assert_cmpint (quantise (item->x), ==, quantise (lon / 360 + 0.5));
  g_assert_cmpint (quantise (item->y), ==, quantise (lat_y (lat)));
  gw_cluster_unproject (item->x, item->y, &our_lon, &our_lat);
  g_assert_cmpfloat_with_epsilon (our_lon, lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (our_lat, lat, 1e-9);
  g_assert_cmpint (gw_cluster_index_get_expansion_zoom (index, item->id), ==,
                   json_array_get_int_element (expected, 4));
  g_assert_cmpuint (item->overdue_count, ==, array_uint (expected, 5));

  g_assert_true (gw_cluster_index_get_category_counts (index, item->id, counts));
  for (guint c = 0; c < json_array_get_length (hist); c++)
    g_assert_cmpuint (counts[c], ==, array_uint (hist, c));
}

static void
check_point (const GwClusterItem *item)
{
  double lon, lat;

  g_assert_cmpuint (item->id, <, points.n);
  g_assert_cmpuint (item->point_count, ==, 1);
  g_assert_cmpuint (item->overdue_count, ==, points.flags[item->id] & 1);
  g_assert_cmpint (item->dominant_category, ==,
                   points.categories[item->id] == GW_CLUSTER_NO_CATEGORY
                   ? -1 : points.categories[item->id]);
  gw_cluster_unproject (item->x, item->y, &lon, &lat);
  if (fabs (points.lon[item->id]) < 180)
    g_assert_cmpfloat_with_epsilon (lon, points.lon[item->id], 1e-9);
  if (fabs (points.lat[item->id]) < 85.05)
    g_assert_cmpfloat_with_epsilon (lat, points.lat[item->id], 1e-9);
}

/* The same items in the same order, each cluster with the same count, centroid,
 * expansion zoom and sums. */
static void
check_all_clusters (GwClusterIndex *index,
                    JsonObject     *zoom)
{
  JsonArray *order = json_object_get_array_member (zoom, "order");
  JsonArray *clusters = json_object_get_array_member (zoom, "clusters");
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
  g_autoptr(GHashTable) by_id = g_hash_table_new (NULL, NULL);
  guint n_clusters = 0;

  g_assert_true (gw_cluster_index_get_clusters (index, -180, -90, 180, 90,
                                                json_object_get_int_member (zoom, "zoom"),
                                                items));
  g_assert_cmpuint (items->len, ==, json_array_get_length (order));
  for (guint i = 0; i < items->len; i++)
    {
      GwClusterItem *item = &g_array_index (items, GwClusterItem, i);

      g_assert_cmpuint (item->id, ==, array_uint (order, i));
      if (item->point_count > 1)
        {
          g_hash_table_insert (by_id, GUINT_TO_POINTER (item->id), item);
          n_clusters++;
        }
      else
        {
          check_point (item);
        }
    }

  g_assert_cmpuint (n_clusters, ==, json_array_get_length (clusters));
  for (guint i = 0; i < json_array_get_length (clusters); i++)
    {
      JsonArray *expected = json_array_get_array_element (clusters, i);
      GwClusterItem *item = g_hash_table_lookup (by_id, GUINT_TO_POINTER (array_uint (expected, 0)));

      g_assert_nonnull (item);
      check_cluster (index, item, expected);
    }
}

static void
assert_ids (GArray    *ids,
            JsonArray *expected)
{
  g_assert_cmpuint (ids->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (g_array_index (ids, guint32, i), ==, array_uint (expected, i));
}

static void
items_to_ids (GArray *items,
              GArray *ids)
{
  for (guint i = 0; i < items->len; i++)
    g_array_append_val (ids, g_array_index (items, GwClusterItem, i).id);
}

static void
check_leaves_and_children (GwClusterIndex *index,
                           JsonObject     *zoom)
{
  JsonArray *leaves = json_object_get_array_member (zoom, "leaves");
  JsonArray *children = json_object_get_array_member (zoom, "children");

  for (guint i = 0; i < json_array_get_length (leaves); i++)
    {
      JsonArray *l = json_array_get_array_element (leaves, i);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));

      g_assert_true (gw_cluster_index_get_leaves (index, array_uint (l, 0), array_uint (l, 1),
                                                  array_uint (l, 2), ids));
      assert_ids (ids, json_array_get_array_element (l, 3));
    }

  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonArray *c = json_array_get_array_element (children, i);
      g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));

      g_assert_true (gw_cluster_index_get_children (index, array_uint (c, 0), items));
      items_to_ids (items, ids);
      assert_ids (ids, json_array_get_array_element (c, 1));
    }
}

static void
check_boxes (GwClusterIndex *index,
             JsonObject     *zoom)
{
  JsonArray *boxes = json_object_get_array_member (zoom, "boxes");

  for (guint i = 0; i < json_array_get_length (boxes); i++)
    {
      JsonArray *b = json_array_get_array_element (json_array_get_array_element (boxes, i), 0);
      JsonArray *expected = json_array_get_array_element (json_array_get_array_element (boxes, i), 1);
      g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));

      g_assert_true (gw_cluster_index_get_clusters (index,
                                                    json_array_get_double_element (b, 0),
                                                    json_array_get_double_element (b, 1),
                                                    json_array_get_double_element (b, 2),
                                                    json_array_get_double_element (b, 3),
                                                    json_object_get_int_member (zoom, "zoom"),
                                                    items));
      items_to_ids (items, ids);
      assert_ids (ids, expected);
    }
}

static void
test_fixture (gconstpointer data)
{
  JsonArray *configs = json_object_get_array_member (fixture, "configs");
  JsonObject *config = json_array_get_object_element (configs, GPOINTER_TO_UINT (data));
  JsonArray *zooms = json_object_get_array_member (config, "zooms");
  g_autoptr(GwClusterIndex) index = build_config (config);

  for (guint z = 0; z < json_array_get_length (zooms); z++)
    {
      JsonObject *zoom = json_array_get_object_element (zooms, z);

      check_all_clusters (index, zoom);
      check_leaves_and_children (index, zoom);
      check_boxes (index, zoom);
    }
}

static GArray *
clusters_at (GwClusterIndex *index,
             double          zoom)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));

  g_assert_true (gw_cluster_index_get_clusters (index, -180, -90, 180, 90, zoom, items));
  return items;
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwClusterIndex) index = gw_cluster_index_new (NULL, NULL, NULL, NULL, NULL, 0,
                                                          NULL, &error);
  g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_assert_no_error (error);
  for (int z = 0; z <= 20; z++)
    {
      g_autoptr(GArray) items = clusters_at (index, z);

      g_assert_cmpuint (items->len, ==, 0);
    }
  g_assert_cmpint (gw_cluster_index_get_expansion_zoom (index, 1), ==, -1);
  g_assert_false (gw_cluster_index_get_leaves (index, 1, 10, 0, leaves));
}

static void
test_one_point (void)
{
  double lon = 115.89, lat = 28.68;
  guint8 flags = GW_CLUSTER_FLAG_OVERDUE;
  g_autoptr(GwClusterIndex) index = gw_cluster_index_new (NULL, &lon, &lat, &flags, NULL, 1,
                                                          NULL, NULL);

  for (int z = 0; z <= 20; z++)
    {
      g_autoptr(GArray) items = clusters_at (index, z);
      GwClusterItem *item = &g_array_index (items, GwClusterItem, 0);

      g_assert_cmpuint (items->len, ==, 1);
      g_assert_cmpuint (item->id, ==, 0);
      g_assert_cmpuint (item->point_count, ==, 1);
      g_assert_cmpuint (item->overdue_count, ==, 1);
      g_assert_cmpint (item->dominant_category, ==, -1);
    }
  /* a point is not a cluster */
  g_assert_cmpint (gw_cluster_index_get_expansion_zoom (index, 0), ==, -1);
}

#define N_SAME 100

/* Identical points stay one cluster up to max_zoom, then all split at once. */
static void
test_identical (void)
{
  double lon[N_SAME], lat[N_SAME];
  guint8 flags[N_SAME], categories[N_SAME];
  GwClusterOptions options;
  g_autoptr(GwClusterIndex) index = NULL;
  g_autoptr(GArray) top = NULL;
  g_autoptr(GArray) bottom = NULL;
  guint32 counts[GW_CLUSTER_MAX_CATEGORIES];
  GwClusterItem *cluster;

  for (guint i = 0; i < N_SAME; i++)
    {
      lon[i] = 115.9;
      lat[i] = 28.7;
      flags[i] = i % 4 == 0 ? GW_CLUSTER_FLAG_OVERDUE : 0;
      categories[i] = i % 10 < 6 ? 2 : i % 10 < 9 ? 1 : GW_CLUSTER_NO_CATEGORY;
    }
  gw_cluster_options_init (&options);
  options.n_categories = 3;
  index = gw_cluster_index_new (&options, lon, lat, flags, categories, N_SAME, NULL, NULL);

  for (int z = 0; z <= 16; z++)
    {
      g_autoptr(GArray) items = clusters_at (index, z + 0.7);

      g_assert_cmpuint (items->len, ==, 1);
      g_assert_cmpuint (g_array_index (items, GwClusterItem, 0).point_count, ==, N_SAME);
    }
  bottom = clusters_at (index, 17);
  g_assert_cmpuint (bottom->len, ==, N_SAME);

  top = clusters_at (index, -3);
  cluster = &g_array_index (top, GwClusterItem, 0);
  g_assert_cmpuint (cluster->overdue_count, ==, N_SAME / 4);
  g_assert_cmpint (cluster->dominant_category, ==, 2);
  g_assert_true (gw_cluster_index_get_category_counts (index, cluster->id, counts));
  g_assert_cmpuint (counts[0], ==, 0);
  g_assert_cmpuint (counts[1], ==, 30);
  g_assert_cmpuint (counts[2], ==, 60);
  g_assert_cmpint (gw_cluster_index_get_expansion_zoom (index, cluster->id), ==, 17);
}

/* Pages of leaves add up to all the cluster's points, each once. */
static void
test_leaves_paging (void)
{
  double lon[N_SAME], lat[N_SAME];
  g_autoptr(GwClusterIndex) index = NULL;
  g_autoptr(GArray) top = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree gboolean *seen = g_new0 (gboolean, N_SAME);
  guint32 id;

  /* a spread over a few kilometres, so that leaves come from nested clusters */
  for (guint i = 0; i < N_SAME; i++)
    {
      lon[i] = 115.9 + 0.001 * (i % 10) + 0.0001 * (i / 37);
      lat[i] = 28.7 + 0.002 * (i / 10);
    }
  index = gw_cluster_index_new (NULL, lon, lat, NULL, NULL, N_SAME, NULL, NULL);
  top = clusters_at (index, 0);
  g_assert_cmpuint (top->len, ==, 1);
  id = g_array_index (top, GwClusterItem, 0).id;

  g_assert_true (gw_cluster_index_get_leaves (index, id, 1000, 0, all));
  g_assert_cmpuint (all->len, ==, N_SAME);
  for (guint offset = 0; offset < N_SAME; offset += 7)
    {
      g_array_set_size (page, 0);
      g_assert_true (gw_cluster_index_get_leaves (index, id, 7, offset, page));
      g_assert_cmpuint (page->len, ==, MIN (7, N_SAME - offset));
      for (guint i = 0; i < page->len; i++)
        {
          guint32 leaf = g_array_index (page, guint32, i);

          g_assert_cmpuint (leaf, ==, g_array_index (all, guint32, offset + i));
          g_assert_false (seen[leaf]);
          seen[leaf] = TRUE;
        }
    }
  g_array_set_size (page, 0);
  g_assert_true (gw_cluster_index_get_leaves (index, id, 7, N_SAME, page));
  g_assert_cmpuint (page->len, ==, 0);

  /* appended after what the array holds, the limit counting only the new ones */
  g_array_set_size (page, 3);
  g_assert_true (gw_cluster_index_get_leaves (index, id, 7, 14, page));
  g_assert_cmpuint (page->len, ==, 3 + 7);
  g_assert_cmpmem (&g_array_index (page, guint32, 3), 7 * sizeof (guint32),
                   &g_array_index (all, guint32, 14), 7 * sizeof (guint32));

  /* ids that are not clusters */
  g_assert_false (gw_cluster_index_get_leaves (index, 5, 10, 0, page));
  g_assert_false (gw_cluster_index_get_leaves (index, N_SAME + (1000 << 5) + 5, 10, 0, page));
  g_assert_false (gw_cluster_index_get_leaves (index, N_SAME + 31, 10, 0, page));
  g_assert_false (gw_cluster_index_get_leaves (index, G_MAXUINT32, 10, 0, page));
  g_assert_cmpint (gw_cluster_index_get_expansion_zoom (index, G_MAXUINT32), ==, -1);
}

static void
expect_rejected (const GwClusterOptions *options,
                 double                  lon,
                 double                  lat,
                 guint8                  category,
                 int                     code,
                 const char             *message)
{
  double lons[2] = { 115, lon }, lats[2] = { 28, lat };
  guint8 categories[2] = { 0, category };
  g_autoptr(GError) error = NULL;
  GwClusterIndex *index;

  index = gw_cluster_index_new (options, lons, lats, NULL, categories, 2, NULL, &error);
  g_assert_null (index);
  g_assert_error (error, GW_CLUSTER_ERROR, code);
  g_assert_nonnull (strstr (error->message, message));
}

static void
test_rejected (void)
{
  GwClusterOptions defaults, o;
  g_autoptr(GwClusterIndex) index = NULL;
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
  double lon = 1, lat = 1;

  gw_cluster_options_init (&defaults);
  defaults.n_categories = 4;
  expect_rejected (&defaults, 115, 91.2, 0, GW_CLUSTER_ERROR_POINT, "point 1 rejected: latitude 91.2");
  expect_rejected (&defaults, 180.5, 28, 0, GW_CLUSTER_ERROR_POINT, "longitude 180.5");
  expect_rejected (&defaults, NAN, 28, 0, GW_CLUSTER_ERROR_POINT, "longitude nan");
  expect_rejected (&defaults, 115, -INFINITY, 0, GW_CLUSTER_ERROR_POINT, "latitude -inf");
  expect_rejected (&defaults, 115, 28, 4, GW_CLUSTER_ERROR_POINT, "category 4 is outside");

  o = defaults, o.max_zoom = 31;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "max_zoom");
  o = defaults, o.min_zoom = 17;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "min_zoom");
  o = defaults, o.radius = 0;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "radius");
  o = defaults, o.extent = NAN;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "extent");
  o = defaults, o.node_size = 1;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "node_size");
  o = defaults, o.n_categories = 17;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "n_categories");
  o = defaults, o.min_points = 0;
  expect_rejected (&o, 115, 28, 0, GW_CLUSTER_ERROR_OPTIONS, "min_points");

  index = gw_cluster_index_new (NULL, &lon, &lat, NULL, NULL, 1, NULL, NULL);
  g_assert_false (gw_cluster_index_get_clusters (index, NAN, 0, 1, 1, 3, items));
  g_assert_false (gw_cluster_index_get_clusters (index, 0, 0, 1, 1, NAN, items));
  g_assert_false (gw_cluster_index_get_clusters (index, -INFINITY, 0, 1, 1, 3, items));
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (gw_cluster_index_new (NULL, points.lon, points.lat, NULL, NULL, points.n,
                                       cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GwClusterIndex **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gw_cluster_index_new_finish (result, &error);
  g_assert_no_error (error);
}

/* Built in a GTask thread, the index gives what a synchronous build gives. */
static void
test_async (void)
{
  g_autoptr(GwClusterIndex) sync = gw_cluster_index_new (NULL, points.lon, points.lat,
                                                         points.flags, NULL, points.n,
                                                         NULL, NULL);
  g_autoptr(GwClusterIndex) async = NULL;

  gw_cluster_index_new_async (NULL, points.lon, points.lat, points.flags, NULL, points.n,
                              NULL, on_built, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (gw_cluster_index_get_n_points (async), ==, points.n);
  for (int z = 0; z <= 17; z++)
    {
      g_autoptr(GArray) a = clusters_at (sync, z);
      g_autoptr(GArray) b = clusters_at (async, z);

      g_assert_cmpmem (a->data, a->len * sizeof (GwClusterItem),
                       b->data, b->len * sizeof (GwClusterItem));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  load_fixture ();

  g_test_add_data_func ("/cluster/fixture/defaults", GUINT_TO_POINTER (0), test_fixture);
  g_test_add_data_func ("/cluster/fixture/min-points-5", GUINT_TO_POINTER (1), test_fixture);
  g_test_add_func ("/cluster/empty", test_empty);
  g_test_add_func ("/cluster/one-point", test_one_point);
  g_test_add_func ("/cluster/identical", test_identical);
  g_test_add_func ("/cluster/leaves-paging", test_leaves_paging);
  g_test_add_func ("/cluster/rejected", test_rejected);
  g_test_add_func ("/cluster/cancelled", test_cancelled);
  g_test_add_func ("/cluster/async", test_async);

  status = g_test_run ();

  json_object_unref (fixture);
  g_free (points.lon);
  g_free (points.lat);
  g_free (points.flags);
  g_free (points.categories);
  return status;
}
