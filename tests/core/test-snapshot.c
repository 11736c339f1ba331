/* test-snapshot.c: snapshots decode whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core-test-util.h"

#define DEPARTMENTS \
  "[{\"code\": \"360102-cg\", \"name\": \"东湖区城市管理局\", \"kind\": \"urban_management\"," \
  " \"area\": \"360102\", \"phone\": \"0791-86xxxxxx\"}," \
  " {\"code\": \"360102-ga\", \"name\": \"东湖公安分局\", \"kind\": \"police\"," \
  " \"area\": \"360102\", \"phone\": null}]"

static char *
three_cases (const char *path,
             const char *value)
{
  g_autofree char *a = core_test_case_json ("NC-A", 1);
  g_autofree char *b = core_test_case_json ("NC-B", 2);
  g_autofree char *c = core_test_case_json ("NC-X", 3);
  g_autofree char *c2 = path != NULL ? core_test_set (c, path, value) : g_strdup (c);

  return g_strdup_printf ("[%s, %s, %s]", a, b, c2);
}

static void
assert_rejected (const char *json,
                 gsize       length,
                 int         code,
                 const char *message)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = gw_snapshot_decode (bytes, &error);

  g_assert_null (snapshot);
  g_assert_error (error, GW_PROTOCOL_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("message \"%s\" does not contain \"%s\"", error->message, message);
  g_assert_true (g_str_has_prefix (error->message, "snapshot rejected: "));
}

static void
test_valid (void)
{
  g_autofree char *cases = three_cases (NULL, NULL);
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);
  GPtrArray *items = gw_snapshot_get_cases (snapshot);
  GPtrArray *departments = gw_snapshot_get_departments (snapshot);

  g_assert_cmpuint (gw_snapshot_get_sequence (snapshot), ==, 1842);
  g_assert_cmpint (gw_snapshot_get_mode (snapshot), ==, GW_MODE_NORMAL);
  g_assert_null (gw_snapshot_get_mode_reason (snapshot));
  g_assert_nonnull (gw_snapshot_get_generated (snapshot));
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (gw_case_get_id (g_ptr_array_index (items, 2)), ==, "NC-X");
  g_assert_cmpint (gw_case_get_version (g_ptr_array_index (items, 1)), ==, 2);
  g_assert_cmpuint (departments->len, ==, 2);
  g_assert_null (gw_department_get_phone (g_ptr_array_index (departments, 1)));
}

static void
test_empty_lists_and_extra_members (void)
{
  g_autofree char *base = core_test_snapshot_json (1, "[]", "[]");
  g_autofree char *json = core_test_edit (base, "attribution", "{\"x\": [1, 2.5, null]}",
                                          "mode", "{\"mode\": \"emergency\", \"reason\": \"汛\","
                                          " \"case\": \"NC-1\"}", NULL);
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);

  g_assert_cmpuint (gw_snapshot_get_cases (snapshot)->len, ==, 0);
  g_assert_cmpint (gw_snapshot_get_mode (snapshot), ==, GW_MODE_EMERGENCY);
  g_assert_cmpstr (gw_snapshot_get_mode_case (snapshot), ==, "NC-1");
}

/* A centre with no event yet: its snapshot is consistent with sequence 0,
 * and the store then expects event 1. */
static void
test_new_centre (void)
{
  g_autofree char *json = core_test_snapshot_json (0, "[]", DEPARTMENTS);
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (json);
  g_autoptr(GwCaseStore) store = gw_case_store_new ();

  g_assert_cmpuint (gw_snapshot_get_sequence (snapshot), ==, 0);
  gw_case_store_load_snapshot (store, snapshot);
  g_assert_cmpuint (gw_case_store_get_sequence (store), ==, 0);
}

static void
test_bad_case (void)
{
  g_autofree char *cases = three_cases ("lat", "91.2");
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);

  assert_rejected (json, strlen (json), GW_PROTOCOL_ERROR_RANGE,
                   "snapshot rejected: case 2 (\"NC-X\"): field lat 91.2 is outside -90..90");
}

static void
test_bad_case_without_id (void)
{
  g_autofree char *cases = three_cases ("service_request_id", NULL);
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);

  assert_rejected (json, strlen (json), GW_PROTOCOL_ERROR_MISSING,
                   "case 2: field service_request_id is missing");
}

static void
test_bad_department (void)
{
  g_autofree char *cases = three_cases (NULL, NULL);
  g_autofree char *json = core_test_snapshot_json (1842, cases,
    "[{\"code\": \"a\", \"name\": \"A\", \"kind\": \"police\", \"area\": \"3601\"},"
    " {\"code\": \"b\", \"name\": \"B\", \"kind\": \"navy\", \"area\": \"3601\"}]");

  assert_rejected (json, strlen (json), GW_PROTOCOL_ERROR_RANGE,
                   "department 1: field kind \"navy\" is not one of");
}

static void
test_duplicate_case (void)
{
  g_autofree char *cases = three_cases ("service_request_id", "\"NC-A\"");
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);

  assert_rejected (json, strlen (json), GW_PROTOCOL_ERROR_RANGE,
                   "case 2: service_request_id \"NC-A\" appears twice");
}

static void
test_missing_members (void)
{
  g_autofree char *cases = three_cases (NULL, NULL);
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);
  const char *members[] = { "cases", "departments", "sequence", "generated", "mode" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *broken = core_test_set (json, members[i], NULL);
      g_autofree char *message = g_strdup_printf ("field %s is missing", members[i]);

      assert_rejected (broken, strlen (broken), GW_PROTOCOL_ERROR_MISSING, message);
    }
}

static void
test_wrong_types (void)
{
  g_autofree char *base = core_test_snapshot_json (1842, "[]", "[]");
  g_autofree char *cases_object = core_test_set (base, "cases", "{}");
  g_autofree char *case_array = core_test_set (base, "cases", "[[1]]");
  g_autofree char *sequence = core_test_set (base, "sequence", "1842");
  g_autofree char *mode = core_test_set (base, "mode", "\"normal\"");
  g_autofree char *mode_value = core_test_set (base, "mode",
                                               "{\"mode\": \"war\", \"reason\": null, \"case\": null}");

  assert_rejected (cases_object, strlen (cases_object), GW_PROTOCOL_ERROR_TYPE,
                   "field cases is an object, expected an array");
  assert_rejected (case_array, strlen (case_array), GW_PROTOCOL_ERROR_TYPE,
                   "cases[0] is an array, expected an object");
  assert_rejected (sequence, strlen (sequence), GW_PROTOCOL_ERROR_TYPE,
                   "field sequence is an integer, expected a string");
  assert_rejected (mode, strlen (mode), GW_PROTOCOL_ERROR_TYPE,
                   "field mode is a string, expected an object");
  assert_rejected (mode_value, strlen (mode_value), GW_PROTOCOL_ERROR_RANGE,
                   "field mode.mode \"war\" is not one of");
}

static void
test_syntax (void)
{
  g_autofree char *cases = three_cases (NULL, NULL);
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);
  g_autofree char *comma = g_strdup (json);
  char *at = strstr (comma, "\"version\": 2}");
  g_autofree char *duplicate = NULL;
  g_autofree char *trailing = g_strconcat (json, " {}", NULL);

  g_assert_nonnull (at);
  memcpy (at + strlen ("\"version\": 2"), ",", 1);  /* "version": 2, , {...} */
  assert_rejected (comma, strlen (comma), GW_PROTOCOL_ERROR_SYNTAX,
                   "cases[1]: invalid JSON at line 1, column");
  duplicate = g_strconcat ("{\"sequence\": \"1\",", json + 1, NULL);
  assert_rejected (duplicate, strlen (duplicate), GW_PROTOCOL_ERROR_SYNTAX,
                   "duplicate member name \"sequence\"");
  assert_rejected (trailing, strlen (trailing), GW_PROTOCOL_ERROR_SYNTAX,
                   "only one top-level value");
  assert_rejected ("", 0, GW_PROTOCOL_ERROR_SYNTAX, "expected an object");
  assert_rejected ("[]", 2, GW_PROTOCOL_ERROR_TYPE, "the top-level value is an array");
}

static void
test_bytes (void)
{
  g_autofree char *cases = three_cases (NULL, NULL);
  g_autofree char *json = core_test_snapshot_json (1842, cases, DEPARTMENTS);
  g_autofree char *nul = g_strdup (json);
  g_autofree char *utf8 = g_strdup (json);
  char *at = strstr (utf8, "东湖");

  nul[40] = '\0';
  assert_rejected (nul, strlen (json), GW_PROTOCOL_ERROR_NOT_UTF8, "NUL byte at byte 40");
  at[1] = 'x';
  assert_rejected (utf8, strlen (utf8), GW_PROTOCOL_ERROR_NOT_UTF8, "invalid UTF-8");
}

static void
test_deep_inside_case (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *c = core_test_case_json ("NC-D", 1);
  g_autofree char *deep_case = NULL;
  g_autofree char *cases = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  deep_case = g_strdup_printf ("{\"x\": %s", deep->str);
  cases = g_strdup_printf ("[%s, %s]", c, deep_case);
  json = core_test_snapshot_json (1, cases, "[]");
  assert_rejected (json, strlen (json), GW_PROTOCOL_ERROR_TOO_DEEP,
                   "nesting deeper than 32 levels");
}

/* The size bound is checked before a byte is read: a GBytes that claims more
 * than GW_SNAPSHOT_MAX_SIZE is refused without touching its data. */
static void
test_too_large (void)
{
  static const char small[] = "{}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (small, (gsize) GW_SNAPSHOT_MAX_SIZE + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = gw_snapshot_decode (bytes, &error);

  g_assert_null (snapshot);
  g_assert_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "over the limit of 536870912 bytes"));
}

/* A rejected snapshot leaves the store as it was: nothing to load. */
static void
test_store_untouched (void)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autofree char *good_cases = three_cases (NULL, NULL);
  g_autofree char *good = core_test_snapshot_json (10, good_cases, DEPARTMENTS);
  g_autoptr(GwSnapshot) snapshot = core_test_snapshot_ok (good);
  g_autofree char *bad_cases = three_cases ("grid_code", "\"1\"");
  g_autofree char *bad = core_test_snapshot_json (20, bad_cases, DEPARTMENTS);
  g_autoptr(GBytes) bytes = g_bytes_new (bad, strlen (bad));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) rejected = NULL;
  CoreTestState before;

  gw_case_store_load_snapshot (store, snapshot);
  core_test_state_take (&before, store);
  rejected = gw_snapshot_decode (bytes, &error);
  g_assert_null (rejected);
  g_assert_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE);
  core_test_state_assert_same (&before, store);
  core_test_state_clear (&before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/snapshot/valid", test_valid);
  g_test_add_func ("/core/snapshot/empty-lists-and-extra-members",
                   test_empty_lists_and_extra_members);
  g_test_add_func ("/core/snapshot/new-centre", test_new_centre);
  g_test_add_func ("/core/snapshot/bad-case", test_bad_case);
  g_test_add_func ("/core/snapshot/bad-case-without-id", test_bad_case_without_id);
  g_test_add_func ("/core/snapshot/bad-department", test_bad_department);
  g_test_add_func ("/core/snapshot/duplicate-case", test_duplicate_case);
  g_test_add_func ("/core/snapshot/missing-members", test_missing_members);
  g_test_add_func ("/core/snapshot/wrong-types", test_wrong_types);
  g_test_add_func ("/core/snapshot/syntax", test_syntax);
  g_test_add_func ("/core/snapshot/bytes", test_bytes);
  g_test_add_func ("/core/snapshot/deep-inside-case", test_deep_inside_case);
  g_test_add_func ("/core/snapshot/too-large", test_too_large);
  g_test_add_func ("/core/snapshot/store-untouched", test_store_untouched);
  return g_test_run ();
}
