/* gw-chart-data.c: the figures the wall's charts show, computed off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GwCase objects are updated in place by the store, so a worker thread may
 * not read them. The main thread keeps a mirror of what the charts need of
 * each case (a Row: GwCaseFacts plus category, channel, agency and grid),
 * updated from the store's items-changed for the positions that changed
 * only (a prune moves the rows after it and reads only its span again). The mirror is cut into reference-counted chunks that are copied on
 * write: handing the whole mirror to a worker costs a few refs, and a batch
 * that arrives while the worker runs copies only the chunks it touches.
 *
 * The worker filters by area and computes one GwChartSnapshot; recomputation
 * is coalesced to at most one start per interval (500 ms).
 *
 * The month before the per-day series is the centre's (GET /v1/stats/daily):
 * after a computation lands for an area and day not yet asked for, one fetch
 * starts; its counts are cached per area for that day and go into every
 * later computation. The cache empties when the day turns.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <string.h>

#include "gw-case.h"
#include "gw-chart-data.h"
#include "gw-department.h"

#define HOUR (60 * 60)
#define DAY (24 * HOUR)
#define CENTRE_OFFSET (8 * HOUR)
#define CHUNK_ROWS 4096
#define CLOCK_SECONDS 30
#define HISTORY_MAX_AREAS 64    /* areas cached per day: a tour's, and then some */
#define EPOCH_JULIAN 719163     /* g_date_get_julian () of 1970-01-01 */

typedef struct
{
  GwCaseFacts  facts;
  const char  *agency;   /* interned, NULL when unassigned */
  char         grid[16];
  guint8       category;
  guint8       channel;
} Row;

typedef struct
{
  gatomicrefcount ref;
  guint           n;
  Row             rows[CHUNK_ROWS];
} Chunk;

/* What one computation needs; owned by the worker. */
typedef struct
{
  GPtrArray  *chunks;
  char       *area;
  GDateTime  *now;
  GHashTable *department_names;  /* code -> name */
  GwGridSet  *grids;
  GArray     *days_previous;     /* guint, the centre's, or NULL */
} Job;

/* The key of the month before: an area ("" for all) and a day_start. */
typedef struct
{
  char   *area;
  gint64  day;
} HistoryKey;

struct _GwChartData
{
  GObject          parent_instance;

  GwCaseStore     *store;
  GPtrArray       *chunks;      /* of Chunk, the mirror in store order */
  guint            n_rows;
  char            *area;
  GDateTime       *now;         /* pinned clock, or NULL */
  GwGridSet       *grids;
  GwChartSnapshot *snapshot;

  guint            interval_ms;
  gint64           last_launch; /* monotonic µs */
  guint            timer_id;
  guint            clock_id;
  gboolean         running;
  gboolean         dirty;
  guint            n_computed;

  GwCenterClient  *client;
  GHashTable      *history;        /* area ("" for all) -> GArray of guint */
  gint64           history_day;    /* the day_start @history is for */
  GCancellable    *fetching;       /* the fetch under way, or NULL */
  HistoryKey       fetch_key;      /* its key, or the last one that failed */
  gint64           failed_at;      /* monotonic µs of that failure, 0 if none */
  guint            n_history_fetches;
  guint            n_history_errors;
  char            *history_error;
};

G_DEFINE_FINAL_TYPE (GwChartData, gw_chart_data, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_AREA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Main-thread time spent keeping the mirror and launching and landing
 * computations, and rows mirrored, over the process (benchmarks). */
static gint64  main_thread_usec;
static guint64 rows_mirrored;

static void schedule (GwChartData *self);
static void history_update (GwChartData *self, const GwChartSnapshot *snapshot);

/* Snapshot */

G_DEFINE_BOXED_TYPE (GwChartSnapshot, gw_chart_snapshot, gw_chart_snapshot_ref,
                     gw_chart_snapshot_unref)

static void
snapshot_clear (GwChartSnapshot *self)
{
  for (guint i = 0; i < self->n_departments; i++)
    {
      g_free (self->departments[i].code);
      g_free (self->departments[i].name);
    }
  for (guint i = 0; i < self->n_grids; i++)
    {
      g_free (self->grids[i].code);
      g_free (self->grids[i].name);
      g_free (self->grids[i].worker);
    }
  g_free (self->departments);
  g_free (self->grids);
  g_free (self->area);
}

GwChartSnapshot *
gw_chart_snapshot_ref (GwChartSnapshot *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_chart_snapshot_unref (GwChartSnapshot *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) snapshot_clear);
}

/* The mirror */

static Chunk *
chunk_ref (Chunk *chunk)
{
  g_atomic_ref_count_inc (&chunk->ref);
  return chunk;
}

static void
chunk_unref (Chunk *chunk)
{
  if (g_atomic_ref_count_dec (&chunk->ref))
    g_free (chunk);
}

static Row *
row_for_write (GwChartData *self,
               guint        position)
{
  guint index = position / CHUNK_ROWS;
  Chunk *chunk;

  if (index == self->chunks->len)
    {
      chunk = g_new (Chunk, 1);
      g_atomic_ref_count_init (&chunk->ref);
      chunk->n = 0;
      g_ptr_array_add (self->chunks, chunk);
    }
  chunk = g_ptr_array_index (self->chunks, index);
  if (!g_atomic_ref_count_compare (&chunk->ref, 1))
    {
      /* A worker reads it: copy, and leave the worker its version. */
      Chunk *copy = g_memdup2 (chunk, sizeof *chunk);

      g_atomic_ref_count_init (&copy->ref);
      g_ptr_array_index (self->chunks, index) = copy;
      chunk_unref (chunk);
      chunk = copy;
    }
  chunk->n = MAX (chunk->n, position % CHUNK_ROWS + 1);
  return &chunk->rows[position % CHUNK_ROWS];
}

static void
row_fill (Row    *row,
          GwCase *item)
{
  const char *agency = gw_case_get_agency (item);

  gw_case_facts_init (&row->facts, item);
  row->agency = agency != NULL ? g_intern_string (agency) : NULL;
  g_strlcpy (row->grid, gw_case_get_grid_code (item), sizeof row->grid);
  row->category = gw_case_get_category (item);
  row->channel = gw_case_get_channel (item);
}

static void
mirror_set (GwChartData *self,
            guint        from,
            guint        to)
{
  GListModel *model = G_LIST_MODEL (self->store);

  for (guint i = from; i < to; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);

      row_fill (row_for_write (self, i), item);
    }
  self->n_rows = MAX (self->n_rows, to);
}

static void
mirror_rebuild (GwChartData *self)
{
  g_ptr_array_set_size (self->chunks, 0);
  self->n_rows = 0;
  mirror_set (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)));
}

static const Row *
chunks_row (GPtrArray *chunks,
            guint      position)
{
  const Chunk *chunk = g_ptr_array_index (chunks, position / CHUNK_ROWS);

  return &chunk->rows[position % CHUNK_ROWS];
}

/* Any other change (a prune, a snapshot): the rows before it stay, the span
 * comes from the store and the rows after it move down or up. Only the store's
 * span is read again: a prune near the start of a large store is a copy of
 * the rows after it, not a refill of every row from its GwCase. The chunks
 * from the change's on are new, as a worker may still read the old ones. */
static void
mirror_splice (GwChartData *self,
               guint        position,
               guint        removed,
               guint        added)
{
  g_autoptr(GPtrArray) old = self->chunks;
  guint n_rows = self->n_rows - removed + added;
  guint kept = position / CHUNK_ROWS;

  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_unref);
  for (guint i = 0; i < kept; i++)
    g_ptr_array_add (self->chunks, chunk_ref (g_ptr_array_index (old, i)));
  for (guint i = kept * CHUNK_ROWS; i < position; i++)
    *row_for_write (self, i) = *chunks_row (old, i);
  self->n_rows = position;
  mirror_set (self, position, position + added);
  for (guint i = position + added; i < n_rows; i++)
    *row_for_write (self, i) = *chunks_row (old, i - added + removed);
  self->n_rows = n_rows;
}

static void
on_items_changed (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  GwChartData *self)
{
  gint64 start = g_get_monotonic_time ();

  if (removed == added && position + added <= self->n_rows)
    mirror_set (self, position, position + added);
  else if (removed == 0 && position == self->n_rows)
    mirror_set (self, position, position + added);
  else if (position + removed <= self->n_rows)
    mirror_splice (self, position, removed, added);
  else
    mirror_rebuild (self);
  rows_mirrored += added;
  main_thread_usec += g_get_monotonic_time () - start;
}

static void
on_store_changed (GwCaseStore *store,
                  GwChartData *self)
{
  schedule (self);
}

/* The computation, on a worker thread */

typedef struct
{
  const char *code;
  guint       open;
  guint       overdue;
  guint       done;
  double      hours;
} DepartmentTally;

typedef struct
{
  gint64           now;
  gint64           today_start;
  GHashTable      *departments;  /* interned code -> DepartmentTally */
  GHashTable      *grids;        /* grid code -> count */
  GPtrArray       *facts;
  GwChartSnapshot *out;
} Pass;

/* Counts @t into its bin of @bins (n of @width from @start) or, when it
 * falls @before earlier, into @previous. */
static void
bin (guint  *bins,
     guint  *previous,
     guint   n,
     gint64  start,
     gint64  width,
     gint64  before,
     gint64  t)
{
  gint64 previous_start = start - before;

  if (t >= start && t < start + n * width)
    bins[(t - start) / width]++;
  else if (previous != NULL && t >= previous_start && t < previous_start + n * width)
    previous[(t - previous_start) / width]++;
}

static void
pass_department (Pass      *pass,
                 const Row *row)
{
  const GwCaseFacts *f = &row->facts;
  DepartmentTally *tally = g_hash_table_lookup (pass->departments, row->agency);
  gint64 finished = f->resolved != G_MININT64 ? f->resolved : f->closed;

  if (tally == NULL)
    {
      tally = g_new0 (DepartmentTally, 1);
      tally->code = row->agency;
      g_hash_table_insert (pass->departments, (gpointer) row->agency, tally);
    }
  if (f->open && !f->done)
    {
      tally->open++;
      tally->overdue += f->resolved == G_MININT64 && f->expected != G_MININT64 &&
                        f->expected < pass->now;
    }
  if (f->done && finished != G_MININT64 && f->requested != G_MININT64 &&
      finished > pass->now - 30 * DAY && finished <= pass->now && finished >= f->requested)
    {
      tally->done++;
      tally->hours += (finished - f->requested) / (double) HOUR;
    }
}

static void
pass_row (Pass      *pass,
          const Row *row)
{
  GwChartSnapshot *out = pass->out;
  const GwCaseFacts *f = &row->facts;
  gint64 r = f->requested;
  gint64 yesterday = pass->today_start - DAY;

  g_ptr_array_add (pass->facts, (gpointer) f);
  out->per_category[row->category]++;
  out->per_category_open[row->category] += f->open && !f->done;
  bin (out->hours, out->hours_previous, GW_CHART_HOURS, out->hour_start, HOUR,
       GW_CHART_HOURS_BEFORE, r);
  bin (out->days, NULL, GW_CHART_DAYS, out->day_start, DAY, 0, r);
  if (r > pass->now - 30 * DAY && r <= pass->now)
    out->channels[row->channel]++;
  if (r >= yesterday && r <= pass->now - DAY)
    out->accepted_yesterday++;
  if (f->closed >= yesterday && f->closed <= pass->now - DAY)
    out->closed_yesterday++;
  if (row->channel == GW_CHANNEL_GRID_APP)
    {
      bin (out->grid_app_days, NULL, GW_CHART_DAYS, out->day_start, DAY, 0, r);
      if (r > pass->now - GW_CHART_GRID_DAYS * DAY && r <= pass->now)
        {
          gpointer count = g_hash_table_lookup (pass->grids, row->grid);

          g_hash_table_insert (pass->grids, (gpointer) row->grid,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
        }
    }
  if (row->agency != NULL)
    pass_department (pass, row);
}

static int
compare_departments (gconstpointer a,
                     gconstpointer b)
{
  const DepartmentTally *x = *(DepartmentTally * const *) a;
  const DepartmentTally *y = *(DepartmentTally * const *) b;

  if (x->open != y->open)
    return x->open > y->open ? -1 : 1;
  if (x->overdue != y->overdue)
    return x->overdue > y->overdue ? -1 : 1;
  return strcmp (x->code, y->code);
}

static void
pass_finish_departments (Pass *pass,
                         Job  *job)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GwChartSnapshot *out = pass->out;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, pass->departments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_departments);
  out->n_departments = MIN (sorted->len, GW_CHART_TOP);
  out->departments = g_new0 (GwChartDepartment, out->n_departments);
  for (guint i = 0; i < out->n_departments; i++)
    {
      DepartmentTally *tally = g_ptr_array_index (sorted, i);
      GwChartDepartment *d = &out->departments[i];
      const char *name = g_hash_table_lookup (job->department_names, tally->code);

      d->code = g_strdup (tally->code);
      d->name = g_strdup (name != NULL ? name : tally->code);
      d->open = tally->open;
      d->overdue = tally->overdue;
      d->done = tally->done;
      d->avg_hours = tally->done > 0 ? tally->hours / tally->done : -1.0;
    }
}

typedef struct
{
  const char *code;
  guint       reports;
} GridCount;

static int
compare_grids (gconstpointer a,
               gconstpointer b)
{
  const GridCount *x = a, *y = b;

  if (x->reports != y->reports)
    return x->reports > y->reports ? -1 : 1;
  return strcmp (x->code, y->code);
}

static void
pass_finish_grids (Pass *pass,
                   Job  *job)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (GridCount));
  GwChartSnapshot *out = pass->out;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, pass->grids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (counts, ((GridCount) { key, GPOINTER_TO_UINT (value) }));
  g_array_sort (counts, compare_grids);

  out->n_grids = MIN (counts->len, GW_CHART_TOP);
  out->grids = g_new0 (GwChartGrid, out->n_grids);
  for (guint i = 0; i < out->n_grids; i++)
    {
      GridCount *count = &g_array_index (counts, GridCount, i);
      const GwGridFeature *feature = NULL;

      if (job->grids != NULL)
        feature = gw_grid_set_lookup (job->grids, count->code);
      out->grids[i].code = g_strdup (count->code);
      out->grids[i].name = g_strdup (feature != NULL ? feature->name : count->code);
      if (feature != NULL && feature->n_workers > 0)
        out->grids[i].worker = g_strdup (feature->workers[0].name);
      out->grids[i].reports = count->reports;
    }
}

/* The start of the first day bin at @now: 29 days before today, 00:00 UTC+8. */
static gint64
first_day_start (gint64 now)
{
  return now - (now + CENTRE_OFFSET) % DAY - (GW_CHART_DAYS - 1) * DAY;
}

static GwChartSnapshot *
compute (Job *job)
{
  GwChartSnapshot *out = g_atomic_rc_box_new0 (GwChartSnapshot);
  gsize area_len = job->area != NULL ? strlen (job->area) : 0;
  Pass pass = { 0 };

  pass.now = g_date_time_to_unix (job->now);
  pass.today_start = pass.now - (pass.now + CENTRE_OFFSET) % DAY;
  pass.departments = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  pass.grids = g_hash_table_new (g_str_hash, g_str_equal);
  pass.facts = g_ptr_array_new ();
  pass.out = out;
  out->area = g_strdup (job->area);
  out->now = pass.now;
  out->hour_start = pass.now - pass.now % HOUR - (GW_CHART_HOURS - 1) * HOUR;
  out->day_start = first_day_start (pass.now);
  if (job->days_previous != NULL)
    {
      memcpy (out->days_previous, job->days_previous->data, sizeof out->days_previous);
      out->days_previous_known = TRUE;
    }

  for (guint c = 0; c < job->chunks->len; c++)
    {
      Chunk *chunk = g_ptr_array_index (job->chunks, c);

      for (guint i = 0; i < chunk->n; i++)
        if (area_len == 0 || strncmp (chunk->rows[i].grid, job->area, area_len) == 0)
          pass_row (&pass, &chunk->rows[i]);
    }

  out->n_cases = pass.facts->len;
  gw_figures_compute ((const GwCaseFacts * const *) pass.facts->pdata, pass.facts->len,
                      job->now, &out->figures);
  pass_finish_departments (&pass, job);
  pass_finish_grids (&pass, job);

  g_hash_table_unref (pass.departments);
  g_hash_table_unref (pass.grids);
  g_ptr_array_unref (pass.facts);
  return out;
}

static void
job_free (Job *job)
{
  g_ptr_array_unref (job->chunks);
  g_free (job->area);
  g_date_time_unref (job->now);
  g_hash_table_unref (job->department_names);
  g_clear_pointer (&job->grids, gw_grid_set_unref);
  g_clear_pointer (&job->days_previous, g_array_unref);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, compute (task_data), (GDestroyNotify) gw_chart_snapshot_unref);
}

/* Scheduling, on the main thread */

static Job *
job_new (GwChartData *self)
{
  GListModel *departments = gw_case_store_get_departments (self->store);
  Job *job = g_new0 (Job, 1);

  job->chunks = g_ptr_array_new_full (self->chunks->len, (GDestroyNotify) chunk_unref);
  for (guint i = 0; i < self->chunks->len; i++)
    g_ptr_array_add (job->chunks, chunk_ref (g_ptr_array_index (self->chunks, i)));
  job->area = g_strdup (self->area);
  job->now = self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_utc ();
  job->department_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < g_list_model_get_n_items (departments); i++)
    {
      g_autoptr(GwDepartment) department = g_list_model_get_item (departments, i);

      g_hash_table_insert (job->department_names,
                           g_strdup (gw_department_get_code (department)),
                           g_strdup (gw_department_get_name (department)));
    }
  if (self->grids != NULL)
    job->grids = gw_grid_set_ref (self->grids);
  if (self->history_day == first_day_start (g_date_time_to_unix (job->now)))
    {
      GArray *counts = g_hash_table_lookup (self->history, self->area ? self->area : "");

      job->days_previous = counts != NULL ? g_array_ref (counts) : NULL;
    }
  return job;
}

static void
computed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwChartData) self = user_data;
  GwChartSnapshot *snapshot = g_task_propagate_pointer (G_TASK (result), NULL);
  gint64 start = g_get_monotonic_time ();

  self->running = FALSE;
  g_clear_pointer (&self->snapshot, gw_chart_snapshot_unref);
  self->snapshot = snapshot;
  self->n_computed++;
  history_update (self, snapshot);
  if (self->dirty)
    schedule (self);
  main_thread_usec += g_get_monotonic_time () - start;
  /* The charts' own main-thread work (set_values) is not counted here. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

static gboolean
launch_cb (gpointer user_data)
{
  GwChartData *self = user_data;
  /* Not the task's source object: the worker may let go of the task last,
   * and the object must be let go (disposed) on the main thread, here in
   * the callback, not there while the store's signals reach it. */
  g_autoptr(GTask) task = g_task_new (NULL, NULL, computed_cb, g_object_ref (self));
  gint64 start = g_get_monotonic_time ();

  self->timer_id = 0;
  self->dirty = FALSE;
  self->running = TRUE;
  self->last_launch = g_get_monotonic_time ();
  g_task_set_source_tag (task, launch_cb);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, compute_thread);
  main_thread_usec += g_get_monotonic_time () - start;
  return G_SOURCE_REMOVE;
}

/* Marks the figures stale; starts a computation when the interval since the
 * last one has passed and none runs. */
static void
schedule (GwChartData *self)
{
  gint64 wait_us;

  self->dirty = TRUE;
  if (self->running || self->timer_id != 0)
    return;
  wait_us = self->last_launch + (gint64) self->interval_ms * 1000 - g_get_monotonic_time ();
  self->timer_id = g_timeout_add (wait_us > 0 ? (guint) (wait_us / 1000) : 0, launch_cb, self);
}

static gboolean
clock_cb (gpointer user_data)
{
  /* "Today", the hour bins and overdue move with the clock alone. */
  schedule (user_data);
  return G_SOURCE_CONTINUE;
}

/* The month before, from the centre */

static void
history_key_set (HistoryKey *key,
                 const char *area,
                 gint64      day)
{
  g_free (key->area);
  key->area = g_strdup (area);
  key->day = day;
}

static gboolean
history_key_equal (const HistoryKey *key,
                   const char       *area,
                   gint64            day)
{
  return key->area != NULL && g_str_equal (key->area, area) && key->day == day;
}

/* A new computation, at once: new figures are there to be shown. */
static void
recompute_now (GwChartData *self)
{
  self->last_launch = G_MININT64 / 2;
  if (self->timer_id != 0 && !self->running)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      self->dirty = FALSE;
    }
  schedule (self);
}

static void
history_failed (GwChartData  *self,
                const GError *error)
{
  self->n_history_errors++;
  self->failed_at = g_get_monotonic_time ();
  g_free (self->history_error);
  self->history_error = g_strdup (error->message);
  /* A centre's bad reply is not our bug: logged, counted, never fatal. */
  g_message ("The per-day chart has no month before for %s: %s",
             *self->fetch_key.area != '\0' ? self->fetch_key.area : "the whole centre",
             error->message);
}

static void
history_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GwChartData) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;

  counts = gw_center_client_get_daily_counts_finish (GW_CENTER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->fetching);
  if (counts == NULL)
    {
      history_failed (self, error);
      return;
    }
  self->failed_at = 0;
  if (self->fetch_key.day != self->history_day)
    return;
  if (g_hash_table_size (self->history) >= HISTORY_MAX_AREAS)
    g_hash_table_remove_all (self->history);
  g_hash_table_insert (self->history, g_strdup (self->fetch_key.area), g_steal_pointer (&counts));
  recompute_now (self);
}

static void
date_of (GDate  *date,
         gint64  unix_day_start)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, EPOCH_JULIAN + (guint32) ((unix_day_start + CENTRE_OFFSET) / DAY));
}

static void
history_fetch (GwChartData *self,
               const char  *area,
               gint64       day_start)
{
  GDate first, last;

  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  self->fetching = g_cancellable_new ();
  history_key_set (&self->fetch_key, area, day_start);
  self->failed_at = 0;
  self->n_history_fetches++;
  date_of (&first, day_start - GW_CHART_DAYS * DAY);
  date_of (&last, day_start - DAY);
  gw_center_client_get_daily_counts_async (self->client, &first, &last,
                                           *area != '\0' ? area : NULL, self->fetching,
                                           history_fetched_cb, g_object_ref (self));
}

/* Asks the centre for the month before @snapshot's days when no answer for
 * its area and day is cached, asked for, or failed a moment ago. */
static void
history_update (GwChartData           *self,
                const GwChartSnapshot *snapshot)
{
  const char *area = snapshot->area != NULL ? snapshot->area : "";
  gboolean same_key = history_key_equal (&self->fetch_key, area, snapshot->day_start);

  if (self->client == NULL || g_strcmp0 (snapshot->area, self->area) != 0)
    return;
  if (self->history_day != snapshot->day_start)
    {
      g_hash_table_remove_all (self->history);
      self->history_day = snapshot->day_start;
    }
  if (g_hash_table_contains (self->history, area)
      || (same_key && self->fetching != NULL)
      || (same_key && self->failed_at != 0
          && g_get_monotonic_time () - self->failed_at
             < GW_CHART_HISTORY_RETRY_SECONDS * G_USEC_PER_SEC))
    return;
  history_fetch (self, area, snapshot->day_start);
}

/* GObject */

static void
gw_chart_data_dispose (GObject *object)
{
  GwChartData *self = GW_CHART_DATA (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  g_clear_object (&self->client);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_chart_data_parent_class)->dispose (object);
}

static void
gw_chart_data_finalize (GObject *object)
{
  GwChartData *self = GW_CHART_DATA (object);

  g_ptr_array_unref (self->chunks);
  g_free (self->area);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  g_clear_pointer (&self->snapshot, gw_chart_snapshot_unref);
  g_hash_table_unref (self->history);
  g_free (self->fetch_key.area);
  g_free (self->history_error);

  G_OBJECT_CLASS (gw_chart_data_parent_class)->finalize (object);
}

static void
gw_chart_data_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwChartData *self = GW_CHART_DATA (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_AREA:
      g_value_set_string (value, self->area);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_chart_data_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GwChartData *self = GW_CHART_DATA (object);

  switch (prop_id)
    {
    case PROP_AREA:
      gw_chart_data_set_area (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_chart_data_class_init (GwChartDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_chart_data_dispose;
  object_class->finalize = gw_chart_data_finalize;
  object_class->get_property = gw_chart_data_get_property;
  object_class->set_property = gw_chart_data_set_property;

  /**
   * GwChartData:snapshot:
   *
   * The latest figures; %NULL until the first computation lands.
   */
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, GW_TYPE_CHART_SNAPSHOT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * GwChartData:area:
   *
   * A division code (6, 9, 12 or 15 digits) whose grids the figures cover, or
   * %NULL for the whole centre.
   */
  properties[PROP_AREA] =
    g_param_spec_string ("area", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_chart_data_init (GwChartData *self)
{
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_unref);
  self->interval_ms = 500;
  self->last_launch = G_MININT64 / 2;
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
}

/**
 * gw_chart_data_new:
 * @store: the store to follow
 *
 * Returns: (transfer full): the charts' figures of @store, recomputed on a
 *   worker thread after its changes (at most every 500 ms) and every 30 s
 */
GwChartData *
gw_chart_data_new (GwCaseStore *store)
{
  GwChartData *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);

  self = g_object_new (GW_TYPE_CHART_DATA, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  self->clock_id = g_timeout_add_seconds (CLOCK_SECONDS, clock_cb, self);
  mirror_rebuild (self);
  schedule (self);
  return self;
}

/**
 * gw_chart_data_get_snapshot:
 * @self: the chart data
 *
 * Returns: (transfer none) (nullable): the latest figures
 */
GwChartSnapshot *
gw_chart_data_get_snapshot (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), NULL);
  return self->snapshot;
}

/**
 * gw_chart_data_set_area:
 * @self: the chart data
 * @code: (nullable): a county, street, community or grid code, %NULL for all
 *
 * Restricts the figures to the cases whose grid code starts with @code.
 */
void
gw_chart_data_set_area (GwChartData *self,
                        const char  *code)
{
  g_return_if_fail (GW_IS_CHART_DATA (self));

  if (code != NULL && *code == '\0')
    code = NULL;
  if (g_strcmp0 (self->area, code) == 0)
    return;
  g_free (self->area);
  self->area = g_strdup (code);
  /* A new selection is shown at once rather than after the interval. */
  self->last_launch = G_MININT64 / 2;
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AREA]);
}

const char *
gw_chart_data_get_area (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), NULL);
  return self->area;
}

/**
 * gw_chart_data_set_grids:
 * @self: the chart data
 * @grids: (nullable): the centre's grids, for the names of grids and workers
 */
void
gw_chart_data_set_grids (GwChartData *self,
                         GwGridSet   *grids)
{
  g_return_if_fail (GW_IS_CHART_DATA (self));

  if (self->grids == grids)
    return;
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  if (grids != NULL)
    self->grids = gw_grid_set_ref (grids);
  schedule (self);
}

/**
 * gw_chart_data_set_now:
 * @self: the chart data
 * @now: (nullable): the clock to compute at, %NULL for the real one
 *
 * Pins the clock (tests, replays).
 */
void
gw_chart_data_set_now (GwChartData *self,
                       GDateTime   *now)
{
  g_return_if_fail (GW_IS_CHART_DATA (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  schedule (self);
}

/**
 * gw_chart_data_set_interval:
 * @self: the chart data
 * @msec: the least time between two computations' starts
 */
void
gw_chart_data_set_interval (GwChartData *self,
                            guint        msec)
{
  g_return_if_fail (GW_IS_CHART_DATA (self));
  self->interval_ms = msec;
}

/* How many computations have landed (tests, benchmarks). */
guint
gw_chart_data_get_n_computed (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), 0);
  return self->n_computed;
}

/* Whether a computation runs or waits to (tests, benchmarks). */
gboolean
gw_chart_data_is_busy (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), FALSE);
  return self->running || self->timer_id != 0 || self->dirty;
}

/**
 * gw_chart_data_get_main_thread_usec:
 * @rows: (out) (optional): the rows mirrored from the store so far
 *
 * Returns: the main-thread time all chart data of this process spent keeping
 *   their mirrors and launching and landing computations (benchmarks)
 */
gint64
gw_chart_data_get_main_thread_usec (guint64 *rows)
{
  if (rows != NULL)
    *rows = rows_mirrored;
  return main_thread_usec;
}

/**
 * gw_chart_data_set_client:
 * @self: the chart data
 * @client: (nullable): the centre to ask for the month before the per-day
 *   series, %NULL to ask no one (the series then has no month before)
 */
void
gw_chart_data_set_client (GwChartData    *self,
                          GwCenterClient *client)
{
  g_return_if_fail (GW_IS_CHART_DATA (self));
  g_return_if_fail (client == NULL || GW_IS_CENTER_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  g_clear_pointer (&self->fetch_key.area, g_free);
  self->failed_at = 0;
  g_hash_table_remove_all (self->history);
  self->history_day = 0;
  recompute_now (self);
}

/* Fetches of the month before started, and those that failed (tests, the
 * log of a wall that shows no faint line). */
guint
gw_chart_data_get_n_history_fetches (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), 0);
  return self->n_history_fetches;
}

guint
gw_chart_data_get_n_history_errors (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), 0);
  return self->n_history_errors;
}

/**
 * gw_chart_data_get_history_error:
 * @self: the chart data
 *
 * Returns: (nullable): why the last fetch of the month before failed, %NULL
 *   when none has
 */
const char *
gw_chart_data_get_history_error (GwChartData *self)
{
  g_return_val_if_fail (GW_IS_CHART_DATA (self), NULL);
  return self->history_error;
}
