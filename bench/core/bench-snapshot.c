/* bench-snapshot.c: loading a 100,000-case snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-snapshot [N_CASES]   (default 100000)
 * Times gw_snapshot_decode, gw_case_store_load_snapshot and the first
 * GwStats, with the peak RSS of each phase above the RSS before it; then the
 * baseline, a plain json-glib parse of the same bytes, measured the same way.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "bench-gen.h"
#include "gw-stats.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
ours (GBytes *bytes,
      guint   n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwStats) stats = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2025-11-21T12:00:00+08:00", NULL);
  gsize rss_before = bench_rss_kib ();
  gint64 start = g_get_monotonic_time ();
  double t_decode, t_load, t_stats, t_refresh;

  snapshot = gw_snapshot_decode (bytes, &error);
  if (snapshot == NULL)
    g_error ("%s", error->message);
  t_decode = seconds_since (start);

  start = g_get_monotonic_time ();
  gw_case_store_load_snapshot (store, snapshot);
  g_clear_pointer (&snapshot, gw_snapshot_free);
  t_load = seconds_since (start);

  start = g_get_monotonic_time ();
  stats = gw_stats_new (store);
  t_stats = seconds_since (start);

  start = g_get_monotonic_time ();
  gw_stats_set_now (stats, now);
  t_refresh = seconds_since (start);

  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != n)
    g_error ("loaded %u cases of %u", g_list_model_get_n_items (G_LIST_MODEL (store)), n);

  printf ("gw_snapshot_decode:           %6.3f s  (%.1f MB/s)\n", t_decode,
          g_bytes_get_size (bytes) / 1e6 / t_decode);
  printf ("gw_case_store_load_snapshot:  %6.3f s\n", t_load);
  printf ("first GwStats:                %6.3f s\n", t_stats);
  printf ("one more GwStats recompute:   %6.3f s  (open %u, overdue %u)\n", t_refresh,
          gw_stats_get_figures (stats)->open, gw_stats_get_figures (stats)->overdue);
  printf ("total:                        %6.3f s\n", t_decode + t_load + t_stats);
  printf ("peak RSS above the input:     %6.0f MB  (store holds %.0f MB after)\n",
          (bench_peak_rss_kib () - rss_before) / 1024.0,
          (bench_rss_kib () - rss_before) / 1024.0);
}

static void
baseline (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize rss_before = bench_rss_kib ();
  gint64 start = g_get_monotonic_time ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  double t;

  if (!json_parser_load_from_data (parser, data, size, NULL))
    g_error ("baseline does not parse");
  t = seconds_since (start);
  printf ("baseline json_parser_load_from_data: %6.3f s  (%.1f MB/s), peak RSS above the "
          "input %.0f MB\n", t, size / 1e6 / t,
          (bench_peak_rss_kib () - rss_before) / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1842);
  g_autoptr(GBytes) bytes = bench_snapshot (rand, n);

  printf ("snapshot: %u cases, %.1f MB\n", n, g_bytes_get_size (bytes) / 1e6);

  malloc_trim (0);
  bench_reset_peak ();
  ours (bytes, n);

  malloc_trim (0);
  bench_reset_peak ();
  baseline (bytes);
  return 0;
}
