/* test-decode.c: every event type decodes, with every field, and edge values pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core-test-util.h"

static const char *case_steps[] = {
  "reported", "accepted", "assigned", "signed", "returned", "extended", "progress",
  "resolved", "reviewed", "supervised", "escalated", "closed", "merged", "updated",
};

static void
test_case_steps (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (case_steps); i++)
    {
      g_autofree char *text = core_test_case_event (7, case_steps[i], "NC20261121-000123", 3);
      g_autoptr(GwEvent) event = core_test_decode_ok (text);
      g_autofree char *type = g_strconcat ("cn.gridwall.case.", case_steps[i], NULL);

      g_assert_cmpint (gw_event_get_kind (event), ==, GW_EVENT_CASE);
      g_assert_cmpstr (gw_event_get_type_name (event), ==, type);
      g_assert_cmpstr (gw_event_get_step_name (event), ==, case_steps[i]);
      g_assert_cmpuint (gw_event_get_sequence (event), ==, 7);
      g_assert_cmpstr (gw_event_get_id (event), ==, "360100-7");
    }
}

static void
test_case_fields (void)
{
  g_autofree char *text = core_test_case_event (1842, "assigned", "NC20261121-000123", 3);
  g_autoptr(GwEvent) event = core_test_decode_ok (text);
  GwCase *item = gw_event_get_case (event);
  g_autofree char *requested = NULL;

  g_assert_cmpstr (gw_event_get_actor_id (event), ==, "dispatcher-01");
  g_assert_cmpstr (gw_event_get_actor_name (event), ==, "调度员 李娜");
  g_assert_cmpstr (gw_event_get_note (event), ==, "请尽快处置");
  g_assert_cmpstr (gw_event_get_case_department (event), ==, "360102-cg");
  g_assert_nonnull (gw_event_get_time (event));
  g_assert_cmpint (g_date_time_get_utc_offset (gw_event_get_time (event)), ==,
                   8 * G_TIME_SPAN_HOUR);

  g_assert_cmpstr (gw_case_get_id (item), ==, "NC20261121-000123");
  g_assert_cmpstr (gw_case_get_service_code (item), ==, "fire_lane_blocked");
  g_assert_cmpstr (gw_case_get_service_name (item), ==, "消防通道堵塞");
  g_assert_cmpint (gw_case_get_category (item), ==, GW_CATEGORY_SAFETY);
  g_assert_cmpstr (gw_case_get_description (item), ==, "小区消防通道被私家车堵塞");
  g_assert_true (gw_case_is_open (item));
  g_assert_cmpint (gw_case_get_step (item), ==, GW_STEP_ASSIGNED);
  g_assert_cmpstr (gw_case_get_agency (item), ==, "360102-cg");
  g_assert_cmpstrv (gw_case_get_co_agencies (item), ((const char *[]) { "360102-ga", NULL }));
  requested = g_date_time_format_iso8601 (gw_case_get_requested (item));
  g_assert_cmpstr (requested, ==, "2026-11-21T09:00:00+08");
  g_assert_nonnull (gw_case_get_updated (item));
  g_assert_nonnull (gw_case_get_expected (item));
  g_assert_null (gw_case_get_resolved (item));
  g_assert_null (gw_case_get_closed (item));
  g_assert_cmpfloat_with_epsilon (gw_case_get_lat (item), 28.6829, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_case_get_long (item), 115.8942, 1e-9);
  g_assert_cmpstr (gw_case_get_address (item), ==, "东湖区民巷社区12号");
  g_assert_cmpstr (gw_case_get_media_url (item), ==, "https://media.example/p/1.jpg");
  g_assert_cmpint (gw_case_get_priority (item), ==, GW_PRIORITY_URGENT);
  g_assert_cmpint (gw_case_get_channel (item), ==, GW_CHANNEL_GRID_APP);
  g_assert_cmpstr (gw_case_get_grid_code (item), ==, "360102002001003");
  g_assert_cmpint (gw_case_get_resolved_level (item), ==, GW_LEVEL_NONE);
  g_assert_cmpint (gw_case_get_satisfaction (item), ==, 0);
  g_assert_false (gw_case_get_supervised (item));
  g_assert_cmpint (gw_case_get_version (item), ==, 3);
}

static void
test_mode (void)
{
  g_autofree char *text = core_test_mode_event (9, "emergency");
  g_autoptr(GwEvent) event = core_test_decode_ok (text);

  g_assert_cmpint (gw_event_get_kind (event), ==, GW_EVENT_MODE);
  g_assert_cmpint (gw_event_get_mode (event), ==, GW_MODE_EMERGENCY);
  g_assert_cmpstr (gw_event_get_mode_reason (event), ==, "防汛应急响应");
  g_assert_null (gw_event_get_mode_case (event));
}

static void
test_department (void)
{
  g_autofree char *text = core_test_department_event (9, "360102-cg", "东湖区城市管理局");
  g_autoptr(GwEvent) event = core_test_decode_ok (text);
  GwDepartment *department = gw_event_get_department (event);

  g_assert_cmpint (gw_event_get_kind (event), ==, GW_EVENT_DEPARTMENT);
  g_assert_cmpstr (gw_department_get_code (department), ==, "360102-cg");
  g_assert_cmpstr (gw_department_get_name (department), ==, "东湖区城市管理局");
  g_assert_cmpstr (gw_department_get_kind (department), ==, "urban_management");
  g_assert_cmpstr (gw_department_get_area (department), ==, "360102");
  g_assert_cmpstr (gw_department_get_phone (department), ==, "0791-86000000");
}

static void
test_department_without_phone (void)
{
  g_autofree char *base = core_test_department_event (9, "3601-yj", "南昌市应急管理局");
  g_autofree char *text = core_test_edit (base, "data.phone", NULL, "data.area", "\"3601\"",
                                          NULL);
  g_autoptr(GwEvent) event = core_test_decode_ok (text);

  g_assert_null (gw_department_get_phone (gw_event_get_department (event)));
  g_assert_cmpstr (gw_department_get_area (gw_event_get_department (event)), ==, "3601");
}

static void
test_alert (void)
{
  g_autofree char *text = core_test_alert_event (10, core_test_cap_xml);
  g_autoptr(GwEvent) event = core_test_decode_ok (text);

  g_assert_cmpint (gw_event_get_kind (event), ==, GW_EVENT_ALERT);
  g_assert_cmpstr (gw_event_get_alert_xml (event), ==, core_test_cap_xml);
  g_assert_cmpstr (gw_event_get_alert_identifier (event), ==, "CN-360100-2026-0042");
  g_assert_cmpstr (gw_event_get_alert_headline (event), ==, "南昌市气象台发布暴雨橙色预警");
  g_assert_cmpstr (gw_event_get_alert_severity (event), ==, "Severe");
  g_assert_cmpstr (gw_event_get_alert_field (event, GW_CAP_SENDER), ==,
                   "360100@gridwall.example");
  g_assert_cmpstr (gw_event_get_alert_field (event, GW_CAP_MSG_TYPE), ==, "Alert");
  g_assert_cmpstr (gw_event_get_alert_field (event, GW_CAP_SCOPE), ==, "Public");
}

static void
test_alert_prefixed_without_info (void)
{
  const char *xml =
    "<cap:alert xmlns:cap=\"urn:oasis:names:tc:emergency:cap:1.2\">"
    "<cap:identifier>X-1</cap:identifier><cap:sender>s</cap:sender>"
    "<cap:sent>2026-11-21T14:00:00-00:00</cap:sent><cap:status>Test</cap:status>"
    "<cap:msgType>Update</cap:msgType><cap:scope>Restricted</cap:scope>"
    "<!-- a comment --><other:x xmlns:other=\"urn:x\">&lt;ignored&gt;</other:x>"
    "</cap:alert>";
  g_autofree char *text = core_test_alert_event (10, xml);
  g_autoptr(GwEvent) event = core_test_decode_ok (text);

  g_assert_cmpstr (gw_event_get_alert_identifier (event), ==, "X-1");
  g_assert_null (gw_event_get_alert_headline (event));
  g_assert_null (gw_event_get_alert_severity (event));
}

/* Text is plain text: markup is no error and is kept byte for byte. */
static void
test_markup_verbatim (void)
{
  const char *markup = "<b>火灾</b> & <script>alert('x')</script> &amp; <span foreground=\"red\">";
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), markup);
  g_autofree char *json_value = json_to_string (value, FALSE);
  g_autofree char *base = core_test_case_event (5, "reported", "NC-M", 1);
  g_autofree char *text = core_test_edit (base, "data.case.description", json_value,
                                          "data.case.address", json_value,
                                          "data.note", json_value, NULL);
  g_autoptr(GwEvent) event = core_test_decode_ok (text);

  g_assert_cmpstr (gw_case_get_description (gw_event_get_case (event)), ==, markup);
  g_assert_cmpstr (gw_case_get_address (gw_event_get_case (event)), ==, markup);
  g_assert_cmpstr (gw_event_get_note (event), ==, markup);
}

static void
test_escapes (void)
{
  g_autofree char *base = core_test_case_event (5, "reported", "NC-E", 1);
  char *at = strstr (base, "小区消防通道被私家车堵塞");
  g_autofree char *text = NULL;
  g_autoptr(GwEvent) event = NULL;

  g_assert_nonnull (at);
  text = g_strdup_printf ("%.*s%s%s", (int) (at - base), base,
                          "\\u6d88\\u9632 \\ud83d\\ude92 \\\"q\\\" \\\\ \\/ \\n\\t",
                          at + strlen ("小区消防通道被私家车堵塞"));
  event = core_test_decode_ok (text);
  g_assert_cmpstr (gw_case_get_description (gw_event_get_case (event)), ==,
                   "消防 🚒 \"q\" \\ / \n\t");
}

static void
test_edge_values (void)
{
  g_autofree char *base = core_test_case_event (18446744073709551615u, "closed", "N", 1);
  g_autoptr(GString) description = g_string_new ("\"");
  g_autofree char *text = NULL;
  g_autoptr(GwEvent) event = NULL;
  GwCase *item;

  for (guint i = 0; i < 4000; i++)
    g_string_append (description, "字");
  g_string_append_c (description, '"');

  text = core_test_edit (base,
                         "time", NULL,
                         "datacontenttype", NULL,
                         "data.note", "null",
                         "data.department", "null",
                         "data.case.lat", "-90",
                         "data.case.long", "180.0",
                         "data.case.satisfaction", "5",
                         "data.case.resolved_level", "\"town\"",
                         "data.case.status", "\"closed\"",
                         "data.case.media_url", "null",
                         "data.case.agency_responsible", "null",
                         "data.case.co_agencies", "[]",
                         "data.case.description", description->str,
                         "data.case.address", "\"\"",
                         "data.case.closed_datetime", "\"2026-11-21T06:00:00.123456Z\"",
                         "data.case.resolved_datetime", "\"2026-11-21t05:00:00.5-01:30\"",
                         "data.case.version", "9223372036854775807",
                         NULL);
  event = core_test_decode_ok (text);
  item = gw_event_get_case (event);

  g_assert_cmpuint (gw_event_get_sequence (event), ==, G_MAXUINT64);
  g_assert_null (gw_event_get_time (event));
  g_assert_null (gw_event_get_note (event));
  g_assert_null (gw_event_get_case_department (event));
  g_assert_cmpfloat (gw_case_get_lat (item), ==, -90);
  g_assert_cmpfloat (gw_case_get_long (item), ==, 180);
  g_assert_cmpint (gw_case_get_satisfaction (item), ==, 5);
  g_assert_cmpint (gw_case_get_resolved_level (item), ==, GW_LEVEL_TOWN);
  g_assert_false (gw_case_is_open (item));
  g_assert_null (gw_case_get_media_url (item));
  g_assert_null (gw_case_get_agency (item));
  g_assert_cmpuint (g_strv_length ((GStrv) gw_case_get_co_agencies (item)), ==, 0);
  g_assert_cmpuint (g_utf8_strlen (gw_case_get_description (item), -1), ==, 4000);
  g_assert_cmpint (g_date_time_get_microsecond (gw_case_get_closed (item)), ==, 123456);
  g_assert_cmpint (g_date_time_get_utc_offset (gw_case_get_resolved (item)), ==,
                   -90 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (gw_case_get_version (item), ==, G_MAXINT64);
}

static void
test_short_sequence (void)
{
  g_autofree char *base = core_test_mode_event (1, "normal");
  g_autofree char *text = core_test_set (base, "sequence", "\"12\"");
  g_autoptr(GwEvent) event = core_test_decode_ok (text);

  g_assert_cmpuint (gw_event_get_sequence (event), ==, 12);
}

/* 32 levels is the bound and allowed; test-reject has 33. */
static void
test_depth_32_allowed (void)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *base = core_test_mode_event (1, "normal");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwEvent) event = NULL;

  for (guint i = 0; i < 31; i++)
    g_string_append_c (data, '[');
  for (guint i = 0; i < 31; i++)
    g_string_append_c (data, ']');
  text = core_test_set (base, "extension", data->str);

  event = gw_event_decode (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static void
test_round_trip (void)
{
  g_autofree char *text = core_test_case_json ("NC-R", 4);
  g_autofree char *edited = core_test_edit (text, "satisfaction", "4",
                                            "resolved_level", "\"village\"",
                                            "closed_datetime", "\"2026-11-21T10:00:00.25+08:00\"",
                                            NULL);
  g_autoptr(JsonNode) node = json_from_string (edited, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) item = gw_case_new_from_json (json_node_get_object (node), &error);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GwCase) again = NULL;
  g_autoptr(JsonNode) back_again = NULL;

  g_assert_no_error (error);
  back = gw_case_to_json (item);
  again = gw_case_new_from_json (json_node_get_object (back), &error);
  g_assert_no_error (error);
  back_again = gw_case_to_json (again);
  g_assert_true (json_node_equal (back, back_again));
  g_assert_cmpint (gw_case_get_satisfaction (again), ==, 4);
  g_assert_cmpint (g_date_time_get_microsecond (gw_case_get_closed (again)), ==, 250000);
}

static void
test_case_error_names_field (void)
{
  g_autofree char *text = core_test_case_json ("NC-R", 4);
  g_autofree char *edited = core_test_set (text, "lat", "91.2");
  g_autoptr(JsonNode) node = json_from_string (edited, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) item = gw_case_new_from_json (json_node_get_object (node), &error);

  g_assert_null (item);
  g_assert_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "field lat 91.2 is outside -90..90");
}

static void
test_overdue (void)
{
  g_autofree char *text = core_test_case_event (1, "assigned", "NC-O", 1);
  g_autoptr(GwEvent) event = core_test_decode_ok (text);
  GwCase *item = gw_event_get_case (event);
  g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 ("2026-11-22T08:59:59+08:00", NULL);
  g_autoptr(GDateTime) after = g_date_time_new_from_iso8601 ("2026-11-22T01:00:01Z", NULL);

  g_assert_false (gw_case_is_overdue (item, before));
  g_assert_true (gw_case_is_overdue (item, after));
}

static void
test_enums (void)
{
  for (GwStep s = 0; s < GW_N_STEPS; s++)
    {
      GwStep back;

      g_assert_true (gw_step_from_string (gw_step_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (gw_step_get_label (s));
    }
  for (GwCategory c = 0; c < GW_N_CATEGORIES; c++)
    {
      GwCategory back;

      g_assert_true (gw_category_from_string (gw_category_to_string (c), &back));
      g_assert_cmpint (back, ==, c);
      g_assert_nonnull (gw_category_get_label (c));
    }
  for (GwChannel c = 0; c < GW_N_CHANNELS; c++)
    g_assert_nonnull (gw_channel_get_label (c));
  for (GwPriority p = 0; p < GW_N_PRIORITIES; p++)
    g_assert_nonnull (gw_priority_get_label (p));
  g_assert_null (gw_level_to_string (GW_LEVEL_NONE));
  g_assert_false (gw_level_from_string ("none", NULL));
  g_assert_false (gw_step_from_string ("progress", NULL));
  g_assert_true (gw_step_is_done (GW_STEP_REVIEWED));
  g_assert_false (gw_step_is_done (GW_STEP_EXTENDED));
  g_assert_cmpstr (g_enum_get_value (g_type_class_peek (GW_TYPE_CHANNEL) ?: g_type_class_ref (GW_TYPE_CHANNEL),
                                     GW_CHANNEL_HOTLINE_12345)->value_nick, ==, "hotline_12345");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/decode/case-steps", test_case_steps);
  g_test_add_func ("/core/decode/case-fields", test_case_fields);
  g_test_add_func ("/core/decode/mode", test_mode);
  g_test_add_func ("/core/decode/department", test_department);
  g_test_add_func ("/core/decode/department-without-phone", test_department_without_phone);
  g_test_add_func ("/core/decode/alert", test_alert);
  g_test_add_func ("/core/decode/alert-prefixed-without-info", test_alert_prefixed_without_info);
  g_test_add_func ("/core/decode/markup-verbatim", test_markup_verbatim);
  g_test_add_func ("/core/decode/escapes", test_escapes);
  g_test_add_func ("/core/decode/edge-values", test_edge_values);
  g_test_add_func ("/core/decode/short-sequence", test_short_sequence);
  g_test_add_func ("/core/decode/depth-32-allowed", test_depth_32_allowed);
  g_test_add_func ("/core/decode/round-trip", test_round_trip);
  g_test_add_func ("/core/decode/case-error-names-field", test_case_error_names_field);
  g_test_add_func ("/core/decode/overdue", test_overdue);
  g_test_add_func ("/core/decode/enums", test_enums);
  return g_test_run ();
}
