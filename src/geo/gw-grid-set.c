/* gw-grid-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-geo"

#include "gw-grid-set.h"
#include "gw-event.h"
#include "gw-json-check.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define STR_NODE_CAPACITY 16
#define MAX_NAME_CHARS    200
#define MAX_PHONE_CHARS   40

G_DEFINE_QUARK (gw-geo-error-quark, gw_geo_error)

/* A node of a packed STR R-tree. Leaves have count 0 and first is the
 * feature index; inner nodes list count children from first. */
typedef struct
{
  double min_x, min_y, max_x, max_y;
  guint  first;
  guint  count;
} StrNode;

typedef struct
{
  StrNode *nodes;
  guint    n_nodes;
  guint    root;
} StrTree;

struct _GwGridSet
{
  gatomicrefcount  ref_count;
  GwGridFeature   *features;
  guint            n_features;
  GHashTable      *by_code;
  GPtrArray       *levels[GW_GRID_N_LEVELS];
  StrTree          index[GW_GRID_N_LEVELS];
  GPtrArray       *counties;
  char            *attribution;
};

G_DEFINE_BOXED_TYPE (GwGridSet, gw_grid_set, gw_grid_set_ref, gw_grid_set_unref)

static const char * const level_names[GW_GRID_N_LEVELS] = {
  "county", "street", "community", "grid",
};

/**
 * gw_grid_level_to_string:
 * @level: a level
 *
 * Returns: the protocol name of @level (`county`, `street`, `community`, `grid`)
 */
const char *
gw_grid_level_to_string (GwGridLevel level)
{
  g_return_val_if_fail (level < GW_GRID_N_LEVELS, NULL);
  return level_names[level];
}

/**
 * gw_grid_level_from_string:
 * @str: a protocol level name
 * @level: (out): the level
 *
 * Returns: %TRUE if @str names a level
 */
gboolean
gw_grid_level_from_string (const char  *str,
                           GwGridLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);

  for (guint i = 0; str != NULL && i < GW_GRID_N_LEVELS; i++)
    {
      if (g_str_equal (str, level_names[i]))
        {
          *level = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * gw_grid_level_code_length:
 * @level: a level
 *
 * Returns: the number of digits of a code at @level: 6, 9, 12 or 15
 */
guint
gw_grid_level_code_length (GwGridLevel level)
{
  g_return_val_if_fail (level < GW_GRID_N_LEVELS, 0);
  return 6 + 3 * level;
}

/* ---- geometry ---------------------------------------------------------- */

static gboolean
ring_contains (const GwGridRing *ring,
               double            x,
               double            y)
{
  gboolean inside = FALSE;
  const double *c = ring->coords;

  /* Crossing number with each edge taken lower end first, so that two
   * polygons sharing an edge compute the very same crossing and a point on
   * the edge belongs to exactly one of them. */
  for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
    {
      double xa = c[2 * j], ya = c[2 * j + 1], xb = c[2 * i], yb = c[2 * i + 1];

      if ((ya > y) == (yb > y))
        continue;
      if (ya > yb)
        {
          double t;

          t = xa, xa = xb, xb = t;
          t = ya, ya = yb, yb = t;
        }
      if (x < xa + (y - ya) * (xb - xa) / (yb - ya))
        inside = !inside;
    }
  return inside;
}

static gboolean
polygon_contains (const GwGridPolygon *polygon,
                  double               x,
                  double               y)
{
  gboolean inside = FALSE;

  for (guint r = 0; r < polygon->n_rings; r++)
    if (ring_contains (&polygon->rings[r], x, y))
      inside = !inside;
  return inside;
}

/**
 * gw_grid_feature_contains:
 * @feature: a feature
 * @lon: longitude
 * @lat: latitude
 *
 * Point in polygon (even-odd over all rings, holes included). A point on an
 * edge shared by two features of a partition is inside exactly one of them.
 *
 * Returns: %TRUE if the point is inside @feature
 */
gboolean
gw_grid_feature_contains (const GwGridFeature *feature,
                          double               lon,
                          double               lat)
{
  g_return_val_if_fail (feature != NULL, FALSE);

  if (lon < feature->min_lon || lon > feature->max_lon ||
      lat < feature->min_lat || lat > feature->max_lat)
    return FALSE;
  for (guint p = 0; p < feature->n_polygons; p++)
    if (polygon_contains (&feature->polygons[p], lon, lat))
      return TRUE;
  return FALSE;
}

/* Shoelace area in square degrees, positive when counterclockwise. */
static double
ring_signed_area (const GwGridRing *ring)
{
  double sum = 0;
  const double *c = ring->coords;

  for (guint i = 0; i + 1 < ring->n_points; i++)
    sum += (c[2 * i] - c[0]) * (c[2 * i + 3] - c[1]) - (c[2 * i + 2] - c[0]) * (c[2 * i + 1] - c[1]);
  return sum / 2;
}

static double
polygon_area_deg2 (const GwGridPolygon *polygon)
{
  double area = fabs (ring_signed_area (&polygon->rings[0]));

  for (guint r = 1; r < polygon->n_rings; r++)
    area -= fabs (ring_signed_area (&polygon->rings[r]));
  return MAX (area, 0);
}

static double
deg2_to_m2 (double area_deg2,
            double lat)
{
  double m_per_deg = 6371008.8 * G_PI / 180.0;

  return area_deg2 * m_per_deg * m_per_deg * cos (lat * G_PI / 180.0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Widest interior run of the horizontal line at @y; returns its width. */
static double
widest_run (const GwGridFeature *f,
            double               y,
            GArray              *xs,
            double              *mid_x)
{
  double best = -1;

  for (guint p = 0; p < f->n_polygons; p++)
    {
      const GwGridPolygon *poly = &f->polygons[p];

      g_array_set_size (xs, 0);
      for (guint r = 0; r < poly->n_rings; r++)
        {
          const double *c = poly->rings[r].coords;
          guint n = poly->rings[r].n_points;

          for (guint i = 0, j = n - 1; i < n; j = i++)
            {
              double xa = c[2 * j], ya = c[2 * j + 1], xb = c[2 * i], yb = c[2 * i + 1];
              double x;

              if ((ya > y) == (yb > y))
                continue;
              x = xa + (y - ya) * (xb - xa) / (yb - ya);
              g_array_append_val (xs, x);
            }
        }
      g_array_sort (xs, compare_doubles);
      for (guint i = 0; i + 1 < xs->len; i += 2)
        {
          double a = g_array_index (xs, double, i), b = g_array_index (xs, double, i + 1);

          if (b - a > best)
            {
              best = b - a;
              *mid_x = (a + b) / 2;
            }
        }
    }
  return best;
}

/* A label point: the middle of the widest interior run over a few scan
 * lines, like GEOS's interior point; cheap and always inside. */
static void
compute_label (GwGridFeature *f)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  double best = -1;

  f->label_lon = (f->min_lon + f->max_lon) / 2;
  f->label_lat = (f->min_lat + f->max_lat) / 2;
  for (guint k = 1; k < 16; k++)
    {
      double y = f->min_lat + (f->max_lat - f->min_lat) * (k / 16.0 + 1e-7);
      double x = 0, w = widest_run (f, y, xs, &x);
      /* Prefer runs near the middle: they tend to have room above and below. */
      double score = w * (1.0 - 0.5 * fabs (k / 8.0 - 1.0));

      if (w > 0 && score > best)
        {
          best = score;
          f->label_lon = x;
          f->label_lat = y;
        }
    }
}

/* ---- STR tree ---------------------------------------------------------- */

static int
compare_x (gconstpointer a,
           gconstpointer b)
{
  const StrNode *p = a, *q = b;
  double x = p->min_x + p->max_x, y = q->min_x + q->max_x;

  return x < y ? -1 : x > y ? 1 : (p->first > q->first) - (p->first < q->first);
}

static int
compare_y (gconstpointer a,
           gconstpointer b)
{
  const StrNode *p = a, *q = b;
  double x = p->min_y + p->max_y, y = q->min_y + q->max_y;

  return x < y ? -1 : x > y ? 1 : (p->first > q->first) - (p->first < q->first);
}

/* Sort-tile-recursive packing of the @n nodes from @from in @all; appends
 * the parent level and returns its first index. */
static guint
str_pack_level (GArray *all,
                guint   from,
                guint   n)
{
  guint n_parents = (n + STR_NODE_CAPACITY - 1) / STR_NODE_CAPACITY;
  guint n_slices = (guint) ceil (sqrt (n_parents));
  guint slice = n_slices * STR_NODE_CAPACITY;
  guint first_parent = all->len;
  StrNode *level = &g_array_index (all, StrNode, from);

  qsort (level, n, sizeof (StrNode), compare_x);
  for (guint s = 0; s < n; s += slice)
    qsort (level + s, MIN (slice, n - s), sizeof (StrNode), compare_y);
  for (guint i = 0; i < n; i += STR_NODE_CAPACITY)
    {
      StrNode parent = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, from + i,
                         MIN (STR_NODE_CAPACITY, n - i) };

      for (guint k = 0; k < parent.count; k++)
        {
          const StrNode *c = &g_array_index (all, StrNode, from + i + k);

          parent.min_x = MIN (parent.min_x, c->min_x);
          parent.min_y = MIN (parent.min_y, c->min_y);
          parent.max_x = MAX (parent.max_x, c->max_x);
          parent.max_y = MAX (parent.max_y, c->max_y);
        }
      g_array_append_val (all, parent);
    }
  return first_parent;
}

static void
str_build (StrTree   *tree,
           GPtrArray *features)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (StrNode));
  guint from = 0, n = features->len;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      const GwGridFeature *f = g_ptr_array_index (features, i);
      StrNode leaf = { f->min_lon, f->min_lat, f->max_lon, f->max_lat, f->index, 0 };

      g_array_append_val (all, leaf);
    }
  /* Leaves are always packed under at least one inner node. */
  do
    {
      guint next = str_pack_level (all, from, n);

      n = all->len - next;
      from = next;
    }
  while (n > 1);
  tree->n_nodes = all->len;
  tree->root = all->len - 1;
  tree->nodes = (StrNode *) g_array_free (g_steal_pointer (&all), FALSE);
}

static void
str_locate (GwGridSet     *self,
            const StrTree *tree,
            guint          node,
            double         x,
            double         y,
            guint         *best)
{
  const StrNode *n = &tree->nodes[node];

  if (x < n->min_x || x > n->max_x || y < n->min_y || y > n->max_y)
    return;
  if (n->count == 0)
    {
      if (n->first < *best && gw_grid_feature_contains (&self->features[n->first], x, y))
        *best = n->first;
      return;
    }
  for (guint i = 0; i < n->count; i++)
    str_locate (self, tree, n->first + i, x, y, best);
}

/* ---- loading ----------------------------------------------------------- */

typedef struct
{
  guint          index;
  const char    *code;
  guint          n_points;
  GError       **error;
} Loader;

static gboolean G_GNUC_PRINTF (3, 4)
feature_error (Loader     *l,
               GwGeoError  code,
               const char *format,
               ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (l->code != NULL)
    g_set_error (l->error, GW_GEO_ERROR, code, "feature %u (%s): %s", l->index, l->code, what);
  else
    g_set_error (l->error, GW_GEO_ERROR, code, "feature %u: %s", l->index, what);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;
}

/* A string member: returns NULL (and sets the error) if it is missing, not a
 * string, empty or longer than @max_chars. */
static const char *
get_string (Loader     *l,
            JsonObject *object,
            const char *name,
            const char *where,
            guint       max_chars)
{
  JsonNode *node = get_member (object, name);
  const char *s;

  if (node == NULL)
    {
      feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "%s “%s” is missing", where, name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "%s “%s” must be a string", where, name);
      return NULL;
    }
  s = json_node_get_string (node);
  if (s[0] == '\0' || g_utf8_strlen (s, -1) > max_chars)
    {
      feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "%s “%s” must have 1..%u characters",
                     where, name, max_chars);
      return NULL;
    }
  return s;
}

static gboolean
read_position (Loader   *l,
               JsonNode *node,
               double   *out)
{
  JsonArray *pos;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a position is not an array");
  pos = json_node_get_array (node);
  n = json_array_get_length (pos);
  if (n < 2 || n > 3)
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY,
                          "a position has %u numbers, not 2 or 3", n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *v = json_array_get_element (pos, i);
      GType t = JSON_NODE_HOLDS_VALUE (v) ? json_node_get_value_type (v) : G_TYPE_INVALID;
      double d;

      if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a coordinate is not a number");
      d = json_node_get_double (v);
      if (!isfinite (d))
        return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a coordinate is not finite");
      if (i == 0 && (d < -180 || d > 180))
        return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY,
                              "longitude %g is outside -180..180", d);
      if (i == 1 && (d < -90 || d > 90))
        return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY,
                              "latitude %g is outside -90..90", d);
      if (i < 2)
        out[i] = d;
    }
  return TRUE;
}

static gboolean
read_ring (Loader     *l,
           JsonNode   *node,
           GwGridRing *ring)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a ring is not an array");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < 4)
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY,
                          "a ring has %u positions, fewer than 4", n);
  if (n > GW_GRID_SET_MAX_POINTS - l->n_points)
    return feature_error (l, GW_GEO_ERROR_TOO_LARGE, "more than %u positions in all",
                          GW_GRID_SET_MAX_POINTS);
  l->n_points += n;
  ring->coords = g_new (double, 2 * (gsize) n);
  ring->n_points = n;
  for (guint i = 0; i < n; i++)
    if (!read_position (l, json_array_get_element (array, i), ring->coords + 2 * i))
      return FALSE;
  if (ring->coords[0] != ring->coords[2 * n - 2] || ring->coords[1] != ring->coords[2 * n - 1])
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY,
                          "a ring is not closed (its last position differs from its first)");
  return TRUE;
}

static gboolean
read_polygon (Loader        *l,
              JsonNode      *node,
              GwGridPolygon *polygon)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a polygon is not an array of rings");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a polygon has no ring");
  polygon->rings = g_new0 (GwGridRing, n);
  polygon->n_rings = n;
  for (guint r = 0; r < n; r++)
    if (!read_ring (l, json_array_get_element (array, r), &polygon->rings[r]))
      return FALSE;
  if (ring_signed_area (&polygon->rings[0]) == 0)
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "an exterior ring has no area");
  return TRUE;
}

static gboolean
read_geometry (Loader        *l,
               JsonObject    *feature,
               GwGridFeature *f)
{
  JsonNode *node = get_member (feature, "geometry");
  JsonObject *geometry;
  JsonNode *coords;
  const char *type;
  gboolean multi;
  JsonArray *polys;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "“geometry” must be an object");
  geometry = json_node_get_object (node);
  if ((type = get_string (l, geometry, "type", "geometry member", 32)) == NULL)
    return FALSE;
  if (!g_str_equal (type, "Polygon") && !g_str_equal (type, "MultiPolygon"))
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY,
                          "geometry type “%s” is not Polygon or MultiPolygon", type);
  multi = g_str_equal (type, "MultiPolygon");
  coords = get_member (geometry, "coordinates");
  if (coords == NULL || !JSON_NODE_HOLDS_ARRAY (coords))
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "“coordinates” must be an array");
  if (!multi)
    {
      f->polygons = g_new0 (GwGridPolygon, 1);
      f->n_polygons = 1;
      return read_polygon (l, coords, &f->polygons[0]);
    }
  polys = json_node_get_array (coords);
  if (json_array_get_length (polys) == 0)
    return feature_error (l, GW_GEO_ERROR_INVALID_GEOMETRY, "a MultiPolygon has no polygon");
  f->n_polygons = json_array_get_length (polys);
  f->polygons = g_new0 (GwGridPolygon, f->n_polygons);
  for (guint p = 0; p < f->n_polygons; p++)
    if (!read_polygon (l, json_array_get_element (polys, p), &f->polygons[p]))
      return FALSE;
  return TRUE;
}

static gboolean
read_person (Loader       *l,
             JsonNode     *node,
             const char   *where,
             GwGridPerson *person)
{
  JsonObject *object;
  const char *name, *phone;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "%s must be an object", where);
  object = json_node_get_object (node);
  if ((name = get_string (l, object, "name", where, MAX_NAME_CHARS)) == NULL ||
      (phone = get_string (l, object, "phone", where, MAX_PHONE_CHARS)) == NULL)
    return FALSE;
  person->name = g_strdup (name);
  person->phone = g_strdup (phone);
  return TRUE;
}

static gboolean
read_people (Loader        *l,
             JsonObject    *props,
             GwGridFeature *f)
{
  JsonNode *leader = get_member (props, "leader");
  JsonNode *workers = get_member (props, "workers");
  JsonArray *array;

  if (leader != NULL && !JSON_NODE_HOLDS_NULL (leader))
    {
      if (f->level != GW_GRID_LEVEL_GRID)
        return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "only a grid has a leader");
      f->leader = g_new0 (GwGridPerson, 1);
      if (!read_person (l, leader, "leader", f->leader))
        return FALSE;
    }
  if (workers == NULL || JSON_NODE_HOLDS_NULL (workers))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (workers))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "“workers” must be an array");
  array = json_node_get_array (workers);
  if (json_array_get_length (array) == 0)
    return TRUE;
  if (f->level != GW_GRID_LEVEL_GRID)
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "only a grid has workers");
  if (json_array_get_length (array) > GW_GRID_SET_MAX_WORKERS)
    return feature_error (l, GW_GEO_ERROR_TOO_LARGE, "more than %u workers",
                          GW_GRID_SET_MAX_WORKERS);
  f->workers = g_new0 (GwGridPerson, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++, f->n_workers++)
    if (!read_person (l, json_array_get_element (array, i), "worker", &f->workers[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_digits (const char *s,
           gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
read_codes (Loader        *l,
            JsonObject    *props,
            GwGridFeature *f)
{
  const char *code, *level;
  JsonNode *parent;
  guint len;

  if ((code = get_string (l, props, "code", "property", 32)) == NULL)
    return FALSE;
  l->code = code;
  if ((level = get_string (l, props, "level", "property", 32)) == NULL)
    return FALSE;
  if (!gw_grid_level_from_string (level, &f->level))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE,
                          "level “%s” is not county, street, community or grid", level);
  len = gw_grid_level_code_length (f->level);
  if (!is_digits (code, len))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE,
                          "a %s code must have %u digits", level, len);
  f->code = g_strdup (code);
  l->code = f->code;
  parent = get_member (props, "parent");
  if (f->level == GW_GRID_LEVEL_COUNTY)
    {
      if (parent != NULL && !JSON_NODE_HOLDS_NULL (parent))
        return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "a county has no parent");
      return TRUE;
    }
  if (parent == NULL || !JSON_NODE_HOLDS_VALUE (parent) ||
      json_node_get_value_type (parent) != G_TYPE_STRING)
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "“parent” must be a string");
  if (!g_str_has_prefix (code, json_node_get_string (parent)) ||
      !is_digits (json_node_get_string (parent), len - 3))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE,
                          "parent “%s” is not the first %u digits of the code",
                          json_node_get_string (parent), len - 3);
  f->parent_code = g_strdup (json_node_get_string (parent));
  return TRUE;
}

static gboolean
read_feature (Loader        *l,
              JsonNode      *node,
              GwGridFeature *f)
{
  JsonObject *feature, *props;
  const char *type, *name;
  JsonNode *props_node;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "not an object");
  feature = json_node_get_object (node);
  if ((type = get_string (l, feature, "type", "member", 32)) == NULL)
    return FALSE;
  if (!g_str_equal (type, "Feature"))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "type “%s” is not Feature", type);
  props_node = get_member (feature, "properties");
  if (props_node == NULL || !JSON_NODE_HOLDS_OBJECT (props_node))
    return feature_error (l, GW_GEO_ERROR_INVALID_FEATURE, "“properties” must be an object");
  props = json_node_get_object (props_node);
  if (!read_codes (l, props, f))
    return FALSE;
  if ((name = get_string (l, props, "name", "property", MAX_NAME_CHARS)) == NULL)
    return FALSE;
  f->name = g_strdup (name);
  return read_people (l, props, f) && read_geometry (l, feature, f);
}

static void
finish_feature (GwGridFeature *f)
{
  double area = 0;

  f->min_lon = f->min_lat = G_MAXDOUBLE;
  f->max_lon = f->max_lat = -G_MAXDOUBLE;
  for (guint p = 0; p < f->n_polygons; p++)
    {
      const GwGridRing *ring = &f->polygons[p].rings[0];

      for (guint i = 0; i < ring->n_points; i++)
        {
          f->min_lon = MIN (f->min_lon, ring->coords[2 * i]);
          f->max_lon = MAX (f->max_lon, ring->coords[2 * i]);
          f->min_lat = MIN (f->min_lat, ring->coords[2 * i + 1]);
          f->max_lat = MAX (f->max_lat, ring->coords[2 * i + 1]);
        }
      area += polygon_area_deg2 (&f->polygons[p]);
    }
  f->area_m2 = deg2_to_m2 (area, (f->min_lat + f->max_lat) / 2);
  compute_label (f);
  f->children = g_ptr_array_new ();
}

static void
clear_person (GwGridPerson *p)
{
  g_free (p->name);
  g_free (p->phone);
}

static void
clear_feature (GwGridFeature *f)
{
  g_free (f->code);
  g_free (f->name);
  g_free (f->parent_code);
  if (f->leader != NULL)
    clear_person (f->leader);
  g_free (f->leader);
  for (guint i = 0; i < f->n_workers; i++)
    clear_person (&f->workers[i]);
  g_free (f->workers);
  for (guint p = 0; p < f->n_polygons; p++)
    {
      for (guint r = 0; r < f->polygons[p].n_rings; r++)
        g_free (f->polygons[p].rings[r].coords);
      g_free (f->polygons[p].rings);
    }
  g_free (f->polygons);
  g_clear_pointer (&f->children, g_ptr_array_unref);
}

static gboolean
link_features (GwGridSet  *self,
               GError    **error)
{
  for (guint i = 0; i < self->n_features; i++)
    {
      GwGridFeature *f = &self->features[i];

      GwGridFeature *first = g_hash_table_lookup (self->by_code, f->code);

      if (first != NULL)
        {
          g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_DUPLICATE_CODE,
                       "feature %u (%s): the code is also used by feature %u",
                       i, f->code, first->index);
          return FALSE;
        }
      g_hash_table_insert (self->by_code, f->code, f);
    }
  for (guint i = 0; i < self->n_features; i++)
    {
      GwGridFeature *f = &self->features[i];

      g_ptr_array_add (self->levels[f->level], f);
      if (f->parent_code == NULL)
        {
          g_ptr_array_add (self->counties, f);
          continue;
        }
      f->parent = g_hash_table_lookup (self->by_code, f->parent_code);
      if (f->parent == NULL)
        {
          g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_UNKNOWN_PARENT,
                       "feature %u (%s): there is no parent %s", i, f->code, f->parent_code);
          return FALSE;
        }
      g_ptr_array_add (f->parent->children, f);
    }
  return TRUE;
}

static gboolean
load_collection (GwGridSet  *self,
                 JsonNode   *root,
                 GError    **error)
{
  JsonObject *collection;
  JsonNode *node;
  JsonArray *features;
  Loader l = { 0, NULL, 0, error };

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_COLLECTION,
                   "the grids are not a GeoJSON object");
      return FALSE;
    }
  collection = json_node_get_object (root);
  node = get_member (collection, "type");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      g_strcmp0 (json_node_get_string (node), "FeatureCollection") != 0)
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_COLLECTION,
                   "the grids are not a FeatureCollection");
      return FALSE;
    }
  node = get_member (collection, "features");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_COLLECTION,
                   "the FeatureCollection has no “features” array");
      return FALSE;
    }
  node = get_member (collection, "attribution");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    self->attribution = g_strdup (json_node_get_string (node));

  features = json_node_get_array (get_member (collection, "features"));
  if (json_array_get_length (features) > GW_GRID_SET_MAX_FEATURES)
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_TOO_LARGE,
                   "%u features, more than %u", json_array_get_length (features),
                   GW_GRID_SET_MAX_FEATURES);
      return FALSE;
    }
  self->features = g_new0 (GwGridFeature, json_array_get_length (features));
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      GwGridFeature *f = &self->features[i];

      self->n_features = i + 1;
      l.index = f->index = i;
      l.code = NULL;
      if (!read_feature (&l, json_array_get_element (features, i), f))
        return FALSE;
      finish_feature (f);
    }
  return link_features (self, error);
}

/* The core's reader speaks GW_PROTOCOL_ERROR; ours is GW_GEO_ERROR. In grid
 * GeoJSON only coordinates are numbers, so a number out of range is a
 * geometry fault. */
static void
set_json_error (const GError  *json_error,
                GError       **error)
{
  GwGeoError code = GW_GEO_ERROR_INVALID_JSON;
  const char *what = "the grids are not JSON";

  if (g_error_matches (json_error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TOO_DEEP))
    {
      code = GW_GEO_ERROR_TOO_LARGE;
      what = "the grids are nested too deeply";
    }
  else if (g_error_matches (json_error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE))
    {
      code = GW_GEO_ERROR_INVALID_GEOMETRY;
      what = "a coordinate is not a finite number";
    }
  g_set_error (error, GW_GEO_ERROR, code, "%s: %s", what, json_error->message);
}

/**
 * gw_grid_set_new_from_geojson:
 * @bytes: a GeoJSON FeatureCollection as `GET /v1/grids` sends it
 * @error: return location for a %GW_GEO_ERROR
 *
 * Parses and validates untrusted grids: strict JSON, bounded size and
 * nesting, every property typed and in range, rings closed with at least
 * four positions, coordinates finite and in range, codes unique and each
 * parent present one level up. The first problem found is reported with the
 * feature's index and code.
 *
 * This takes about a second for a city of 10,000 grids: call it in a thread.
 *
 * Returns: (transfer full) (nullable): the set, or %NULL with @error set
 */
GwGridSet *
gw_grid_set_new_from_geojson (GBytes  *bytes,
                              GError **error)
{
  g_autoptr(GwGridSet) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > GW_GRID_SET_MAX_BYTES)
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_TOO_LARGE,
                   "the grids are %" G_GSIZE_FORMAT " bytes, more than %d",
                   size, GW_GRID_SET_MAX_BYTES);
      return NULL;
    }
  if (size == 0 || data == NULL)
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_JSON, "the grids are empty");
      return NULL;
    }
  root = gw_core_parse_json (data, size, GW_GRID_SET_MAX_BYTES, GW_GRID_SET_MAX_DEPTH,
                             &json_error);
  if (root == NULL)
    {
      set_json_error (json_error, error);
      return NULL;
    }

  self = g_new0 (GwGridSet, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->counties = g_ptr_array_new ();
  for (guint i = 0; i < GW_GRID_N_LEVELS; i++)
    self->levels[i] = g_ptr_array_new ();
  if (!load_collection (self, root, error))
    return NULL;
  for (guint i = 0; i < GW_GRID_N_LEVELS; i++)
    str_build (&self->index[i], self->levels[i]);
  return g_steal_pointer (&self);
}

/**
 * gw_grid_set_ref:
 * @self: a set
 *
 * Returns: (transfer full): @self
 */
GwGridSet *
gw_grid_set_ref (GwGridSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gw_grid_set_unref:
 * @self: (transfer full): a set
 */
void
gw_grid_set_unref (GwGridSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < self->n_features; i++)
    clear_feature (&self->features[i]);
  g_free (self->features);
  g_hash_table_unref (self->by_code);
  g_ptr_array_unref (self->counties);
  for (guint i = 0; i < GW_GRID_N_LEVELS; i++)
    {
      g_ptr_array_unref (self->levels[i]);
      g_free (self->index[i].nodes);
    }
  g_free (self->attribution);
  g_free (self);
}

/**
 * gw_grid_set_get_n_features:
 * @self: a set
 *
 * Returns: the number of features of all levels
 */
guint
gw_grid_set_get_n_features (GwGridSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_features;
}

/**
 * gw_grid_set_get_feature:
 * @self: a set
 * @index: 0 .. n-1, in file order
 *
 * Returns: (transfer none): the feature
 */
const GwGridFeature *
gw_grid_set_get_feature (GwGridSet *self,
                         guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_features, NULL);
  return &self->features[index];
}

/**
 * gw_grid_set_lookup:
 * @self: a set
 * @code: a division code
 *
 * Returns: (transfer none) (nullable): the feature with @code
 */
const GwGridFeature *
gw_grid_set_lookup (GwGridSet  *self,
                    const char *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->by_code, code);
}

/**
 * gw_grid_set_get_children:
 * @self: a set
 * @code: (nullable): a division code, or %NULL for the counties
 * @n_children: (out): the number of children
 *
 * Returns: (transfer none) (array length=n_children): the features whose
 *   parent is @code, in file order; %NULL if there are none
 */
const GwGridFeature * const *
gw_grid_set_get_children (GwGridSet  *self,
                          const char *code,
                          guint      *n_children)
{
  const GwGridFeature *f;
  GPtrArray *children;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_children != NULL, NULL);

  if (code == NULL)
    children = self->counties;
  else if ((f = g_hash_table_lookup (self->by_code, code)) != NULL)
    children = f->children;
  else
    children = NULL;
  *n_children = children != NULL ? children->len : 0;
  return *n_children > 0 ? (const GwGridFeature * const *) children->pdata : NULL;
}

/**
 * gw_grid_set_get_level:
 * @self: a set
 * @level: a level
 * @n_features: (out): the number of features at @level
 *
 * Returns: (transfer none) (array length=n_features): the features of @level
 *   in file order
 */
const GwGridFeature * const *
gw_grid_set_get_level (GwGridSet   *self,
                       GwGridLevel  level,
                       guint       *n_features)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (level < GW_GRID_N_LEVELS, NULL);
  g_return_val_if_fail (n_features != NULL, NULL);

  *n_features = self->levels[level]->len;
  return (const GwGridFeature * const *) self->levels[level]->pdata;
}

/**
 * gw_grid_set_get_attribution:
 * @self: a set
 *
 * Returns: (nullable): the collection's `attribution` member
 */
const char *
gw_grid_set_get_attribution (GwGridSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution;
}

/**
 * gw_grid_set_locate:
 * @self: a set
 * @level: the level to search
 * @lon: WGS-84 longitude
 * @lat: WGS-84 latitude
 *
 * Finds the feature of @level containing the point, through an STR R-tree
 * over the bounding boxes. If features overlap (the protocol forbids it) the
 * one first in the file wins, so the answer never depends on the index.
 *
 * Returns: (transfer none) (nullable): the feature, or %NULL if none
 *   contains the point
 */
const GwGridFeature *
gw_grid_set_locate (GwGridSet   *self,
                    GwGridLevel  level,
                    double       lon,
                    double       lat)
{
  const StrTree *tree;
  guint best = G_MAXUINT;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (level < GW_GRID_N_LEVELS, NULL);

  tree = &self->index[level];
  if (tree->nodes == NULL || !isfinite (lon) || !isfinite (lat))
    return NULL;
  str_locate (self, tree, tree->root, lon, lat, &best);
  return best != G_MAXUINT ? &self->features[best] : NULL;
}

/**
 * gw_grid_set_random_point:
 * @feature: a feature
 * @rand: the random source (the caller seeds it for reproducible runs)
 * @lon: (out): longitude
 * @lat: (out): latitude
 *
 * Draws a point uniformly (in longitude/latitude, which is uniform in area
 * within a grid-sized region) inside @feature: a polygon chosen by area,
 * then rejection sampling in its bounding box. If a pathological sliver
 * rejects 1,000 draws in a row, gives the label point instead.
 *
 * Returns: %TRUE if the point is a uniform draw, %FALSE if it is the label
 *   point
 */
gboolean
gw_grid_set_random_point (const GwGridFeature *feature,
                          GRand               *rand,
                          double              *lon,
                          double              *lat)
{
  const GwGridPolygon *poly;
  double total = 0, pick, x0, y0, x1, y1;

  g_return_val_if_fail (feature != NULL, FALSE);
  g_return_val_if_fail (rand != NULL, FALSE);
  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  for (guint p = 0; p < feature->n_polygons; p++)
    total += polygon_area_deg2 (&feature->polygons[p]);
  pick = g_rand_double (rand) * total;
  poly = &feature->polygons[feature->n_polygons - 1];
  for (guint p = 0; p < feature->n_polygons; p++)
    {
      pick -= polygon_area_deg2 (&feature->polygons[p]);
      if (pick < 0)
        {
          poly = &feature->polygons[p];
          break;
        }
    }
  x0 = y0 = G_MAXDOUBLE;
  x1 = y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < poly->rings[0].n_points; i++)
    {
      const double *c = poly->rings[0].coords + 2 * i;

      x0 = MIN (x0, c[0]);
      x1 = MAX (x1, c[0]);
      y0 = MIN (y0, c[1]);
      y1 = MAX (y1, c[1]);
    }
  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      double x = g_rand_double_range (rand, x0, x1);
      double y = g_rand_double_range (rand, y0, y1);

      if (polygon_contains (poly, x, y))
        {
          *lon = x;
          *lat = y;
          return TRUE;
        }
    }
  *lon = feature->label_lon;
  *lat = feature->label_lat;
  return FALSE;
}
