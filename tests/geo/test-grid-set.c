/* test-grid-set.c: loading, validation and point-in-polygon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gw-grid-set.h"

#include <string.h>

#define SQUARE(x0, y0, x1, y1) \
  "[[" #x0 "," #y0 "],[" #x1 "," #y0 "],[" #x1 "," #y1 "],[" #x0 "," #y1 "],[" #x0 "," #y0 "]]"

#define COUNTY \
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"360102\",\"name\":\"东湖区\"," \
  "\"level\":\"county\",\"parent\":null}," \
  "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[" \
  SQUARE (115.0, 28.0, 116.0, 29.0) "," SQUARE (115.2, 28.2, 115.4, 28.4) "],[" \
  SQUARE (117.0, 28.0, 117.5, 28.5) "]]}}"

#define STREET \
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"360102002\",\"name\":\"滕王阁街道\"," \
  "\"level\":\"street\",\"parent\":\"360102\"}," \
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" SQUARE (115.0, 28.0, 116.0, 29.0) "]}}"

#define COMMUNITY \
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"360102002001\",\"name\":\"民巷社区居委会\"," \
  "\"level\":\"community\",\"parent\":\"360102002\"}," \
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" SQUARE (115.0, 28.0, 116.0, 29.0) "]}}"

#define GRID(serial, x0, x1) \
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"360102002001" serial "\"," \
  "\"name\":\"民巷社区第" serial "网格\",\"level\":\"grid\",\"parent\":\"360102002001\"," \
  "\"leader\":{\"name\":\"王芳\",\"phone\":\"170-0791-0001\"}," \
  "\"workers\":[{\"name\":\"李强\",\"phone\":\"170-0791-0002\"}]}," \
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" SQUARE (x0, 28.0, x1, 29.0) "]}}"

#define GOOD \
  "{\"type\":\"FeatureCollection\",\"attribution\":\"test\",\"features\":[" \
  COUNTY "," STREET "," COMMUNITY "," GRID ("001", 115.0, 115.5) "," GRID ("002", 115.5, 116.0) \
  "]}"

static GwGridSet *
load (const char  *text,
      GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gw_grid_set_new_from_geojson (bytes, error);
}

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGridSet) set = load (GOOD, &error);
  const GwGridFeature *f, *county;
  const GwGridFeature * const *children;
  guint n;

  g_assert_no_error (error);
  g_assert_nonnull (set);
  g_assert_cmpuint (gw_grid_set_get_n_features (set), ==, 5);
  g_assert_cmpstr (gw_grid_set_get_attribution (set), ==, "test");

  county = gw_grid_set_lookup (set, "360102");
  g_assert_nonnull (county);
  g_assert_cmpint (county->level, ==, GW_GRID_LEVEL_COUNTY);
  g_assert_null (county->parent);
  g_assert_cmpuint (county->n_polygons, ==, 2);
  g_assert_cmpuint (county->polygons[0].n_rings, ==, 2);
  g_assert_cmpfloat (county->min_lon, ==, 115.0);
  g_assert_cmpfloat (county->max_lon, ==, 117.5);
  /* 1 - 0.04 + 0.25 square degrees at about 28.75 degrees north */
  g_assert_cmpfloat (county->area_m2, >, 1.0e10);
  g_assert_cmpfloat (county->area_m2, <, 1.4e10);
  g_assert_true (gw_grid_feature_contains (county, county->label_lon, county->label_lat));

  f = gw_grid_set_lookup (set, "360102002001002");
  g_assert_nonnull (f);
  g_assert_cmpstr (f->name, ==, "民巷社区第002网格");
  g_assert_cmpstr (f->parent_code, ==, "360102002001");
  g_assert_true (f->parent == gw_grid_set_lookup (set, "360102002001"));
  g_assert_cmpstr (f->leader->name, ==, "王芳");
  g_assert_cmpuint (f->n_workers, ==, 1);
  g_assert_cmpstr (f->workers[0].phone, ==, "170-0791-0002");
  g_assert_true (gw_grid_feature_contains (f, f->label_lon, f->label_lat));

  children = gw_grid_set_get_children (set, "360102002001", &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (children[0]->code, ==, "360102002001001");
  children = gw_grid_set_get_children (set, NULL, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (children[0] == county);
  g_assert_null (gw_grid_set_get_children (set, "360102002001001", &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (gw_grid_set_lookup (set, "999999"));
  gw_grid_set_get_level (set, GW_GRID_LEVEL_GRID, &n);
  g_assert_cmpuint (n, ==, 2);
}

static void
test_locate (void)
{
  g_autoptr(GwGridSet) set = load (GOOD, NULL);
  const GwGridFeature *f;

  /* inside the county's hole: only the street, which has no hole */
  g_assert_null (gw_grid_set_locate (set, GW_GRID_LEVEL_COUNTY, 115.3, 28.3));
  g_assert_nonnull (gw_grid_set_locate (set, GW_GRID_LEVEL_STREET, 115.3, 28.3));
  /* the second polygon of the multipolygon */
  f = gw_grid_set_locate (set, GW_GRID_LEVEL_COUNTY, 117.2, 28.2);
  g_assert_nonnull (f);
  g_assert_cmpstr (f->code, ==, "360102");
  g_assert_null (gw_grid_set_locate (set, GW_GRID_LEVEL_COUNTY, 116.5, 28.2));
  g_assert_cmpstr (gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, 115.2, 28.5)->code, ==,
                   "360102002001001");
  g_assert_cmpstr (gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, 115.7, 28.5)->code, ==,
                   "360102002001002");
  /* on the shared edge: exactly one of the two */
  for (double y = 28.0001; y < 29.0; y += 0.0173)
    {
      guint hits = 0;

      hits += gw_grid_feature_contains (gw_grid_set_lookup (set, "360102002001001"), 115.5, y);
      hits += gw_grid_feature_contains (gw_grid_set_lookup (set, "360102002001002"), 115.5, y);
      g_assert_cmpuint (hits, ==, 1);
    }
  g_assert_null (gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, 0.0 / 0.0, 28.5));
  g_assert_null (gw_grid_set_locate (set, GW_GRID_LEVEL_GRID, 114.0, 28.5));
}

static void
test_concave (void)
{
  /* a U shape: the notch is outside, the label point inside */
  const char *text =
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
    "\"properties\":{\"code\":\"360103\",\"name\":\"西湖区\",\"level\":\"county\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[3,0],[3,3],[2,3],[2,1],"
    "[1,1],[1,3],[0,3],[0,0]]]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGridSet) set = load (text, &error);
  const GwGridFeature *f;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  g_assert_no_error (error);
  f = gw_grid_set_lookup (set, "360103");
  g_assert_true (gw_grid_feature_contains (f, 0.5, 2.5));
  g_assert_true (gw_grid_feature_contains (f, 2.5, 2.5));
  g_assert_false (gw_grid_feature_contains (f, 1.5, 2.0));
  g_assert_true (gw_grid_feature_contains (f, 1.5, 0.5));
  g_assert_true (gw_grid_feature_contains (f, f->label_lon, f->label_lat));
  for (guint i = 0; i < 1000; i++)
    {
      double lon, lat;

      g_assert_true (gw_grid_set_random_point (f, rand, &lon, &lat));
      g_assert_true (gw_grid_feature_contains (f, lon, lat));
    }
}

static void
test_random_point_multi (void)
{
  g_autoptr(GwGridSet) set = load (GOOD, NULL);
  const GwGridFeature *county = gw_grid_set_lookup (set, "360102");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint in_second = 0, n = 4000;

  for (guint i = 0; i < n; i++)
    {
      double lon, lat;

      g_assert_true (gw_grid_set_random_point (county, rand, &lon, &lat));
      g_assert_true (gw_grid_feature_contains (county, lon, lat));
      in_second += lon > 116.5;
    }
  /* the small square is 0.25 of 1.21 square degrees: about 826 of 4000 */
  g_assert_cmpuint (in_second, >, 700);
  g_assert_cmpuint (in_second, <, 950);
}

typedef struct
{
  const char *name;
  const char *text;
  GwGeoError  code;
  const char *message_part;
} BadCase;

#define COLL(features) "{\"type\":\"FeatureCollection\",\"features\":[" features "]}"
#define FEAT(props, geom) \
  "{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":" geom "}"
#define CP "\"code\":\"360102\",\"name\":\"东湖区\",\"level\":\"county\""
#define POLY(ring) "{\"type\":\"Polygon\",\"coordinates\":[" ring "]}"
#define SQ SQUARE (115.0, 28.0, 116.0, 29.0)

static const BadCase bad_cases[] = {
  { "whitespace only", "  \n ", GW_GEO_ERROR_INVALID_JSON, "unexpected end" },
  { "garbage", "<html>", GW_GEO_ERROR_INVALID_JSON, "byte 0" },
  { "single quotes", "{'type':'FeatureCollection','features':[]}", GW_GEO_ERROR_INVALID_JSON,
    "member name" },
  { "comment", "/* c */" COLL (""), GW_GEO_ERROR_INVALID_JSON, "byte 0" },
  { "two values", COLL ("") COLL (""), GW_GEO_ERROR_INVALID_JSON, "text after" },
  { "trailing comma", COLL (FEAT (CP, POLY (SQ)) ","), GW_GEO_ERROR_INVALID_JSON, NULL },
  { "leading zero", COLL (FEAT (CP, POLY ("[[115,28],[116,28],[116,029],[115,28]]"))),
    GW_GEO_ERROR_INVALID_JSON, "leading zero" },
  { "control character", "{\"type\":\"Feature\tCollection\"}", GW_GEO_ERROR_INVALID_JSON,
    "control" },
  { "bad escape", "{\"type\":\"\\x41\"}", GW_GEO_ERROR_INVALID_JSON, "escape" },
  { "invalid UTF-8", "{\"type\":\"\xff\xfe\"}", GW_GEO_ERROR_INVALID_JSON, "UTF-8" },
  { "root array", "[]", GW_GEO_ERROR_INVALID_COLLECTION, "object" },
  { "root string", "\"FeatureCollection\"", GW_GEO_ERROR_INVALID_COLLECTION, "object" },
  { "wrong collection type", "{\"type\":\"Feature\",\"features\":[]}",
    GW_GEO_ERROR_INVALID_COLLECTION, "FeatureCollection" },
  { "no features", "{\"type\":\"FeatureCollection\"}", GW_GEO_ERROR_INVALID_COLLECTION,
    "features" },
  { "features object", "{\"type\":\"FeatureCollection\",\"features\":{}}",
    GW_GEO_ERROR_INVALID_COLLECTION, "features" },
  { "feature not object", COLL ("42"), GW_GEO_ERROR_INVALID_FEATURE, "feature 0: not an object" },
  { "feature wrong type", COLL ("{\"type\":\"Point\"}"), GW_GEO_ERROR_INVALID_FEATURE, "Point" },
  { "no properties", COLL ("{\"type\":\"Feature\",\"geometry\":" POLY (SQ) "}"),
    GW_GEO_ERROR_INVALID_FEATURE, "properties" },
  { "code is a number", COLL (FEAT ("\"code\":360102,\"name\":\"x\",\"level\":\"county\"",
                                    POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "“code” must be a string" },
  { "code wrong length", COLL (FEAT ("\"code\":\"3601021\",\"name\":\"x\",\"level\":\"county\"",
                                     POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "6 digits" },
  { "code not digits", COLL (FEAT ("\"code\":\"36010a\",\"name\":\"x\",\"level\":\"county\"",
                                   POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "6 digits" },
  { "unknown level", COLL (FEAT ("\"code\":\"360102\",\"name\":\"x\",\"level\":\"city\"",
                                 POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "feature 0 (360102): level “city”" },
  { "missing name", COLL (FEAT ("\"code\":\"360102\",\"level\":\"county\"", POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "“name” is missing" },
  { "empty name", COLL (FEAT ("\"code\":\"360102\",\"name\":\"\",\"level\":\"county\"",
                              POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "1..200" },
  { "county with parent", COLL (FEAT (CP ",\"parent\":\"360101\"", POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "no parent" },
  { "street without parent", COLL (FEAT ("\"code\":\"360102002\",\"name\":\"x\","
                                         "\"level\":\"street\"", POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "“parent” must be a string" },
  { "parent not a prefix", COLL (FEAT ("\"code\":\"360102002\",\"name\":\"x\","
                                       "\"level\":\"street\",\"parent\":\"360103\"", POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "first 6 digits" },
  { "unknown parent", COLL (FEAT ("\"code\":\"360102002\",\"name\":\"x\","
                                  "\"level\":\"street\",\"parent\":\"360102\"", POLY (SQ))),
    GW_GEO_ERROR_UNKNOWN_PARENT, "feature 0 (360102002): there is no parent 360102" },
  { "duplicate code", COLL (FEAT (CP, POLY (SQ)) "," FEAT (CP, POLY (SQ))),
    GW_GEO_ERROR_DUPLICATE_CODE, "feature 1 (360102): the code is also used by feature 0" },
  { "leader on a county", COLL (FEAT (CP ",\"leader\":{\"name\":\"a\",\"phone\":\"1\"}",
                                      POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "only a grid" },
  { "worker without phone", COLL (FEAT (CP ",\"workers\":[{\"name\":\"a\"}]", POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, NULL },
  { "workers not an array", COLL (FEAT (CP ",\"workers\":\"a\"", POLY (SQ))),
    GW_GEO_ERROR_INVALID_FEATURE, "“workers” must be an array" },
  { "no geometry", COLL ("{\"type\":\"Feature\",\"properties\":{" CP "}}"),
    GW_GEO_ERROR_INVALID_GEOMETRY, "“geometry” must be an object" },
  { "null geometry", COLL (FEAT (CP, "null")), GW_GEO_ERROR_INVALID_GEOMETRY, "geometry" },
  { "point geometry", COLL (FEAT (CP, "{\"type\":\"Point\",\"coordinates\":[115,28]}")),
    GW_GEO_ERROR_INVALID_GEOMETRY, "“Point” is not Polygon" },
  { "coordinates missing", COLL (FEAT (CP, "{\"type\":\"Polygon\"}")),
    GW_GEO_ERROR_INVALID_GEOMETRY, "coordinates" },
  { "polygon without rings", COLL (FEAT (CP, POLY (""))), GW_GEO_ERROR_INVALID_GEOMETRY,
    "no ring" },
  { "empty multipolygon", COLL (FEAT (CP, "{\"type\":\"MultiPolygon\",\"coordinates\":[]}")),
    GW_GEO_ERROR_INVALID_GEOMETRY, "no polygon" },
  { "ring of 3", COLL (FEAT (CP, POLY ("[[115,28],[116,28],[115,28]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "3 positions, fewer than 4" },
  { "unclosed ring", COLL (FEAT (CP, POLY ("[[115,28],[116,28],[116,29],[115,29]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "not closed" },
  { "flat ring", COLL (FEAT (CP, POLY ("[[115,28],[116,28],[117,28],[115,28]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "no area" },
  { "position is a number", COLL (FEAT (CP, POLY ("[115,28,116,28]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "not an array" },
  { "position of 1", COLL (FEAT (CP, POLY ("[[115],[116,28],[116,29],[115]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "1 numbers" },
  { "coordinate is a string", COLL (FEAT (CP, POLY ("[[\"115\",28],[116,28],[116,29],[115,28]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "not a number" },
  { "coordinate is null", COLL (FEAT (CP, POLY ("[[null,28],[116,28],[116,29],[115,28]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "not a number" },
  { "infinite coordinate", COLL (FEAT (CP, POLY ("[[1e99999,28],[116,28],[116,29],[115,28]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "finite" },
  { "longitude 181", COLL (FEAT (CP, POLY ("[[181,28],[116,28],[116,29],[181,28]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "longitude 181" },
  { "latitude -91", COLL (FEAT (CP, POLY ("[[115,-91],[116,28],[116,29],[115,-91]]"))),
    GW_GEO_ERROR_INVALID_GEOMETRY, "latitude -91" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGridSet) set = load (c->text, &error);

  g_assert_null (set);
  g_assert_error (error, GW_GEO_ERROR, (gint) c->code);
  if (c->message_part != NULL && strstr (error->message, c->message_part) == NULL)
    g_error ("%s: “%s” does not mention “%s”", c->name, error->message, c->message_part);
}

static void
test_empty_bytes (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  g_assert_null (gw_grid_set_new_from_geojson (bytes, &error));
  g_assert_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_JSON);
}

static void
test_embedded_nul (void)
{
  static const char text[] = "{\"type\":\"FeatureCollection\",\"features\":[]}\0{}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;

  g_assert_null (gw_grid_set_new_from_geojson (bytes, &error));
  g_assert_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_JSON);
}

static void
test_deep_nesting (void)
{
  gsize n = 200000;
  g_autofree char *text = g_malloc (2 * n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  memset (text, '[', n);
  memset (text + n, ']', n);
  bytes = g_bytes_new_static (text, 2 * n);
  g_assert_null (gw_grid_set_new_from_geojson (bytes, &error));
  g_assert_error (error, GW_GEO_ERROR, GW_GEO_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

static void
test_long_name (void)
{
  g_autoptr(GString) text = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGridSet) set = NULL;

  g_string_append (text, "{\"type\":\"Feature\",\"properties\":{\"code\":\"360102\","
                         "\"level\":\"county\",\"name\":\"");
  for (guint i = 0; i < 201; i++)
    g_string_append (text, "区");
  g_string_append (text, "\"},\"geometry\":" POLY (SQ) "}]}");
  set = load (text->str, &error);
  g_assert_null (set);
  g_assert_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_FEATURE);
}

static void
test_too_many_workers (void)
{
  g_autoptr(GString) text = g_string_new (COLL (COUNTY "," STREET "," COMMUNITY ","));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGridSet) set = NULL;

  g_string_truncate (text, text->len - 2);
  g_string_append (text, "{\"type\":\"Feature\",\"properties\":{\"code\":\"360102002001001\","
                         "\"name\":\"g\",\"level\":\"grid\",\"parent\":\"360102002001\","
                         "\"workers\":[");
  for (guint i = 0; i < GW_GRID_SET_MAX_WORKERS + 1; i++)
    g_string_append_printf (text, "%s{\"name\":\"a\",\"phone\":\"1\"}", i ? "," : "");
  g_string_append (text, "]},\"geometry\":" POLY (SQ) "}]}");
  set = load (text->str, &error);
  g_assert_null (set);
  g_assert_error (error, GW_GEO_ERROR, GW_GEO_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "feature 3 (360102002001001)"));
}

/* Every prefix of a valid document is rejected cleanly, never a crash. */
static void
test_truncated (void)
{
  gsize len = strlen (GOOD);

  for (gsize i = 0; i < len; i += 7)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (GOOD, i);
      g_autoptr(GError) error = NULL;

      g_assert_null (gw_grid_set_new_from_geojson (bytes, &error));
      g_assert_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_JSON);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geo/grid-set/good", test_good);
  g_test_add_func ("/geo/grid-set/locate", test_locate);
  g_test_add_func ("/geo/grid-set/concave", test_concave);
  g_test_add_func ("/geo/grid-set/random-point-multi", test_random_point_multi);
  g_test_add_func ("/geo/grid-set/empty-bytes", test_empty_bytes);
  g_test_add_func ("/geo/grid-set/embedded-nul", test_embedded_nul);
  g_test_add_func ("/geo/grid-set/deep-nesting", test_deep_nesting);
  g_test_add_func ("/geo/grid-set/long-name", test_long_name);
  g_test_add_func ("/geo/grid-set/too-many-workers", test_too_many_workers);
  g_test_add_func ("/geo/grid-set/truncated", test_truncated);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/geo/grid-set/bad/%s", bad_cases[i].name);

      g_strdelimit (path + strlen ("/geo/grid-set/bad/"), " ", '-');
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  return g_test_run ();
}
