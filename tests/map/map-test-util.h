/* map-test-util.h: what the map's window tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "feed-test-util.h"
#include "gw-grid-set.h"
#include "gw-map-view.h"

G_BEGIN_DECLS

/* A feed of @store on @center, as the wall, once connected. */
GwFeed     *map_test_connect     (GwTestCenter *center,
                                  GwCaseStore  *store);
/* The demo city (GRIDWALL_DEMO_CITY). */
GwGridSet  *map_test_load_city   (void);
/* What @map shows now (its current nodes), rendered by its window's renderer. */
GdkTexture *map_test_render      (GwMapView    *map);
/* Reports a road case at (@lon, @lat) through the centre's test hook. */
void        map_test_report_case (GwTestCenter *center,
                                  double        lon,
                                  double        lat,
                                  const char   *priority);

G_END_DECLS
