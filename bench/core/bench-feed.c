/* bench-feed.c: the main thread's time per feed batch, with the app's followers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-feed [N_CASES [SECONDS [FLUSH_MS [REPEATS]]]]   (default 20000 60 16 3)
 *
 * A store holding N_CASES cases (a snapshot of the last 30 days: the older
 * ones mostly closed) takes SECONDS of a live feed at 100 events a second, as
 * a centre sends them: a third new cases, the rest the next step of an open
 * case (accepted, assigned to a department with a deadline, signed, in
 * progress, resolved at a level, reviewed with a satisfaction, closed). The
 * feed applies what arrived every FLUSH_MS (GwFeed's flush interval, 16 ms:
 * one or two events a batch), so the events are applied in those batches,
 * decoded beforehand (the app decodes on a worker). The store's times end at
 * the real clock's now, which GwStats follows, as in the app.
 *
 * For each set of followers (bench-followers.h), the main thread's time per
 * gw_case_store_apply_events, with everything its signals run: p50, p99,
 * mean, and the main thread's share of each second of feed. Baseline, in the
 * same run: the store alone. Work the followers push to workers or timers
 * (the charts' computation, the map's cluster views) is not counted; the main
 * loop is not run between batches.
 *
 * BENCH_FEED_ONLY="wall's followers|GwStats" runs only the sets whose names
 * contain one of the |-separated parts (the baseline always runs).
 *
 * GW_STATS_FULL=1 in the environment makes GwStats recompute every figure
 * after each batch, as it did before it was kept up incrementally: the set
 * "GwStats, full recompute" sets it for itself.
 */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-followers.h"
#include "bench-gen.h"
#include "core-test-util.h"
#include "gw-stats.h"

#define EVENTS_PER_SECOND 100
#define DAY (24 * 3600)
#define N_COUNTIES 6
#define DEPARTMENTS_PER_COUNTY 10
#define STEP_CLOSED 7

static const struct { guint mask; gboolean full; const char *name; } sets[] = {
  { 0, FALSE, "store alone (baseline)" },
  { BENCH_F_STATS, TRUE, "+ GwStats, full recompute" },
  { BENCH_F_STATS, FALSE, "+ GwStats" },
  { BENCH_F_CHARTS, FALSE, "+ chart mirror (GwChartData)" },
  { BENCH_F_MAP, FALSE, "+ map records (GwMapCases)" },
  { BENCH_F_LIST, FALSE, "+ case list (filter + sort)" },
  { BENCH_F_DUPLICATES, FALSE, "+ GwDuplicates (desk)" },
  { BENCH_F_QUEUE, FALSE, "+ desk queue (GwQueueModel)" },
  { BENCH_F_STATS | BENCH_F_CHARTS | BENCH_F_MAP | BENCH_F_LIST, TRUE,
    "wall's followers, full recompute" },
  { BENCH_F_STATS | BENCH_F_CHARTS | BENCH_F_MAP | BENCH_F_LIST, FALSE, "wall's followers" },
  { BENCH_F_ALL, FALSE, "all followers" },
};

static const char *counties[N_COUNTIES] = {
  "360102", "360103", "360104", "360111", "360112", "360113"
};

static const char *channels[] = {
  "grid_app", "hotline_12345", "police_110", "city_management", "video", "walk_in",
};

/* The closed loop, as status_detail and as the event that reaches it. */
static const char *step_details[] = {
  "reported", "accepted", "assigned", "signed", "in_progress", "resolved", "reviewed", "closed",
};
static const char *step_events[] = {
  "reported", "accepted", "assigned", "signed", "progress", "resolved", "reviewed", "closed",
};

static const char *levels[] = { "village", "town", "county", "city" };

/* One case as the centre holds it. */
typedef struct
{
  guint   n;
  guint8  service;
  guint8  county;
  guint8  channel;
  guint8  department;
  guint8  level;
  guint8  satisfaction;
  guint8  step;
  guint8  urgent;
  guint16 street, community, grid;
  gint64  requested;
  gint64  updated;
  gint64  resolved;   /* 0: none */
  gint64  closed;     /* 0: none */
  gint64  version;
  double  lat, lon;
} Sim;

static void
append_time_or_null (GString *out,
                     gint64   t)
{
  if (t == 0)
    g_string_append (out, "null");
  else
    bench_append_time (out, t);
}

static void
append_case (GString   *out,
             const Sim *c)
{
  const char **service = bench_services[c->service];

  g_string_append_printf (out,
    "{\"service_request_id\": \"NC20261121-%07u\", \"service_code\": \"%s\","
    " \"service_name\": \"%s\", \"category\": \"%s\", \"description\": \"居民反映小区门口夜间持续影响通行\","
    " \"status\": \"%s\", \"status_detail\": \"%s\", \"agency_responsible\": ",
    c->n, service[0], service[1], service[2],
    c->step == STEP_CLOSED ? "closed" : "open", step_details[c->step]);
  if (c->step >= 2)
    g_string_append_printf (out, "\"%s-d%u\"", counties[c->county], c->department);
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"co_agencies\": [], \"requested_datetime\": ");
  bench_append_time (out, c->requested);
  g_string_append (out, ", \"updated_datetime\": ");
  bench_append_time (out, c->updated);
  g_string_append (out, ", \"expected_datetime\": ");
  append_time_or_null (out, c->step >= 1 ? c->requested + 3 * DAY : 0);
  g_string_append (out, ", \"resolved_datetime\": ");
  append_time_or_null (out, c->resolved);
  g_string_append (out, ", \"closed_datetime\": ");
  append_time_or_null (out, c->closed);
  g_string_append_printf (out,
    ", \"lat\": %.6f, \"long\": %.6f, \"address\": \"南昌市东湖区民巷社区%u栋\","
    " \"media_url\": null, \"priority\": \"%s\", \"channel\": \"%s\","
    " \"grid_code\": \"%s%03u%03u%03u\", \"resolved_level\": ",
    c->lat, c->lon, c->n % 40 + 1, c->urgent ? "urgent" : "normal", channels[c->channel],
    counties[c->county], c->street, c->community, c->grid);
  if (c->step >= 5)
    g_string_append_printf (out, "\"%s\"", levels[c->level]);
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"satisfaction\": ");
  if (c->step >= 6)
    g_string_append_printf (out, "%u", c->satisfaction);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ", \"supervised\": false, \"version\": %" G_GINT64_FORMAT "}",
                          c->version);
}

static void
sim_new (Sim   *c,
         GRand *rand,
         guint  n,
         gint64 requested)
{
  memset (c, 0, sizeof *c);
  c->n = n;
  c->service = g_rand_int_range (rand, 0, BENCH_N_SERVICES);
  c->county = g_rand_int_range (rand, 0, N_COUNTIES);
  c->channel = g_rand_int_range (rand, 0, G_N_ELEMENTS (channels));
  c->department = g_rand_int_range (rand, 0, DEPARTMENTS_PER_COUNTY);
  c->urgent = g_rand_int_range (rand, 0, 10) == 0;
  c->street = g_rand_int_range (rand, 1, 12);
  c->community = g_rand_int_range (rand, 1, 20);
  c->grid = g_rand_int_range (rand, 1, 9);
  c->requested = c->updated = requested;
  c->version = 1;
  c->lat = 28.6 + g_rand_double (rand) * 0.2;
  c->lon = 115.8 + g_rand_double (rand) * 0.2;
}

/* The case's next step at @t. */
static void
sim_advance (Sim   *c,
             GRand *rand,
             gint64 t)
{
  c->step++;
  c->version++;
  c->updated = t;
  if (c->step == 5)
    {
      c->resolved = t;
      c->level = g_rand_int_range (rand, 0, G_N_ELEMENTS (levels));
    }
  else if (c->step == 6)
    c->satisfaction = g_rand_int_range (rand, 0, 10) < 8 ? g_rand_int_range (rand, 4, 6)
                                                        : g_rand_int_range (rand, 1, 4);
  else if (c->step == STEP_CLOSED)
    c->closed = t;
}

/* A case of the snapshot, reported @age seconds before @end: the older, the
 * likelier done. */
static void
sim_old (Sim   *c,
         GRand *rand,
         guint  n,
         gint64 end)
{
  gint64 age = g_rand_int_range (rand, 60, 30 * DAY);
  gint64 t = end - age;
  guint target;

  sim_new (c, rand, n, t);
  if (g_rand_double (rand) < MIN (0.95, (double) age / (4 * DAY)))
    target = g_rand_int_range (rand, 0, 5) ? STEP_CLOSED : g_rand_int_range (rand, 5, 7);
  else
    target = g_rand_int_range (rand, 0, 5);
  while (c->step < target)
    {
      t += (end - t) / 4;
      sim_advance (c, rand, t);
    }
}

typedef struct
{
  GBytes    *snapshot;
  GPtrArray *events;    /* GwEvent, in feed order */
  GArray    *batches;   /* guint: the index after each batch's last event */
  guint      n_new;
  guint      n_closed;
} Feed;

static GBytes *
make_snapshot (GArray *sims,
               GRand  *rand,
               guint   n_cases,
               gint64  end)
{
  GString *out = g_string_sized_new ((gsize) n_cases * 900);

  g_string_append (out, "{\"sequence\": \"00000000000000001000\","
                        " \"generated\": \"2026-11-21T14:03:12+08:00\","
                        " \"mode\": {\"mode\": \"normal\", \"reason\": null, \"case\": null},"
                        " \"departments\": [");
  for (guint i = 0; i < N_COUNTIES * DEPARTMENTS_PER_COUNTY; i++)
    g_string_append_printf (out, "%s{\"code\": \"%s-d%u\", \"name\": \"部门%u\","
                                 " \"kind\": \"police\", \"area\": \"%s\", \"phone\": \"12345\"}",
                            i ? ", " : "", counties[i / DEPARTMENTS_PER_COUNTY],
                            i % DEPARTMENTS_PER_COUNTY, i, counties[i / DEPARTMENTS_PER_COUNTY]);
  g_string_append (out, "],\n \"cases\": [\n");
  for (guint i = 0; i < n_cases; i++)
    {
      Sim c;

      sim_old (&c, rand, i, end);
      g_array_append_val (sims, c);
      g_string_append (out, i ? ",\n" : "");
      append_case (out, &c);
    }
  g_string_append (out, "]}\n");
  return g_string_free_to_bytes (out);
}

static GwEvent *
event_of (const Sim *c,
          guint64    sequence)
{
  g_autoptr(GString) out = g_string_sized_new (1500);
  g_autoptr(GError) error = NULL;
  g_autofree char *type = g_strconcat ("cn.gridwall.case.", step_events[c->step], NULL);
  GwEvent *event;

  bench_append_envelope (out, sequence, type);
  g_string_append (out, "{\"case\": ");
  append_case (out, c);
  g_string_append (out, ", \"actor\": {\"id\": \"dispatcher-01\", \"name\": \"调度员 李娜\"},"
                        " \"note\": null, \"department\": null}}");
  event = gw_event_decode (out->str, out->len, &error);
  if (event == NULL)
    g_error ("event %" G_GUINT64_FORMAT ": %s", sequence, error->message);
  return event;
}

/* @seconds of the feed at 100 events a second, ending now, in batches of
 * @flush_ms, after a snapshot of @n_cases. */
static void
feed_init (Feed  *feed,
           guint  n_cases,
           guint  seconds,
           guint  flush_ms)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1842);
  g_autoptr(GArray) sims = g_array_new (FALSE, FALSE, sizeof (Sim));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_events = seconds * EVENTS_PER_SECOND;
  gint64 end = g_get_real_time () / G_USEC_PER_SEC - seconds;

  memset (feed, 0, sizeof *feed);
  feed->snapshot = make_snapshot (sims, rand, n_cases, end);
  feed->events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  feed->batches = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < sims->len; i++)
    if (g_array_index (sims, Sim, i).step != STEP_CLOSED)
      g_array_append_val (open, i);

  for (guint i = 0; i < n_events; i++)
    {
      gint64 t = end + i / EVENTS_PER_SECOND;
      guint index;
      Sim *c;

      if (open->len == 0 || g_rand_int_range (rand, 0, 3) == 0)
        {
          Sim fresh;

          sim_new (&fresh, rand, sims->len, t);
          index = sims->len;
          g_array_append_val (sims, fresh);
          g_array_append_val (open, index);
          feed->n_new++;
          c = &g_array_index (sims, Sim, index);
        }
      else
        {
          guint k = g_rand_int_range (rand, 0, open->len);

          c = &g_array_index (sims, Sim, g_array_index (open, guint, k));
          sim_advance (c, rand, t);
          if (c->step == STEP_CLOSED)
            {
              g_array_remove_index_fast (open, k);
              feed->n_closed++;
            }
        }
      g_ptr_array_add (feed->events, event_of (c, 1001 + i));

      /* Event i arrives at i × 10 ms; the feed applies what came every flush. */
      if (i + 1 == n_events
          || (i * 1000 / EVENTS_PER_SECOND) / flush_ms
             != ((i + 1) * 1000 / EVENTS_PER_SECOND) / flush_ms)
        g_array_append_val (feed->batches, (guint) { i + 1 });
    }
}

static double
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

typedef struct
{
  GArray *wall;  /* double µs per batch */
  GArray *cpu;
} Times;

/* Applies @feed with the followers of @mask, adding each batch's time. */
static void
run_once (Feed    *feed,
          guint    mask,
          gboolean full,
          Times   *times)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = gw_snapshot_decode (feed->snapshot, &error);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GPtrArray) followers = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  guint from = 0;

  if (snapshot == NULL)
    g_error ("%s", error->message);
  gw_case_store_load_snapshot (store, snapshot);
  if (full)
    g_setenv ("GW_STATS_FULL", "1", TRUE);
  followers = bench_followers_attach (store, mask, NULL);
  g_unsetenv ("GW_STATS_FULL");

  for (guint b = 0; b < feed->batches->len; b++)
    {
      guint to = g_array_index (feed->batches, guint, b);
      gint64 start;
      double cpu;

      g_ptr_array_set_size (batch, 0);
      for (guint i = from; i < to; i++)
        g_ptr_array_add (batch, g_ptr_array_index (feed->events, i));
      from = to;

      start = g_get_monotonic_time ();
      cpu = thread_cpu_usec ();
      if (gw_case_store_apply_events (store, batch, &error) != batch->len)
        g_error ("batch %u: %s", b, error ? error->message : "not applied whole");
      cpu = thread_cpu_usec () - cpu;
      start = g_get_monotonic_time () - start;
      g_array_append_val (times->wall, (double) { start });
      g_array_append_val (times->cpu, cpu);
    }
}

static gboolean
wanted (guint k)
{
  const char *only = g_getenv ("BENCH_FEED_ONLY");
  g_auto(GStrv) parts = NULL;

  if (k == 0 || only == NULL || *only == '\0')
    return TRUE;
  parts = g_strsplit (only, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0' && strstr (sets[k].name, parts[i]) != NULL)
      return TRUE;
  return FALSE;
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len ? sum / values->len : 0;
}

int
main (int   argc,
      char *argv[])
{
  guint n_cases = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20000;
  guint seconds = argc > 2 ? MAX (1, (guint) g_ascii_strtoull (argv[2], NULL, 10)) : 60;
  guint flush_ms = argc > 3 ? MAX (1, (guint) g_ascii_strtoull (argv[3], NULL, 10)) : 16;
  guint repeats = argc > 4 ? MAX (1, (guint) g_ascii_strtoull (argv[4], NULL, 10)) : 3;
  Times times[G_N_ELEMENTS (sets)];
  double base_mean = 0;
  Feed feed;

  feed_init (&feed, n_cases, seconds, flush_ms);
  printf ("main thread time per feed batch: %u cases held, %u s at %u events/s "
          "(%u new cases, %u closed), applied every %u ms: %u batches, %u runs each\n",
          n_cases, seconds, EVENTS_PER_SECOND, feed.n_new, feed.n_closed, flush_ms,
          feed.batches->len, repeats);

  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      times[k].wall = g_array_new (FALSE, FALSE, sizeof (double));
      times[k].cpu = g_array_new (FALSE, FALSE, sizeof (double));
    }
  /* Rounds interleaved, as the machine is shared. */
  for (guint r = 0; r < repeats; r++)
    for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
      if (wanted (k))
        run_once (&feed, sets[k].mask, sets[k].full, &times[k]);

  printf ("%-36s %9s %9s %9s %9s %13s %8s\n", "followers", "p50 us", "p99 us", "mean us",
          "CPU us", "ms per s", "x base");
  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      double m = mean (times[k].wall);

      if (k == 0)
        base_mean = m;
      if (times[k].wall->len > 0)
        printf ("%-36s %9.1f %9.1f %9.1f %9.1f %13.2f %8.2f\n", sets[k].name,
                core_test_percentile (times[k].wall, 0.5),
                core_test_percentile (times[k].wall, 0.99), m, mean (times[k].cpu),
                m * feed.batches->len / seconds / 1000.0, m / base_mean);
      g_array_unref (times[k].wall);
      g_array_unref (times[k].cpu);
    }
  g_bytes_unref (feed.snapshot);
  g_ptr_array_unref (feed.events);
  g_array_unref (feed.batches);
  return 0;
}
