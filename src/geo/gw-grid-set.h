/* gw-grid-set.h: the grid polygons of a centre (GET /v1/grids)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GW_GEO_ERROR (gw_geo_error_quark ())

/**
 * GwGeoError:
 * @GW_GEO_ERROR_INVALID_JSON: the text is not strict JSON (RFC 8259)
 * @GW_GEO_ERROR_TOO_LARGE: a size or nesting limit is exceeded
 * @GW_GEO_ERROR_INVALID_COLLECTION: the root is not a FeatureCollection
 * @GW_GEO_ERROR_INVALID_FEATURE: a feature or one of its properties is wrong
 * @GW_GEO_ERROR_INVALID_GEOMETRY: a geometry is wrong
 * @GW_GEO_ERROR_DUPLICATE_CODE: two features share a code
 * @GW_GEO_ERROR_UNKNOWN_PARENT: a parent code names no feature of the level above
 */
typedef enum
{
  GW_GEO_ERROR_INVALID_JSON,
  GW_GEO_ERROR_TOO_LARGE,
  GW_GEO_ERROR_INVALID_COLLECTION,
  GW_GEO_ERROR_INVALID_FEATURE,
  GW_GEO_ERROR_INVALID_GEOMETRY,
  GW_GEO_ERROR_DUPLICATE_CODE,
  GW_GEO_ERROR_UNKNOWN_PARENT,
} GwGeoError;

GQuark gw_geo_error_quark (void);

/* Limits on untrusted input; a real city is far below them. */
#define GW_GRID_SET_MAX_BYTES    (256 * 1024 * 1024)
#define GW_GRID_SET_MAX_DEPTH    32
#define GW_GRID_SET_MAX_FEATURES 500000
#define GW_GRID_SET_MAX_POINTS   (20 * 1000 * 1000)
#define GW_GRID_SET_MAX_WORKERS  64

/**
 * GwGridLevel:
 * @GW_GRID_LEVEL_COUNTY: 区/县, 6-digit code
 * @GW_GRID_LEVEL_STREET: 街道/乡镇, 9-digit code
 * @GW_GRID_LEVEL_COMMUNITY: 社区/村, 12-digit code
 * @GW_GRID_LEVEL_GRID: 网格, 15-digit code
 */
typedef enum
{
  GW_GRID_LEVEL_COUNTY,
  GW_GRID_LEVEL_STREET,
  GW_GRID_LEVEL_COMMUNITY,
  GW_GRID_LEVEL_GRID,
} GwGridLevel;

#define GW_GRID_N_LEVELS 4

const char *gw_grid_level_to_string   (GwGridLevel  level);
gboolean    gw_grid_level_from_string (const char  *str,
                                       GwGridLevel *level);
guint       gw_grid_level_code_length (GwGridLevel  level);

/**
 * GwGridPerson:
 * @name: the person's name
 * @phone: the phone number, as sent
 */
typedef struct
{
  char *name;
  char *phone;
} GwGridPerson;

/**
 * GwGridRing:
 * @coords: @n_points (lon, lat) pairs, interleaved; closed (last == first)
 * @n_points: number of points, at least 4
 */
typedef struct
{
  double *coords;
  guint   n_points;
} GwGridRing;

/**
 * GwGridPolygon:
 * @rings: the exterior ring first, then the holes
 * @n_rings: at least 1
 */
typedef struct
{
  GwGridRing *rings;
  guint       n_rings;
} GwGridPolygon;

typedef struct _GwGridFeature GwGridFeature;

/**
 * GwGridFeature:
 * @index: position in the set, 0 .. n-1, in file order
 * @code: the division code
 * @name: the name
 * @level: the level
 * @parent_code: the parent's code, %NULL for a county
 * @parent: the parent feature, %NULL for a county
 * @leader: (nullable): the grid leader (grids only)
 * @workers: @n_workers grid workers (grids only)
 * @polygons: @n_polygons polygons (a Polygon has one)
 * @min_lon: bounding box
 * @min_lat: bounding box
 * @max_lon: bounding box
 * @max_lat: bounding box
 * @label_lon: a point inside the feature, far from its edges, for a label
 * @label_lat: see @label_lon
 * @area_m2: area in square metres (holes subtracted)
 *
 * One feature of a #GwGridSet. Owned by the set and read-only; valid as long
 * as the set is.
 */
struct _GwGridFeature
{
  guint           index;
  char           *code;
  char           *name;
  GwGridLevel     level;
  char           *parent_code;
  GwGridFeature  *parent;
  GwGridPerson   *leader;
  GwGridPerson   *workers;
  guint           n_workers;
  GwGridPolygon  *polygons;
  guint           n_polygons;
  double          min_lon, min_lat, max_lon, max_lat;
  double          label_lon, label_lat;
  double          area_m2;

  /*< private >*/
  GPtrArray      *children;
};

gboolean gw_grid_feature_contains (const GwGridFeature *feature,
                                   double               lon,
                                   double               lat);

/**
 * GwGridSet:
 *
 * An immutable, reference-counted set of grid features with a spatial index
 * per level. Thread-safe to read from several threads once built.
 */
typedef struct _GwGridSet GwGridSet;

#define GW_TYPE_GRID_SET (gw_grid_set_get_type ())
GType gw_grid_set_get_type (void) G_GNUC_CONST;

GwGridSet           *gw_grid_set_new_from_geojson (GBytes       *bytes,
                                                   GError      **error);
GwGridSet           *gw_grid_set_ref              (GwGridSet    *self);
void                 gw_grid_set_unref            (GwGridSet    *self);

guint                gw_grid_set_get_n_features   (GwGridSet    *self);
const GwGridFeature *gw_grid_set_get_feature      (GwGridSet    *self,
                                                   guint         index);
const GwGridFeature *gw_grid_set_lookup           (GwGridSet    *self,
                                                   const char   *code);
const GwGridFeature * const *
                     gw_grid_set_get_children     (GwGridSet    *self,
                                                   const char   *code,
                                                   guint        *n_children);
const GwGridFeature * const *
                     gw_grid_set_get_level        (GwGridSet    *self,
                                                   GwGridLevel   level,
                                                   guint        *n_features);
const char          *gw_grid_set_get_attribution  (GwGridSet    *self);
const GwGridFeature *gw_grid_set_locate           (GwGridSet    *self,
                                                   GwGridLevel   level,
                                                   double        lon,
                                                   double        lat);
gboolean             gw_grid_set_random_point     (const GwGridFeature *feature,
                                                   GRand               *rand,
                                                   double              *lon,
                                                   double              *lat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwGridSet, gw_grid_set_unref)

G_END_DECLS
