/* gw-coord.h: coordinate systems used by Chinese maps, Web Mercator and distances
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GW_EARTH_RADIUS_M:
 *
 * Mean Earth radius (IUGG R1) used by gw_coord_haversine_m().
 */
#define GW_EARTH_RADIUS_M 6371008.8

/**
 * GW_MERCATOR_MAX_LAT:
 *
 * Latitude at which Web Mercator is square; latitudes beyond are clamped.
 */
#define GW_MERCATOR_MAX_LAT 85.05112877980659

gboolean gw_coord_out_of_china (double  lon,
                                double  lat);

void     gw_coord_wgs84_to_gcj02 (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gw_coord_gcj02_to_wgs84 (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gw_coord_gcj02_to_bd09  (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gw_coord_bd09_to_gcj02  (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gw_coord_wgs84_to_bd09  (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gw_coord_bd09_to_wgs84  (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);

void     gw_coord_mercator_project   (double  lon,
                                      double  lat,
                                      double *x,
                                      double *y);
void     gw_coord_mercator_unproject (double  x,
                                      double  y,
                                      double *lon,
                                      double *lat);

double   gw_coord_haversine_m (double lon1,
                               double lat1,
                               double lon2,
                               double lat2);

G_END_DECLS
