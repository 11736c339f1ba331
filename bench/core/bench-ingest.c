/* bench-ingest.c: feed events decoded, validated and applied per second
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-ingest [N_EVENTS] [BATCH]   (default 50000 and 50)
 * Baseline, in the same run: json_parser_load_from_data of the same frames.
 * Each figure is the best of three interleaved rounds.
 */
#include <stdio.h>
#include <string.h>

#include "bench-gen.h"
#include "gw-case-store.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
baseline (GPtrArray *frames)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < frames->len; i++)
    {
      const char *text = g_ptr_array_index (frames, i);

      if (!json_parser_load_from_data (parser, text, strlen (text), NULL))
        g_error ("baseline: frame %u does not parse", i);
    }
  return seconds_since (start);
}

static double
decode_only (GPtrArray *frames)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < frames->len; i++)
    {
      const char *text = g_ptr_array_index (frames, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwEvent) event = gw_event_decode (text, strlen (text), &error);

      if (event == NULL)
        g_error ("frame %u: %s", i, error->message);
    }
  return seconds_since (start);
}

static double
ingest (GPtrArray *frames,
        guint      batch_size,
        guint     *n_cases)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < frames->len; i++)
    {
      const char *text = g_ptr_array_index (frames, i);
      g_autoptr(GError) error = NULL;
      GwEvent *event = gw_event_decode (text, strlen (text), &error);

      if (event == NULL)
        g_error ("frame %u: %s", i, error->message);
      g_ptr_array_add (batch, event);
      if (batch->len == batch_size || i + 1 == frames->len)
        {
          gw_case_store_apply_events (store, batch, &error);
          if (error != NULL)
            g_error ("batch ending at %u: %s", i, error->message);
          g_ptr_array_set_size (batch, 0);
        }
    }
  if (gw_case_store_get_n_applied (store) != frames->len)
    g_error ("applied %" G_GUINT64_FORMAT " of %u", gw_case_store_get_n_applied (store),
             frames->len);
  *n_cases = g_list_model_get_n_items (G_LIST_MODEL (store));
  return seconds_since (start);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50000;
  guint batch_size = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 50;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1842);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_cases = 0, n_held = 0;
  gsize bytes = 0;
  double t_base, t_decode, t_ingest;

  for (guint i = 0; i < n; i++)
    {
      char *frame = bench_event_frame (rand, i + 1, &n_cases, versions);

      bytes += strlen (frame);
      g_ptr_array_add (frames, frame);
    }

  /* Warm up allocators and type registration, then measure: the best of
   * three interleaved rounds, as the machine is shared. */
  decode_only (frames);
  t_base = t_decode = t_ingest = G_MAXDOUBLE;
  for (guint round = 0; round < 3; round++)
    {
      t_base = MIN (t_base, baseline (frames));
      t_decode = MIN (t_decode, decode_only (frames));
      t_ingest = MIN (t_ingest, ingest (frames, batch_size, &n_held));
    }

  printf ("frames: %u (%.1f MB, %.0f bytes each), batches of %u, %u cases at the end\n",
          n, bytes / 1e6, (double) bytes / n, batch_size, n_held);
  printf ("baseline json_parser_load_from_data: %9.0f events/s  (%.1f MB/s)\n",
          n / t_base, bytes / 1e6 / t_base);
  printf ("gw_event_decode (check+parse+validate): %6.0f events/s  (%.1f MB/s)\n",
          n / t_decode, bytes / 1e6 / t_decode);
  printf ("decode + validate + apply:            %8.0f events/s  (%.1f MB/s)\n",
          n / t_ingest, bytes / 1e6 / t_ingest);
  printf ("ratio ingest / baseline: %.2f (1.00 = as fast as parsing alone)\n",
          t_base / t_ingest);
  return 0;
}
