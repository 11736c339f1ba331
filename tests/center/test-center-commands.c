/* test-center-commands.c: every dispatcher command against gridwall-center
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each action: the accepted path (200, the case after it, its feed event) and
 * the refused ones (409 at a status it does not apply to, 422 for its fields,
 * 403 for the wall). Cases are injected with the test hooks and moved by
 * POST /v1/test/step, the departments' side.
 */
#include "center-harness.h"

#include <string.h>

static TestCenter *center;

static TestReply *
command (const char *token,
         const char *id,
         const char *action,
         gint64      version,
         const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/cases/%s/%s", id, action);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  const char *headers[] = { "Idempotency-Key", key, "If-Match", if_match, NULL };
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return test_http_bytes (center, "POST", path, token, bytes, headers);
}

static JsonObject *
reply_case (TestReply *reply)
{
  return json_object_get_object_member (test_reply_object (reply), "case");
}

static gint64
version_of (TestReply *reply)
{
  return json_object_get_int_member (reply_case (reply), "version");
}

static const char *
field_error (TestReply  *reply,
             const char *field)
{
  JsonObject *fields = json_object_get_object_member (test_reply_object (reply), "fields");

  g_assert_nonnull (fields);
  return json_object_get_string_member_with_default (fields, field, NULL);
}

/* A department's step (test hook); returns the new version. */
static gint64
step (const char *id,
      const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"case\": \"%s\", \"step\": \"%s\"}", id, name);
  g_autoptr(TestReply) reply = test_http (center, "POST", "/v1/test/step", "demo-dispatcher",
                                          body, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return version_of (reply);
}

/* A new case, assigned to 360102-cg; returns its version. */
static gint64
assigned_case (char **id)
{
  gint64 version;
  g_autoptr(TestReply) reply = NULL;

  *id = test_report_case (center, &version);
  reply = command ("demo-dispatcher", *id, "assign", version, "{\"department\": \"360102-cg\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  return version_of (reply);
}

/* The type of the event at @sequence. */
static char *
event_type (guint64 sequence)
{
  g_autoptr(GPtrArray) events = test_feed_collect (center, "demo-wall", sequence - 1, 1, 5000,
                                                   NULL, NULL);

  g_assert_cmpuint (events->len, ==, 1);
  return g_strdup (json_object_get_string_member (json_node_get_object (events->pdata[0]),
                                                  "type"));
}

static void
assert_applied (TestReply  *reply,
                const char *status_detail,
                const char *event)
{
  g_autofree char *type = NULL;
  guint64 sequence;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_case (reply), "status_detail"), ==,
                   status_detail);
  sequence = g_ascii_strtoull (json_object_get_string_member (test_reply_object (reply),
                                                              "sequence"), NULL, 10);
  type = event_type (sequence);
  g_assert_cmpstr (type, ==, event);
}

static void
assert_refused (TestReply  *reply,
                guint       status,
                const char *error)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (reply), "error"), ==, error);
}

static void
test_reassign (void)
{
  g_autofree char *id = NULL;
  gint64 v = assigned_case (&id);
  g_autoptr(TestReply) same = command ("demo-dispatcher", id, "reassign", v,
                                       "{\"department\": \"360102-cg\"}");
  g_autoptr(TestReply) ok = command ("demo-dispatcher", id, "reassign", v,
                                     "{\"department\": \"360102-ga\", \"note\": \"转公安\"}");
  g_autofree char *fresh = test_report_case (center, NULL);
  g_autoptr(TestReply) unassigned = command ("demo-dispatcher", fresh, "reassign", 1,
                                             "{\"department\": \"360102-ga\"}");

  assert_refused (same, 422, "invalid");
  g_assert_cmpstr (field_error (same, "department"), ==, "is already responsible");
  assert_applied (ok, "assigned", "cn.gridwall.case.reassigned");
  g_assert_cmpstr (json_object_get_string_member (reply_case (ok), "agency_responsible"), ==,
                   "360102-ga");
  assert_refused (unassigned, 409, "conflict");
}

static void
test_accept_return (void)
{
  g_autofree char *id = NULL;
  gint64 v = assigned_case (&id);
  g_autoptr(TestReply) early = command ("demo-dispatcher", id, "accept-return", v, "{}");
  g_autoptr(TestReply) ok = NULL;
  g_autoptr(TestReply) again = NULL;

  assert_refused (early, 409, "conflict");
  v = step (id, "returned");
  ok = command ("demo-dispatcher", id, "accept-return", v, "{\"note\": \"重新派单\"}");
  assert_applied (ok, "accepted", "cn.gridwall.case.return_accepted");
  g_assert_true (json_object_get_null_member (reply_case (ok), "agency_responsible"));
  /* ... and dispatched again. */
  again = command ("demo-dispatcher", id, "assign", version_of (ok),
                   "{\"department\": \"360102002-jd\"}");
  assert_applied (again, "assigned", "cn.gridwall.case.assigned");
}

static void
test_extension (void)
{
  g_autofree char *id = NULL;
  gint64 v = assigned_case (&id);
  g_autoptr(TestReply) early = command ("demo-dispatcher", id, "approve-extension", v, "{}");
  g_autoptr(TestReply) approved = NULL, no_reason = NULL, refused = NULL;
  const char *asked;

  assert_refused (early, 409, "conflict");
  step (id, "signed");
  v = step (id, "extended");
  no_reason = command ("demo-dispatcher", id, "refuse-extension", v, "{}");
  assert_refused (no_reason, 422, "invalid");
  g_assert_nonnull (field_error (no_reason, "note"));

  approved = command ("demo-dispatcher", id, "approve-extension", v, "{}");
  assert_applied (approved, "in_progress", "cn.gridwall.case.extension_approved");
  asked = json_object_get_string_member (reply_case (approved), "expected_datetime");
  g_assert_nonnull (asked);
  g_assert_true (json_object_get_null_member (reply_case (approved), "extension_deadline"));

  v = step (id, "extended");
  refused = command ("demo-dispatcher", id, "refuse-extension", v, "{\"note\": \"不予延期\"}");
  assert_applied (refused, "in_progress", "cn.gridwall.case.extension_refused");
  g_assert_cmpstr (json_object_get_string_member (reply_case (refused), "expected_datetime"), ==,
                   asked);
}

static void
test_supervise (void)
{
  g_autofree char *id = NULL;
  gint64 v = assigned_case (&id);
  g_autoptr(TestReply) ok = command ("demo-dispatcher", id, "supervise", v,
                                     "{\"note\": \"请加快办理\"}");
  g_autoptr(TestReply) twice = command ("demo-dispatcher-2", id, "supervise", version_of (ok),
                                        "{}");
  g_autoptr(TestReply) late = command ("demo-dispatcher-2", id, "supervise", v, "{}");

  assert_applied (ok, "assigned", "cn.gridwall.case.supervised");
  g_assert_true (json_object_get_boolean_member (reply_case (ok), "supervised"));
  assert_refused (twice, 409, "conflict");
  /* The other dispatcher, a version behind, is told who supervised it. */
  assert_refused (late, 409, "conflict");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (test_reply_object (late), "by"), "id"),
                   ==, "dispatcher-01");
}

static void
test_escalate (void)
{
  g_autofree char *id = NULL;
  gint64 v;
  g_autoptr(TestReply) street = NULL, no_note = NULL, sideways = NULL, county = NULL, city = NULL;
  g_autoptr(TestReply) top = NULL;

  id = test_report_case (center, &v);
  street = command ("demo-dispatcher", id, "assign", v, "{\"department\": \"360102002-jd\"}");
  v = version_of (street);
  no_note = command ("demo-dispatcher", id, "escalate", v, "{}");
  assert_refused (no_note, 422, "invalid");
  sideways = command ("demo-dispatcher", id, "escalate", v,
                      "{\"department\": \"360102002-jd\", \"note\": \"x\"}");
  g_assert_cmpstr (field_error (sideways, "department"), ==, "is not above 360102002-jd");

  county = command ("demo-dispatcher", id, "escalate", v, "{\"note\": \"超出街道处置能力\"}");
  assert_applied (county, "assigned", "cn.gridwall.case.escalated");
  g_assert_cmpstr (json_object_get_string_member (reply_case (county), "agency_responsible"), ==,
                   "360102-cg");
  city = command ("demo-dispatcher", id, "escalate", version_of (county), "{\"note\": \"提请市级\"}");
  g_assert_cmpstr (json_object_get_string_member (reply_case (city), "agency_responsible"), ==,
                   "3601-cg");
  top = command ("demo-dispatcher", id, "escalate", version_of (city), "{\"note\": \"再上\"}");
  g_assert_cmpstr (field_error (top, "department"), ==, "no department above 3601-cg");
}

static void
test_close (void)
{
  g_autofree char *id = NULL;
  gint64 v = assigned_case (&id);
  g_autoptr(TestReply) early = command ("demo-dispatcher", id, "close", v,
                                        "{\"verified\": true}");
  g_autoptr(TestReply) unverified = NULL, ok = NULL;

  assert_refused (early, 409, "conflict");
  v = step (id, "resolved");
  unverified = command ("demo-dispatcher", id, "close", v, "{\"verified\": false}");
  g_assert_nonnull (field_error (unverified, "verified"));
  ok = command ("demo-dispatcher", id, "close", v, "{\"verified\": true, \"note\": \"核查属实\"}");
  assert_applied (ok, "closed", "cn.gridwall.case.closed");
  g_assert_cmpstr (json_object_get_string_member (reply_case (ok), "status"), ==, "closed");
}

static void
test_merge (void)
{
  gint64 v;
  g_autofree char *a = test_report_case (center, &v);
  g_autofree char *b = test_report_case (center, NULL);
  g_autofree char *self_body = g_strdup_printf ("{\"into\": \"%s\"}", a);
  g_autofree char *body = g_strdup_printf ("{\"into\": \"%s\"}", b);
  g_autoptr(TestReply) itself = command ("demo-dispatcher", a, "merge", v, self_body);
  g_autoptr(TestReply) nowhere = command ("demo-dispatcher", a, "merge", v,
                                          "{\"into\": \"NC-nothing\"}");
  g_autoptr(TestReply) ok = command ("demo-dispatcher", a, "merge", v, body);
  g_autoptr(TestReply) twice = command ("demo-dispatcher", a, "merge", version_of (ok), body);

  g_assert_cmpstr (field_error (itself, "into"), ==, "is this case");
  g_assert_cmpstr (field_error (nowhere, "into"), ==, "no open case NC-nothing");
  assert_applied (ok, "closed", "cn.gridwall.case.merged");
  g_assert_cmpstr (json_object_get_string_member (reply_case (ok), "merged_into"), ==, b);
  assert_refused (twice, 409, "conflict");
}

static void
test_wall_refused (void)
{
  static const char * const actions[] = {
    "assign", "reassign", "accept-return", "approve-extension", "refuse-extension",
    "supervise", "escalate", "close", "merge",
  };
  g_autofree char *id = test_report_case (center, NULL);
  guint64 before = test_snapshot_sequence (center);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(TestReply) reply = command ("demo-wall", id, actions[i], 1, "{}");

      assert_refused (reply, 403, "forbidden");
    }
  g_assert_cmpuint (test_snapshot_sequence (center), ==, before);
}

static void
test_unknown_action (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autoptr(TestReply) reply = command ("demo-dispatcher", id, "delete", 1, "{}");

  assert_refused (reply, 404, "not_found");
}

static void
test_unknown_field (void)
{
  g_autofree char *id = NULL;
  gint64 v = assigned_case (&id);
  g_autoptr(TestReply) reply = command ("demo-dispatcher", id, "supervise", v,
                                        "{\"department\": \"360102-cg\"}");

  g_assert_cmpstr (field_error (reply, "department"), ==, "unknown field");
}

static void
test_wall_show (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autofree char *show_case = g_strdup_printf ("{\"kind\": \"case\", \"code\": \"%s\"}", id);
  guint64 before = test_snapshot_sequence (center);
  g_autoptr(TestReply) ok = test_http (center, "POST", "/v1/wall/show", "demo-dispatcher",
                                       show_case, NULL);
  g_autoptr(TestReply) wall = test_http (center, "POST", "/v1/wall/show", "demo-wall",
                                         show_case, NULL);
  g_autoptr(TestReply) bad_kind = test_http (center, "POST", "/v1/wall/show", "demo-dispatcher",
                                             "{\"kind\": \"city\", \"code\": \"3601\"}", NULL);
  g_autoptr(TestReply) grid_as_area = test_http (center, "POST", "/v1/wall/show",
                                                 "demo-dispatcher",
                                                 "{\"kind\": \"area\", \"code\": \"nope\"}", NULL);
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *data;

  g_assert_cmpuint (ok->status, ==, 200);
  assert_refused (wall, 403, "forbidden");
  g_assert_nonnull (field_error (bad_kind, "kind"));
  g_assert_nonnull (field_error (grid_as_area, "code"));
  events = test_feed_collect (center, "demo-wall", before, 1, 5000, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (events->pdata[0]),
                                                  "type"), ==, "cn.gridwall.wall.show");
  data = json_object_get_object_member (json_node_get_object (events->pdata[0]), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "kind"), ==, "case");
  g_assert_cmpstr (json_object_get_string_member (data, "code"), ==, id);
}

static void
test_alarm_ack (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autofree char *ack_case = g_strdup_printf ("{\"kind\": \"case\", \"code\": \"%s\"}", id);
  guint64 before = test_snapshot_sequence (center);
  g_autoptr(TestReply) ok = test_http (center, "POST", "/v1/alarms/ack", "demo-dispatcher",
                                       ack_case, NULL);
  g_autoptr(TestReply) alert = test_http (center, "POST", "/v1/alarms/ack", "demo-dispatcher",
                                          "{\"kind\": \"alert\", \"code\": \"urn:oid:2.49.0.1.156.0.2026.11.21.1\"}",
                                          NULL);
  g_autoptr(TestReply) wall = test_http (center, "POST", "/v1/alarms/ack", "demo-wall",
                                         ack_case, NULL);
  g_autoptr(TestReply) bad_kind = test_http (center, "POST", "/v1/alarms/ack", "demo-dispatcher",
                                             "{\"kind\": \"grid\", \"code\": \"360102\"}", NULL);
  g_autoptr(TestReply) no_case = test_http (center, "POST", "/v1/alarms/ack", "demo-dispatcher",
                                            "{\"kind\": \"case\", \"code\": \"NC-nope\"}", NULL);
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *data;

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (alert->status, ==, 200);
  assert_refused (wall, 403, "forbidden");
  g_assert_nonnull (field_error (bad_kind, "kind"));
  g_assert_cmpstr (field_error (no_case, "code"), ==, "no such case");
  events = test_feed_collect (center, "demo-wall", before, 2, 5000, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (events->pdata[0]),
                                                  "type"), ==, "cn.gridwall.alarm.acknowledged");
  data = json_object_get_object_member (json_node_get_object (events->pdata[0]), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "kind"), ==, "case");
  g_assert_cmpstr (json_object_get_string_member (data, "code"), ==, id);
  data = json_object_get_object_member (json_node_get_object (events->pdata[1]), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "kind"), ==, "alert");
}

/* A case's history: its events, oldest first, with who did each step. */
static void
test_case_history (void)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(TestReply) unknown = test_http (center, "GET", "/v1/cases/NC-nope/events", "demo-wall",
                                            NULL, NULL);
  JsonArray *events;
  JsonObject *last;

  assigned_case (&id);
  path = g_strdup_printf ("/v1/cases/%s/events", id);
  reply = test_http (center, "GET", path, "demo-wall", NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  events = json_object_get_array_member (test_reply_object (reply), "events");
  g_assert_cmpuint (json_array_get_length (events), >=, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "type"),
                   ==, "cn.gridwall.case.reported");
  last = json_array_get_object_element (events, json_array_get_length (events) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "cn.gridwall.case.assigned");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (last, "data"), "actor"), "id"), ==,
                   "dispatcher-01");
  assert_refused (unknown, 404, "not_found");
}

static void
test_case_types_in_snapshot (void)
{
  g_autoptr(TestReply) reply = test_http (center, "GET", "/v1/snapshot", "demo-wall", NULL, NULL);
  JsonArray *types = json_object_get_array_member (test_reply_object (reply), "case_types");
  JsonObject *first;

  g_assert_cmpuint (json_array_get_length (types), ==, 36);
  first = json_array_get_object_element (types, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "service_code"), ==,
                   "fire_lane_blocked");
  g_assert_cmpstr (json_object_get_string_member (first, "department_kind"), ==, "fire");
  g_assert_cmpint (json_object_get_int_member (first, "deadline_hours"), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  center = test_center_spawn (NULL, "--rate=0", "--test-hooks", NULL);

  g_test_add_func ("/center/commands/reassign", test_reassign);
  g_test_add_func ("/center/commands/accept-return", test_accept_return);
  g_test_add_func ("/center/commands/extension", test_extension);
  g_test_add_func ("/center/commands/supervise", test_supervise);
  g_test_add_func ("/center/commands/escalate", test_escalate);
  g_test_add_func ("/center/commands/close", test_close);
  g_test_add_func ("/center/commands/merge", test_merge);
  g_test_add_func ("/center/commands/wall-refused", test_wall_refused);
  g_test_add_func ("/center/commands/unknown-action", test_unknown_action);
  g_test_add_func ("/center/commands/unknown-field", test_unknown_field);
  g_test_add_func ("/center/commands/wall-show", test_wall_show);
  g_test_add_func ("/center/commands/alarm-ack", test_alarm_ack);
  g_test_add_func ("/center/commands/case-history", test_case_history);
  g_test_add_func ("/center/commands/case-types", test_case_types_in_snapshot);
  status = g_test_run ();
  test_center_free (center);
  return status;
}
