/* gw-coord.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-geo"

#include "gw-coord.h"

#include <math.h>

/* Krasovsky 1940 ellipsoid, as in the published GCJ-02 obfuscation formulas. */
#define GCJ_A  6378245.0
#define GCJ_EE 0.00669342162296594323
#define BD_X_PI (G_PI * 3000.0 / 180.0)

/**
 * gw_coord_out_of_china:
 * @lon: longitude in degrees
 * @lat: latitude in degrees
 *
 * The rectangle the published formulas use to decide whether GCJ-02 shifts a
 * point. It is coarse on purpose: it matches what Chinese map providers do.
 *
 * Returns: %TRUE if GCJ-02 equals WGS-84 at this point
 */
gboolean
gw_coord_out_of_china (double lon,
                       double lat)
{
  return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
}

static double
transform_lat (double x,
               double y)
{
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;
  return r;
}

static double
transform_lon (double x,
               double y)
{
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;
  return r;
}

/**
 * gw_coord_wgs84_to_gcj02:
 * @lon: WGS-84 longitude
 * @lat: WGS-84 latitude
 * @out_lon: (out): GCJ-02 longitude
 * @out_lat: (out): GCJ-02 latitude
 *
 * Applies the published GCJ-02 offset. Outside China the point is unchanged.
 */
void
gw_coord_wgs84_to_gcj02 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double dlat, dlon, radlat, magic, sqrtmagic;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (gw_coord_out_of_china (lon, lat))
    {
      *out_lon = lon;
      *out_lat = lat;
      return;
    }

  dlat = transform_lat (lon - 105.0, lat - 35.0);
  dlon = transform_lon (lon - 105.0, lat - 35.0);
  radlat = lat / 180.0 * G_PI;
  magic = sin (radlat);
  magic = 1.0 - GCJ_EE * magic * magic;
  sqrtmagic = sqrt (magic);
  dlat = (dlat * 180.0) / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrtmagic) * G_PI);
  dlon = (dlon * 180.0) / (GCJ_A / sqrtmagic * cos (radlat) * G_PI);
  *out_lon = lon + dlon;
  *out_lat = lat + dlat;
}

/**
 * gw_coord_gcj02_to_wgs84:
 * @lon: GCJ-02 longitude
 * @lat: GCJ-02 latitude
 * @out_lon: (out): WGS-84 longitude
 * @out_lat: (out): WGS-84 latitude
 *
 * Inverts gw_coord_wgs84_to_gcj02() by fixed-point iteration. The offset is a
 * smooth function varying by far less than 1 per degree, so the iteration
 * contracts fast: it stops when a step moves the estimate by less than
 * 1e-9 degree (0.1 mm), after at most 30 steps.
 */
void
gw_coord_gcj02_to_wgs84 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double wlon = lon, wlat = lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  for (guint i = 0; i < 30; i++)
    {
      double glon, glat, dlon, dlat;

      gw_coord_wgs84_to_gcj02 (wlon, wlat, &glon, &glat);
      dlon = glon - lon;
      dlat = glat - lat;
      wlon -= dlon;
      wlat -= dlat;
      if (fabs (dlon) < 1e-9 && fabs (dlat) < 1e-9)
        break;
    }

  *out_lon = wlon;
  *out_lat = wlat;
}

/**
 * gw_coord_gcj02_to_bd09:
 * @lon: GCJ-02 longitude
 * @lat: GCJ-02 latitude
 * @out_lon: (out): BD-09 longitude
 * @out_lat: (out): BD-09 latitude
 *
 * Baidu's published offset on top of GCJ-02.
 */
void
gw_coord_gcj02_to_bd09 (double  lon,
                        double  lat,
                        double *out_lon,
                        double *out_lat)
{
  double z, theta;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  z = sqrt (lon * lon + lat * lat) + 0.00002 * sin (lat * BD_X_PI);
  theta = atan2 (lat, lon) + 0.000003 * cos (lon * BD_X_PI);
  *out_lon = z * cos (theta) + 0.0065;
  *out_lat = z * sin (theta) + 0.006;
}

/**
 * gw_coord_bd09_to_gcj02:
 * @lon: BD-09 longitude
 * @lat: BD-09 latitude
 * @out_lon: (out): GCJ-02 longitude
 * @out_lat: (out): GCJ-02 latitude
 *
 * The published approximate inverse of gw_coord_gcj02_to_bd09() (error well
 * under a metre).
 */
void
gw_coord_bd09_to_gcj02 (double  lon,
                        double  lat,
                        double *out_lon,
                        double *out_lat)
{
  double x = lon - 0.0065, y = lat - 0.006, z, theta;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  z = sqrt (x * x + y * y) - 0.00002 * sin (y * BD_X_PI);
  theta = atan2 (y, x) - 0.000003 * cos (x * BD_X_PI);
  *out_lon = z * cos (theta);
  *out_lat = z * sin (theta);
}

/**
 * gw_coord_wgs84_to_bd09:
 * @lon: WGS-84 longitude
 * @lat: WGS-84 latitude
 * @out_lon: (out): BD-09 longitude
 * @out_lat: (out): BD-09 latitude
 */
void
gw_coord_wgs84_to_bd09 (double  lon,
                        double  lat,
                        double *out_lon,
                        double *out_lat)
{
  double glon, glat;

  gw_coord_wgs84_to_gcj02 (lon, lat, &glon, &glat);
  gw_coord_gcj02_to_bd09 (glon, glat, out_lon, out_lat);
}

/**
 * gw_coord_bd09_to_wgs84:
 * @lon: BD-09 longitude
 * @lat: BD-09 latitude
 * @out_lon: (out): WGS-84 longitude
 * @out_lat: (out): WGS-84 latitude
 */
void
gw_coord_bd09_to_wgs84 (double  lon,
                        double  lat,
                        double *out_lon,
                        double *out_lat)
{
  double glon, glat;

  gw_coord_bd09_to_gcj02 (lon, lat, &glon, &glat);
  gw_coord_gcj02_to_wgs84 (glon, glat, out_lon, out_lat);
}

/**
 * gw_coord_mercator_project:
 * @lon: longitude in degrees
 * @lat: latitude in degrees, clamped to ±%GW_MERCATOR_MAX_LAT
 * @x: (out): 0 at 180°W, 1 at 180°E
 * @y: (out): 0 at the north edge, 1 at the south edge (tile order)
 *
 * Spherical Web Mercator (EPSG:3857) normalised to the unit square, so that
 * a pixel at zoom z is x * 256 * 2^z.
 */
void
gw_coord_mercator_project (double  lon,
                           double  lat,
                           double *x,
                           double *y)
{
  double phi;

  g_return_if_fail (x != NULL && y != NULL);

  lat = CLAMP (lat, -GW_MERCATOR_MAX_LAT, GW_MERCATOR_MAX_LAT);
  phi = lat * G_PI / 180.0;
  *x = (lon + 180.0) / 360.0;
  *y = (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

/**
 * gw_coord_mercator_unproject:
 * @x: normalised Web Mercator x
 * @y: normalised Web Mercator y
 * @lon: (out): longitude in degrees
 * @lat: (out): latitude in degrees
 *
 * The inverse of gw_coord_mercator_project().
 */
void
gw_coord_mercator_unproject (double  x,
                             double  y,
                             double *lon,
                             double *lat)
{
  g_return_if_fail (lon != NULL && lat != NULL);

  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

/**
 * gw_coord_haversine_m:
 * @lon1: longitude of the first point
 * @lat1: latitude of the first point
 * @lon2: longitude of the second point
 * @lat2: latitude of the second point
 *
 * Great-circle distance on a sphere of radius %GW_EARTH_RADIUS_M. Within
 * 0.5 % of the ellipsoidal distance everywhere.
 *
 * Returns: the distance in metres
 */
double
gw_coord_haversine_m (double lon1,
                      double lat1,
                      double lon2,
                      double lat2)
{
  double p1 = lat1 * G_PI / 180.0, p2 = lat2 * G_PI / 180.0;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2.0 * GW_EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}
