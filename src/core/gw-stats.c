/* gw-stats.c: a centre's headline figures, kept up to date from a GwCaseStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures are counts over the cases (and rates of counts), so they are
 * kept as counts: a mirror of the store holds what each case contributed (its
 * GwCaseFacts and the tallies it counts in), added when the store announces
 * the case and taken out again, from the mirror's copy, when the store
 * announces that it changed or went (items-changed). A batch costs what its
 * cases cost, not what the store holds: a full pass took 7 ms at 20,000 cases
 * after every batch of one or two events (bench-feed).
 *
 * What moves with the clock alone (today, overdue, the last 30 days) depends
 * on a case's requested, expected and closed times. The mirror indexes its
 * entries by those times in buckets of a minute, so that when the clock moves
 * between two refreshes only the entries whose times lie between the two
 * instants (and in the two days, when the day turns) are counted again, at
 * the new clock; a jump of more than two days counts every entry again.
 *
 * GW_STATS_FULL=1 in the environment, read when a GwStats is made, makes it
 * recompute everything from the store after each change instead, as it used
 * to: the reference of tests/core/test-stats.c and bench-feed.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-private.h"
#include "gw-stats.h"
#include "gw-validate-private.h"

#define CENTRE_OFFSET_MINUTES (8 * 60)
#define DAY (24 * 60 * 60)
#define RECENT (30 * DAY)          /* the closure rate's window */
#define BUCKET_SECONDS 60          /* the time index's resolution */
#define MAX_CLOCK_STEP (2 * DAY)   /* beyond it, every entry is counted again */

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

/* The times an entry is indexed by. */
typedef enum
{
  KEY_REQUESTED,  /* today's reports, the last 30 days */
  KEY_EXPECTED,   /* overdue: only cases that can be */
  KEY_CLOSED,     /* closed today */
  N_KEYS
} Key;

enum
{
  TALLY_OVERALL,
  TALLY_CATEGORY,
  TALLY_DISTRICT,
  TALLY_DEPARTMENT,  /* NULL without an agency */
  N_TALLIES
};

/* What one case of the store contributes, as the store last announced it. */
typedef struct _Entry Entry;
struct _Entry
{
  GwCase      *item;     /* a reference: tells a case that stayed from one that came */
  gint64       version;
  GwCaseFacts  facts;
  Tally       *tallies[N_TALLIES];
  Entry       *next[N_KEYS];  /* the lists of the time index's buckets */
  Entry       *prev[N_KEYS];
  guint        mark;          /* the clock move that last counted it again */
};

/* One minute of one key of the time index: its entries, linked. */
typedef struct
{
  gint64  id;     /* the hash key: time / BUCKET_SECONDS */
  Entry  *head;
} Bucket;

/* The instants of the figures, in Unix seconds. */
typedef struct
{
  gint64 now;
  gint64 today_start;
  gint64 recent_start;
} Clock;

struct _GwStats
{
  GObject      parent_instance;

  GwCaseStore *store;
  gulong       changed_id;
  gulong       items_changed_id;
  GDateTime   *now;         /* pinned clock, or NULL */
  gboolean     full;        /* GW_STATS_FULL: a pass over the store per change */

  Tally        overall;
  Tally        by_category[GW_N_CATEGORIES];
  GHashTable  *by_district;    /* char* -> Tally* */
  GHashTable  *by_department;  /* char* -> Tally* */

  Clock        clock;          /* the instant every tally is counted at */
  GPtrArray   *entries;        /* Entry*, the store's order */
  GHashTable  *index[N_KEYS];  /* bucket id -> Bucket* */
  guint        generation;     /* of clock moves, for Entry.mark */
};

G_DEFINE_FINAL_TYPE (GwStats, gw_stats, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* Counts @item into @tally at @clock, or (@delta -1) takes it out again: the
 * counts are unsigned, and adding -1 wraps as subtracting 1. */
static void
tally_add (Tally             *tally,
           const GwCaseFacts *item,
           const Clock       *clock,
           int                delta)
{
  GwFigures *f = &tally->figures;
  gint64 requested = item->requested;
  gint64 closed = item->closed;
  gboolean open = item->open;
  gboolean done = item->done;
  int satisfaction = item->satisfaction;

  f->total += delta;
  if (open)
    f->open += delta;
  if (requested >= clock->today_start && requested < clock->today_start + DAY)
    f->accepted_today += delta;
  if (closed >= clock->today_start && closed < clock->today_start + DAY)
    f->closed_today += delta;
  if (open && !done && item->resolved == G_MININT64 &&
      item->expected != G_MININT64 && item->expected < clock->now)
    f->overdue += delta;

  if (requested > clock->recent_start && requested <= clock->now)
    {
      tally->recent += delta;
      tally->recent_done += done ? delta : 0;
    }
  if (satisfaction > 0)
    {
      tally->reviewed += delta;
      tally->satisfied += satisfaction >= 4 ? delta : 0;
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
          tally->done_with_deadline += delta;
          tally->done_on_time += finished <= expected ? delta : 0;
        }
      if (level != GW_LEVEL_NONE)
        {
          tally->done_with_level += delta;
          tally->done_locally += level == GW_LEVEL_VILLAGE || level == GW_LEVEL_TOWN ? delta : 0;
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
  g_autoptr(GDateTime) now_dt = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  now_dt = now != NULL ? g_date_time_ref (now) : g_date_time_new_now (centre);
  local = g_date_time_to_timezone (now_dt, centre);
  midnight = g_date_time_new (centre, g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  clock->now = g_date_time_to_unix (now_dt);
  clock->today_start = g_date_time_to_unix (midnight);
  clock->recent_start = clock->now - RECENT;
}

static void
district_of (GwCase *item,
             char    district[7])
{
  memcpy (district, gw_case_get_grid_code (item), 6);
  district[6] = '\0';
}

/* The old way, kept as the reference (GW_STATS_FULL): one pass over the store. */
static void
recompute (GwStats *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);
  Clock *clock = &self->clock;

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

      district_of (item, district);
      gw_case_facts_init (&facts, item);

      tally_add (&self->overall, &facts, clock, 1);
      tally_add (&self->by_category[gw_case_get_category (item)], &facts, clock, 1);
      tally_add (tally_for (self->by_district, district), &facts, clock, 1);
      if (agency != NULL)
        tally_add (tally_for (self->by_department, agency), &facts, clock, 1);
    }
}

/* Rates from the counts; tallies no case counts in go, as a full pass would
 * never have made them. */
static gboolean
tally_is_empty (gpointer key,
                gpointer value,
                gpointer user_data)
{
  return ((Tally *) value)->figures.total == 0;
}

static void
finish (GwStats *self)
{
  g_hash_table_foreach_remove (self->by_district, tally_is_empty, NULL);
  g_hash_table_foreach_remove (self->by_department, tally_is_empty, NULL);
  tally_finish (&self->overall);
  for (guint i = 0; i < GW_N_CATEGORIES; i++)
    tally_finish (&self->by_category[i]);
  g_hash_table_foreach (self->by_district, tally_finish_cb, NULL);
  g_hash_table_foreach (self->by_department, tally_finish_cb, NULL);
}

/* The time index */

/* An entry's time for @key, G_MININT64 when it is not indexed by it. */
static gint64
entry_time (const Entry *entry,
            Key          key)
{
  const GwCaseFacts *f = &entry->facts;

  switch (key)
    {
    case KEY_REQUESTED:
      return f->requested;
    case KEY_EXPECTED:
      /* Only these can turn overdue as the clock moves. */
      return f->open && !f->done && f->resolved == G_MININT64 ? f->expected : G_MININT64;
    case KEY_CLOSED:
      return f->closed;
    case N_KEYS:
    default:
      g_assert_not_reached ();
    }
}

static gint64
bucket_of (gint64 t)
{
  /* Floor division: the buckets of a range are the ids between its ends'. */
  return t >= 0 ? t / BUCKET_SECONDS : -((-t + BUCKET_SECONDS - 1) / BUCKET_SECONDS);
}

static void
index_insert (GwStats *self,
              Entry   *entry)
{
  for (Key key = 0; key < N_KEYS; key++)
    {
      gint64 t = entry_time (entry, key);
      gint64 id = bucket_of (t);
      Bucket *bucket;

      entry->next[key] = entry->prev[key] = NULL;
      if (t == G_MININT64)
        continue;
      bucket = g_hash_table_lookup (self->index[key], &id);
      if (bucket == NULL)
        {
          bucket = g_new0 (Bucket, 1);
          bucket->id = id;
          g_hash_table_add (self->index[key], bucket);
        }
      entry->next[key] = bucket->head;
      if (bucket->head != NULL)
        bucket->head->prev[key] = entry;
      bucket->head = entry;
    }
}

static void
index_remove (GwStats *self,
              Entry   *entry)
{
  for (Key key = 0; key < N_KEYS; key++)
    {
      gint64 t = entry_time (entry, key);
      Entry *next = entry->next[key], *prev = entry->prev[key];

      if (t == G_MININT64)
        continue;
      if (prev != NULL)
        prev->next[key] = next;
      else
        {
          gint64 id = bucket_of (t);
          Bucket *bucket = g_hash_table_lookup (self->index[key], &id);

          g_assert (bucket != NULL && bucket->head == entry);
          bucket->head = next;
          if (next == NULL)
            g_hash_table_remove (self->index[key], &id);
        }
      if (next != NULL)
        next->prev[key] = prev;
    }
}

/* Entries */

static void
entry_tally (Entry       *entry,
             const Clock *clock,
             int          delta)
{
  for (guint i = 0; i < N_TALLIES; i++)
    if (entry->tallies[i] != NULL)
      tally_add (entry->tallies[i], &entry->facts, clock, delta);
}

/* Takes @item's facts into @entry, counts them at the stats' clock and
 * indexes them. */
static void
entry_fill (GwStats *self,
            Entry   *entry,
            GwCase  *item)
{
  const char *agency = gw_case_get_agency (item);
  char district[7];

  if (entry->item != item)
    {
      g_clear_object (&entry->item);
      entry->item = g_object_ref (item);
    }
  entry->version = gw_case_get_version (item);
  gw_case_facts_init (&entry->facts, item);
  district_of (item, district);
  entry->tallies[TALLY_OVERALL] = &self->overall;
  entry->tallies[TALLY_CATEGORY] = &self->by_category[gw_case_get_category (item)];
  entry->tallies[TALLY_DISTRICT] = tally_for (self->by_district, district);
  entry->tallies[TALLY_DEPARTMENT] = agency != NULL ? tally_for (self->by_department, agency)
                                                    : NULL;
  entry_tally (entry, &self->clock, 1);
  index_insert (self, entry);
}

/* Takes @entry's contribution out and unindexes it. */
static void
entry_clear (GwStats *self,
             Entry   *entry)
{
  entry_tally (entry, &self->clock, -1);
  index_remove (self, entry);
}

static Entry *
entry_new (GwStats *self,
           GwCase  *item)
{
  Entry *entry = g_new0 (Entry, 1);

  entry_fill (self, entry, item);
  return entry;
}

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->item);
  g_free (entry);
}

static void
entry_drop (GwStats *self,
            Entry   *entry)
{
  entry_clear (self, entry);
  entry_free (entry);
}

/* The clock */

/* Counts the entries of @key with a time in [@from, @to] again, from the
 * stats' clock to @clock, each once per move. */
static void
recount_range (GwStats     *self,
               Key          key,
               gint64       from,
               gint64       to,
               const Clock *clock)
{
  for (gint64 id = bucket_of (from); id <= bucket_of (to); id++)
    {
      Bucket *bucket = g_hash_table_lookup (self->index[key], &id);

      for (Entry *e = bucket != NULL ? bucket->head : NULL; e != NULL; e = e->next[key])
        if (e->mark != self->generation)
          {
            e->mark = self->generation;
            entry_tally (e, &self->clock, -1);
            entry_tally (e, clock, 1);
          }
    }
}

static void
tally_zero_cb (gpointer key,
               gpointer value,
               gpointer user_data)
{
  memset (value, 0, sizeof (Tally));
}

static void
recount_all (GwStats     *self,
             const Clock *clock)
{
  memset (&self->overall, 0, sizeof self->overall);
  memset (self->by_category, 0, sizeof self->by_category);
  g_hash_table_foreach (self->by_district, tally_zero_cb, NULL);
  g_hash_table_foreach (self->by_department, tally_zero_cb, NULL);
  for (guint i = 0; i < self->entries->len; i++)
    entry_tally (g_ptr_array_index (self->entries, i), clock, 1);
}

static void
next_generation (GwStats *self)
{
  if (++self->generation != 0)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    ((Entry *) g_ptr_array_index (self->entries, i))->mark = 0;
  self->generation = 1;
}

/* Moves every tally to @clock. A case's figures change with the clock only
 * where one of its times lies between the two instants: its deadline
 * (overdue), its report (the last 30 days, at either end), or, when the day
 * turns, its report or closing in either day. */
static void
move_clock (GwStats     *self,
            const Clock *clock)
{
  const Clock *old = &self->clock;
  gint64 lo = MIN (old->now, clock->now), hi = MAX (old->now, clock->now);

  if (old->now == clock->now && old->today_start == clock->today_start)
    return;
  if (hi - lo > MAX_CLOCK_STEP)
    recount_all (self, clock);
  else
    {
      next_generation (self);
      recount_range (self, KEY_EXPECTED, lo, hi, clock);
      recount_range (self, KEY_REQUESTED, lo, hi, clock);
      recount_range (self, KEY_REQUESTED, lo - RECENT, hi - RECENT, clock);
      if (old->today_start != clock->today_start)
        {
          gint64 days[] = { old->today_start, clock->today_start };

          for (guint i = 0; i < G_N_ELEMENTS (days); i++)
            {
              recount_range (self, KEY_REQUESTED, days[i], days[i] + DAY - 1, clock);
              recount_range (self, KEY_CLOSED, days[i], days[i] + DAY - 1, clock);
            }
        }
    }
  self->clock = *clock;
}

/* Following the store */

/* Replaces @removed entries at @position with the @added of @fresh, in one
 * move of the tail. */
static void
entries_splice (GwStats  *self,
                guint     position,
                guint     removed,
                Entry   **fresh,
                guint     added)
{
  GPtrArray *entries = self->entries;
  guint tail = entries->len - position - removed;

  /* The entries that went were dropped already, those moved live on. */
  g_ptr_array_set_free_func (entries, NULL);
  if (added > removed)
    g_ptr_array_set_size (entries, entries->len + added - removed);
  memmove (entries->pdata + position + added, entries->pdata + position + removed,
           tail * sizeof (gpointer));
  if (added < removed)
    g_ptr_array_set_size (entries, entries->len - (removed - added));
  memcpy (entries->pdata + position, fresh, added * sizeof (gpointer));
  g_ptr_array_set_free_func (entries, (GDestroyNotify) entry_free);
}

/* A change that is not in place (a prune, a snapshot): the entries of cases
 * that stayed as they were are kept, found in order (a prune's survivors are
 * the removed span's cases less the pruned ones); the others are dropped and
 * the new cases counted. */
static void
splice (GwStats    *self,
        GListModel *model,
        guint       position,
        guint       removed,
        guint       added)
{
  g_autofree Entry **fresh = g_new (Entry *, MAX (added, 1));
  Entry **old = (Entry **) self->entries->pdata + position;
  guint i = 0;

  for (guint j = 0; j < added; j++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, position + j);

      while (i < removed && (old[i]->item != item || old[i]->version != gw_case_get_version (item)))
        entry_drop (self, old[i++]);
      fresh[j] = i < removed ? old[i++] : entry_new (self, item);
    }
  while (i < removed)
    entry_drop (self, old[i++]);
  entries_splice (self, position, removed, fresh, added);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GwStats    *self)
{
  if (removed != added)
    {
      splice (self, model, position, removed, added);
      return;
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->item == item && entry->version == gw_case_get_version (item))
        continue;
      entry_clear (self, entry);
      entry_fill (self, entry, item);
    }
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
    tally_add (&tally, facts[i], &clock, 1);
  tally_finish (&tally);
  *figures = tally.figures;
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
  g_clear_signal_handler (&self->items_changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_stats_parent_class)->dispose (object);
}

static void
gw_stats_finalize (GObject *object)
{
  GwStats *self = GW_STATS (object);

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  for (Key key = 0; key < N_KEYS; key++)
    g_clear_pointer (&self->index[key], g_hash_table_unref);
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
   * Emitted after every refresh: after each ::changed of the store, and
   * gw_stats_refresh or gw_stats_set_now.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_stats_init (GwStats *self)
{
  self->by_district = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->by_department = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (Key key = 0; key < N_KEYS; key++)
    self->index[key] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* Brings every figure to the clock's now, then rates and empty tallies. */
static void
update (GwStats *self)
{
  Clock clock;

  clock_init (self->now, &clock);
  if (self->full)
    {
      self->clock = clock;
      recompute (self);
    }
  else
    move_clock (self, &clock);
  finish (self);
}

/**
 * gw_stats_new:
 * @store: the store to follow
 *
 * Returns: (transfer full): statistics of @store, computed at once, kept up to
 *   date from its items-changed and brought to the clock after each ::changed
 */
GwStats *
gw_stats_new (GwCaseStore *store)
{
  GwStats *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);

  self = g_object_new (GW_TYPE_STATS, NULL);
  self->store = g_object_ref (store);
  self->full = g_strcmp0 (g_getenv ("GW_STATS_FULL"), "1") == 0;
  clock_init (self->now, &self->clock);
  if (!self->full)
    {
      self->items_changed_id = g_signal_connect (store, "items-changed",
                                                 G_CALLBACK (on_items_changed), self);
      on_items_changed (G_LIST_MODEL (store), 0, 0,
                        g_list_model_get_n_items (G_LIST_MODEL (store)), self);
    }
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  update (self);
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

/**
 * gw_stats_refresh:
 * @self: the statistics
 *
 * Brings the figures to the clock (overdue, today and the last 30 days move
 * with it alone) and emits ::changed. Costs what the cases whose times the
 * clock passed cost.
 */
void
gw_stats_refresh (GwStats *self)
{
  g_return_if_fail (GW_IS_STATS (self));

  update (self);
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
 * Returns: (transfer none): 6-digit county code -> GwFigures, read after
 *   ::changed; valid until the store's next change
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
 * Returns: (transfer none): department code -> GwFigures, read after
 *   ::changed; valid until the store's next change
 */
GHashTable *
gw_stats_get_by_department (GwStats *self)
{
  g_return_val_if_fail (GW_IS_STATS (self), NULL);
  return self->by_department;
}
