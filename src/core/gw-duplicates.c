/* gw-duplicates.c: likely duplicate cases (same type, within 50 m and 24 hours)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index is a hash of (service_code, cell) -> cases, with cells of
 * CELL_DEGREES in latitude and longitude. Two cases within 50 m are at most
 * one cell apart in latitude and a few in longitude (more towards the poles,
 * where a degree of longitude is shorter), so a query visits a handful of
 * cells and compares only the cases in them.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-duplicates.h"

#define EARTH_RADIUS_M     6371008.8
#define METRES_PER_DEGREE  (EARTH_RADIUS_M * G_PI / 180.0)
#define CELL_DEGREES       0.0005   /* about 55 m of latitude: more than the radius */
#define MAX_LAT_FOR_CELLS  85.0

struct _GwDuplicates
{
  GObject     parent_instance;

  GListModel *cases;
  GPtrArray  *mirror;  /* GwCase (refs): @cases as last told, to see what a change removed */
  GHashTable *cells;   /* "code\ncx\ncy" -> GPtrArray of GwCase (refs) */
  GHashTable *where;   /* case id -> its cell's list (owned by cells) */
};

G_DEFINE_FINAL_TYPE (GwDuplicates, gw_duplicates, G_TYPE_OBJECT)

double
gw_distance_m (double lat1,
               double lon1,
               double lat2,
               double lon2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}

static char *
cell_key (const char *service_code,
          gint64      cx,
          gint64      cy)
{
  return g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT, service_code, cx, cy);
}

static gint64
cell_of (double degrees)
{
  return (gint64) floor (degrees / CELL_DEGREES);
}

static void
gw_duplicates_dispose (GObject *object)
{
  GwDuplicates *self = GW_DUPLICATES (object);

  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);

  G_OBJECT_CLASS (gw_duplicates_parent_class)->dispose (object);
}

static void
gw_duplicates_finalize (GObject *object)
{
  GwDuplicates *self = GW_DUPLICATES (object);

  g_clear_pointer (&self->where, g_hash_table_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->mirror, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_duplicates_parent_class)->finalize (object);
}

static void
gw_duplicates_class_init (GwDuplicatesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_duplicates_dispose;
  G_OBJECT_CLASS (klass)->finalize = gw_duplicates_finalize;
}

static void
gw_duplicates_init (GwDuplicates *self)
{
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->where = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Indexes the cases at @position.. and puts them in the mirror there (in one
 * move of its tail: a prune's survivors come back in the middle). */
static void
add_range (GwDuplicates *self,
           GListModel   *model,
           guint         position,
           guint         n)
{
  GPtrArray *mirror = self->mirror;
  guint tail = mirror->len - position;

  g_ptr_array_set_free_func (mirror, NULL);
  g_ptr_array_set_size (mirror, mirror->len + n);
  g_ptr_array_set_free_func (mirror, g_object_unref);
  memmove (mirror->pdata + position + n, mirror->pdata + position, tail * sizeof (gpointer));
  for (guint i = position; i < position + n; i++)
    {
      GwCase *kase = g_list_model_get_item (model, i);

      gw_duplicates_add (self, kase);
      mirror->pdata[i] = kase;
    }
}

/* Whether the span holds the same cases as before: changed in place, and
 * their type, place and time do not move. */
static gboolean
same_cases (GwDuplicates *self,
            GListModel   *model,
            guint         position,
            guint         n)
{
  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(GwCase) kase = g_list_model_get_item (model, i);

      if (kase != g_ptr_array_index (self->mirror, i))
        return FALSE;
    }
  return TRUE;
}

/* The store appends, changes in place, prunes (one span whose survivors come
 * back) or reloads (everything): what left the span leaves the index, and
 * what comes in is added (a case already indexed is kept). */
static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GwDuplicates *self)
{
  g_autoptr(GHashTable) staying = NULL;

  if (removed == added && same_cases (self, model, position, added))
    return;
  if (removed == 0)
    {
      add_range (self, model, position, added);
      return;
    }

  staying = g_hash_table_new (NULL, NULL);
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GwCase) kase = g_list_model_get_item (model, i);

      g_hash_table_add (staying, kase);
    }
  for (guint i = position; i < position + removed; i++)
    {
      GwCase *kase = g_ptr_array_index (self->mirror, i);

      if (!g_hash_table_contains (staying, kase))
        gw_duplicates_remove (self, kase);
    }
  g_ptr_array_remove_range (self->mirror, position, removed);
  add_range (self, model, position, added);
}

/**
 * gw_duplicates_new:
 * @cases: (nullable): a GListModel of GwCase to follow
 *
 * Returns: (transfer full): an index
 */
GwDuplicates *
gw_duplicates_new (GListModel *cases)
{
  GwDuplicates *self = g_object_new (GW_TYPE_DUPLICATES, NULL);

  if (cases != NULL)
    {
      self->cases = g_object_ref (cases);
      self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect (cases, "items-changed", G_CALLBACK (on_items_changed), self);
      add_range (self, cases, 0, g_list_model_get_n_items (cases));
    }
  return self;
}

void
gw_duplicates_add (GwDuplicates *self,
                   GwCase       *kase)
{
  g_autofree char *key = NULL;
  GPtrArray *list;

  g_return_if_fail (GW_IS_DUPLICATES (self));
  g_return_if_fail (GW_IS_CASE (kase));

  if (g_hash_table_contains (self->where, gw_case_get_id (kase)))
    return;
  key = cell_key (gw_case_get_service_code (kase), cell_of (gw_case_get_long (kase)),
                  cell_of (gw_case_get_lat (kase)));
  list = g_hash_table_lookup (self->cells, key);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->cells, g_strdup (key), list);
    }
  g_ptr_array_add (list, g_object_ref (kase));
  g_hash_table_insert (self->where, g_strdup (gw_case_get_id (kase)), list);
}

void
gw_duplicates_remove (GwDuplicates *self,
                      GwCase       *kase)
{
  GPtrArray *list;

  g_return_if_fail (GW_IS_DUPLICATES (self));
  g_return_if_fail (GW_IS_CASE (kase));

  list = g_hash_table_lookup (self->where, gw_case_get_id (kase));
  if (list == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (gw_case_get_id (g_ptr_array_index (list, i)), gw_case_get_id (kase)) == 0)
      {
        g_ptr_array_remove_index_fast (list, i);
        break;
      }
  g_hash_table_remove (self->where, gw_case_get_id (kase));
}

typedef struct
{
  GwCase *kase;
  double  metres;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  return (x->metres > y->metres) - (x->metres < y->metres);
}

static gboolean
is_duplicate_of (GwCase *kase,
                 GwCase *other,
                 double *metres)
{
  GTimeSpan apart;

  if (other == kase || g_strcmp0 (gw_case_get_id (other), gw_case_get_id (kase)) == 0 ||
      !gw_case_is_open (other))
    return FALSE;
  apart = g_date_time_difference (gw_case_get_requested (other), gw_case_get_requested (kase));
  if (ABS (apart) > GW_DUPLICATE_WINDOW)
    return FALSE;
  *metres = gw_distance_m (gw_case_get_lat (kase), gw_case_get_long (kase),
                           gw_case_get_lat (other), gw_case_get_long (other));
  return *metres <= GW_DUPLICATE_RADIUS_M;
}

/* How many cells of longitude 50 m may span at this latitude. */
static gint64
longitude_reach (double lat)
{
  double metres_per_cell = CELL_DEGREES * METRES_PER_DEGREE *
                           cos (MIN (fabs (lat) + 0.01, MAX_LAT_FOR_CELLS) * G_PI / 180);

  return (gint64) ceil (GW_DUPLICATE_RADIUS_M / metres_per_cell);
}

/**
 * gw_duplicates_find:
 * @self: an index
 * @kase: a case
 *
 * Returns: (transfer full) (element-type GwCase): its likely duplicates, nearest first
 */
GPtrArray *
gw_duplicates_find (GwDuplicates *self,
                    GwCase       *kase)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 cx, cy, reach;

  g_return_val_if_fail (GW_IS_DUPLICATES (self), out);
  g_return_val_if_fail (GW_IS_CASE (kase), out);

  cx = cell_of (gw_case_get_long (kase));
  cy = cell_of (gw_case_get_lat (kase));
  reach = longitude_reach (gw_case_get_lat (kase));
  for (gint64 y = cy - 1; y <= cy + 1; y++)
    for (gint64 x = cx - reach; x <= cx + reach; x++)
      {
        g_autofree char *key = cell_key (gw_case_get_service_code (kase), x, y);
        GPtrArray *list = g_hash_table_lookup (self->cells, key);

        for (guint i = 0; list != NULL && i < list->len; i++)
          {
            Candidate candidate = { g_ptr_array_index (list, i), 0 };

            if (is_duplicate_of (kase, candidate.kase, &candidate.metres))
              g_array_append_val (found, candidate);
          }
      }
  g_array_sort (found, compare_candidates);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (out, g_object_ref (g_array_index (found, Candidate, i).kase));
  return out;
}

gboolean
gw_duplicates_is_likely (GwDuplicates *self,
                         GwCase       *kase)
{
  g_autoptr(GPtrArray) found = gw_duplicates_find (self, kase);

  return found->len > 0;
}
