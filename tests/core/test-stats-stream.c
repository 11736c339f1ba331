/* test-stats-stream.c: GwStats kept up incrementally against a full recompute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long random stream of batches (new cases, updates that move a case to any
 * category, district, department, status and times, stale versions), clock
 * moves (seconds to hours, across midnight UTC+8, jumps of days, backwards),
 * prunes and snapshot reloads goes into one store. Two GwStats follow it at
 * the same pinned clock: the incremental one and one made with GW_STATS_FULL=1,
 * which does a pass over the store per change as GwStats always did. After
 * every step every figure of both must be equal: overall, per category, per
 * district and per department, with the same keys. Now and then a fresh
 * GwStats, built at that moment, must agree too.
 */
#include "core-test-util.h"
#include "gw-stats.h"

#define DAY (24 * 3600)
#define N_STEPS 1500


typedef struct
{
  GRand       *rand;
  gint64       clock;     /* Unix seconds */
  guint64      sequence;
  GArray      *versions;  /* gint64 per case number */
  GwCaseStore *store;
  GwStats     *incremental;
  GwStats     *full;
} Stream;

static GwStats *
full_stats_new (GwCaseStore *store)
{
  GwStats *stats;

  g_setenv ("GW_STATS_FULL", "1", TRUE);
  stats = gw_stats_new (store);
  g_unsetenv ("GW_STATS_FULL");
  return stats;
}

/* A new case (a third of the time), else a newer or (now and then) a stale
 * version of one held. */
static char *
random_event (Stream *s)
{
  guint n;
  gint64 version;
  g_autofree char *the_case = NULL;

  if (s->versions->len == 0 || g_rand_int_range (s->rand, 0, 3) == 0)
    {
      n = s->versions->len;
      version = 1;
      g_array_append_val (s->versions, version);
    }
  else
    {
      n = g_rand_int_range (s->rand, 0, s->versions->len);
      version = g_rand_int_range (s->rand, 0, 10) == 0
                  ? MAX (1, g_array_index (s->versions, gint64, n) - 1)
                  : ++g_array_index (s->versions, gint64, n);
    }
  the_case = core_test_random_case (s->rand, n, version, s->clock);
  s->sequence++;
  return core_test_case_event_of (s->sequence, "updated", the_case);
}

static void
apply_batch (Stream *s)
{
  guint n = g_rand_int_range (s->rand, 1, 8);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (texts, random_event (s));
  g_ptr_array_add (texts, NULL);
  core_test_apply (s->store, (const char **) texts->pdata);
}

/* A snapshot of fresh random cases, some with the ids held. */
static void
reload (Stream *s)
{
  guint n = g_rand_int_range (s->rand, 0, 200);
  gint64 version = 50;
  g_autoptr(GwSnapshot) snapshot = NULL;

  s->sequence += 10;
  snapshot = core_test_random_snapshot (s->rand, n, version, s->clock, s->sequence);
  g_array_set_size (s->versions, 0);
  for (guint i = 0; i < n; i++)
    g_array_append_val (s->versions, version);
  gw_case_store_load_snapshot (s->store, snapshot);
}

static void
move_clock (Stream *s)
{
  g_autoptr(GDateTime) now = NULL;
  int roll = g_rand_int_range (s->rand, 0, 100);

  if (roll < 60)
    s->clock += g_rand_int_range (s->rand, 0, 120);     /* between batches */
  else if (roll < 85)
    s->clock += g_rand_int_range (s->rand, 60, 4 * 3600);
  else if (roll < 92)
    s->clock += g_rand_int_range (s->rand, DAY / 2, DAY + 1);   /* the day turns */
  else if (roll < 96)
    s->clock += g_rand_int_range (s->rand, 2 * DAY, 9 * DAY);   /* a jump */
  else
    s->clock -= g_rand_int_range (s->rand, 1, 3 * DAY);         /* backwards */
  now = g_date_time_new_from_unix_utc (s->clock);
  gw_stats_set_now (s->incremental, now);
  gw_stats_set_now (s->full, now);
}

static void
step (Stream *s,
      guint   i)
{
  int roll = g_rand_int_range (s->rand, 0, 100);

  if (roll < 70)
    apply_batch (s);
  else if (roll < 93)
    move_clock (s);
  else if (roll < 98)
    {
      g_autoptr(GDateTime) before = g_date_time_new_from_unix_utc (s->clock - 30 * DAY);

      gw_case_store_prune_closed (s->store, before);
    }
  else
    reload (s);

  core_test_assert_stats_equal (s->incremental, s->full);
  if (i % 100 == 99)
    {
      g_autoptr(GwStats) fresh = gw_stats_new (s->store);
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (s->clock);

      gw_stats_set_now (fresh, now);
      core_test_assert_stats_equal (fresh, s->full);
    }
}

static void
test_stream (gconstpointer data)
{
  guint32 seed = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = NULL;
  Stream s = { 0 };

  g_test_message ("seed %u", seed);
  s.rand = g_rand_new_with_seed (seed);
  s.clock = 1795132800;  /* 2026-11-21T00:00:00+08:00 less 16 h: near midnight UTC+8 */
  s.sequence = 0;
  s.versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  s.store = gw_case_store_new ();
  s.incremental = gw_stats_new (s.store);
  s.full = full_stats_new (s.store);
  now = g_date_time_new_from_unix_utc (s.clock);
  gw_stats_set_now (s.incremental, now);
  gw_stats_set_now (s.full, now);

  for (guint i = 0; i < N_STEPS; i++)
    step (&s, i);
  /* The stream reached something worth comparing. */
  g_assert_cmpuint (gw_stats_get_figures (s.full)->total, >, 0);

  g_object_unref (s.incremental);
  g_object_unref (s.full);
  g_object_unref (s.store);
  g_array_unref (s.versions);
  g_rand_free (s.rand);
}

/* A refresh with the real clock, as the app's: the same as a full pass. */
static void
test_real_clock (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwStats) incremental = gw_stats_new (store);
  g_autoptr(GwStats) full = full_stats_new (store);
  Stream s = { 0 };

  s.rand = g_rand_new_with_seed (7);
  s.clock = g_get_real_time () / G_USEC_PER_SEC;
  s.versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  s.store = store;
  for (guint i = 0; i < 50; i++)
    apply_batch (&s);
  gw_stats_refresh (incremental);
  gw_stats_refresh (full);
  /* Unless a second turned between the two refreshes: then once more. */
  if (memcmp (gw_stats_get_figures (incremental), gw_stats_get_figures (full),
              sizeof (GwFigures)) != 0)
    {
      gw_stats_refresh (full);
      gw_stats_refresh (incremental);
    }
  core_test_assert_stats_equal (incremental, full);
  g_array_unref (s.versions);
  g_rand_free (s.rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/core/stats/stream/1", GUINT_TO_POINTER (1), test_stream);
  g_test_add_data_func ("/core/stats/stream/2", GUINT_TO_POINTER (20261121), test_stream);
  g_test_add_data_func ("/core/stats/stream/3", GUINT_TO_POINTER (4000), test_stream);
  g_test_add_func ("/core/stats/stream/real-clock", test_real_clock);
  return g_test_run ();
}
