/* test-coord.c: coordinate systems against published reference values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gw-coord.h"

#include <math.h>

typedef struct
{
  double wgs_lat, wgs_lon, gcj_lat, gcj_lon;
} Reference;

/* From the eviltransform project's test suite (googollee/eviltransform) and
 * wandergis/coordtransform's README example. */
static const Reference wgs_gcj[] = {
  { 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215 },   /* Shanghai */
  { 22.543847, 113.912316, 22.540796131694766, 113.9171764808363 },   /* Shenzhen */
  { 39.911954, 116.377817, 39.91334545536069, 116.38404722455657 },   /* Beijing */
  { 39.915, 116.404, 39.91640428150164, 116.41024449916938 },         /* coordtransform */
};

static void
test_wgs_to_gcj (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (wgs_gcj); i++)
    {
      double lon, lat;

      gw_coord_wgs84_to_gcj02 (wgs_gcj[i].wgs_lon, wgs_gcj[i].wgs_lat, &lon, &lat);
      g_assert_cmpfloat_with_epsilon (lon, wgs_gcj[i].gcj_lon, 1e-9);
      g_assert_cmpfloat_with_epsilon (lat, wgs_gcj[i].gcj_lat, 1e-9);
    }
}

static void
test_gcj_to_wgs (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (wgs_gcj); i++)
    {
      double lon, lat;

      gw_coord_gcj02_to_wgs84 (wgs_gcj[i].gcj_lon, wgs_gcj[i].gcj_lat, &lon, &lat);
      g_assert_cmpfloat (gw_coord_haversine_m (lon, lat, wgs_gcj[i].wgs_lon,
                                               wgs_gcj[i].wgs_lat), <, 0.5);
    }
}

static void
test_gcj_roundtrip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);

  /* All over China, the inverse lands within 0.5 m (in fact within mm). */
  for (guint i = 0; i < 10000; i++)
    {
      double lon = g_rand_double_range (rand, 73.0, 135.0);
      double lat = g_rand_double_range (rand, 18.0, 53.0);
      double glon, glat, wlon, wlat;

      gw_coord_wgs84_to_gcj02 (lon, lat, &glon, &glat);
      g_assert_cmpfloat (gw_coord_haversine_m (lon, lat, glon, glat), >, 1.0);
      g_assert_cmpfloat (gw_coord_haversine_m (lon, lat, glon, glat), <, 1000.0);
      gw_coord_gcj02_to_wgs84 (glon, glat, &wlon, &wlat);
      g_assert_cmpfloat (gw_coord_haversine_m (lon, lat, wlon, wlat), <, 0.5);
    }
}

static void
test_outside_china (void)
{
  double lon, lat;

  g_assert_true (gw_coord_out_of_china (2.3522, 48.8566));
  g_assert_false (gw_coord_out_of_china (115.89, 28.68));
  gw_coord_wgs84_to_gcj02 (2.3522, 48.8566, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 2.3522);
  g_assert_cmpfloat (lat, ==, 48.8566);
  gw_coord_gcj02_to_wgs84 (-74.0, 40.7, &lon, &lat);
  g_assert_cmpfloat (lon, ==, -74.0);
  g_assert_cmpfloat (lat, ==, 40.7);
}

static void
test_bd09 (void)
{
  double lon, lat;

  /* wandergis/coordtransform README */
  gw_coord_gcj02_to_bd09 (116.404, 39.915, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 116.41036949371029, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 39.92133699351021, 1e-9);
  gw_coord_bd09_to_gcj02 (116.404, 39.915, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 116.39762729119315, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 39.90865673957631, 1e-9);

  /* BD-09 to WGS-84 goes through coordtransform's GCJ-02 value above */
  gw_coord_bd09_to_wgs84 (116.404, 39.915, &lon, &lat);
  {
    double wlon, wlat;

    gw_coord_gcj02_to_wgs84 (116.39762729119315, 39.90865673957631, &wlon, &wlat);
    g_assert_cmpfloat (gw_coord_haversine_m (lon, lat, wlon, wlat), <, 0.01);
  }

  /* round trip */
  gw_coord_wgs84_to_bd09 (115.8893, 28.6808, &lon, &lat);
  gw_coord_bd09_to_wgs84 (lon, lat, &lon, &lat);
  g_assert_cmpfloat (gw_coord_haversine_m (lon, lat, 115.8893, 28.6808), <, 1.0);
}

static void
test_mercator (void)
{
  double x, y, lon, lat;

  gw_coord_mercator_project (0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-12);
  gw_coord_mercator_project (-180, GW_MERCATOR_MAX_LAT, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-9);
  gw_coord_mercator_project (180, -89.9, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 1.0, 1e-9);

  /* Nanchang is in OSM tile 13/6733/3414 (x = floor(2^13 * (lon + 180) / 360)). */
  gw_coord_mercator_project (115.8921, 28.6765, &x, &y);
  g_assert_cmpint ((int) floor (x * 8192), ==, 6733);
  g_assert_cmpint ((int) floor (y * 8192), ==, 3414);

  gw_coord_mercator_unproject (x, y, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 115.8921, 1e-10);
  g_assert_cmpfloat_with_epsilon (lat, 28.6765, 1e-10);
}

static void
test_haversine (void)
{
  /* One degree of the equator on the mean sphere: 2 pi R / 360. */
  g_assert_cmpfloat_with_epsilon (gw_coord_haversine_m (0, 0, 1, 0), 111195.08, 0.01);
  /* Paris - London, about 343.5 km on the sphere. */
  g_assert_cmpfloat_with_epsilon (gw_coord_haversine_m (2.3522, 48.8566, -0.1276, 51.5072),
                                  343530.34, 1.0);
  g_assert_cmpfloat (gw_coord_haversine_m (115.9, 28.7, 115.9, 28.7), ==, 0.0);
  /* antipodes */
  g_assert_cmpfloat_with_epsilon (gw_coord_haversine_m (0, 0, 180, 0),
                                  G_PI * GW_EARTH_RADIUS_M, 1e-3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geo/coord/wgs-to-gcj", test_wgs_to_gcj);
  g_test_add_func ("/geo/coord/gcj-to-wgs", test_gcj_to_wgs);
  g_test_add_func ("/geo/coord/gcj-roundtrip", test_gcj_roundtrip);
  g_test_add_func ("/geo/coord/outside-china", test_outside_china);
  g_test_add_func ("/geo/coord/bd09", test_bd09);
  g_test_add_func ("/geo/coord/mercator", test_mercator);
  g_test_add_func ("/geo/coord/haversine", test_haversine);
  return g_test_run ();
}
