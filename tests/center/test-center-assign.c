/* test-center-assign.c: POST /v1/cases/{id}/assign against gridwall-center
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "center-harness.h"

#include <string.h>

static TestCenter *center;

static TestReply *
assign (const char *token,
        const char *id,
        const char *key,
        const char *if_match,
        const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/cases/%s/assign", id);
  const char *headers[5] = { NULL };
  guint n = 0;
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  if (key != NULL)
    {
      headers[n++] = "Idempotency-Key";
      headers[n++] = key;
    }
  if (if_match != NULL)
    {
      headers[n++] = "If-Match";
      headers[n++] = if_match;
    }
  return test_http_bytes (center, "POST", path, token, bytes, headers);
}

static const char *
reply_error (TestReply *reply)
{
  return json_object_get_string_member (test_reply_object (reply), "error");
}

static const char *
field_error (TestReply  *reply,
             const char *field)
{
  JsonObject *fields = json_object_get_object_member (test_reply_object (reply), "fields");

  g_assert_nonnull (fields);
  return json_object_get_string_member_with_default (fields, field, NULL);
}

/* An RFC 3339 time @days from now, in China Standard Time. */
static char *
days_from_now (int days)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
test_ok (void)
{
  gint64 version;
  g_autofree char *id = test_report_case (center, &version);
  guint64 before = test_snapshot_sequence (center);
  g_autofree char *deadline = days_from_now (2);
  g_autofree char *body = g_strdup_printf ("{\"department\": \"360102-cg\", \"note\": \"请尽快处置\","
                                           " \"co_departments\": [\"360102-ga\"],"
                                           " \"deadline\": \"%s\"}", deadline);
  g_autoptr(TestReply) reply = assign ("demo-dispatcher", id, "ok-1", "\"1\"", body);
  JsonObject *o, *kase, *data;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_cmpint (version, ==, 1);
  g_assert_cmpuint (reply->status, ==, 200);
  o = test_reply_object (reply);
  kase = json_object_get_object_member (o, "case");
  g_assert_cmpstr (json_object_get_string_member (kase, "status_detail"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (kase, "agency_responsible"), ==, "360102-cg");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (kase,
                                                                                "co_agencies"),
                                                  0), ==, "360102-ga");
  g_assert_cmpint (json_object_get_int_member (kase, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (kase, "expected_datetime"), ==, deadline);
  g_assert_cmpuint (g_ascii_strtoull (json_object_get_string_member (o, "sequence"), NULL, 10),
                    ==, before + 1);

  /* The change reaches the feed like any other. */
  events = test_feed_collect (center, "demo-wall", before, 1, 5000, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (events->pdata[0]), "type"),
                   ==, "cn.gridwall.case.assigned");
  data = json_object_get_object_member (json_node_get_object (events->pdata[0]), "data");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data, "actor"),
                                                  "id"), ==, "dispatcher-01");
  g_assert_cmpstr (json_object_get_string_member (data, "note"), ==, "请尽快处置");
  g_assert_cmpstr (json_object_get_string_member (data, "department"), ==, "360102-cg");
}

static void
test_idempotent (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  guint64 before = test_snapshot_sequence (center);
  const char *body = "{\"department\": \"360102002-jd\"}";
  g_autoptr(TestReply) first = assign ("demo-dispatcher", id, "same-key", "\"1\"", body);
  g_autoptr(TestReply) second = assign ("demo-dispatcher", id, "same-key", "\"1\"", body);
  g_autoptr(TestReply) other = assign ("demo-dispatcher", id, "same-key", "\"1\"",
                                       "{\"department\": \"360102-cg\"}");
  g_autoptr(GPtrArray) events = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (first->body, ==, second->body);
  g_assert_cmpuint (test_snapshot_sequence (center), ==, before + 1);
  events = test_feed_collect (center, "demo-wall", before, 5, 500, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 1);

  /* The same key with another body. */
  g_assert_cmpuint (other->status, ==, 422);
  g_assert_cmpstr (reply_error (other), ==, "invalid");
  g_assert_nonnull (field_error (other, "Idempotency-Key"));
  g_assert_cmpuint (test_snapshot_sequence (center), ==, before + 1);
}

static void
test_conflict (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autoptr(TestReply) first = assign ("demo-dispatcher", id, "c-1", "\"1\"",
                                       "{\"department\": \"360102-cg\"}");
  g_autoptr(TestReply) second = assign ("demo-dispatcher-2", id, "c-2", "\"1\"",
                                        "{\"department\": \"360102-ga\"}");
  JsonObject *o, *by;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 409);
  o = test_reply_object (second);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, "conflict");
  g_assert_nonnull (json_object_get_string_member (o, "message"));
  by = json_object_get_object_member (o, "by");
  g_assert_cmpstr (json_object_get_string_member (by, "id"), ==, "dispatcher-01");
  g_assert_cmpstr (json_object_get_string_member (by, "name"), ==, "调度员 李娜");
  g_assert_cmpstr (json_object_get_string_member (o, "action"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (o, "department"), ==, "360102-cg");
  g_assert_nonnull (json_object_get_string_member (o, "at"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "case"),
                                               "version"), ==, 2);

  /* Even at the current version, an assigned case is not assignable again. */
  {
    g_autoptr(TestReply) again = assign ("demo-dispatcher-2", id, "c-3", "\"2\"",
                                         "{\"department\": \"360102-ga\"}");

    g_assert_cmpuint (again->status, ==, 409);
  }
}

static void
test_stale (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autofree char *update = g_strdup_printf ("{\"case\": \"%s\", \"note\": \"补充材料\"}", id);
  g_autoptr(TestReply) touched = test_http (center, "POST", "/v1/test/update", "demo-wall",
                                            update, NULL);
  g_autoptr(TestReply) stale = assign ("demo-dispatcher", id, "s-1", "\"1\"",
                                       "{\"department\": \"360102-cg\"}");
  g_autoptr(TestReply) future = assign ("demo-dispatcher", id, "s-2", "\"9\"",
                                        "{\"department\": \"360102-cg\"}");
  g_autoptr(TestReply) fresh = assign ("demo-dispatcher", id, "s-3", "\"2\"",
                                       "{\"department\": \"360102-cg\"}");

  g_assert_cmpuint (touched->status, ==, 200);
  g_assert_cmpuint (stale->status, ==, 412);
  g_assert_cmpstr (reply_error (stale), ==, "stale");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     test_reply_object (stale), "case"), "version"), ==, 2);
  g_assert_cmpuint (future->status, ==, 412);
  g_assert_cmpuint (fresh->status, ==, 200);
}

static void
test_forbidden (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autoptr(TestReply) reply = assign ("demo-wall", id, "f-1", "\"1\"",
                                       "{\"department\": \"360102-cg\"}");
  g_autoptr(TestReply) anonymous = assign (NULL, id, "f-2", "\"1\"",
                                           "{\"department\": \"360102-cg\"}");

  g_assert_cmpuint (reply->status, ==, 403);
  g_assert_cmpstr (reply_error (reply), ==, "forbidden");
  g_assert_cmpuint (anonymous->status, ==, 401);
}

static void
test_bad_headers (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  const char *body = "{\"department\": \"360102-cg\"}";
  g_autofree char *long_key = g_strnfill (129, 'k');
  struct { const char *key, *if_match; } cases[] = {
    { NULL, "\"1\"" }, { "", "\"1\"" }, { long_key, "\"1\"" },
    { "h-1", NULL }, { "h-2", "1" }, { "h-3", "\"abc\"" }, { "h-4", "\"0\"" }, { "h-5", "\"-1\"" },
    { "h-6", "\"99999999999999999999999\"" }, { "h-7", "W/\"1\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestReply) reply = assign ("demo-dispatcher", id, cases[i].key, cases[i].if_match,
                                           body);

      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (reply_error (reply), ==, "bad_request");
    }
}

static void
test_bad_body (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  const char *bodies[] = { "[]", "\"department\"", "nope", "{\"department\": \"360102-cg\"", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *key = g_strdup_printf ("b-%u", i);
      g_autoptr(TestReply) reply = assign ("demo-dispatcher", id, key, "\"1\"", bodies[i]);

      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (reply_error (reply), ==, "bad_request");
    }
}

static void
test_invalid_fields (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  g_autoptr(TestReply) all = assign ("demo-dispatcher", id, "i-1", "\"1\"",
                                     "{\"department\": \"360102-xx\","
                                     " \"deadline\": \"2001-01-01T00:00:00+08:00\","
                                     " \"note\": 42, \"co_departments\": [\"nope\"],"
                                     " \"colour\": \"red\"}");
  g_autoptr(TestReply) missing = assign ("demo-dispatcher", id, "i-2", "\"1\"", "{}");
  g_autoptr(TestReply) types = assign ("demo-dispatcher", id, "i-3", "\"1\"",
                                       "{\"department\": 7, \"deadline\": \"tomorrow\","
                                       " \"co_departments\": \"360102-ga\"}");
  g_autoptr(TestReply) twice = assign ("demo-dispatcher", id, "i-4", "\"1\"",
                                       "{\"department\": \"360102-cg\","
                                       " \"co_departments\": [\"360102-cg\"]}");
  g_autoptr(TestReply) no_offset = assign ("demo-dispatcher", id, "i-5", "\"1\"",
                                           "{\"department\": \"360102-cg\","
                                           " \"deadline\": \"2026-12-01T00:00:00\"}");

  g_assert_cmpuint (all->status, ==, 422);
  g_assert_cmpstr (reply_error (all), ==, "invalid");
  g_assert_cmpstr (field_error (all, "department"), ==, "no department 360102-xx");
  g_assert_nonnull (field_error (all, "deadline"));
  g_assert_nonnull (field_error (all, "note"));
  g_assert_nonnull (field_error (all, "co_departments"));
  g_assert_nonnull (field_error (all, "colour"));
  g_assert_cmpuint (missing->status, ==, 422);
  g_assert_cmpstr (field_error (missing, "department"), ==, "required");
  g_assert_cmpuint (types->status, ==, 422);
  g_assert_nonnull (field_error (types, "department"));
  g_assert_nonnull (field_error (types, "deadline"));
  g_assert_nonnull (field_error (types, "co_departments"));
  g_assert_cmpuint (twice->status, ==, 422);
  g_assert_nonnull (field_error (twice, "co_departments"));
  g_assert_cmpuint (no_offset->status, ==, 422);
  g_assert_nonnull (field_error (no_offset, "deadline"));
}

static void
test_not_found (void)
{
  g_autoptr(TestReply) reply = assign ("demo-dispatcher", "NC20990101-999999", "n-1", "\"1\"",
                                       "{\"department\": \"360102-cg\"}");

  g_assert_cmpuint (reply->status, ==, 404);
  g_assert_cmpstr (reply_error (reply), ==, "not_found");
}

static void
test_keys_per_user (void)
{
  g_autofree char *a = test_report_case (center, NULL);
  g_autofree char *b = test_report_case (center, NULL);
  g_autoptr(TestReply) first = assign ("demo-dispatcher", a, "shared", "\"1\"",
                                       "{\"department\": \"360102-cg\"}");
  g_autoptr(TestReply) second = assign ("demo-dispatcher-2", b, "shared", "\"1\"",
                                        "{\"department\": \"360102-cg\"}");

  /* Keys are scoped to their user: the other dispatcher's is another key. */
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);
}

static void
test_replay_survives_restart (void)
{
  g_autofree char *id = test_report_case (center, NULL);
  const char *body = "{\"department\": \"360102-cg\"}";
  g_autoptr(TestReply) first = assign ("demo-dispatcher", id, "restart-key", "\"1\"", body);
  g_autoptr(TestReply) again = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  test_center_kill (center, TRUE);
  test_center_spawn (center, "--rate=0", "--test-hooks", NULL);
  again = assign ("demo-dispatcher", id, "restart-key", "\"1\"", body);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (again->body, ==, first->body);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  center = test_center_spawn (NULL, "--rate=0", "--test-hooks", NULL);

  g_test_add_func ("/center/assign/ok", test_ok);
  g_test_add_func ("/center/assign/idempotent", test_idempotent);
  g_test_add_func ("/center/assign/conflict", test_conflict);
  g_test_add_func ("/center/assign/stale", test_stale);
  g_test_add_func ("/center/assign/forbidden", test_forbidden);
  g_test_add_func ("/center/assign/bad-headers", test_bad_headers);
  g_test_add_func ("/center/assign/bad-body", test_bad_body);
  g_test_add_func ("/center/assign/invalid-fields", test_invalid_fields);
  g_test_add_func ("/center/assign/not-found", test_not_found);
  g_test_add_func ("/center/assign/keys-per-user", test_keys_per_user);
  g_test_add_func ("/center/assign/replay-survives-restart", test_replay_survives_restart);
  status = g_test_run ();
  test_center_free (center);
  return status;
}
