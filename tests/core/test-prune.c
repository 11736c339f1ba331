/* test-prune.c: gw_case_store_prune_closed drops what a fresh snapshot would leave out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Now is pinned at 2026-11-21T12:00:00+08:00; the horizon is now - 30 days,
 * as the reference centre's snapshot (src/center/gw-center-engine.c): a case
 * whose status_detail is closed and whose closed_datetime is before it is left
 * out; one closed exactly at the horizon stays.
 */
#include "core-test-util.h"
#include "gw-duplicates.h"
#include "gw-stats.h"

#define NOW "2026-11-21T12:00:00+08:00"

static GDateTime *
pinned_now (void)
{
  return g_date_time_new_from_iso8601 (NOW, NULL);
}

static GDateTime *
horizon (void)
{
  g_autoptr(GDateTime) now = pinned_now ();

  return g_date_time_add (now, -GW_CASE_STORE_CLOSED_KEPT);
}

/* A JSON time @seconds before now. */
static char *
time_before_now (gint64 seconds)
{
  g_autoptr(GDateTime) now = pinned_now ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (double) -seconds);
  g_autofree char *text = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S%:z");

  return g_strdup_printf ("\"%s\"", text);
}

#define DAY (24 * 3600)

static char *
time_or_null (gint64 seconds_before_now)
{
  return seconds_before_now >= 0 ? time_before_now (seconds_before_now) : g_strdup ("null");
}

/* The most recent of the times (seconds before now; < 0: absent). */
static gint64
most_recent (gint64 requested_s,
             gint64 resolved_s,
             gint64 closed_s)
{
  gint64 s = requested_s;

  if (resolved_s >= 0)
    s = MIN (s, resolved_s);
  if (closed_s >= 0)
    s = MIN (s, closed_s);
  return s;
}

/* A case at @step: requested @requested_s before now, resolved and closed
 * (each when >= 0) that many seconds before now, updated at the latest. */
static char *
case_at (const char *id,
         const char *step,
         gint64      requested_s,
         gint64      resolved_s,
         gint64      closed_s)
{
  g_autofree char *base = core_test_case_json (id, 3);
  g_autofree char *requested = time_before_now (requested_s);
  g_autofree char *expected = time_before_now (requested_s - 3 * DAY);
  g_autofree char *resolved = time_or_null (resolved_s);
  g_autofree char *closed = time_or_null (closed_s);
  g_autofree char *updated = time_before_now (most_recent (requested_s, resolved_s, closed_s));
  g_autofree char *status = g_strdup_printf ("\"%s\"", strcmp (step, "closed") == 0 ? "closed"
                                                                                   : "open");
  g_autofree char *detail = g_strdup_printf ("\"%s\"", step);

  return core_test_edit (base, "status", status, "status_detail", detail,
                         "requested_datetime", requested, "updated_datetime", updated,
                         "expected_datetime", expected, "resolved_datetime", resolved,
                         "closed_datetime", closed, NULL);
}

/* Loads the NULL-terminated case texts as a snapshot at sequence 10. */
static void
load_cases (GwCaseStore *store,
            char       **cases)
{
  g_autofree char *joined = g_strjoinv (",", cases);
  g_autofree char *array = g_strdup_printf ("[%s]", joined);
  g_autofree char *json = core_test_snapshot_json (10, array, "[]");
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);

  gw_case_store_load_snapshot (store, snapshot);
}

/* A follower that mirrors the model through items-changed alone, checking
 * GListModel's contract at each emission. */
typedef struct
{
  GListModel *model;
  GPtrArray  *items;
  guint       n_emissions;
  guint       last_position, last_removed, last_added;
  guint       n_changed;
} Mirror;

static void
mirror_on_items_changed (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i, g_list_model_get_item (model, position + i));
  /* The model is already in its new state when it says so. */
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (model));
  mirror->n_emissions++;
  mirror->last_position = position;
  mirror->last_removed = removed;
  mirror->last_added = added;
}

static void
mirror_on_changed (GwCaseStore *store,
                   Mirror      *mirror)
{
  mirror->n_changed++;
}

static void
mirror_init (Mirror     *mirror,
             GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  mirror->model = model;
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_on_items_changed), mirror);
  g_signal_connect (model, "changed", G_CALLBACK (mirror_on_changed), mirror);
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_ptr_array_unref (mirror->items);
}

/* Same objects, same order; and every position is where lookup finds it. */
static void
assert_mirrors (Mirror      *mirror,
                GwCaseStore *store)
{
  GListModel *model = G_LIST_MODEL (store);

  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->items->len; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (mirror->items, i));
      g_assert_true (gw_case_store_lookup (store, gw_case_get_id (item)) == item);
    }
  g_assert_null (g_list_model_get_item (model, mirror->items->len));
}

static void
assert_ids (GwCaseStore *store,
            const char  *expected)
{
  GListModel *model = G_LIST_MODEL (store);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i ? " " : "", gw_case_get_id (item));
    }
  g_assert_cmpstr (ids->str, ==, expected);
}

static void
test_rule (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GDateTime) before = horizon ();
  g_autofree char *merged = case_at ("merged-45", "closed", 46 * DAY, -1, 45 * DAY);
  g_autofree char *nodate_old = case_at ("closed-nodate-old", "closed", 50 * DAY, -1, -1);
  g_autofree char *nodate_new = case_at ("closed-nodate-new", "closed", 5 * DAY, -1, -1);
  g_autofree char *updated_old = time_before_now (40 * DAY);
  g_autofree char *updated_new = time_before_now (4 * DAY);
  char *cases[] = {
    case_at ("open-old", "in_progress", 120 * DAY, -1, -1),     /* open: stays however old */
    case_at ("closed-31", "closed", 40 * DAY, 32 * DAY, 31 * DAY),
    case_at ("closed-29", "closed", 35 * DAY, 30 * DAY, 29 * DAY),
    case_at ("closed-at", "closed", 35 * DAY, 31 * DAY, 30 * DAY),          /* == horizon */
    case_at ("closed-1s", "closed", 35 * DAY, 31 * DAY, 30 * DAY + 1),      /* 1 s older */
    case_at ("reviewed-old", "reviewed", 90 * DAY, 80 * DAY, -1),  /* 评价 but not closed */
    case_at ("resolved-old", "resolved", 90 * DAY, 85 * DAY, -1),
    case_at ("reported-old", "reported", 60 * DAY, -1, -1),
    case_at ("closed-today", "closed", 2 * DAY, DAY, 3600),
    /* A merged duplicate is closed too (the simulator closes it as it merges). */
    core_test_set (merged, "merged_into", "\"open-old\""),
    /* Closed without closed_datetime: ages from updated_datetime. */
    core_test_set (nodate_old, "updated_datetime", updated_old),
    core_test_set (nodate_new, "updated_datetime", updated_new),
    NULL
  };
  const char *pruned[] = { "closed-31", "closed-1s", "merged-45", "closed-nodate-old" };
  g_autoptr(GwCase) held = NULL;
  Mirror mirror = { 0 };

  load_cases (store, cases);
  assert_ids (store, "open-old closed-31 closed-29 closed-at closed-1s reviewed-old "
                     "resolved-old reported-old closed-today merged-45 closed-nodate-old "
                     "closed-nodate-new");
  held = g_object_ref (gw_case_store_lookup (store, "closed-31"));
  mirror_init (&mirror, G_LIST_MODEL (store));

  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, G_N_ELEMENTS (pruned));

  assert_ids (store, "open-old closed-29 closed-at reviewed-old resolved-old reported-old "
                     "closed-today closed-nodate-new");
  for (guint i = 0; i < G_N_ELEMENTS (pruned); i++)
    g_assert_null (gw_case_store_lookup (store, pruned[i]));
  /* One change, from the first pruned position (1) to the last (10). */
  g_assert_cmpuint (mirror.n_emissions, ==, 1);
  g_assert_cmpuint (mirror.last_position, ==, 1);
  g_assert_cmpuint (mirror.last_removed, ==, 10);
  g_assert_cmpuint (mirror.last_added, ==, 6);
  g_assert_cmpuint (mirror.n_changed, ==, 1);
  assert_mirrors (&mirror, store);
  g_assert_cmpuint (gw_case_store_get_n_pruned (store), ==, G_N_ELEMENTS (pruned));

  /* A case held elsewhere outlives its place in the store, unchanged. */
  g_assert_cmpstr (gw_case_get_id (held), ==, "closed-31");
  g_assert_cmpint (gw_case_get_version (held), ==, 3);

  /* Nothing more to drop: nothing is emitted. */
  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, 0);
  g_assert_cmpuint (mirror.n_emissions, ==, 1);
  g_assert_cmpuint (mirror.n_changed, ==, 1);

  mirror_clear (&mirror);
  for (guint i = 0; cases[i] != NULL; i++)
    g_free (cases[i]);
}

/* A pruned case that the feed brings up again is a new case, as for a fresh
 * client; the pruned state cannot come back through an old event. */
static void
test_event_after_prune (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GDateTime) before = horizon ();
  char *cases[] = {
    case_at ("A", "closed", 40 * DAY, 33 * DAY, 32 * DAY),
    case_at ("B", "in_progress", 3 * DAY, -1, -1),
    NULL
  };
  g_autofree char *update = core_test_case_event (11, "updated", "A", 4);
  g_autofree char *stale = core_test_case_event (10, "updated", "A", 9);
  const char *batch[] = { update, NULL };
  Mirror mirror = { 0 };

  load_cases (store, cases);
  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, 1);
  assert_ids (store, "B");
  mirror_init (&mirror, G_LIST_MODEL (store));

  /* At version 4 (above the 3 it had): appended, like any case the store does not hold. */
  g_assert_cmpuint (core_test_apply (store, batch), ==, 1);
  assert_ids (store, "B A");
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "A")), ==, 4);
  g_assert_cmpuint (mirror.last_position, ==, 1);
  g_assert_cmpuint (mirror.last_removed, ==, 0);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  assert_mirrors (&mirror, store);

  /* At or below the sequence: a duplicate, whatever it carries. */
  {
    g_autoptr(GwEvent) event = core_test_decode_ok (stale);
    g_autoptr(GPtrArray) events = g_ptr_array_new ();
    g_autoptr(GError) error = NULL;

    g_ptr_array_add (events, event);
    g_assert_cmpuint (gw_case_store_apply_events (store, events, &error), ==, 0);
    g_assert_no_error (error);
  }
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "A")), ==, 4);
  /* The event's case is open (the helper's assigned case): it stays. */
  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, 0);

  mirror_clear (&mirror);
  for (guint i = 0; cases[i] != NULL; i++)
    g_free (cases[i]);
}

/* A varied city: steps, ages, categories, districts, departments, reviews. */
static char *
random_case (GRand *rand,
             guint  n)
{
  static const char *steps[] = { "reported", "accepted", "assigned", "in_progress", "resolved",
                                 "reviewed", "closed", "closed", "closed" };
  static const char *categories[] = { "\"safety\"", "\"dispute\"", "\"urban\"", "\"other\"" };
  static const char *grids[] = { "\"360102002001003\"", "\"360103001001001\"",
                                 "\"360104001001001\"" };
  static const char *agencies[] = { "\"360102-cg\"", "\"360103-ga\"", "null" };
  static const char *levels[] = { "\"village\"", "\"town\"", "\"county\"", "null" };
  g_autofree char *id = g_strdup_printf ("NC-%05u", n);
  const char *step = steps[g_rand_int_range (rand, 0, G_N_ELEMENTS (steps))];
  gint64 requested = g_rand_int_range (rand, 0, 70 * DAY);
  gboolean done = g_strv_contains ((const char *[]) { "resolved", "reviewed", "closed", NULL },
                                   step);
  gint64 resolved = done ? requested - g_rand_int_range (rand, 0, MIN (requested, 5 * DAY) + 1)
                         : -1;
  gint64 closed = strcmp (step, "closed") == 0
                  ? resolved - g_rand_int_range (rand, 0, MIN (resolved, DAY) + 1) : -1;
  g_autofree char *base = case_at (id, step, requested, resolved, closed);
  g_autofree char *satisfaction = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 6));

  return core_test_edit (base,
    "category", categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))],
    "grid_code", grids[g_rand_int_range (rand, 0, G_N_ELEMENTS (grids))],
    "agency_responsible", agencies[g_rand_int_range (rand, 0, G_N_ELEMENTS (agencies))],
    "resolved_level", done ? levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))] : "null",
    "satisfaction", g_str_equal (step, "reviewed") || (g_str_equal (step, "closed")
                                                       && g_rand_boolean (rand))
                    ? satisfaction : "null",
    NULL);
}

/* The survivors, as the JSON array of a snapshot. */
static char *
survivors_json (GwCaseStore *store)
{
  GListModel *model = G_LIST_MODEL (store);
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);
      g_autoptr(JsonNode) node = gw_case_to_json (item);
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append_printf (out, "%s%s", i ? "," : "", text);
    }
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* 3,000 varied cases from a snapshot and a feed batch, pruned: the mirror
 * follows, and the figures equal those of a fresh store holding the survivors. */
static void
test_random_city (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwCaseStore) fresh = gw_case_store_new ();
  g_autoptr(GwStats) stats = gw_stats_new (store);
  g_autoptr(GwStats) fresh_stats = NULL;
  g_autoptr(GDateTime) now = pinned_now ();
  g_autoptr(GDateTime) before = horizon ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *kept = NULL, *fresh_json = NULL;
  g_autoptr(GwSnapshot) fresh_snapshot = NULL;
  Mirror mirror = { 0 };
  guint expected = 0, n_before;

  gw_stats_set_now (stats, now);
  for (guint i = 0; i < 3000; i++)
    g_ptr_array_add (texts, random_case (rand, i));
  g_ptr_array_add (texts, NULL);
  load_cases (store, (char **) texts->pdata);
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (!gw_case_is_open (item) && g_date_time_compare (gw_case_get_closed (item), before) < 0)
        expected++;
    }
  g_assert_cmpuint (expected, >, 300);
  mirror_init (&mirror, G_LIST_MODEL (store));
  n_before = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n_before - expected);
  g_assert_cmpuint (mirror.n_emissions, ==, 1);
  assert_mirrors (&mirror, store);

  /* Every survivor is open or closed at or after the horizon. */
  for (guint i = 0; i < mirror.items->len; i++)
    {
      GwCase *item = g_ptr_array_index (mirror.items, i);

      g_assert_true (gw_case_is_open (item)
                     || g_date_time_compare (gw_case_get_closed (item), before) >= 0);
    }

  /* ::changed made the stats follow, with no refresh of ours. */
  kept = survivors_json (store);
  fresh_json = core_test_snapshot_json (10, kept, "[]");
  fresh_snapshot = core_test_snapshot_ok (fresh_json);
  gw_case_store_load_snapshot (fresh, fresh_snapshot);
  fresh_stats = gw_stats_new (fresh);
  gw_stats_set_now (fresh_stats, now);
  g_assert_cmpuint (gw_stats_get_figures (stats)->total, ==, n_before - expected);
  core_test_assert_stats_equal (stats, fresh_stats);

  mirror_clear (&mirror);
}

/* The followers in src/core let go of the pruned cases: nothing keeps them
 * alive. The duplicates' index also follows a reload of as many cases (new
 * objects under the same ids), which it once took for a change in place. */
static void
test_followers_release (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GDateTime) before = horizon ();
  g_autoptr(GwDuplicates) duplicates = NULL;
  g_autoptr(GwStats) stats = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *a_base = case_at ("A", "assigned", DAY, -1, -1);
  g_autofree char *b_base = case_at ("B", "assigned", DAY - 3600, -1, -1);
  char *cases[] = {
    case_at ("C", "closed", 41 * DAY, 40 * DAY, 40 * DAY),
    g_strdup (a_base),
    case_at ("D", "closed", 36 * DAY, 35 * DAY, 35 * DAY),
    g_strdup (b_base),
    NULL
  };
  char *again[] = { cases[1], cases[3], NULL };
  GwCase *c, *d, *old_a;

  load_cases (store, cases);
  duplicates = gw_duplicates_new (G_LIST_MODEL (store));
  stats = gw_stats_new (store);
  c = gw_case_store_lookup (store, "C");
  d = gw_case_store_lookup (store, "D");
  g_object_add_weak_pointer (G_OBJECT (c), (gpointer *) &c);
  g_object_add_weak_pointer (G_OBJECT (d), (gpointer *) &d);

  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, 2);
  g_assert_null (c);
  g_assert_null (d);
  found = gw_duplicates_find (duplicates, gw_case_store_lookup (store, "A"));
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == gw_case_store_lookup (store, "B"));
  g_clear_pointer (&found, g_ptr_array_unref);

  old_a = gw_case_store_lookup (store, "A");
  g_object_add_weak_pointer (G_OBJECT (old_a), (gpointer *) &old_a);
  load_cases (store, again);
  g_assert_null (old_a);
  found = gw_duplicates_find (duplicates, gw_case_store_lookup (store, "A"));
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == gw_case_store_lookup (store, "B"));

  for (guint i = 0; cases[i] != NULL; i++)
    g_free (cases[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/prune/rule", test_rule);
  g_test_add_func ("/core/prune/event-after-prune", test_event_after_prune);
  g_test_add_func ("/core/prune/random-city", test_random_city);
  g_test_add_func ("/core/prune/followers-release", test_followers_release);

  return g_test_run ();
}
