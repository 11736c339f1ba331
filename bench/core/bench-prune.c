/* bench-prune.c: pruning 30,000 closed cases of 100,000, on the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-prune [N_CASES [N_PRUNED [REPEATS]]]   (default 100000 30000 3)
 *
 * N_CASES generated cases, 40 % of them closed, in two orders: the
 * generator's, where the closings spread over the whole store (the worst
 * case, the first prune of a client that ran long without: the one
 * items-changed spans the store), with the horizon set so that N_PRUNED go;
 * and the order of report, as a store fills from the feed, with about an
 * hour of closings going (N_CASES over 30 days), as the app's hourly prune
 * in steady state. For each set of followers (none, each alone, all), the
 * median over REPEATS of the time gw_case_store_prune_closed takes with them
 * attached, against the baseline it replaces: gw_case_store_load_snapshot of
 * the survivors (a resync: what a client that reloaded would spend on the
 * main thread, its followers rebuilding too). The snapshots are decoded
 * beforehand (the app decodes in a worker); neither side includes decoding.
 *
 * The followers are the main-thread code that listens to the store's
 * items-changed or ::changed: GwStats, GwDuplicates (src/core), the map's
 * records (GwMapCases), the charts' mirror (GwChartData), the window's case
 * list (a GtkFilterListModel and GtkSortListModel, as gw-window.c) and the
 * desk's queue (GwQueueModel with the waiting filter). Work they push to
 * workers or timers (the map's cluster views, the charts' drawing, the
 * desk's loads) is not counted.
 */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "bench-followers.h"
#include "bench-gen.h"
#include "gw-stats.h"

static const struct { guint mask; const char *name; } sets[] = {
  { 0, "store alone" },
  { BENCH_F_STATS, "+ GwStats" },
  { BENCH_F_DUPLICATES, "+ GwDuplicates" },
  { BENCH_F_MAP, "+ map records (GwMapCases)" },
  { BENCH_F_CHARTS, "+ chart mirror (GwChartData)" },
  { BENCH_F_LIST, "+ case list (filter + sort)" },
  { BENCH_F_QUEUE, "+ desk queue (GwQueueModel)" },
  { BENCH_F_ALL, "all followers" },
};

static GwCaseStore *
load (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = gw_snapshot_decode (bytes, &error);
  GwCaseStore *store = gw_case_store_new ();

  if (snapshot == NULL)
    g_error ("%s", error->message);
  gw_case_store_load_snapshot (store, snapshot);
  return store;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_double);
  return g_array_index (times, double, times->len / 2);
}

/* The main thread's time, in ms, of a prune at @before (or, without
 * @before, of loading @survivors) with the followers of @mask attached. */
static double
run_once (GBytes    *all,
          GBytes    *survivors,
          GDateTime *before,
          guint      mask,
          guint      expected)
{
  g_autoptr(GwCaseStore) store = load (all);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) reload = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2025-11-21T12:00:00+08:00", NULL);
  GPtrArray *followers;
  gint64 start;
  guint pruned = expected;

  if (before == NULL)
    {
      reload = gw_snapshot_decode (survivors, &error);
      if (reload == NULL)
        g_error ("%s", error->message);
    }
  followers = bench_followers_attach (store, mask, now);

  start = g_get_monotonic_time ();
  if (before != NULL)
    pruned = gw_case_store_prune_closed (store, before);
  else
    gw_case_store_load_snapshot (store, reload);
  start = g_get_monotonic_time () - start;

  if (pruned != expected)
    g_error ("pruned %u cases, expected %u", pruned, expected);
  g_ptr_array_unref (followers);
  return start / 1000.0;
}

static int
by_requested (gconstpointer a,
              gconstpointer b)
{
  GwCase *x = *(GwCase **) a, *y = *(GwCase **) b;

  return g_date_time_compare (gw_case_get_requested (x), gw_case_get_requested (y));
}

#define SNAPSHOT_HEAD "{\"sequence\": \"00000000000000500000\"," \
                      " \"generated\": \"2026-11-21T14:03:12+08:00\"," \
                      " \"mode\": {\"mode\": \"normal\", \"reason\": null, \"case\": null}," \
                      " \"departments\": [], \"cases\": [\n"

/* @n_cases generated cases, 40 % closed (bench_append_case's version 9), in
 * the generator's order (closings spread over the store) or, @by_time, in
 * order of report, as a store fills from the feed. */
static GPtrArray *
generate_cases (guint    n_cases,
                gboolean by_time)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1842);
  GString *all = g_string_new (SNAPSHOT_HEAD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwCaseStore) store = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_cases; i++)
    {
      g_string_append (all, i ? ",\n" : "");
      bench_append_case (all, rand, i, g_rand_int_range (rand, 0, 10) < 4
                                       ? 9 : g_rand_int_range (rand, 1, 9));
    }
  g_string_append (all, "]}\n");
  bytes = g_string_free_to_bytes (all);
  store = load (bytes);
  for (guint i = 0; i < n_cases; i++)
    g_ptr_array_add (cases, g_list_model_get_item (G_LIST_MODEL (store), i));
  if (by_time)
    g_ptr_array_sort (cases, by_requested);
  return cases;
}

/* The horizon that prunes @n_pruned of @cases (a few more on a tie). */
static GDateTime *
horizon_for (GPtrArray *cases,
             guint      n_pruned)
{
  g_autoptr(GArray) closed = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *item = g_ptr_array_index (cases, i);
      gint64 t = g_date_time_to_unix (gw_case_get_closed (item) ? gw_case_get_closed (item)
                                                                : gw_case_get_updated (item));

      if (!gw_case_is_open (item))
        g_array_append_val (closed, t);
    }
  if (closed->len < n_pruned)
    g_error ("only %u closed cases", closed->len);
  g_array_sort (closed, compare_int64);
  return g_date_time_new_from_unix_utc (g_array_index (closed, gint64, n_pruned - 1) + 1);
}

/* A snapshot of @cases, without those closed before @before (unless NULL). */
static GBytes *
snapshot_of (GPtrArray *cases,
             GDateTime *before,
             guint     *left_out)
{
  GString *out = g_string_new (SNAPSHOT_HEAD);
  gboolean first = TRUE;

  *left_out = 0;
  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *item = g_ptr_array_index (cases, i);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      if (before != NULL && !gw_case_is_open (item)
          && g_date_time_compare (gw_case_get_closed (item), before) < 0)
        {
          (*left_out)++;
          continue;
        }
      node = gw_case_to_json (item);
      text = json_to_string (node, FALSE);
      g_string_append_printf (out, "%s%s", first ? "" : ",\n", text);
      first = FALSE;
    }
  g_string_append (out, "]}\n");
  return g_string_free_to_bytes (out);
}

static void
scenario (const char *title,
          guint       n_cases,
          guint       n_pruned,
          gboolean    by_time,
          guint       repeats)
{
  g_autoptr(GPtrArray) cases = generate_cases (n_cases, by_time);
  g_autoptr(GDateTime) before = horizon_for (cases, n_pruned);
  g_autofree char *horizon = g_date_time_format_iso8601 (before);
  g_autoptr(GBytes) all = NULL, survivors = NULL;
  guint none, actual;

  all = snapshot_of (cases, NULL, &none);
  survivors = snapshot_of (cases, before, &actual);
  g_clear_pointer (&cases, g_ptr_array_unref);
  printf ("\n%s: %u cases, %u pruned (closed before %s), median of %u runs\n",
          title, n_cases, actual, horizon, repeats);
  printf ("%-32s %10s %14s %8s\n", "followers", "prune ms", "reload ms", "ratio");

  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      g_autoptr(GArray) prune = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) reload = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint r = 0; r < repeats; r++)
        {
          double p = run_once (all, survivors, before, sets[k].mask, actual);
          double l = run_once (all, survivors, NULL, sets[k].mask, actual);

          g_array_append_val (prune, p);
          g_array_append_val (reload, l);
        }
      printf ("%-32s %10.1f %14.1f %8.2f\n", sets[k].name, median (prune), median (reload),
              median (prune) / median (reload));
      fflush (stdout);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n_cases = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint n_pruned = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 30000;
  guint repeats = argc > 3 ? MAX (1, (guint) g_ascii_strtoull (argv[3], NULL, 10)) : 3;

  printf ("main thread time of gw_case_store_prune_closed, and of reloading a snapshot of the "
          "survivors (the baseline), with followers attached\n");
  scenario ("closings spread over the store (worst case)", n_cases, n_pruned, FALSE, repeats);
  /* About an hour's closings: n_cases over 30 days. */
  scenario ("an hourly prune, store in order of report", n_cases,
            MAX (1, n_cases / (30 * 24)), TRUE, repeats);
  return 0;
}
