/* test-dispatch.c: routing suggestions, duplicates, the outbox, case types and
 * the events of the dispatch commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "core-test-util.h"
#include "gw-command.h"
#include "gw-duplicates.h"
#include "gw-outbox.h"
#include "gw-routing.h"

/* Departments as the reference centre makes them for 东湖区 (360102). */
static const char departments_json[] =
  "[{\"code\":\"3601-cg\",\"name\":\"南昌市城市管理局\",\"kind\":\"urban_management\","
  "  \"area\":\"3601\",\"phone\":\"1\"},"
  " {\"code\":\"3601-xf\",\"name\":\"南昌市消防救援支队\",\"kind\":\"fire\","
  "  \"area\":\"3601\",\"phone\":\"1\"},"
  " {\"code\":\"360102-cg\",\"name\":\"东湖区城市管理局\",\"kind\":\"urban_management\","
  "  \"area\":\"360102\",\"phone\":\"1\"},"
  " {\"code\":\"360102-xf\",\"name\":\"东湖区消防救援大队\",\"kind\":\"fire\","
  "  \"area\":\"360102\",\"phone\":\"1\"},"
  " {\"code\":\"360103-xf\",\"name\":\"西湖区消防救援大队\",\"kind\":\"fire\","
  "  \"area\":\"360103\",\"phone\":\"1\"},"
  " {\"code\":\"360102002-jd\",\"name\":\"滕王阁街道办事处\",\"kind\":\"street_office\","
  "  \"area\":\"360102002\",\"phone\":\"1\"}]";

static const char case_types_json[] =
  "[{\"service_code\":\"fire_lane_blocked\",\"service_name\":\"消防通道堵塞\","
  "  \"category\":\"safety\",\"department_kind\":\"fire\",\"deadline_hours\":4},"
  " {\"service_code\":\"corridor_clutter\",\"service_name\":\"楼道堆放杂物\","
  "  \"category\":\"safety\",\"department_kind\":\"street_office\",\"deadline_hours\":48}]";

static GwCaseStore *
store_with_types (void)
{
  g_autofree char *base = core_test_snapshot_json (1, "[]", departments_json);
  g_autofree char *json = core_test_set (base, "case_types", case_types_json);
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);
  GwCaseStore *store = gw_case_store_new ();

  gw_case_store_load_snapshot (store, snapshot);
  return store;
}

static const char *
code_at (GArray *suggestions,
         guint   i)
{
  return gw_department_get_code (g_array_index (suggestions, GwRouteSuggestion, i).department);
}

static void
test_routing (void)
{
  g_autoptr(GwCaseStore) store = store_with_types ();
  g_autoptr(GwRouting) routing = gw_routing_new (gw_case_store_get_departments (store),
                                                 gw_case_store_get_case_types (store));
  g_autoptr(GArray) fire = gw_routing_suggest (routing, "fire_lane_blocked", "360102002001003", 0);
  g_autoptr(GArray) clutter = gw_routing_suggest (routing, "corridor_clutter",
                                                  "360102002001003", 2);
  g_autoptr(GArray) unknown = gw_routing_suggest (routing, "nothing_like_it", "360102002001003", 0);

  /* Fire first, county before city; then the other covering departments,
   * nearest first; never the other county's. */
  g_assert_cmpuint (fire->len, ==, 5);
  g_assert_cmpstr (code_at (fire, 0), ==, "360102-xf");
  g_assert_cmpint (g_array_index (fire, GwRouteSuggestion, 0).match, ==, GW_ROUTE_KIND_AND_AREA);
  g_assert_cmpuint (g_array_index (fire, GwRouteSuggestion, 0).area_digits, ==, 6);
  g_assert_cmpstr (code_at (fire, 1), ==, "3601-xf");
  g_assert_cmpstr (code_at (fire, 2), ==, "360102002-jd");
  g_assert_cmpint (g_array_index (fire, GwRouteSuggestion, 2).match, ==, GW_ROUTE_AREA);
  g_assert_cmpstr (code_at (fire, 3), ==, "360102-cg");
  g_assert_cmpstr (code_at (fire, 4), ==, "3601-cg");

  g_assert_cmpuint (clutter->len, ==, 2);
  g_assert_cmpstr (code_at (clutter, 0), ==, "360102002-jd");
  g_assert_cmpstr (code_at (clutter, 1), ==, "360102-cg");  /* same level: snapshot order */

  g_assert_cmpuint (unknown->len, ==, 5);
  g_assert_cmpint (g_array_index (unknown, GwRouteSuggestion, 0).match, ==, GW_ROUTE_AREA);
}

static void
test_level_above (void)
{
  g_autoptr(GwCaseStore) store = store_with_types ();
  g_autoptr(GwRouting) routing = gw_routing_new (gw_case_store_get_departments (store),
                                                 gw_case_store_get_case_types (store));
  const char *grid = "360102002001003";
  GwDepartment *street = gw_case_store_lookup_department (store, "360102002-jd");
  GwDepartment *county = gw_routing_level_above (routing, street, grid);
  GwDepartment *city = gw_routing_level_above (routing, county, grid);

  g_assert_cmpstr (gw_department_get_code (county), ==, "360102-cg");
  g_assert_cmpstr (gw_department_get_code (city), ==, "3601-cg");
  g_assert_null (gw_routing_level_above (routing, city, grid));
}

static void
test_default_deadline (void)
{
  g_autoptr(GwCaseStore) store = store_with_types ();
  g_autoptr(GwRouting) routing = gw_routing_new (gw_case_store_get_departments (store),
                                                 gw_case_store_get_case_types (store));
  GwCaseType *type = gw_routing_lookup_case_type (routing, "corridor_clutter");
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 11, 21, 6, 0, 0);
  g_autoptr(GDateTime) normal = gw_case_type_get_default_deadline (type, GW_PRIORITY_NORMAL, from);
  g_autoptr(GDateTime) major = gw_case_type_get_default_deadline (type, GW_PRIORITY_MAJOR, from);
  g_autoptr(GDateTime) unknown = gw_case_type_get_default_deadline (NULL, GW_PRIORITY_URGENT,
                                                                    from);

  g_assert_cmpint (g_date_time_difference (normal, from), ==, 48 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_difference (major, from), ==, 12 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_difference (unknown, from), ==, 36 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (g_list_model_get_n_items (gw_case_store_get_case_types (store)), ==, 2);
}

static void
test_bad_case_type (void)
{
  g_autofree char *base = core_test_snapshot_json (1, "[]", "[]");
  g_autofree char *json = core_test_set (base, "case_types",
                                         "[{\"service_code\":\"x\",\"service_name\":\"x\","
                                         "\"category\":\"safety\",\"department_kind\":\"army\","
                                         "\"deadline_hours\":4}]");
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;

  g_assert_null (gw_snapshot_decode (bytes, &error));
  g_assert_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "case type 0"));
}

/* A case of @code at (@lat, @lon), reported @hours after 09:00. */
static GwCase *
case_at (const char *id,
         const char *code,
         double      lat,
         double      lon,
         int         hours)
{
  g_autofree char *base = core_test_case_json (id, 1);
  g_autofree char *lat_text = g_strdup_printf ("%.7f", lat);
  g_autofree char *lon_text = g_strdup_printf ("%.7f", lon);
  g_autofree char *code_text = g_strdup_printf ("\"%s\"", code);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-11-21T09:00:00+08:00", NULL);
  g_autoptr(GDateTime) when = g_date_time_add_hours (start, hours);
  g_autofree char *when_text = g_date_time_format (when, "\"%Y-%m-%dT%H:%M:%S%:z\"");
  g_autofree char *json = core_test_edit (base, "lat", lat_text, "long", lon_text,
                                          "service_code", code_text,
                                          "requested_datetime", when_text, NULL);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return gw_case_new_from_json (json_node_get_object (node), NULL);
}

static void
test_distance (void)
{
  /* One minute of latitude is 1,852 m (a nautical mile) near enough. */
  g_assert_cmpfloat_with_epsilon (gw_distance_m (28.0, 115.9, 28.0 + 1.0 / 60, 115.9), 1853.2,
                                  1.0);
  g_assert_cmpfloat (gw_distance_m (28.68, 115.89, 28.68, 115.89), ==, 0);
}

static void
test_duplicates (void)
{
  g_autoptr(GListStore) cases = g_list_store_new (GW_TYPE_CASE);
  g_autoptr(GwDuplicates) index = gw_duplicates_new (G_LIST_MODEL (cases));
  double lat = 28.6829, lon = 115.8922, m = 1.0 / 111195.0;  /* a metre of latitude */
  g_autoptr(GwCase) a = case_at ("A", "fire_lane_blocked", lat, lon, 0);
  g_autoptr(GwCase) near = case_at ("NEAR", "fire_lane_blocked", lat + 30 * m, lon, 3);
  g_autoptr(GwCase) across = case_at ("ACROSS", "fire_lane_blocked", lat + 0.0003, lon + 0.0003,
                                      1);
  g_autoptr(GwCase) far = case_at ("FAR", "fire_lane_blocked", lat + 60 * m, lon, 1);
  g_autoptr(GwCase) late = case_at ("LATE", "fire_lane_blocked", lat + 10 * m, lon, 25);
  g_autoptr(GwCase) other = case_at ("OTHER", "corridor_clutter", lat, lon, 0);
  g_autoptr(GPtrArray) found = NULL;

  g_list_store_append (cases, a);
  g_list_store_append (cases, near);
  g_list_store_append (cases, across);
  g_list_store_append (cases, far);
  g_list_store_append (cases, late);
  g_list_store_append (cases, other);

  /* ACROSS: about 44 m away, in another cell of both latitude and longitude. */
  found = gw_duplicates_find (index, a);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (gw_case_get_id (found->pdata[0]), ==, "NEAR");
  g_assert_cmpstr (gw_case_get_id (found->pdata[1]), ==, "ACROSS");
  g_assert_true (gw_duplicates_is_likely (index, late));   /* 20 m and 22 h from NEAR */
  g_assert_false (gw_duplicates_is_likely (index, other));

  gw_duplicates_remove (index, near);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = gw_duplicates_find (index, a);
  g_assert_cmpuint (found->len, ==, 1);
}

/* 4,000 cases of one type in a 2 km by 0.8 km patch: a check still only looks at the
 * few cells around the case. */
static void
test_duplicates_scale (void)
{
  g_autoptr(GwDuplicates) index = gw_duplicates_new (NULL);
  g_autoptr(GwCase) probe = case_at ("PROBE", "fire_lane_blocked", 28.69, 115.894, 0);
  gint64 start;

  for (int i = 0; i < 4000; i++)
    {
      g_autofree char *id = g_strdup_printf ("C%d", i);
      g_autoptr(GwCase) kase = case_at (id, "fire_lane_blocked", 28.68 + (i % 100) * 0.0002,
                                        115.89 + (i / 100) * 0.0002, 0);

      gw_duplicates_add (index, kase);
    }
  start = g_get_monotonic_time ();
  for (int i = 0; i < 1000; i++)
    {
      g_autoptr(GPtrArray) found = gw_duplicates_find (index, probe);

      g_assert_cmpuint (found->len, >, 0);
    }
  /* A linear scan would compare 4,000 cases per check; this looks at ~30. */
  g_test_message ("1000 checks among 4,000 cases: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
}

static void
test_command_body (void)
{
  const char *co[] = { "360102-ga", NULL };
  g_autoptr(GDateTime) deadline = g_date_time_new_from_iso8601 ("2026-11-22T14:00:00+08:00",
                                                               NULL);
  GwCommandArgs args = { .department = "360102-cg", .deadline = deadline, .note = "请尽快",
                         .co_departments = co, .into = "X", .verified = TRUE };
  g_autofree char *assign = gw_command_build_body (GW_ACTION_ASSIGN, &args);
  g_autofree char *merge = gw_command_build_body (GW_ACTION_MERGE, &args);
  g_autofree char *close = gw_command_build_body (GW_ACTION_CLOSE, &args);
  GwAction action;

  g_assert_cmpstr (assign, ==, "{\"department\":\"360102-cg\",\"deadline\":"
                   "\"2026-11-22T14:00:00+08:00\",\"note\":\"请尽快\","
                   "\"co_departments\":[\"360102-ga\"]}");
  g_assert_cmpstr (merge, ==, "{\"note\":\"请尽快\",\"into\":\"X\"}");
  g_assert_cmpstr (close, ==, "{\"note\":\"请尽快\",\"verified\":true}");
  g_assert_cmpstr (gw_action_to_string (GW_ACTION_ACCEPT_RETURN), ==, "accept-return");
  g_assert_true (gw_action_from_string ("refuse-extension", &action));
  g_assert_cmpint (action, ==, GW_ACTION_REFUSE_EXTENSION);
  g_assert_false (gw_action_from_string ("delete", &action));
}

static void
test_outbox (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-outbox-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "outbox.sqlite", NULL);
  g_autoptr(GwOutbox) outbox = gw_outbox_new (path, NULL);
  g_autoptr(GwCommand) first = gw_outbox_add (outbox, "NC-1", 3, GW_ACTION_ASSIGN,
                                              "{\"department\":\"360102-cg\"}", NULL);
  g_autoptr(GwCommand) second = gw_outbox_add (outbox, "NC-2", 1, GW_ACTION_SUPERVISE, "{}",
                                               NULL);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  GwCommandOutcome rejected = { .state = GW_COMMAND_REJECTED, .outcome = "deadline: past",
                                .fields = fields };
  g_autoptr(GwOutbox) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GwCommand *reloaded;

  g_assert_nonnull (first);
  g_assert_cmpuint (strlen (gw_command_get_key (first)), ==, 36);
  g_assert_cmpstr (gw_command_get_department (first), ==, "360102-cg");
  g_assert_null (gw_outbox_add (outbox, "bad id!", 1, GW_ACTION_ASSIGN, "{}", &error));
  g_assert_error (error, GW_OUTBOX_ERROR, GW_OUTBOX_ERROR_INVALID);

  g_assert_true (gw_outbox_mark_sending (outbox, first, NULL));
  g_assert_true (gw_outbox_mark_retry (outbox, first, "offline", NULL));
  g_assert_true (gw_outbox_mark_sending (outbox, first, NULL));
  g_hash_table_insert (fields, "deadline", "must be in the future");
  g_assert_true (gw_outbox_finish (outbox, second, &rejected, NULL));

  /* Another process opening the same file sees the same commands, states and details. */
  again = gw_outbox_new (path, NULL);
  list = gw_outbox_list (again, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  reloaded = list->pdata[0];
  g_assert_cmpstr (gw_command_get_key (reloaded), ==, gw_command_get_key (first));
  g_assert_cmpint (gw_command_get_state (reloaded), ==, GW_COMMAND_SENDING);
  g_assert_cmpuint (gw_command_get_attempts (reloaded), ==, 1);
  g_assert_cmpint (gw_command_get_version (reloaded), ==, 3);
  reloaded = list->pdata[1];
  g_assert_cmpint (gw_command_get_state (reloaded), ==, GW_COMMAND_REJECTED);
  g_assert_cmpstr (gw_command_get_outcome (reloaded), ==, "deadline: past");
  g_assert_cmpstr (g_hash_table_lookup (gw_command_get_fields (reloaded), "deadline"), ==,
                   "must be in the future");

  g_assert_true (gw_outbox_dismiss (again, reloaded, NULL));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = gw_outbox_list (again, NULL);
  g_assert_cmpuint (list->len, ==, 1);

  g_remove (path);
}

static void
test_new_events (void)
{
  g_autofree char *reassigned = core_test_case_event (2, "reassigned", "NC-1", 2);
  g_autofree char *merged_base = core_test_case_event (3, "merged", "NC-1", 3);
  g_autofree char *merged = core_test_edit (merged_base, "data.case.merged_into", "\"NC-2\"",
                                            "data.case.extension_deadline", "null", NULL);
  g_autoptr(GwEvent) a = core_test_decode_ok (reassigned);
  g_autoptr(GwEvent) b = core_test_decode_ok (merged);
  const char *show = "{\"specversion\":\"1.0\",\"id\":\"x-4\",\"source\":\"/centers/360100\","
                     "\"type\":\"cn.gridwall.wall.show\",\"sequence\":\"4\","
                     "\"data\":{\"kind\":\"grid\",\"code\":\"360102002001003\","
                     "\"actor\":{\"id\":\"dispatcher-01\",\"name\":\"李娜\"}}}";
  g_autoptr(GwEvent) c = core_test_decode_ok (show);
  g_autofree char *bad = g_strdup (show);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gw_event_get_step_name (a), ==, "reassigned");
  g_assert_cmpstr (gw_case_get_merged_into (gw_event_get_case (b)), ==, "NC-2");
  g_assert_cmpint (gw_event_get_kind (c), ==, GW_EVENT_WALL_SHOW);
  g_assert_cmpstr (gw_event_get_wall_kind (c), ==, "grid");
  g_assert_cmpstr (gw_event_get_wall_code (c), ==, "360102002001003");
  g_assert_cmpstr (gw_event_get_actor_id (c), ==, "dispatcher-01");

  memcpy (strstr (bad, "grid\""), "city", 4);
  g_assert_null (gw_event_decode (bad, strlen (bad), &error));
  g_assert_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE);
}

static void
test_alarm_ack_event (void)
{
  const char *ack = "{\"specversion\":\"1.0\",\"id\":\"x-5\",\"source\":\"/centers/360100\","
                    "\"type\":\"cn.gridwall.alarm.acknowledged\",\"sequence\":\"5\","
                    "\"data\":{\"kind\":\"alert\",\"code\":\"urn:oid:2.49.0.1.156.7\","
                    "\"actor\":{\"id\":\"dispatcher-01\",\"name\":\"李娜\"}}}";
  g_autoptr(GwEvent) event = core_test_decode_ok (ack);
  g_autofree char *bad = g_strdup (ack);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gw_event_get_kind (event), ==, GW_EVENT_ALARM_ACK);
  g_assert_cmpstr (gw_event_get_wall_kind (event), ==, "alert");
  g_assert_cmpstr (gw_event_get_wall_code (event), ==, "urn:oid:2.49.0.1.156.7");
  g_assert_cmpstr (gw_event_get_actor_name (event), ==, "李娜");

  /* An alarm is for a case or an alert, never a grid. */
  memcpy (strstr (bad, "alert\""), "grid\" ", 6);
  g_assert_null (gw_event_decode (bad, strlen (bad), &error));
  g_assert_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE);
}

static void
on_wall_show (GwCaseStore *store,
              GwEvent     *event,
              char       **code)
{
  g_free (*code);
  *code = g_strdup (gw_event_get_wall_code (event));
}

static void
test_store_wall_show (void)
{
  g_autoptr(GwCaseStore) store = store_with_types ();
  g_autofree char *code = NULL;
  const char *texts[] = {
    "{\"specversion\":\"1.0\",\"id\":\"x-2\",\"source\":\"/centers/360100\","
    "\"type\":\"cn.gridwall.wall.show\",\"sequence\":\"2\","
    "\"data\":{\"kind\":\"area\",\"code\":\"360102\","
    "\"actor\":{\"id\":\"dispatcher-01\",\"name\":\"李娜\"}}}",
    NULL,
  };

  g_signal_connect (store, "wall-show", G_CALLBACK (on_wall_show), &code);
  core_test_apply (store, texts);
  g_assert_cmpstr (code, ==, "360102");
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dispatch/routing", test_routing);
  g_test_add_func ("/core/dispatch/level-above", test_level_above);
  g_test_add_func ("/core/dispatch/default-deadline", test_default_deadline);
  g_test_add_func ("/core/dispatch/bad-case-type", test_bad_case_type);
  g_test_add_func ("/core/dispatch/distance", test_distance);
  g_test_add_func ("/core/dispatch/duplicates", test_duplicates);
  g_test_add_func ("/core/dispatch/duplicates-scale", test_duplicates_scale);
  g_test_add_func ("/core/dispatch/command-body", test_command_body);
  g_test_add_func ("/core/dispatch/outbox", test_outbox);
  g_test_add_func ("/core/dispatch/new-events", test_new_events);
  g_test_add_func ("/core/dispatch/store-wall-show", test_store_wall_show);
  g_test_add_func ("/core/dispatch/alarm-ack-event", test_alarm_ack_event);
  return g_test_run ();
}
