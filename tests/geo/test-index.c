/* test-index.c: the spatial index answers exactly what brute force answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gw-grid-set.h"

#define N 30

static void
append_feature (GString    *s,
                const char *code,
                const char *level,
                const char *parent,
                const char *ring)
{
  if (s->str[s->len - 1] != '[')
    g_string_append_c (s, ',');
  g_string_append_printf (s, "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\","
                             "\"name\":\"n%s\",\"level\":\"%s\",\"parent\":%s%s%s},"
                             "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[%s]}}",
                          code, code, level, parent ? "\"" : "", parent ? parent : "null",
                          parent ? "\"" : "", ring);
}

/* A jittered N x N lattice of quadrilaterals sharing their vertices (a
 * partition, like real grids), then 60 random overlapping triangles of very
 * different sizes, which exercise the "first in the file wins" rule. */
static GwGridSet *
make_set (GRand *rand)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  double vx[N + 1][N + 1], vy[N + 1][N + 1];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GwGridSet *set;
  const char *whole = "[[115,28],[116,28],[116,29],[115,29],[115,28]]";

  append_feature (s, "360102", "county", NULL, whole);
  append_feature (s, "360102002", "street", "360102", whole);
  append_feature (s, "360102002001", "community", "360102002", whole);
  append_feature (s, "360102002002", "community", "360102002", whole);
  for (guint i = 0; i <= N; i++)
    for (guint j = 0; j <= N; j++)
      {
        double jx = (i == 0 || i == N) ? 0 : g_rand_double_range (rand, -0.3, 0.3);
        double jy = (j == 0 || j == N) ? 0 : g_rand_double_range (rand, -0.3, 0.3);

        vx[i][j] = 115.0 + (i + jx) / N;
        vy[i][j] = 28.0 + (j + jy) / N;
      }
  for (guint i = 0; i < N; i++)
    for (guint j = 0; j < N; j++)
      {
        g_autofree char *code = g_strdup_printf ("360102002001%03u", i * N + j);
        g_autofree char *ring =
          g_strdup_printf ("[[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g]]",
                           vx[i][j], vy[i][j], vx[i + 1][j], vy[i + 1][j],
                           vx[i + 1][j + 1], vy[i + 1][j + 1], vx[i][j + 1], vy[i][j + 1],
                           vx[i][j], vy[i][j]);

        append_feature (s, code, "grid", "360102002001", ring);
      }
  for (guint k = 0; k < 60; k++)
    {
      g_autofree char *code = g_strdup_printf ("360102002002%03u", k);
      double cx = g_rand_double_range (rand, 115, 116), cy = g_rand_double_range (rand, 28, 29);
      double r = g_rand_double_range (rand, 0.001, 0.4);
      g_autofree char *ring =
        g_strdup_printf ("[[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g]]",
                         cx - r, cy - r, cx + r, cy - r / 2, cx, cy + r, cx - r, cy - r);

      append_feature (s, code, "grid", "360102002002", ring);
    }
  g_string_append (s, "]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&s));
  set = gw_grid_set_new_from_geojson (bytes, &error);
  g_assert_no_error (error);
  return set;
}

static const GwGridFeature *
brute_force (GwGridSet *set,
             double     lon,
             double     lat)
{
  for (guint i = 0; i < gw_grid_set_get_n_features (set); i++)
    {
      const GwGridFeature *f = gw_grid_set_get_feature (set, i);

      if (f->level == GW_GRID_LEVEL_GRID && gw_grid_feature_contains (f, lon, lat))
        return f;
    }
  return NULL;
}

static void
test_index_equals_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  g_autoptr(GwGridSet) set = make_set (rand);
  guint found = 0;

  for (guint i = 0; i < 20000; i++)
    {
      /* a margin outside the lattice checks the misses too */
      double lon = g_rand_double_range (rand, 114.9, 116.1);
      double lat = g_rand_double_range (rand, 27.9, 29.1);
      const GwGridFeature *a = gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, lon, lat);

      g_assert_true (a == brute_force (set, lon, lat));
      found += a != NULL;
    }
  g_assert_cmpuint (found, >, 15000);
}

static void
test_lattice_partition (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(GwGridSet) set = make_set (rand);
  guint n;
  const GwGridFeature * const *grids = gw_grid_set_get_children (set, "360102002001", &n);

  g_assert_cmpuint (n, ==, N * N);
  /* every point of the square lies in exactly one lattice cell */
  for (guint i = 0; i < 5000; i++)
    {
      double lon = g_rand_double_range (rand, 115.0, 116.0);
      double lat = g_rand_double_range (rand, 28.0, 29.0);
      guint hits = 0;

      for (guint k = 0; k < n; k++)
        hits += gw_grid_feature_contains (grids[k], lon, lat);
      g_assert_cmpuint (hits, ==, 1);
    }
  /* and each cell's random points come back to it */
  for (guint k = 0; k < n; k++)
    {
      double lon, lat;

      g_assert_true (gw_grid_set_random_point (grids[k], rand, &lon, &lat));
      g_assert_true (gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, lon, lat) == grids[k]);
      g_assert_true (gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, grids[k]->label_lon,
                                         grids[k]->label_lat) == grids[k]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geo/index/equals-brute-force", test_index_equals_brute_force);
  g_test_add_func ("/geo/index/lattice-partition", test_lattice_partition);
  return g_test_run ();
}
