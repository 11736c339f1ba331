/* core-test-util.c: valid centre messages to start from, and ways to break them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "core-test-util.h"

const char *core_test_cap_xml =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
  "  <identifier>CN-360100-2026-0042</identifier>\n"
  "  <sender>360100@gridwall.example</sender>\n"
  "  <sent>2026-11-21T14:00:00+08:00</sent>\n"
  "  <status>Actual</status>\n"
  "  <msgType>Alert</msgType>\n"
  "  <scope>Public</scope>\n"
  "  <info>\n"
  "    <category>Met</category>\n"
  "    <event>暴雨</event>\n"
  "    <severity>Severe</severity>\n"
  "    <headline>南昌市气象台发布暴雨橙色预警</headline>\n"
  "  </info>\n"
  "</alert>\n";

char *
core_test_case_json (const char *id,
                     gint64      version)
{
  return g_strdup_printf (
    "{\"service_request_id\": \"%s\", \"service_code\": \"fire_lane_blocked\","
    " \"service_name\": \"消防通道堵塞\", \"category\": \"safety\","
    " \"description\": \"小区消防通道被私家车堵塞\", \"status\": \"open\","
    " \"status_detail\": \"assigned\", \"agency_responsible\": \"360102-cg\","
    " \"co_agencies\": [\"360102-ga\"],"
    " \"requested_datetime\": \"2026-11-21T09:00:00+08:00\","
    " \"updated_datetime\": \"2026-11-21T09:30:00+08:00\","
    " \"expected_datetime\": \"2026-11-22T09:00:00+08:00\","
    " \"resolved_datetime\": null, \"closed_datetime\": null,"
    " \"lat\": 28.6829, \"long\": 115.8942, \"address\": \"东湖区民巷社区12号\","
    " \"media_url\": \"https://media.example/p/1.jpg\", \"priority\": \"urgent\","
    " \"channel\": \"grid_app\", \"grid_code\": \"360102002001003\","
    " \"resolved_level\": null, \"satisfaction\": null, \"supervised\": false,"
    " \"version\": %" G_GINT64_FORMAT "}", id, version);
}

static char *
envelope (guint64     sequence,
          const char *type,
          const char *content_type,
          const char *data)
{
  return g_strdup_printf (
    "{\"specversion\": \"1.0\", \"id\": \"360100-%" G_GUINT64_FORMAT "\","
    " \"source\": \"/centers/360100\", \"type\": \"%s\","
    " \"time\": \"2026-11-21T14:03:12+08:00\", \"sequence\": \"%020" G_GUINT64_FORMAT "\","
    " \"datacontenttype\": \"%s\", \"data\": %s}",
    sequence, type, sequence, content_type, data);
}

char *
core_test_case_event_of (guint64     sequence,
                         const char *step,
                         const char *case_json)
{
  g_autofree char *type = g_strconcat ("cn.gridwall.case.", step, NULL);
  g_autofree char *data = g_strdup_printf (
    "{\"case\": %s, \"actor\": {\"id\": \"dispatcher-01\", \"name\": \"调度员 李娜\"},"
    " \"note\": \"请尽快处置\", \"department\": \"360102-cg\"}", case_json);

  return envelope (sequence, type, "application/json", data);
}

char *
core_test_case_event (guint64     sequence,
                      const char *step,
                      const char *id,
                      gint64      version)
{
  g_autofree char *the_case = core_test_case_json (id, version);

  return core_test_case_event_of (sequence, step, the_case);
}

char *
core_test_mode_event (guint64     sequence,
                      const char *mode)
{
  g_autofree char *data = g_strdup_printf (
    "{\"mode\": \"%s\", \"reason\": \"防汛应急响应\", \"case\": null}", mode);

  return envelope (sequence, "cn.gridwall.center.mode", "application/json", data);
}

char *
core_test_department_event (guint64     sequence,
                            const char *code,
                            const char *name)
{
  g_autofree char *data = g_strdup_printf (
    "{\"code\": \"%s\", \"name\": \"%s\", \"kind\": \"urban_management\","
    " \"area\": \"360102\", \"phone\": \"0791-86000000\"}", code, name);

  return envelope (sequence, "cn.gridwall.department.updated", "application/json", data);
}

char *
core_test_alert_event (guint64     sequence,
                       const char *xml)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), xml);
  g_autofree char *data = json_to_string (node, FALSE);

  return envelope (sequence, "cn.gridwall.alert", "application/cap+xml", data);
}

char *
core_test_set (const char *json,
               const char *path,
               const char *value)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object;
  guint n = g_strv_length (parts);

  g_assert_nonnull (root);
  object = json_node_get_object (root);
  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  g_assert_nonnull (object);

  if (value == NULL)
    {
      json_object_remove_member (object, parts[n - 1]);
    }
  else
    {
      JsonNode *node = json_from_string (value, NULL);

      g_assert_nonnull (node);
      json_object_set_member (object, parts[n - 1], node);
    }
  return json_to_string (root, FALSE);
}

char *
core_test_edit (const char *json,
                ...)
{
  char *text = g_strdup (json);
  const char *path;
  va_list args;

  va_start (args, json);
  while ((path = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      char *changed = core_test_set (text, path, value);

      g_free (text);
      text = changed;
    }
  va_end (args);
  return text;
}

char *
core_test_snapshot_json (guint64     sequence,
                         const char *cases,
                         const char *departments)
{
  return g_strdup_printf (
    "{\"sequence\": \"%020" G_GUINT64_FORMAT "\", \"generated\": \"2026-11-21T14:03:12+08:00\","
    " \"mode\": {\"mode\": \"normal\", \"reason\": null, \"case\": null},"
    " \"departments\": %s, \"cases\": %s}", sequence, departments, cases);
}

GwSnapshot *
core_test_snapshot_ok (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  GwSnapshot *snapshot = gw_snapshot_decode (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

GwEvent *
core_test_decode_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  GwEvent *event = gw_event_decode (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

void
core_test_state_take (CoreTestState *state,
                      GwCaseStore   *store)
{
  GListModel *model = G_LIST_MODEL (store);

  state->sequence = gw_case_store_get_sequence (store);
  state->n_items = g_list_model_get_n_items (model);
  state->n_departments = g_list_model_get_n_items (gw_case_store_get_departments (store));
  state->mode = gw_case_store_get_mode (store);
  state->versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < state->n_items; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);
      gint64 version = gw_case_get_version (item);

      g_array_append_val (state->versions, version);
    }
}

void
core_test_state_assert_same (CoreTestState *before,
                             GwCaseStore   *store)
{
  CoreTestState now;

  core_test_state_take (&now, store);
  g_assert_cmpuint (now.sequence, ==, before->sequence);
  g_assert_cmpuint (now.n_items, ==, before->n_items);
  g_assert_cmpuint (now.n_departments, ==, before->n_departments);
  g_assert_cmpint (now.mode, ==, before->mode);
  for (guint i = 0; i < now.n_items; i++)
    g_assert_cmpint (g_array_index (now.versions, gint64, i), ==,
                     g_array_index (before->versions, gint64, i));
  core_test_state_clear (&now);
}

void
core_test_state_clear (CoreTestState *state)
{
  g_clear_pointer (&state->versions, g_array_unref);
}

guint
core_test_apply (GwCaseStore  *store,
                 const char  **texts)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  g_autoptr(GError) error = NULL;
  guint applied;

  for (guint i = 0; texts[i] != NULL; i++)
    g_ptr_array_add (events, core_test_decode_ok (texts[i]));
  applied = gw_case_store_apply_events (store, events, &error);
  g_assert_no_error (error);
  return applied;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
core_test_percentile (GArray *values,
                      double  p)
{
  g_autoptr(GArray) sorted = NULL;

  if (values == NULL || values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, MIN ((guint) ceil (p * sorted->len) - (p > 0),
                                             sorted->len - 1));
}

static const char *random_categories[] = {
  "dispute", "safety", "urban", "environment", "livelihood", "public_order", "other",
};
static const char *random_details[] = {
  "reported", "accepted", "assigned", "signed", "in_progress", "returned", "extended",
  "resolved", "reviewed", "closed",
};
static const char *random_levels[] = {
  "null", "\"village\"", "\"town\"", "\"county\"", "\"city\"",
};
static const char *random_districts[] = { "360102", "360103", "360104", "360111" };

/* A time near @clock (up to 40 days before it, a little after), or null. */
static char *
random_time (GRand    *rand,
             gint64    clock,
             gboolean  nullable)
{
  g_autoptr(GDateTime) t = NULL;
  g_autofree char *text = NULL;
  gint64 offset;

  if (nullable && g_rand_int_range (rand, 0, 3) == 0)
    return g_strdup ("null");
  /* Most near now, where the clock's edges lie; some anywhere in 40 days. */
  offset = g_rand_boolean (rand) ? g_rand_int_range (rand, -7200, 3600)
                                 : g_rand_int_range (rand, -40 * 86400, 86400);
  t = g_date_time_new_from_unix_utc (clock + offset);
  text = g_date_time_format_iso8601 (t);
  return g_strdup_printf ("\"%s\"", text);
}

char *
core_test_random_case (GRand  *rand,
                       guint   n,
                       gint64  version,
                       gint64  clock)
{
  g_autofree char *requested = random_time (rand, clock, FALSE);
  g_autofree char *expected = random_time (rand, clock, TRUE);
  g_autofree char *resolved = random_time (rand, clock, TRUE);
  g_autofree char *closed = random_time (rand, clock, TRUE);
  g_autofree char *agency = NULL;
  g_autofree char *satisfaction = NULL;

  /* A department comes and goes with its cases (its figures must go too). */
  agency = g_rand_int_range (rand, 0, 4) == 0
             ? g_strdup ("null")
             : g_strdup_printf ("\"%s-d%d\"", random_districts[g_rand_int_range (rand, 0, 4)],
                                g_rand_int_range (rand, 0, 12));
  satisfaction = g_rand_boolean (rand) ? g_strdup ("null")
                                       : g_strdup_printf ("%d", g_rand_int_range (rand, 1, 6));
  return g_strdup_printf (
    "{\"service_request_id\": \"S-%u\", \"service_code\": \"noise\","
    " \"service_name\": \"噪音\", \"category\": \"%s\", \"description\": \"\","
    " \"status\": \"%s\", \"status_detail\": \"%s\", \"agency_responsible\": %s,"
    " \"co_agencies\": [], \"requested_datetime\": %s, \"updated_datetime\": %s,"
    " \"expected_datetime\": %s, \"resolved_datetime\": %s, \"closed_datetime\": %s,"
    " \"lat\": %.5f, \"long\": %.5f, \"address\": \"\", \"media_url\": null,"
    " \"priority\": \"normal\", \"channel\": \"grid_app\", \"grid_code\": \"%s001001%03d\","
    " \"resolved_level\": %s, \"satisfaction\": %s, \"supervised\": false,"
    " \"version\": %" G_GINT64_FORMAT "}",
    n, random_categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (random_categories))],
    g_rand_int_range (rand, 0, 3) ? "open" : "closed",
    random_details[g_rand_int_range (rand, 0, G_N_ELEMENTS (random_details))], agency,
    requested, requested, expected, resolved, closed,
    28.6 + g_rand_double (rand) * 0.2, 115.8 + g_rand_double (rand) * 0.2,
    random_districts[g_rand_int_range (rand, 0, G_N_ELEMENTS (random_districts))],
    g_rand_int_range (rand, 1, 999),
    random_levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (random_levels))],
    satisfaction, version);
}

GwSnapshot *
core_test_random_snapshot (GRand   *rand,
                           guint    n,
                           gint64   version,
                           gint64   clock,
                           guint64  sequence)
{
  g_autoptr(GString) cases = g_string_new ("[");
  g_autofree char *json = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = core_test_random_case (rand, i, version, clock);

      g_string_append_printf (cases, "%s%s", i ? "," : "", text);
    }
  g_string_append (cases, "]");
  json = core_test_snapshot_json (sequence, cases->str, "[]");
  return core_test_snapshot_ok (json);
}

void
core_test_assert_figures_equal (const GwFigures *a,
                                const GwFigures *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->total, ==, b->total);
  g_assert_cmpuint (a->open, ==, b->open);
  g_assert_cmpuint (a->accepted_today, ==, b->accepted_today);
  g_assert_cmpuint (a->closed_today, ==, b->closed_today);
  g_assert_cmpuint (a->overdue, ==, b->overdue);
  g_assert_cmpfloat (a->closure_rate, ==, b->closure_rate);
  g_assert_cmpfloat (a->satisfaction_rate, ==, b->satisfaction_rate);
  g_assert_cmpfloat (a->on_time_rate, ==, b->on_time_rate);
  g_assert_cmpfloat (a->local_share, ==, b->local_share);
}

static void
assert_tables_equal (GHashTable *a,
                     GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("key %s", (const char *) key);
      core_test_assert_figures_equal (value, g_hash_table_lookup (b, key));
    }
}

void
core_test_assert_stats_equal (GwStats *a,
                              GwStats *b)
{
  core_test_assert_figures_equal (gw_stats_get_figures (a), gw_stats_get_figures (b));
  for (GwCategory c = 0; c < GW_N_CATEGORIES; c++)
    core_test_assert_figures_equal (gw_stats_get_for_category (a, c),
                                    gw_stats_get_for_category (b, c));
  assert_tables_equal (gw_stats_get_by_district (a), gw_stats_get_by_district (b));
  assert_tables_equal (gw_stats_get_by_department (a), gw_stats_get_by_department (b));
}
