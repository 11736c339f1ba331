/* test-store.c: GwCaseStore applies batches exactly once, in order, in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core-test-util.h"

typedef struct
{
  GArray *changes;  /* ItemsChanged */
  guint   n_changed;
  guint   n_alerts;
  guint   n_mode_notify;
} Recorder;

typedef struct
{
  guint position, removed, added;
} ItemsChanged;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  ItemsChanged change = { position, removed, added };

  /* The model is consistent when it says so. */
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
  g_array_append_val (recorder->changes, change);
}

static void
on_changed (GwCaseStore *store,
            Recorder    *recorder)
{
  recorder->n_changed++;
}

static void
on_alert (GwCaseStore *store,
          GwEvent     *event,
          Recorder    *recorder)
{
  g_assert_cmpint (gw_event_get_kind (event), ==, GW_EVENT_ALERT);
  recorder->n_alerts++;
}

static void
on_mode (GObject    *store,
         GParamSpec *pspec,
         Recorder   *recorder)
{
  recorder->n_mode_notify++;
}

static void
recorder_attach (Recorder    *recorder,
                 GwCaseStore *store)
{
  recorder->changes = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), recorder);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), recorder);
  g_signal_connect (store, "alert", G_CALLBACK (on_alert), recorder);
  g_signal_connect (store, "notify::mode", G_CALLBACK (on_mode), recorder);
}

static void
recorder_reset (Recorder *recorder)
{
  g_array_set_size (recorder->changes, 0);
  recorder->n_changed = recorder->n_alerts = recorder->n_mode_notify = 0;
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->changes, g_array_unref);
}

static void
assert_change (Recorder *recorder,
               guint     index,
               guint     position,
               guint     removed,
               guint     added)
{
  ItemsChanged *change;

  g_assert_cmpuint (index, <, recorder->changes->len);
  change = &g_array_index (recorder->changes, ItemsChanged, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

static GPtrArray *
decode_all (const char **texts)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);

  for (guint i = 0; texts[i] != NULL; i++)
    g_ptr_array_add (events, core_test_decode_ok (texts[i]));
  return events;
}

/* A store holding cases NC-0 .. NC-(n-1) at version 1, sequence n. */
static GwCaseStore *
store_with_cases (guint n)
{
  GwCaseStore *store = gw_case_store_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("NC-%u", i);
      g_ptr_array_add (texts, core_test_case_event (i + 1, "reported", id, 1));
    }
  g_ptr_array_add (texts, NULL);
  g_assert_cmpuint (core_test_apply (store, (const char **) texts->pdata), ==, n);
  return store;
}

static void
test_append (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autofree char *a = core_test_case_event (1, "reported", "NC-A", 1);
  g_autofree char *b = core_test_case_event (2, "reported", "NC-B", 1);
  g_autofree char *c = core_test_case_event (3, "reported", "NC-C", 1);
  const char *texts[] = { a, b, c, NULL };
  Recorder recorder = { 0 };
  g_autoptr(GwCase) first = NULL;

  recorder_attach (&recorder, store);
  g_assert_cmpuint (core_test_apply (store, texts), ==, 3);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpuint (recorder.changes->len, ==, 1);
  assert_change (&recorder, 0, 0, 0, 3);
  g_assert_cmpuint (recorder.n_changed, ==, 1);
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 3);
  g_assert_cmpuint (gw_case_store_get_n_applied (store), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == GW_TYPE_CASE);
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (gw_case_get_id (first), ==, "NC-A");
  g_assert_true (gw_case_store_lookup (store, "NC-C") ==
                 g_list_model_get_item (G_LIST_MODEL (store), 2));
  g_object_unref (gw_case_store_lookup (store, "NC-C"));  /* the get_item above */
  g_assert_null (gw_case_store_lookup (store, "NC-Z"));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));
  recorder_clear (&recorder);
}

static void
test_duplicates_ignored (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (3);
  g_autofree char *old = core_test_case_event (2, "assigned", "NC-1", 5);
  g_autofree char *same = core_test_case_event (3, "reported", "NC-2", 1);
  const char *texts[] = { old, same, NULL };
  g_autoptr(GPtrArray) events = decode_all (texts);
  g_autoptr(GError) error = NULL;
  Recorder recorder = { 0 };
  CoreTestState before;

  core_test_state_take (&before, store);
  recorder_attach (&recorder, store);
  g_assert_cmpuint (gw_case_store_apply_events (store, events, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpuint (gw_case_store_get_n_duplicates (store), ==, 2);
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "NC-1")), ==, 1);
  g_assert_cmpuint (recorder.changes->len, ==, 0);
  g_assert_cmpuint (recorder.n_changed, ==, 0);
  core_test_state_assert_same (&before, store);
  core_test_state_clear (&before);
  recorder_clear (&recorder);
}

static void
test_gap_detected (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (3);
  g_autofree char *next = core_test_case_event (4, "reported", "NC-3", 1);
  g_autofree char *jump = core_test_case_event (6, "reported", "NC-5", 1);
  g_autofree char *after = core_test_case_event (7, "reported", "NC-6", 1);
  const char *texts[] = { next, jump, after, NULL };
  g_autoptr(GPtrArray) events = decode_all (texts);
  g_autoptr(GError) error = NULL;
  Recorder recorder = { 0 };

  recorder_attach (&recorder, store);
  g_assert_cmpuint (gw_case_store_apply_events (store, events, &error), ==, 1);
  g_assert_error (error, GW_MODEL_ERROR, GW_MODEL_ERROR_GAP);
  g_assert_cmpstr (error->message, ==,
                   "gap in the feed: expected event 5, received 6; resubscribe after 4");

  /* What came before the gap stays applied, nothing after it is. */
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
  g_assert_null (gw_case_store_lookup (store, "NC-5"));
  g_assert_null (gw_case_store_lookup (store, "NC-6"));
  g_assert_cmpuint (recorder.changes->len, ==, 1);
  assert_change (&recorder, 0, 3, 0, 1);
  g_assert_cmpuint (recorder.n_changed, ==, 1);
  recorder_clear (&recorder);
}

static void
test_gap_on_fresh_store (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autofree char *text = core_test_case_event (2, "reported", "NC-1", 1);
  const char *texts[] = { text, NULL };
  g_autoptr(GPtrArray) events = decode_all (texts);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (gw_case_store_apply_events (store, events, &error), ==, 0);
  g_assert_error (error, GW_MODEL_ERROR, GW_MODEL_ERROR_GAP);
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static void
test_stale_version (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (2);
  g_autofree char *newer = core_test_case_event (3, "assigned", "NC-0", 3);
  g_autofree char *older = core_test_case_event (4, "reported", "NC-0", 2);
  g_autofree char *same = core_test_case_event (5, "reported", "NC-0", 3);
  const char *texts[] = { newer, NULL };
  const char *stale[] = { older, same, NULL };
  Recorder recorder = { 0 };

  core_test_apply (store, texts);
  recorder_attach (&recorder, store);
  g_assert_cmpuint (core_test_apply (store, stale), ==, 2);

  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "NC-0")), ==, 3);
  g_assert_cmpint (gw_case_get_step (gw_case_store_lookup (store, "NC-0")), ==,
                   GW_STEP_ASSIGNED);
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 5);
  g_assert_cmpuint (recorder.changes->len, ==, 0);
  g_assert_cmpuint (recorder.n_changed, ==, 1);  /* the sequence moved */
  recorder_clear (&recorder);
}

static guint n_step_notify;
static guint n_id_notify;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
test_update_in_place (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (3);
  GwCase *held = gw_case_store_lookup (store, "NC-1");
  g_autofree char *base = core_test_case_event (4, "signed", "NC-1", 2);
  g_autofree char *text = core_test_edit (base, "data.case.status_detail", "\"signed\"", NULL);
  const char *texts[] = { text, NULL };
  Recorder recorder = { 0 };

  n_step_notify = n_id_notify = 0;
  g_signal_connect (held, "notify::step", G_CALLBACK (count_notify), &n_step_notify);
  g_signal_connect (held, "notify::id", G_CALLBACK (count_notify), &n_id_notify);
  recorder_attach (&recorder, store);

  core_test_apply (store, texts);

  g_assert_true (gw_case_store_lookup (store, "NC-1") == held);
  g_assert_cmpint (gw_case_get_version (held), ==, 2);
  g_assert_cmpint (gw_case_get_step (held), ==, GW_STEP_SIGNED);
  g_assert_cmpuint (n_step_notify, ==, 1);
  g_assert_cmpuint (n_id_notify, ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 1);
  assert_change (&recorder, 0, 1, 1, 1);
  g_signal_handlers_disconnect_by_data (held, &n_step_notify);
  g_signal_handlers_disconnect_by_data (held, &n_id_notify);
  recorder_clear (&recorder);
}

/* Updates to 0, 1, 3 and 1 again, plus two new cases, one of them updated
 * in the same batch: items-changed (0,2,2), (3,1,1) and (5,0,2). */
static void
test_coalesced (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (5);
  g_autofree char *u3 = core_test_case_event (6, "accepted", "NC-3", 2);
  g_autofree char *u0 = core_test_case_event (7, "accepted", "NC-0", 2);
  g_autofree char *u1 = core_test_case_event (8, "accepted", "NC-1", 2);
  g_autofree char *n5 = core_test_case_event (9, "reported", "NC-5", 1);
  g_autofree char *u1b = core_test_case_event (10, "assigned", "NC-1", 3);
  g_autofree char *n6 = core_test_case_event (11, "reported", "NC-6", 1);
  g_autofree char *n5b = core_test_case_event (12, "accepted", "NC-5", 2);
  const char *texts[] = { u3, u0, u1, n5, u1b, n6, n5b, NULL };
  Recorder recorder = { 0 };

  recorder_attach (&recorder, store);
  g_assert_cmpuint (core_test_apply (store, texts), ==, 7);

  g_assert_cmpuint (recorder.changes->len, ==, 3);
  assert_change (&recorder, 0, 0, 2, 2);
  assert_change (&recorder, 1, 3, 1, 1);
  assert_change (&recorder, 2, 5, 0, 2);
  g_assert_cmpuint (recorder.n_changed, ==, 1);
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "NC-5")), ==, 2);
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "NC-1")), ==, 3);
  recorder_clear (&recorder);
}

/* The store copies cases from events: the events stay as they were. */
static void
test_events_not_mutated (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autofree char *a = core_test_case_event (1, "reported", "NC-A", 1);
  g_autofree char *b = core_test_case_event (2, "accepted", "NC-A", 2);
  const char *first[] = { a, NULL };
  g_autoptr(GPtrArray) events = decode_all (first);
  g_autoptr(GwEvent) second = core_test_decode_ok (b);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_assert_cmpuint (gw_case_store_apply_events (store, events, NULL), ==, 1);
  g_ptr_array_add (batch, second);
  g_assert_cmpuint (gw_case_store_apply_events (store, batch, NULL), ==, 1);
  g_assert_cmpint (gw_case_get_version (gw_event_get_case (g_ptr_array_index (events, 0))), ==, 1);
  g_assert_false (gw_case_store_lookup (store, "NC-A") ==
                  gw_event_get_case (g_ptr_array_index (events, 0)));
}

static char *
store_dump (GwCaseStore *store)
{
  GString *dump = g_string_new (NULL);
  GListModel *departments = gw_case_store_get_departments (store);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(JsonNode) node = gw_case_to_json (item);
      g_autofree char *json = json_to_string (node, FALSE);

      g_string_append_printf (dump, "%s\n", json);
    }
  for (guint i = 0; i < g_list_model_get_n_items (departments); i++)
    {
      g_autoptr(GwDepartment) department = g_list_model_get_item (departments, i);

      g_string_append_printf (dump, "%s %s\n", gw_department_get_code (department),
                              gw_department_get_name (department));
    }
  g_string_append_printf (dump, "mode %d %s seq %" G_GUINT64_FORMAT "\n",
                          gw_case_store_get_mode (store),
                          gw_case_store_get_mode_reason (store),
                          gw_case_store_get_sequence (store));
  return g_string_free (dump, FALSE);
}

static void
test_idempotent (void)
{
  g_autoptr(GwCaseStore) once = store_with_cases (2);
  g_autoptr(GwCaseStore) twice = store_with_cases (2);
  g_autofree char *e3 = core_test_case_event (3, "assigned", "NC-0", 2);
  g_autofree char *e4 = core_test_mode_event (4, "emergency");
  g_autofree char *e5 = core_test_department_event (5, "360102-cg", "东湖区城管局");
  g_autofree char *e6 = core_test_case_event (6, "reported", "NC-9", 1);
  g_autofree char *e7 = core_test_case_event (7, "signed", "NC-0", 3);
  g_autofree char *e8 = core_test_alert_event (8, core_test_cap_xml);
  const char *texts[] = { e3, e4, e5, e6, e7, e8, NULL };
  g_autoptr(GPtrArray) events = decode_all (texts);
  g_autofree char *dump_once = NULL;
  g_autofree char *dump_twice = NULL;
  Recorder recorder = { 0 };

  g_assert_cmpuint (gw_case_store_apply_events (once, events, NULL), ==, 6);
  g_assert_cmpuint (gw_case_store_apply_events (twice, events, NULL), ==, 6);

  recorder_attach (&recorder, twice);
  g_assert_cmpuint (gw_case_store_apply_events (twice, events, NULL), ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 0);
  g_assert_cmpuint (recorder.n_changed, ==, 0);
  g_assert_cmpuint (recorder.n_alerts, ==, 0);
  g_assert_cmpuint (recorder.n_mode_notify, ==, 0);

  dump_once = store_dump (once);
  dump_twice = store_dump (twice);
  g_assert_cmpstr (dump_once, ==, dump_twice);
  g_assert_cmpuint (gw_case_store_get_n_duplicates (twice), ==, 6);
  recorder_clear (&recorder);
}

static void
test_mode_departments_alerts (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autofree char *m = core_test_mode_event (1, "emergency");
  g_autofree char *d1 = core_test_department_event (2, "360102-cg", "东湖区城管局");
  g_autofree char *d2 = core_test_department_event (3, "360102-ga", "东湖公安分局");
  g_autofree char *d1b = core_test_department_event (4, "360102-cg", "东湖区城市管理局");
  g_autofree char *d1c = core_test_department_event (5, "360102-cg", "东湖区城市管理局");
  g_autofree char *a = core_test_alert_event (6, core_test_cap_xml);
  g_autofree char *m2 = core_test_mode_event (7, "emergency");
  const char *texts[] = { m, d1, d2, d1b, d1c, a, m2, NULL };
  GListModel *departments = gw_case_store_get_departments (store);
  g_autoptr(GwDepartment) first = NULL;
  Recorder recorder = { 0 };

  recorder_attach (&recorder, store);
  g_assert_cmpuint (core_test_apply (store, texts), ==, 7);

  g_assert_cmpint (gw_case_store_get_mode (store), ==, GW_MODE_EMERGENCY);
  g_assert_cmpstr (gw_case_store_get_mode_reason (store), ==, "防汛应急响应");
  g_assert_cmpuint (recorder.n_mode_notify, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (departments), ==, 2);
  first = g_list_model_get_item (departments, 0);
  g_assert_cmpstr (gw_department_get_name (first), ==, "东湖区城市管理局");
  g_assert_true (gw_case_store_lookup_department (store, "360102-cg") == first);
  g_assert_cmpuint (recorder.n_alerts, ==, 1);
  g_assert_cmpuint (recorder.n_changed, ==, 1);
  g_assert_cmpuint (recorder.changes->len, ==, 0);
  recorder_clear (&recorder);
}

static void
test_model_invalid (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (1);
  g_autofree char *base = core_test_case_event (2, "assigned", "NC-0", 2);
  g_autofree char *bad = core_test_set (base, "data.case.agency_responsible", "null");
  g_autofree char *after = core_test_case_event (3, "reported", "NC-1", 1);
  const char *texts[] = { bad, after, NULL };
  g_autoptr(GPtrArray) events = decode_all (texts);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (gw_case_store_apply_events (store, events, &error), ==, 0);
  g_assert_error (error, GW_MODEL_ERROR, GW_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "event 2 rejected: case NC-0 was assigned but has no agency_responsible");
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 1);
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "NC-0")), ==, 1);
  /* skipped: the sequence moved past it, and the batch stopped there */
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 2);
  g_assert_null (gw_case_store_lookup (store, "NC-1"));
  g_clear_error (&error);

  /* The rest of the batch goes through when the caller resends it. */
  g_assert_cmpuint (gw_case_store_apply_events (store, events, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_nonnull (gw_case_store_lookup (store, "NC-1"));
}

static void
test_load_snapshot (void)
{
  g_autoptr(GwCaseStore) store = store_with_cases (4);
  g_autofree char *c1 = core_test_case_json ("S-1", 7);
  g_autofree char *c2 = core_test_case_json ("S-2", 1);
  g_autofree char *cases = g_strdup_printf ("[%s, %s]", c1, c2);
  g_autofree char *json = core_test_snapshot_json (1842, cases,
    "[{\"code\": \"360102-cg\", \"name\": \"东湖区城市管理局\", \"kind\": \"urban_management\","
    " \"area\": \"360102\", \"phone\": \"0791-86xxxxxx\"}]");
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);
  g_autofree char *next = core_test_case_event (1843, "accepted", "S-1", 8);
  const char *texts[] = { next, NULL };
  Recorder recorder = { 0 };

  recorder_attach (&recorder, store);
  gw_case_store_load_snapshot (store, snapshot);

  g_assert_cmpuint (recorder.changes->len, ==, 1);
  assert_change (&recorder, 0, 0, 4, 2);
  g_assert_cmpuint (recorder.n_changed, ==, 1);
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 1842);
  g_assert_null (gw_case_store_lookup (store, "NC-0"));
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "S-1")), ==, 7);
  g_assert_nonnull (gw_case_store_lookup_department (store, "360102-cg"));
  g_assert_cmpuint (g_list_model_get_n_items (gw_case_store_get_departments (store)), ==, 1);

  recorder_reset (&recorder);
  g_assert_cmpuint (core_test_apply (store, texts), ==, 1);
  assert_change (&recorder, 0, 0, 1, 1);
  g_assert_cmpint (gw_case_get_version (gw_case_store_lookup (store, "S-1")), ==, 8);
  recorder_clear (&recorder);
}

/* gw_format_time: a time of today as its hour and minute in the local zone,
 * another day's with the date; the same as formatting it in the local zone
 * (it keeps the zone for a second rather than reading it each call). */
static void
test_format_time (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) today = g_date_time_new (zone, g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) earlier = g_date_time_add_days (today, -40);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (earlier);
  g_autofree char *expected_today = g_date_time_format (today, "%H:%M");
  g_autofree char *expected_earlier = g_date_time_format (earlier, "%m-%d %H:%M");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *a = gw_format_time (today);
      g_autofree char *b = gw_format_time (utc);
      g_autofree char *c = gw_format_time (NULL);

      g_assert_cmpstr (a, ==, expected_today);
      g_assert_cmpstr (b, ==, expected_earlier);
      g_assert_cmpstr (c, ==, "—");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/append", test_append);
  g_test_add_func ("/core/store/duplicates-ignored", test_duplicates_ignored);
  g_test_add_func ("/core/store/gap-detected", test_gap_detected);
  g_test_add_func ("/core/store/gap-on-fresh-store", test_gap_on_fresh_store);
  g_test_add_func ("/core/store/stale-version", test_stale_version);
  g_test_add_func ("/core/store/update-in-place", test_update_in_place);
  g_test_add_func ("/core/store/coalesced", test_coalesced);
  g_test_add_func ("/core/store/events-not-mutated", test_events_not_mutated);
  g_test_add_func ("/core/store/idempotent", test_idempotent);
  g_test_add_func ("/core/store/mode-departments-alerts", test_mode_departments_alerts);
  g_test_add_func ("/core/store/model-invalid", test_model_invalid);
  g_test_add_func ("/core/store/load-snapshot", test_load_snapshot);
  g_test_add_func ("/core/types/format-time", test_format_time);
  return g_test_run ();
}
