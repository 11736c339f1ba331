/* test-center-http.c: the REST endpoints of gridwall-center, and hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "center-harness.h"

#include <glib/gstdio.h>
#include <string.h>

static TestCenter *center;

static void
test_me (void)
{
  g_autoptr(TestReply) wall = test_http (center, "GET", "/v1/me", "demo-wall", NULL, NULL);
  g_autoptr(TestReply) dispatcher = test_http (center, "GET", "/v1/me", "demo-dispatcher", NULL,
                                               NULL);
  g_autoptr(TestReply) other = test_http (center, "GET", "/v1/me", "demo-dispatcher-2", NULL, NULL);
  JsonObject *o;

  g_assert_cmpuint (wall->status, ==, 200);
  o = test_reply_object (wall);
  g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, "wall");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "center"),
                                                  "code"), ==, "360100");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "center"),
                                                  "name"), ==, "南昌市社会治理综合指挥中心");
  o = test_reply_object (dispatcher);
  g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, "dispatcher");
  g_assert_cmpstr (json_object_get_string_member (o, "user"), !=,
                   json_object_get_string_member (test_reply_object (other), "user"));
  g_assert_cmpstr (json_object_get_string_member (o, "name"), !=,
                   json_object_get_string_member (test_reply_object (other), "name"));
}

static void
test_auth (void)
{
  const char *paths[] = { "/v1/me", "/v1/snapshot", "/v1/grids", "/v1/feed" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestReply) none = test_http (center, "GET", paths[i], NULL, NULL, NULL);
      g_autoptr(TestReply) bad = test_http (center, "GET", paths[i], "nope", NULL, NULL);
      g_autoptr(TestReply) basic = test_http (center, "GET", paths[i], NULL, NULL,
                                              "Authorization", "Basic ZGVtbzpkZW1v", NULL);

      g_assert_cmpuint (none->status, ==, 401);
      g_assert_cmpuint (bad->status, ==, 401);
      g_assert_cmpuint (basic->status, ==, 401);
      g_assert_cmpstr (json_object_get_string_member (test_reply_object (bad), "error"), ==,
                       "unauthorized");
      g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
    }
}

static void
test_snapshot (void)
{
  g_autoptr(TestReply) reply = test_http (center, "GET", "/v1/snapshot", "demo-wall", NULL, NULL);
  JsonObject *o = test_reply_object (reply);
  JsonArray *departments, *cases;
  const char *seq = json_object_get_string_member (o, "sequence");
  gboolean found_cg = FALSE, found_jd = FALSE;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (strlen (seq), ==, 20);
  g_assert_true (json_object_has_member (o, "generated"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "mode"),
                                                  "mode"), ==, "normal");
  departments = json_object_get_array_member (o, "departments");
  for (guint i = 0; i < json_array_get_length (departments); i++)
    {
      JsonObject *d = json_array_get_object_element (departments, i);
      const char *code = json_object_get_string_member (d, "code");

      if (strcmp (code, "360102-cg") == 0)
        {
          found_cg = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "name"), ==, "东湖区城市管理局");
          g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, "urban_management");
          g_assert_cmpstr (json_object_get_string_member (d, "area"), ==, "360102");
        }
      if (strcmp (code, "360102002-jd") == 0)
        {
          found_jd = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, "street_office");
          g_assert_cmpstr (json_object_get_string_member (d, "area"), ==, "360102002");
        }
    }
  g_assert_true (found_cg && found_jd);
  cases = json_object_get_array_member (o, "cases");
  g_assert_nonnull (cases);
}

static void
test_grids (void)
{
  g_autoptr(TestReply) plain = test_http (center, "GET", "/v1/grids", "demo-wall", NULL, NULL);
  g_autofree char *expected = NULL;
  gsize expected_len;

  g_assert_cmpuint (plain->status, ==, 200);
  g_assert_true (g_file_get_contents (test_grids_path (), &expected, &expected_len, NULL));
  /* libsoup's session asks for gzip and decodes it: the bytes are the file's. */
  g_assert_cmpuint (plain->length, ==, expected_len);
  g_assert_true (memcmp (plain->body, expected, expected_len) == 0);
  g_assert_cmpstr (soup_message_headers_get_content_type (plain->headers, NULL), ==,
                   "application/geo+json");
}

static void
test_grids_gzip (void)
{
  /* Ask without the session's decoder: the raw body must be gzip. */
  g_autoptr(SoupSession) raw = soup_session_new ();
  g_autofree char *uri = g_strconcat (center->uri, "v1/grids", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  const guchar *data;

  soup_session_remove_feature_by_type (raw, SOUP_TYPE_CONTENT_DECODER);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer demo-wall");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding", "gzip");
  body = soup_session_send_and_read (raw, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Content-Encoding"), ==, "gzip");
  data = g_bytes_get_data (body, NULL);
  g_assert_cmpuint (g_bytes_get_size (body), >, 2);
  g_assert_cmpuint (data[0], ==, 0x1f);
  g_assert_cmpuint (data[1], ==, 0x8b);
}

static void
test_not_found_and_methods (void)
{
  g_autoptr(TestReply) root = test_http (center, "GET", "/", "demo-wall", NULL, NULL);
  g_autoptr(TestReply) sub = test_http (center, "GET", "/v1/me/extra", "demo-wall", NULL, NULL);
  g_autoptr(TestReply) post = test_http (center, "POST", "/v1/me", "demo-wall", "{}", NULL);
  g_autoptr(TestReply) get_assign = test_http (center, "GET", "/v1/cases/X1/assign",
                                               "demo-dispatcher", NULL, NULL);
  g_autoptr(TestReply) action = test_http (center, "POST", "/v1/cases/X1/explode",
                                           "demo-dispatcher", "{}", NULL);

  g_assert_cmpuint (root->status, ==, 404);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (root), "error"), ==,
                   "not_found");
  g_assert_cmpuint (sub->status, ==, 404);
  g_assert_cmpuint (post->status, ==, 405);
  g_assert_cmpuint (get_assign->status, ==, 405);
  g_assert_cmpuint (action->status, ==, 404);
}

static void
test_bad_ids (void)
{
  const char *paths[] = {
    "/v1/cases/%2e%2e/assign",
    "/v1/cases/a%20b/assign",
    "/v1/cases/%E4%B8%AD/assign",
    "/v1/cases//assign",
    "/v1/cases/x/assign/more",
    "/v1/cases/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/assign",
    "/v1/cases/%00/assign",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestReply) reply = test_http (center, "POST", paths[i], "demo-dispatcher",
                                              "{\"department\": \"360102-cg\"}",
                                              "Idempotency-Key", "k-bad-id", "If-Match", "\"1\"",
                                              NULL);

      g_assert_cmpuint (reply->status, >=, 400);
      g_assert_cmpuint (reply->status, <, 500);
    }
}

static TestReply *
assign_raw (GBytes     *body,
            const char *key)
{
  const char *headers[] = { "Idempotency-Key", key, "If-Match", "\"1\"", NULL };

  return test_http_bytes (center, "POST", "/v1/cases/NC20990101-000001/assign", "demo-dispatcher",
                          body, headers);
}

static void
test_hostile_bodies (void)
{
  const char *bodies[] = {
    "", "null", "[]", "\"x\"", "42", "{", "{'department': 1}", "{\"a\":1} {\"b\":2}",
    "{\"department\": \"\\ud800\"", "\xff\xfe{}",
  };
  GString *deep = g_string_new (NULL);
  g_autoptr(GBytes) deep_bytes = NULL;
  g_autoptr(TestReply) deep_reply = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new (bodies[i], strlen (bodies[i]));
      g_autofree char *key = g_strdup_printf ("hostile-%u", i);
      g_autoptr(TestReply) reply = assign_raw (body, key);

      g_assert_cmpuint (reply->status, >=, 400);
      g_assert_cmpuint (reply->status, <, 500);
    }

  /* json-glib crashes on this; the centre must not even try. */
  for (guint i = 0; i < 60000; i++)
    g_string_append_c (deep, '[');
  deep_bytes = g_string_free_to_bytes (deep);
  deep_reply = assign_raw (deep_bytes, "deep");
  g_assert_cmpuint (deep_reply->status, ==, 400);

  {
    g_autoptr(GString) nested = g_string_new ("{\"department\":");
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(TestReply) reply = NULL;

    for (guint i = 0; i < 5000; i++)
      g_string_append (nested, "{\"a\":");
    bytes = g_bytes_new (nested->str, nested->len);
    reply = assign_raw (bytes, "deep-object");
    g_assert_cmpuint (reply->status, ==, 400);
  }
}

static void
test_huge_body (void)
{
  gsize size = 8 * 1024 * 1024;
  char *data = g_malloc (size);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(TestReply) still = NULL;

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  body = g_bytes_new_take (data, size);
  reply = assign_raw (body, "huge");
  g_assert_cmpuint (reply->status, ==, 413);
  still = test_http (center, "GET", "/v1/me", "demo-wall", NULL, NULL);
  g_assert_cmpuint (still->status, ==, 200);
}

static void
test_alive_after_all (void)
{
  g_autoptr(TestReply) reply = test_http (center, "GET", "/v1/snapshot", "demo-wall", NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

static void
test_tokens_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-tokens-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tokens.json", NULL);
  g_autoptr(TestCenter) custom = NULL;
  g_autoptr(TestReply) me = NULL;
  g_autoptr(TestReply) old = NULL;

  g_assert_true (g_file_set_contents (path, "{\"s3cret\": {\"user\": \"ops-7\", "
                                      "\"name\": \"值班长 赵敏\", \"role\": \"dispatcher\"}}",
                                      -1, &error));
  custom = test_center_spawn (NULL, "--rate=0", "--tokens", path, NULL);
  me = test_http (custom, "GET", "/v1/me", "s3cret", NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (me), "name"), ==,
                   "值班长 赵敏");
  old = test_http (custom, "GET", "/v1/me", "demo-wall", NULL, NULL);
  g_assert_cmpuint (old->status, ==, 401);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  center = test_center_spawn (NULL, "--rate=0", "--test-hooks", NULL);

  g_test_add_func ("/center/http/me", test_me);
  g_test_add_func ("/center/http/auth", test_auth);
  g_test_add_func ("/center/http/snapshot", test_snapshot);
  g_test_add_func ("/center/http/grids", test_grids);
  g_test_add_func ("/center/http/grids-gzip", test_grids_gzip);
  g_test_add_func ("/center/http/not-found-and-methods", test_not_found_and_methods);
  g_test_add_func ("/center/http/bad-ids", test_bad_ids);
  g_test_add_func ("/center/http/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/center/http/huge-body", test_huge_body);
  g_test_add_func ("/center/http/alive-after-all", test_alive_after_all);
  g_test_add_func ("/center/http/tokens-file", test_tokens_file);
  status = g_test_run ();
  test_center_free (center);
  return status;
}
