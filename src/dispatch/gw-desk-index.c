/* gw-desk-index.c
 *
 * The protocol carries no routing table, so the desk learns one from the cases
 * it holds: which kind of department each case type went to, and how long it
 * was given. A new centre with no history falls back to each category's usual
 * kinds and three days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-case-detail.h"
#include "gw-desk-index.h"
#include "gw-desk-util.h"

/* Samples of allowed time kept per case type: enough for a stable median. */
#define MAX_DEADLINE_SAMPLES 63
#define FALLBACK_DEADLINE_HOURS 72.0

typedef struct
{
  GHashTable *kinds;      /* kind (interned) -> count */
  double      hours[MAX_DEADLINE_SAMPLES];
  guint       n_hours;
} TypeStats;

struct _GwDeskIndex
{
  GHashTable *loads;      /* department code -> GwDepartmentLoad */
  GHashTable *types;      /* service_code -> TypeStats */
  GHashTable *cells;      /* "type cx cy" -> GPtrArray of recent open GwCase */
  GHashTable *flagged;    /* GwCase -> NULL: has a likely duplicate */
};

/* Cells of about 50 m: a duplicate lies in the same cell or a neighbour. */
#define CELL_DEGREES 0.0005

static void
type_stats_free (TypeStats *stats)
{
  g_hash_table_unref (stats->kinds);
  g_free (stats);
}

GwDeskIndex *
gw_desk_index_new (void)
{
  GwDeskIndex *self = g_new0 (GwDeskIndex, 1);

  self->loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) type_stats_free);
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->flagged = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  return self;
}

void
gw_desk_index_free (GwDeskIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->loads);
  g_hash_table_unref (self->types);
  g_hash_table_unref (self->cells);
  g_hash_table_unref (self->flagged);
  g_free (self);
}

static double
priority_factor (GwPriority priority)
{
  /* Urgent cases get half the time, major ones a quarter (the centre's rule). */
  return priority == GW_PRIORITY_MAJOR ? 0.25 : priority == GW_PRIORITY_URGENT ? 0.5 : 1.0;
}

static GwDepartmentLoad *
ensure_load (GwDeskIndex *self,
             const char  *code)
{
  GwDepartmentLoad *load = g_hash_table_lookup (self->loads, code);

  if (load == NULL)
    {
      load = g_new0 (GwDepartmentLoad, 1);
      g_hash_table_insert (self->loads, g_strdup (code), load);
    }
  return load;
}

static TypeStats *
ensure_type (GwDeskIndex *self,
             const char  *code)
{
  TypeStats *stats = g_hash_table_lookup (self->types, code);

  if (stats == NULL)
    {
      stats = g_new0 (TypeStats, 1);
      stats->kinds = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (self->types, g_strdup (code), stats);
    }
  return stats;
}

static void
learn_type (GwDeskIndex  *self,
            GwCase       *gw_case,
            GwDepartment *department)
{
  TypeStats *stats = ensure_type (self, gw_case_get_service_code (gw_case));
  const char *kind = g_intern_string (gw_department_get_kind (department));
  GDateTime *expected = gw_case_get_expected (gw_case);

  g_hash_table_insert (stats->kinds, (gpointer) kind,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (stats->kinds, kind)) + 1));
  /* An extended case's deadline says nothing about the type's usual one. */
  if (expected != NULL && stats->n_hours < MAX_DEADLINE_SAMPLES
      && gw_case_get_step (gw_case) != GW_STEP_EXTENDED)
    {
      double hours = g_date_time_difference (expected, gw_case_get_requested (gw_case))
                     / (double) G_TIME_SPAN_HOUR;

      if (hours > 0)
        stats->hours[stats->n_hours++] = hours / priority_factor (gw_case_get_priority (gw_case));
    }
}

static void
count_case (GwDeskIndex *self,
            GwCaseStore *store,
            GwCase      *gw_case,
            GDateTime   *now)
{
  const char *agency = gw_case_get_agency (gw_case);
  GwDepartment *department;
  GwDepartmentLoad *load;

  if (agency == NULL || (department = gw_case_store_lookup_department (store, agency)) == NULL)
    return;
  load = ensure_load (self, agency);
  learn_type (self, gw_case, department);
  if (gw_case_is_open (gw_case) && !gw_step_is_done (gw_case_get_step (gw_case)))
    {
      load->open++;
      load->overdue += gw_case_is_overdue (gw_case, now);
    }
  if (gw_case_get_resolved (gw_case) != NULL)
    {
      load->n_handled++;
      load->handled_seconds += g_date_time_difference (gw_case_get_resolved (gw_case),
                                                       gw_case_get_requested (gw_case))
                               / (double) G_TIME_SPAN_SECOND;
    }
}

double
gw_desk_distance_m (double lat1,
                    double lon1,
                    double lat2,
                    double lon2)
{
  /* Equirectangular: exact enough below a kilometre. */
  double k = cos ((lat1 + lat2) / 2 * G_PI / 180.0);
  double dx = (lon2 - lon1) * k, dy = lat2 - lat1;

  return sqrt (dx * dx + dy * dy) * (G_PI / 180.0) * 6371008.8;
}

static char *
cell_key (const char *type,
          gint64      cx,
          gint64      cy)
{
  return g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, type, cx, cy);
}

static void
cell_of (GwCase *gw_case,
         gint64 *cx,
         gint64 *cy)
{
  *cx = (gint64) floor (gw_case_get_long (gw_case) / CELL_DEGREES);
  *cy = (gint64) floor (gw_case_get_lat (gw_case) / CELL_DEGREES);
}

static gboolean
is_recent (GwCase    *gw_case,
           GDateTime *now)
{
  return gw_case_is_open (gw_case)
         && g_date_time_difference (now, gw_case_get_requested (gw_case)) <= GW_DUPLICATE_WINDOW;
}

static void
bucket_case (GwDeskIndex *self,
             GwCase      *gw_case)
{
  gint64 cx, cy;
  char *key;
  GPtrArray *cell;

  cell_of (gw_case, &cx, &cy);
  key = cell_key (gw_case_get_service_code (gw_case), cx, cy);
  cell = g_hash_table_lookup (self->cells, key);
  if (cell == NULL)
    {
      cell = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->cells, key, cell);
    }
  else
    g_free (key);
  g_ptr_array_add (cell, g_object_ref (gw_case));
}

static gboolean
are_duplicates (GwCase *a,
                GwCase *b)
{
  return a != b
         && ABS (g_date_time_difference (gw_case_get_requested (a), gw_case_get_requested (b)))
            <= GW_DUPLICATE_WINDOW
         && gw_desk_distance_m (gw_case_get_lat (a), gw_case_get_long (a),
                                gw_case_get_lat (b), gw_case_get_long (b)) <= GW_DUPLICATE_METERS;
}

/* Calls @func for each likely duplicate of @gw_case among the bucketed cases. */
static void
foreach_duplicate (GwDeskIndex *self,
                   GwCase      *gw_case,
                   GFunc        func,
                   gpointer     data)
{
  gint64 cx, cy;

  cell_of (gw_case, &cx, &cy);
  for (int dx = -1; dx <= 1; dx++)
    for (int dy = -1; dy <= 1; dy++)
      {
        g_autofree char *key = cell_key (gw_case_get_service_code (gw_case), cx + dx, cy + dy);
        GPtrArray *cell = g_hash_table_lookup (self->cells, key);

        for (guint i = 0; cell != NULL && i < cell->len; i++)
          if (are_duplicates (gw_case, g_ptr_array_index (cell, i)))
            func (g_ptr_array_index (cell, i), data);
      }
}

static void
flag (gpointer other,
      gpointer data)
{
  GwDeskIndex *self = data;

  g_hash_table_add (self->flagged, g_object_ref (other));
}

static void
flag_duplicates (GwDeskIndex *self)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, NULL, &cell))
    for (guint i = 0; i < ((GPtrArray *) cell)->len; i++)
      foreach_duplicate (self, g_ptr_array_index ((GPtrArray *) cell, i), flag, self);
}

void
gw_desk_index_rebuild (GwDeskIndex *self,
                       GwCaseStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_hash_table_remove_all (self->loads);
  g_hash_table_remove_all (self->types);
  g_hash_table_remove_all (self->cells);
  g_hash_table_remove_all (self->flagged);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (store), i);

      count_case (self, store, gw_case, now);
      if (is_recent (gw_case, now))
        bucket_case (self, gw_case);
    }
  flag_duplicates (self);
}

gboolean
gw_desk_index_is_duplicate (GwDeskIndex *self,
                            GwCase      *gw_case)
{
  return g_hash_table_contains (self->flagged, gw_case);
}

static void
collect (gpointer other,
         gpointer data)
{
  GPtrArray *out = data;
  GwDuplicate *dup = g_new0 (GwDuplicate, 1);

  dup->gw_case = g_object_ref (other);
  g_ptr_array_add (out, dup);
}

static void
duplicate_free (GwDuplicate *dup)
{
  g_object_unref (dup->gw_case);
  g_free (dup);
}

static int
compare_nearest (gconstpointer a,
                 gconstpointer b)
{
  const GwDuplicate *x = *(GwDuplicate **) a, *y = *(GwDuplicate **) b;

  return x->meters < y->meters ? -1 : x->meters > y->meters;
}

GPtrArray *
gw_desk_index_find_duplicates (GwDeskIndex *self,
                               GwCase      *gw_case)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) duplicate_free);

  foreach_duplicate (self, gw_case, (GFunc) collect, out);
  for (guint i = 0; i < out->len; i++)
    {
      GwDuplicate *dup = g_ptr_array_index (out, i);

      dup->meters = gw_desk_distance_m (gw_case_get_lat (gw_case), gw_case_get_long (gw_case),
                                        gw_case_get_lat (dup->gw_case), gw_case_get_long (dup->gw_case));
    }
  g_ptr_array_sort (out, compare_nearest);
  return out;
}

const GwDepartmentLoad *
gw_desk_index_get_load (GwDeskIndex *self,
                        const char  *code)
{
  static const GwDepartmentLoad empty = { 0 };
  const GwDepartmentLoad *load = code ? g_hash_table_lookup (self->loads, code) : NULL;

  return load ? load : &empty;
}

/* Where nothing was learnt yet: the kinds a category usually goes to. */
static const char * const *
category_kinds (GwCategory category)
{
  static const char * const dispute[] = { "street_office", "justice", NULL };
  static const char * const safety[] = { "emergency_management", "fire", "street_office", NULL };
  static const char * const urban[] = { "urban_management", "street_office", NULL };
  static const char * const environment[] = { "environment", "urban_management", NULL };
  static const char * const livelihood[] = { "civil_affairs", "human_resources", "street_office", NULL };
  static const char * const public_order[] = { "police", "street_office", NULL };
  static const char * const other[] = { "street_office", NULL };

  switch (category)
    {
    case GW_CATEGORY_DISPUTE: return dispute;
    case GW_CATEGORY_SAFETY: return safety;
    case GW_CATEGORY_URBAN: return urban;
    case GW_CATEGORY_ENVIRONMENT: return environment;
    case GW_CATEGORY_LIVELIHOOD: return livelihood;
    case GW_CATEGORY_PUBLIC_ORDER: return public_order;
    case GW_CATEGORY_OTHER:
    case GW_N_CATEGORIES:
    default: return other;
    }
}

typedef struct
{
  const char *kind;
  double      weight;
} KindWeight;

static int
compare_kind_weights (gconstpointer a,
                      gconstpointer b)
{
  const KindWeight *x = a, *y = b;

  return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : g_strcmp0 (x->kind, y->kind);
}

/* The kinds for @gw_case with a weight in 0..1, best first. */
static GArray *
rank_kinds (GwDeskIndex *self,
            GwCase      *gw_case,
            gboolean    *learnt)
{
  TypeStats *stats = g_hash_table_lookup (self->types, gw_case_get_service_code (gw_case));
  GArray *kinds = g_array_new (FALSE, FALSE, sizeof (KindWeight));
  const char * const *fallback = category_kinds (gw_case_get_category (gw_case));
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  *learnt = stats != NULL && g_hash_table_size (stats->kinds) > 0;
  if (*learnt)
    {
      g_hash_table_iter_init (&iter, stats->kinds);
      while (g_hash_table_iter_next (&iter, &key, &value))
        total += GPOINTER_TO_UINT (value);
      g_hash_table_iter_init (&iter, stats->kinds);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          KindWeight kw = { key, GPOINTER_TO_UINT (value) / (double) total };

          g_array_append_val (kinds, kw);
        }
    }
  /* The category's kinds come after what was learnt, as second choices. */
  for (guint i = 0; fallback[i] != NULL; i++)
    {
      KindWeight kw = { fallback[i], (*learnt ? 0.05 : 0.5) / (i + 1) };
      gboolean seen = FALSE;

      for (guint j = 0; j < kinds->len && !seen; j++)
        seen = g_array_index (kinds, KindWeight, j).kind == g_intern_string (fallback[i]);
      if (!seen)
        {
          kw.kind = g_intern_string (fallback[i]);
          g_array_append_val (kinds, kw);
        }
    }
  g_array_sort (kinds, compare_kind_weights);
  return kinds;
}

static void
suggestion_free (GwSuggestion *suggestion)
{
  g_clear_object (&suggestion->department);
  g_free (suggestion->reason);
  g_free (suggestion);
}

static const char *
area_name (GwGridSet  *grids,
           const char *area)
{
  const GwGridFeature *feature = grids ? gw_grid_set_lookup (grids, area) : NULL;

  return feature ? feature->name : NULL;
}

static GwSuggestion *
make_suggestion (GwDepartment *department,
                 GwCase       *gw_case,
                 GwGridSet    *grids,
                 double        weight,
                 gboolean      learnt)
{
  GwSuggestion *suggestion = g_new0 (GwSuggestion, 1);
  const char *area = gw_department_get_area (department);
  const char *place = area_name (grids, area);
  /* A narrower jurisdiction knows the place better. */
  double specificity = strlen (area) >= 9 ? 1.0 : strlen (area) >= 6 ? 0.9 : 0.6;

  suggestion->department = g_object_ref (department);
  suggestion->score = weight * specificity;
  if (learnt)
    /* Translators: why a department is suggested: it handled this case type before,
     * and the case lies in its area. "%s · %s": the type, the area */
    suggestion->reason = g_strdup_printf (_("Handles %s · %s"), gw_case_get_service_name (gw_case),
                                          place ? place : _("whole city"));
  else
    /* Translators: why a department is suggested when nothing was learnt yet:
     * "%s · %s": the category, the area */
    suggestion->reason = g_strdup_printf (_("Usual for %s · %s"),
                                          gw_category_get_label (gw_case_get_category (gw_case)),
                                          place ? place : _("whole city"));
  return suggestion;
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const GwSuggestion *x = *(GwSuggestion **) a, *y = *(GwSuggestion **) b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return g_strcmp0 (gw_department_get_code (x->department), gw_department_get_code (y->department));
}

/* Departments of @kind whose area holds @grid_code. */
static void
add_jurisdictions (GPtrArray  *out,
                   GListModel *departments,
                   const char *kind,
                   double      weight,
                   gboolean    learnt,
                   GwCase     *gw_case,
                   GwGridSet  *grids)
{
  const char *grid_code = gw_case_get_grid_code (gw_case);
  guint n = g_list_model_get_n_items (departments);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwDepartment) department = g_list_model_get_item (departments, i);

      if (g_strcmp0 (gw_department_get_kind (department), kind) == 0
          && g_str_has_prefix (grid_code, gw_department_get_area (department)))
        g_ptr_array_add (out, make_suggestion (department, gw_case, grids, weight, learnt));
    }
}

GPtrArray *
gw_desk_index_suggest (GwDeskIndex *self,
                       GwCaseStore *store,
                       GwGridSet   *grids,
                       GwCase      *gw_case,
                       guint        max)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) suggestion_free);
  GListModel *departments = gw_case_store_get_departments (store);
  gboolean learnt = FALSE;
  g_autoptr(GArray) kinds = rank_kinds (self, gw_case, &learnt);

  /* Only kinds that carry real weight: a rare past choice is no suggestion. */
  for (guint k = 0; k < kinds->len; k++)
    {
      KindWeight *kw = &g_array_index (kinds, KindWeight, k);

      if (kw->weight >= 0.1 || k == 0)
        add_jurisdictions (out, departments, kw->kind, kw->weight, learnt, gw_case, grids);
    }
  g_ptr_array_sort (out, compare_suggestions);
  if (out->len > max)
    g_ptr_array_set_size (out, max);
  return out;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

GTimeSpan
gw_desk_index_default_deadline (GwDeskIndex *self,
                                GwCase      *gw_case)
{
  TypeStats *stats = g_hash_table_lookup (self->types, gw_case_get_service_code (gw_case));
  double hours = FALLBACK_DEADLINE_HOURS;

  if (stats != NULL && stats->n_hours > 0)
    {
      double sorted[MAX_DEADLINE_SAMPLES];

      memcpy (sorted, stats->hours, stats->n_hours * sizeof (double));
      qsort (sorted, stats->n_hours, sizeof (double), compare_doubles);
      /* Deadlines run from assignment, minutes after the report: round down. */
      hours = MAX (1.0, floor (sorted[stats->n_hours / 2]));
    }
  hours *= priority_factor (gw_case_get_priority (gw_case));
  return (GTimeSpan) (MAX (hours, 0.5) * G_TIME_SPAN_HOUR);
}
