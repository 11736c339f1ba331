/* gw-stats.c: a centre's headline figures, kept up to date from a GwCaseStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the cases after each ::changed of the store: about 10 ms for
 * 100,000 cases (bench-snapshot measures it). Incremental upkeep would have
 * to undo a case's old contribution on every update and still could not move
 * "today" and "overdue" with the clock, so it is not worth its bugs.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-private.h"
#include "gw-stats.h"
#include "gw-validate-private.h"

#define CENTRE_OFFSET_MINUTES (8 * 60)
#define DAY (24 * 60 * 60)

/* The figures and the counts their rates come from. */
typedef struct
{
  GwFigures figures;  /* first: a Tally is handed out as its GwFigures */
  guint     recent;
  guint     recent_done;
  guint     reviewed;
  guint     satisfied;
  guint     done_with_deadline;
  guint     done_on_time;
  guint     done_with_level;
  guint     done_locally;
} Tally;

struct _GwStats
{
  GObject      parent_instance;

  GwCaseStore *store;
  gulong       changed_id;
  GDateTime   *now;         /* pinned clock, or NULL */

  Tally        overall;
  Tally        by_category[GW_N_CATEGORIES];
  GHashTable  *by_district;    /* char* -> Tally* */
  GHashTable  *by_department;  /* char* -> Tally* */
};

G_DEFINE_FINAL_TYPE (GwStats, gw_stats, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The instants of one recomputation, in Unix seconds. */
typedef struct
{
  GDateTime *now_dt;
  gint64     now;
  gint64     today_start;
  gint64     recent_start;
} Clock;

void
gw_case_facts_init (GwCaseFacts *facts,
                    GwCase      *item)
{
  facts->requested = gw_case_get_requested_unix (item);
  facts->expected = gw_case_get_expected_unix (item);
  facts->resolved = gw_case_get_resolved_unix (item);
  facts->closed = gw_case_get_closed_unix (item);
  facts->open = gw_case_is_open (item);
  facts->done = !facts->open || gw_step_is_done (gw_case_get_step (item));
  facts->level = gw_case_get_resolved_level (item);
  facts->satisfaction = gw_case_get_satisfaction (item);
}

static void
tally_case (Tally             *tally,
            const GwCaseFacts *item,
            const Clock       *clock)
{
  GwFigures *f = &tally->figures;
  gint64 requested = item->requested;
  gint64 closed = item->closed;
  gboolean open = item->open;
  gboolean done = item->done;
  int satisfaction = item->satisfaction;

  f->total++;
  if (open)
    f->open++;
  if (requested >= clock->today_start && requested < clock->today_start + DAY)
    f->accepted_today++;
  if (closed >= clock->today_start && closed < clock->today_start + DAY)
    f->closed_today++;
  if (open && !done && item->resolved == G_MININT64 &&
      item->expected != G_MININT64 && item->expected < clock->now)
    f->overdue++;

  if (requested > clock->recent_start && requested <= clock->now)
    {
      tally->recent++;
      tally->recent_done += done;
    }
  if (satisfaction > 0)
    {
      tally->reviewed++;
      tally->satisfied += satisfaction >= 4;
    }
  if (done)
    {
      gint64 expected = item->expected;
      gint64 finished = item->resolved;
      GwLevel level = item->level;

      if (finished == G_MININT64)
        finished = closed;
      if (expected != G_MININT64 && finished != G_MININT64)
        {
          tally->done_with_deadline++;
          tally->done_on_time += finished <= expected;
        }
      if (level != GW_LEVEL_NONE)
        {
          tally->done_with_level++;
          tally->done_locally += level == GW_LEVEL_VILLAGE || level == GW_LEVEL_TOWN;
        }
    }
}

static double
rate (guint part,
      guint whole)
{
  return whole == 0 ? -1.0 : (double) part / whole;
}

static void
tally_finish (Tally *tally)
{
  tally->figures.closure_rate = rate (tally->recent_done, tally->recent);
  tally->figures.satisfaction_rate = rate (tally->satisfied, tally->reviewed);
  tally->figures.on_time_rate = rate (tally->done_on_time, tally->done_with_deadline);
  tally->figures.local_share = rate (tally->done_locally, tally->done_with_level);
}

static void
tally_finish_cb (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  tally_finish (value);
}

static Tally *
tally_for (GHashTable *table,
           const char *key)
{
  Tally *tally = g_hash_table_lookup (table, key);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_hash_table_insert (table, g_strdup (key), tally);
    }
  return tally;
}

static void
clock_init (GDateTime *now,
            Clock     *clock)
{
  GTimeZone *centre = gw_core_time_zone_for_offset (CENTRE_OFFSET_MINUTES);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  clock->now_dt = now != NULL ? g_date_time_ref (now) : g_date_time_new_now (centre);
  local = g_date_time_to_timezone (clock->now_dt, centre);
  midnight = g_date_time_new (centre, g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  clock->now = g_date_time_to_unix (clock->now_dt);
  clock->today_start = g_date_time_to_unix (midnight);
  clock->recent_start = clock->now - 30 * DAY;
}

static void
recompute (GwStats *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);
  Clock clock;

  clock_init (self->now, &clock);

  memset (&self->overall, 0, sizeof self->overall);
  memset (self->by_category, 0, sizeof self->by_category);
  g_hash_table_remove_all (self->by_district);
  g_hash_table_remove_all (self->by_department);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);
      const char *agency = gw_case_get_agency (item);
      GwCaseFacts facts;
      char district[7];

      memcpy (district, gw_case_get_grid_code (item), 6);
      district[6] = '\0';
      gw_case_facts_init (&facts, item);

      tally_case (&self->overall, &facts, &clock);
      tally_case (&self->by_category[gw_case_get_category (item)], &facts, &clock);
      tally_case (tally_for (self->by_district, district), &facts, &clock);
      if (agency != NULL)
        tally_case (tally_for (self->by_department, agency), &facts, &clock);
    }

  tally_finish (&self->overall);
  for (guint i = 0; i < GW_N_CATEGORIES; i++)
    tally_finish (&self->by_category[i]);
  g_hash_table_foreach (self->by_district, tally_finish_cb, NULL);
  g_hash_table_foreach (self->by_department, tally_finish_cb, NULL);

  g_date_time_unref (clock.now_dt);
}

/**
 * gw_figures_compute:
 * @facts: (array length=n_facts): the cases, as gw_case_facts_init took them
 * @n_facts: how many
 * @now: (nullable): the clock, %NULL for the real one
 * @figures: (out): where to put the figures
 *
 * The figures of any set of cases, with GwStats's definitions. Touches no
 * GwCase, so it may run on any thread.
 */
void
gw_figures_compute (const GwCaseFacts * const *facts,
                    guint                      n_facts,
                    GDateTime                 *now,
                    GwFigures                 *figures)
{
  Tally tally = { 0 };
  Clock clock;

  g_return_if_fail (facts != NULL || n_facts == 0);
  g_return_if_fail (figures != NULL);

  clock_init (now, &clock);
  for (guint i = 0; i < n_facts; i++)
    tally_case (&tally, facts[i], &clock);
  tally_finish (&tally);
  *figures = tally.figures;
  g_date_time_unref (clock.now_dt);
}

static void
on_store_changed (GwCaseStore *store,
                  GwStats     *self)
{
  gw_stats_refresh (self);
}

static void
gw_stats_dispose (GObject *object)
{
  GwStats *self = GW_STATS (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_stats_parent_class)->dispose (object);
}

static void
gw_stats_finalize (GObject *object)
{
  GwStats *self = GW_STATS (object);

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->by_district, g_hash_table_unref);
  g_clear_pointer (&self->by_department, g_hash_table_unref);

  G_OBJECT_CLASS (gw_stats_parent_class)->finalize (object);
}

static void
gw_stats_class_init (GwStatsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_stats_dispose;
  object_class->finalize = gw_stats_finalize;

  /**
   * GwStats::changed:
   *
   * Emitted after every recomputation.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_stats_init (GwStats *self)
{
  self->by_district = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->by_department = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gw_stats_new:
 * @store: the store to follow
 *
 * Returns: (transfer full): statistics of @store, computed at once and after
 *   each ::changed of the store
 */
GwStats *
gw_stats_new (GwCaseStore *store)
{
  GwStats *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);

  self = g_object_new (GW_TYPE_STATS, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  recompute (self);
  return self;
}

/**
 * gw_stats_set_now:
 * @self: the statistics
 * @now: (nullable): the time to compute at, or %NULL for the real clock
 *
 * Pins the clock (tests, replays) and recomputes.
 */
void
gw_stats_set_now (GwStats   *self,
                  GDateTime *now)
{
  g_return_if_fail (GW_IS_STATS (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  gw_stats_refresh (self);
}

void
gw_stats_refresh (GwStats *self)
{
  g_return_if_fail (GW_IS_STATS (self));

  recompute (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const GwFigures *
gw_stats_get_figures (GwStats *self)
{
  g_return_val_if_fail (GW_IS_STATS (self), NULL);
  return &self->overall.figures;
}

const GwFigures *
gw_stats_get_for_category (GwStats    *self,
                           GwCategory  category)
{
  g_return_val_if_fail (GW_IS_STATS (self), NULL);
  g_return_val_if_fail (category < GW_N_CATEGORIES, NULL);
  return &self->by_category[category].figures;
}

/**
 * gw_stats_get_by_district:
 * @self: the statistics
 *
 * Returns: (transfer none): 6-digit county code -> GwFigures, valid until the
 *   next recomputation
 */
GHashTable *
gw_stats_get_by_district (GwStats *self)
{
  g_return_val_if_fail (GW_IS_STATS (self), NULL);
  return self->by_district;
}

/**
 * gw_stats_get_by_department:
 * @self: the statistics
 *
 * Returns: (transfer none): department code -> GwFigures, valid until the
 *   next recomputation
 */
GHashTable *
gw_stats_get_by_department (GwStats *self)
{
  g_return_val_if_fail (GW_IS_STATS (self), NULL);
  return self->by_department;
}
