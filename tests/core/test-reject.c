/* test-reject.c: every kind of bad input is refused, precisely, and changes nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts from a valid event (sequence 4) and breaks one thing. The
 * decoder must refuse it with the expected GwProtocolError code and a message
 * that names the problem; the store, after counting the rejection, must be
 * exactly as before (sequence, items, versions, departments, mode).
 */
#include "core-test-util.h"

typedef enum { BASE_CASE, BASE_MODE, BASE_DEPARTMENT, BASE_ALERT, BASE_NONE } Base;

typedef struct
{
  const char *name;
  Base        base;
  const char *path;     /* with value: core_test_set on the base */
  const char *value;    /* NULL with a path: remove the member */
  const char *from;     /* with to: replace text in the base */
  const char *to;
  const char *raw;      /* BASE_NONE: this text as it is */
  char     *(*make) (gsize *length);  /* or made by a function */
  int         code;
  const char *message;  /* a part of the error message */
} BadInput;

static char *
make_nul (gsize *length)
{
  char *text = core_test_case_event (4, "reported", "NC-C", 1);
  char *nul = strstr (text, "小区");

  *length = strlen (text);
  *nul = '\0';
  return text;
}

static char *
make_bad_utf8 (gsize *length)
{
  char *text = core_test_case_event (4, "reported", "NC-C", 1);
  char *p = strstr (text, "小区");

  p[0] = (char) 0xC3;
  p[1] = '(';
  *length = strlen (text);
  return text;
}

static char *
make_overlong_utf8 (gsize *length)
{
  char *text = core_test_case_event (4, "reported", "NC-C", 1);
  char *p = strstr (text, "小区");

  /* an overlong encoding of '/' */
  p[0] = (char) 0xC0;
  p[1] = (char) 0xAF;
  p[2] = 'x';
  *length = strlen (text);
  return text;
}

static char *
make_huge_string (gsize *length)
{
  GString *text = g_string_new ("{\"specversion\": \"1.0\", \"description\": \"");

  for (guint i = 0; i < 10 * 1024 * 1024 / 16; i++)
    g_string_append (text, "aaaaaaaaaaaaaaaa");
  g_string_append (text, "\"}");
  *length = text->len;
  return g_string_free (text, FALSE);
}

static char *
make_deep_brackets (gsize *length)
{
  guint n = 100000;
  char *text = g_malloc (n + 1);

  memset (text, '[', n);
  text[n] = '\0';
  *length = n;
  return text;
}

static char *
make_deep_data (gsize *length)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *base = core_test_case_event (4, "reported", "NC-C", 1);
  char *text;

  for (guint i = 0; i < 33; i++)
    g_string_append_c (data, '[');
  for (guint i = 0; i < 33; i++)
    g_string_append_c (data, ']');
  text = core_test_set (base, "data", data->str);
  *length = strlen (text);
  return text;
}

static char *
make_many_co_agencies (gsize *length)
{
  g_autoptr(GString) list = g_string_new ("[");
  g_autofree char *base = core_test_case_event (4, "reported", "NC-C", 1);
  char *text;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (list, "%s\"360102-x%u\"", i ? "," : "", i);
  g_string_append_c (list, ']');
  text = core_test_set (base, "data.case.co_agencies", list->str);
  *length = strlen (text);
  return text;
}

static char *
make_huge_array (gsize *length)
{
  g_autoptr(GString) data = g_string_new ("[0");
  g_autofree char *base = core_test_case_event (4, "reported", "NC-C", 1);
  char *text;

  for (guint i = 1; i < 400000; i++)
    g_string_append (data, ",0");
  g_string_append_c (data, ']');
  text = core_test_set (base, "data", data->str);
  *length = strlen (text);
  return text;
}

/* 60,000 distinct members: checks that duplicate detection is not quadratic. */
static char *
make_huge_object (gsize *length)
{
  g_autoptr(GString) data = g_string_new ("{");
  g_autofree char *base = core_test_mode_event (4, "normal");
  char *text;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (data, "%s\"k%u\":1", i ? "," : "", i);
  g_string_append_c (data, '}');
  text = core_test_set (base, "data", data->str);
  *length = strlen (text);
  return text;
}

static char *
make_long_description (gsize *length)
{
  g_autoptr(GString) value = g_string_new ("\"");
  g_autofree char *base = core_test_case_event (4, "reported", "NC-C", 1);
  char *text;

  for (guint i = 0; i < 4001; i++)
    g_string_append (value, "字");
  g_string_append_c (value, '"');
  text = core_test_set (base, "data.case.description", value->str);
  *length = strlen (text);
  return text;
}

static char *
make_two_values (gsize *length)
{
  g_autofree char *one = core_test_case_event (4, "reported", "NC-C", 1);
  char *text = g_strconcat (one, "\n", one, NULL);

  *length = strlen (text);
  return text;
}


static const BadInput bad_inputs[] = {
  /* Bytes */
  { "nul-byte", .make = make_nul, .code = GW_PROTOCOL_ERROR_NOT_UTF8, .message = "NUL byte at byte" },
  { "invalid-utf8", .make = make_bad_utf8, .code = GW_PROTOCOL_ERROR_NOT_UTF8, .message = "invalid UTF-8" },
  { "overlong-utf8", .make = make_overlong_utf8, .code = GW_PROTOCOL_ERROR_NOT_UTF8,
    .message = "invalid UTF-8" },
  { "10mb-string", .make = make_huge_string, .code = GW_PROTOCOL_ERROR_TOO_LARGE,
    .message = "over the limit of 1048576 bytes" },
  /* Nesting */
  { "100k-brackets", .make = make_deep_brackets, .code = GW_PROTOCOL_ERROR_TOO_DEEP,
    .message = "nesting deeper than 32 levels" },
  { "33-levels-in-data", .make = make_deep_data, .code = GW_PROTOCOL_ERROR_TOO_DEEP,
    .message = "nesting deeper than 32 levels" },
  /* Syntax json-glib would accept or mishandle */
  { "empty", BASE_NONE, .raw = "", .code = GW_PROTOCOL_ERROR_SYNTAX, .message = "the text is empty" },
  { "blank", BASE_NONE, .raw = " \n\t ", .code = GW_PROTOCOL_ERROR_SYNTAX, .message = "the text is empty" },
  { "truncated", BASE_CASE, .from = "-cg\"}}", .to = "-cg\"}", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "expected ',' or '}', found the end of the text" },
  { "single-quotes", BASE_NONE, .raw = "{'specversion': '1.0'}", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "single quotes are not JSON" },
  { "single-quoted-value", BASE_CASE, .from = "\"urgent\"", .to = "'urgent'",
    .code = GW_PROTOCOL_ERROR_SYNTAX, .message = "single quotes are not JSON" },
  { "block-comment", BASE_CASE, .from = "\"priority\"", .to = "/* p */ \"priority\"",
    .code = GW_PROTOCOL_ERROR_SYNTAX, .message = "comments are not JSON" },
  { "comment-after", BASE_CASE, .from = "-cg\"}}", .to = "-cg\"}} // done", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "comments are not JSON" },
  { "comment-value", BASE_CASE, .from = "false", .to = "// no\nfalse", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "comments are not JSON" },
  { "trailing-comma-object", BASE_CASE, .from = "-cg\"}}", .to = "-cg\",}}", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "trailing comma before '}'" },
  { "trailing-comma-array", BASE_CASE, .from = "[\"360102-ga\"]", .to = "[\"360102-ga\",]",
    .code = GW_PROTOCOL_ERROR_SYNTAX, .message = "trailing comma before ']'" },
  { "two-values", .make = make_two_values, .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "only one top-level value" },
  { "leading-zero", BASE_CASE, .from = "28.6829", .to = "028.6829", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "leading zero" },
  { "nan", BASE_CASE, .from = "28.6829", .to = "NaN", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "NaN is not a JSON value" },
  { "minus-infinity", BASE_CASE, .from = "115.8942", .to = "-Infinity", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "NaN and Infinity are not JSON values" },
  { "1e99999", BASE_CASE, .from = "28.6829", .to = "1e99999", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "number 1e99999 at line 1" },
  { "integer-overflow", BASE_CASE,
    .from = "\"version\":1", .to = "\"version\":99999999999999999999", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "is outside the 64-bit range" },
  { "hex-number", BASE_CASE, .from = "28.6829", .to = "0x1C", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "expected ',' or '}', found 'x'" },
  { "raw-tab-in-string", BASE_CASE, .from = "小区消防", .to = "小区\t消防", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "control character 0x09 in a string must be escaped" },
  { "invalid-escape", BASE_CASE, .from = "小区消防", .to = "小区\\x41", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "invalid escape \\x" },
  { "lone-high-surrogate", BASE_CASE, .from = "小区消防", .to = "\\ud800x", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "high surrogate \\uD800 is not followed by a low surrogate" },
  { "lone-low-surrogate", BASE_CASE, .from = "小区消防", .to = "\\udc00", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "lone low surrogate \\uDC00" },
  { "escaped-nul", BASE_CASE, .from = "小区消防", .to = "a\\u0000b", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "the escape \\u0000 (NUL) is not allowed" },
  { "duplicate-member", BASE_CASE, .from = "\"specversion\":\"1.0\"",
    .to = "\"specversion\":\"1.0\",\"specversion\":\"1.0\"", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "duplicate member name \"specversion\"" },
  { "top-level-array", BASE_NONE, .raw = "[1, 2]", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "the top-level value is an array, expected an object" },
  { "bare-word", BASE_NONE, .raw = "{\"specversion\": yes}", .code = GW_PROTOCOL_ERROR_SYNTAX,
    .message = "expected a value" },
  /* Envelope */
  { "no-specversion", BASE_CASE, .path = "specversion", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "event 4 rejected: field specversion is missing" },
  { "specversion-0.3", BASE_CASE, .path = "specversion", .value = "\"0.3\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field specversion \"0.3\" is not \"1.0\"" },
  { "specversion-number", BASE_CASE, .path = "specversion", .value = "1.0", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field specversion is a number, expected a string" },
  { "no-id", BASE_CASE, .path = "id", .code = GW_PROTOCOL_ERROR_MISSING, .message = "field id is missing" },
  { "empty-id", BASE_CASE, .path = "id", .value = "\"\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field id \"\" has 0 characters, outside 1..256" },
  { "no-source", BASE_CASE, .path = "source", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field source is missing" },
  { "unknown-case-step", BASE_CASE, .path = "type", .value = "\"cn.gridwall.case.teleported\"",
    .code = GW_PROTOCOL_ERROR_UNKNOWN_TYPE, .message = "type \"cn.gridwall.case.teleported\" is not known" },
  { "unknown-type", BASE_CASE, .path = "type", .value = "\"com.example.ping\"",
    .code = GW_PROTOCOL_ERROR_UNKNOWN_TYPE, .message = "type \"com.example.ping\" is not known" },
  { "no-sequence", BASE_CASE, .path = "sequence", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "event \"360100-4\" rejected: field sequence is missing" },
  { "sequence-integer", BASE_CASE, .path = "sequence", .value = "4", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field sequence is an integer, expected a string" },
  { "sequence-letters", BASE_CASE, .path = "sequence", .value = "\"00x4\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field sequence \"00x4\" is not 1 to 20 decimal digits" },
  { "sequence-empty", BASE_CASE, .path = "sequence", .value = "\"\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "is not 1 to 20 decimal digits" },
  { "sequence-negative", BASE_CASE, .path = "sequence", .value = "\"-4\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "is not 1 to 20 decimal digits" },
  { "sequence-zero", BASE_CASE, .path = "sequence", .value = "\"00000000000000000000\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "is zero" },
  { "sequence-21-digits", BASE_CASE, .path = "sequence", .value = "\"000000000000000000004\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "is not 1 to 20 decimal digits" },
  { "sequence-over-64-bits", BASE_CASE, .path = "sequence", .value = "\"99999999999999999999\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "does not fit 64 bits" },
  { "time-with-space", BASE_CASE, .path = "time", .value = "\"2026-11-21 14:03:12+08:00\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field time \"2026-11-21 14:03:12+08:00\" is not an RFC 3339" },
  { "time-no-offset", BASE_CASE, .path = "time", .value = "\"2026-11-21T14:03:12\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "is not an RFC 3339 time with an offset" },
  { "time-february-30", BASE_CASE, .path = "time", .value = "\"2026-02-30T14:03:12Z\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field time" },
  { "content-type-text", BASE_CASE, .path = "datacontenttype", .value = "\"text/plain\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field datacontenttype \"text/plain\" is not application/json" },
  { "no-data", BASE_CASE, .path = "data", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field data is missing" },
  { "data-string", BASE_CASE, .path = "data", .value = "\"{}\"", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data is a string, expected an object" },
  /* Case */
  { "no-case", BASE_CASE, .path = "data.case", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field data.case is missing" },
  { "lat-91.2", BASE_CASE, .path = "data.case.lat", .value = "91.2", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "event 4 rejected: field data.case.lat 91.2 is outside -90..90" },
  { "long-minus-180.5", BASE_CASE, .path = "data.case.long", .value = "-180.5",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.long -180.5 is outside -180..180" },
  { "lat-string", BASE_CASE, .path = "data.case.lat", .value = "\"28.6\"", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data.case.lat is a string, expected a number" },
  { "lat-null", BASE_CASE, .path = "data.case.lat", .value = "null", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data.case.lat is null, expected a number" },
  { "no-lat", BASE_CASE, .path = "data.case.lat", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field data.case.lat is missing" },
  { "id-with-space", BASE_CASE, .path = "data.case.service_request_id", .value = "\"NC 1\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "\"NC 1\" has a character outside [A-Za-z0-9_-]" },
  { "id-65-chars", BASE_CASE, .path = "data.case.service_request_id",
    .value = "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "has 65 characters, outside 1..64" },
  { "id-number", BASE_CASE, .path = "data.case.service_request_id", .value = "123",
    .code = GW_PROTOCOL_ERROR_TYPE, .message = "field data.case.service_request_id is an integer" },
  { "service-code-upper", BASE_CASE, .path = "data.case.service_code", .value = "\"Fire\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "outside [a-z0-9_-]" },
  { "service-name-empty", BASE_CASE, .path = "data.case.service_name", .value = "\"\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.service_name \"\" has 0 characters" },
  { "description-4001", .make = make_long_description, .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "has 4001 characters, outside 0..4000" },
  { "category-unknown", BASE_CASE, .path = "data.case.category", .value = "\"crime\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.category \"crime\" is not one of dispute" },
  { "status-pending", BASE_CASE, .path = "data.case.status", .value = "\"pending\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "\"pending\" is not one of open, closed" },
  { "status-detail-done", BASE_CASE, .path = "data.case.status_detail", .value = "\"done\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.status_detail \"done\" is not one of" },
  { "priority-null", BASE_CASE, .path = "data.case.priority", .value = "null", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data.case.priority is null, expected a string" },
  { "channel-wechat", BASE_CASE, .path = "data.case.channel", .value = "\"wechat\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.channel \"wechat\" is not one of" },
  { "resolved-level-province", BASE_CASE, .path = "data.case.resolved_level",
    .value = "\"province\"", .code = GW_PROTOCOL_ERROR_RANGE, .message = "\"province\" is not one of village" },
  { "grid-code-14", BASE_CASE, .path = "data.case.grid_code", .value = "\"36010200200100\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "has 14 characters, expected 15" },
  { "grid-code-letters", BASE_CASE, .path = "data.case.grid_code",
    .value = "\"36010200200100A\"", .code = GW_PROTOCOL_ERROR_RANGE, .message = "outside [0-9]" },
  { "version-0", BASE_CASE, .path = "data.case.version", .value = "0", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.case.version 0 is less than 1" },
  { "version-fraction", BASE_CASE, .path = "data.case.version", .value = "1.5",
    .code = GW_PROTOCOL_ERROR_TYPE, .message = "field data.case.version is a number, expected an integer" },
  { "version-string", BASE_CASE, .path = "data.case.version", .value = "\"3\"",
    .code = GW_PROTOCOL_ERROR_TYPE, .message = "field data.case.version is a string, expected an integer" },
  { "satisfaction-6", BASE_CASE, .path = "data.case.satisfaction", .value = "6",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.satisfaction 6 is outside 1..5" },
  { "satisfaction-0", BASE_CASE, .path = "data.case.satisfaction", .value = "0",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.case.satisfaction 0 is outside 1..5" },
  { "supervised-string", BASE_CASE, .path = "data.case.supervised", .value = "\"yes\"",
    .code = GW_PROTOCOL_ERROR_TYPE, .message = "field data.case.supervised is a string, expected a boolean" },
  { "media-url-javascript", BASE_CASE, .path = "data.case.media_url",
    .value = "\"javascript:alert(1)\"", .code = GW_PROTOCOL_ERROR_RANGE, .message = "is not an http or https URL" },
  { "media-url-ftp", BASE_CASE, .path = "data.case.media_url",
    .value = "\"ftp://media.example/1.jpg\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.case.media_url \"ftp://media.example/1.jpg\" is not an http" },
  { "requested-garbage", BASE_CASE, .path = "data.case.requested_datetime",
    .value = "\"yesterday\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.case.requested_datetime \"yesterday\" is not an RFC 3339" },
  { "expected-hour-25", BASE_CASE, .path = "data.case.expected_datetime",
    .value = "\"2026-11-22T25:00:00+08:00\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.case.expected_datetime" },
  { "co-agencies-string", BASE_CASE, .path = "data.case.co_agencies", .value = "\"360102-ga\"",
    .code = GW_PROTOCOL_ERROR_TYPE, .message = "field data.case.co_agencies is a string, expected an array" },
  { "co-agencies-number", BASE_CASE, .path = "data.case.co_agencies", .value = "[1]",
    .code = GW_PROTOCOL_ERROR_TYPE, .message = "field data.case.co_agencies[0] is an integer" },
  { "huge-array-as-data", .make = make_huge_array, .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data is an array, expected an object" },
  { "huge-object-as-data", .make = make_huge_object, .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field data.mode is missing" },
  { "co-agencies-1000", .make = make_many_co_agencies, .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.case.co_agencies has 1000 entries, more than 64" },
  { "no-actor", BASE_CASE, .path = "data.actor", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field data.actor is missing" },
  { "actor-id-empty", BASE_CASE, .path = "data.actor.id", .value = "\"\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.actor.id" },
  { "note-number", BASE_CASE, .path = "data.note", .value = "42", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data.note is an integer, expected a string" },
  { "department-bad-code", BASE_CASE, .path = "data.department", .value = "\"东湖城管\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.department" },
  /* Mode */
  { "mode-war", BASE_MODE, .path = "data.mode", .value = "\"war\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data.mode \"war\" is not one of normal, emergency" },
  { "mode-no-reason", BASE_MODE, .path = "data.reason", .code = GW_PROTOCOL_ERROR_MISSING,
    .message = "field data.reason is missing" },
  /* Department */
  { "department-kind-army", BASE_DEPARTMENT, .path = "data.kind", .value = "\"army\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data.kind \"army\" is not one of police" },
  { "department-area-7", BASE_DEPARTMENT, .path = "data.area", .value = "\"3601020\"",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "has 7 digits, expected 4, 6 or 9" },
  /* CAP alerts */
  { "alert-data-object", BASE_ALERT, .path = "data", .value = "{}", .code = GW_PROTOCOL_ERROR_TYPE,
    .message = "field data is an object, expected a string" },
  { "alert-content-type-json", BASE_ALERT, .path = "datacontenttype",
    .value = "\"application/json\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "is not application/cap+xml for type cn.gridwall.alert" },
  { "alert-not-xml", BASE_ALERT, .path = "data", .value = "\"<alert\"", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "field data is not a valid CAP 1.2 alert" },
  { "alert-no-identifier", BASE_ALERT, .from = "<identifier>CN-360100-2026-0042</identifier>",
    .to = "", .code = GW_PROTOCOL_ERROR_MISSING, .message = "CAP alert has no <identifier>" },
  { "alert-wrong-namespace", BASE_ALERT, .from = "cap:1.2", .to = "cap:1.1", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "not in the CAP 1.2 namespace" },
  { "alert-doctype-entity", BASE_ALERT, .from = "<alert ",
    .to = "<!DOCTYPE alert [<!ENTITY x \\\"boom\\\">]><alert ", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "DOCTYPE and entity declarations are not allowed" },
  { "alert-undefined-entity", BASE_ALERT, .from = "Actual</status>",
    .to = "&xxe;</status>", .code = GW_PROTOCOL_ERROR_RANGE, .message = "field data is not a valid CAP 1.2" },
  { "alert-status-panic", BASE_ALERT, .from = "Actual</status>", .to = "Panic</status>",
    .code = GW_PROTOCOL_ERROR_RANGE, .message = "CAP <status> \"Panic\" is not one of Actual" },
  { "alert-sent-bad", BASE_ALERT, .from = "2026-11-21T14:00:00+08:00</sent>",
    .to = "tomorrow</sent>", .code = GW_PROTOCOL_ERROR_RANGE, .message = "CAP <sent> \"tomorrow\"" },
  { "alert-two-identifiers", BASE_ALERT, .from = "<sender>",
    .to = "<identifier>again</identifier><sender>", .code = GW_PROTOCOL_ERROR_RANGE,
    .message = "<identifier> appears twice" },
};

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static char *
base_text (Base base)
{
  switch (base)
    {
    case BASE_CASE: return core_test_case_event (4, "reported", "NC-C", 1);
    case BASE_MODE: return core_test_mode_event (4, "emergency");
    case BASE_DEPARTMENT: return core_test_department_event (4, "360102-cg", "东湖区城管局");
    case BASE_ALERT: return core_test_alert_event (4, core_test_cap_xml);
    case BASE_NONE:
    default: return NULL;
    }
}

static char *
make_input (const BadInput *bad,
            gsize          *length)
{
  g_autofree char *text = NULL;

  if (bad->make != NULL)
    return bad->make (length);
  if (bad->base == BASE_NONE)
    {
      *length = strlen (bad->raw);
      return g_strdup (bad->raw);
    }

  /* Normalise through json-glib first so that replacements see compact text. */
  {
    g_autofree char *base = base_text (bad->base);
    text = core_test_set (base, "specversion", "\"1.0\"");
  }
  if (bad->path != NULL)
    {
      char *changed = core_test_set (text, bad->path, bad->value);
      g_free (text);
      text = changed;
    }
  if (bad->from != NULL)
    {
      char *changed = replace_once (text, bad->from, bad->to);
      g_free (text);
      text = changed;
    }
  *length = strlen (text);
  return g_steal_pointer (&text);
}

static GwCaseStore *
make_store (void)
{
  GwCaseStore *store = gw_case_store_new ();
  g_autofree char *a = core_test_case_event (1, "reported", "NC-A", 1);
  g_autofree char *b = core_test_case_event (2, "reported", "NC-B", 1);
  g_autofree char *a2 = core_test_case_event (3, "assigned", "NC-A", 2);
  const char *texts[] = { a, b, a2, NULL };

  g_assert_cmpuint (core_test_apply (store, texts), ==, 3);
  return store;
}

static void
test_rejected (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GwCaseStore) store = make_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwEvent) event = NULL;
  g_autofree char *text = NULL;
  CoreTestState before;
  gsize length = 0;

  text = make_input (bad, &length);
  core_test_state_take (&before, store);

  event = gw_event_decode (text, length, &error);
  g_assert_null (event);
  g_assert_error (error, GW_PROTOCOL_ERROR, bad->code);
  if (strstr (error->message, bad->message) == NULL)
    g_error ("message \"%s\" does not contain \"%s\"", error->message, bad->message);
  g_assert_true (g_str_has_prefix (error->message, "event"));
  g_assert_true (strstr (error->message, "rejected: ") != NULL);

  gw_case_store_count_rejected (store, error);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 1);
  core_test_state_assert_same (&before, store);
  core_test_state_clear (&before);
}

static void
test_bases_are_valid (void)
{
  for (Base base = BASE_CASE; base < BASE_NONE; base++)
    {
      g_autofree char *text = base_text (base);
      g_autoptr(GwEvent) event = core_test_decode_ok (text);

      g_assert_cmpuint (gw_event_get_sequence (event), ==, 4);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/reject/bases-are-valid", test_bases_are_valid);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strconcat ("/core/reject/", bad_inputs[i].name, NULL);

      g_test_add_data_func (path, &bad_inputs[i], test_rejected);
    }
  return g_test_run ();
}
