/* test-feed-client.c: GwCenterClient against well-formed and hostile replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gw-case.h"
#include "feed-test-util.h"

/* One canned reply for every request, and what the last request carried. */
typedef struct
{
  SoupServer  *server;
  char        *uri;
  guint        status;
  const char  *content_type;
  GBytes      *body;
  gboolean     hang;
  GPtrArray   *paused;
  char        *last_path;
  char        *last_idempotency_key;
  char        *last_if_match;
  char        *last_body;
} Canned;

static Canned canned;

static void
handler (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  g_free (canned.last_path);
  canned.last_path = g_strdup (path);
  g_free (canned.last_idempotency_key);
  canned.last_idempotency_key = g_strdup (soup_message_headers_get_one (headers,
                                                                        "Idempotency-Key"));
  g_free (canned.last_if_match);
  canned.last_if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
  g_free (canned.last_body);
  canned.last_body = g_strndup (body->data, body->length);

  if (canned.hang)
    {
      soup_server_message_pause (message);
      g_ptr_array_add (canned.paused, g_object_ref (message));
      return;
    }
  soup_server_message_set_status (message, canned.status, NULL);
  soup_server_message_set_response (message, canned.content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (canned.body, NULL),
                                    g_bytes_get_size (canned.body));
}

static void
reply_with (guint       status,
            const char *content_type,
            const char *body)
{
  g_clear_pointer (&canned.body, g_bytes_unref);
  canned.status = status;
  canned.content_type = content_type;
  canned.body = g_bytes_new (body, strlen (body));
  canned.hang = FALSE;
}

static void
reply_with_bytes (guint       status,
                  const char *content_type,
                  GBytes     *body)
{
  g_clear_pointer (&canned.body, g_bytes_unref);
  canned.status = status;
  canned.content_type = content_type;
  canned.body = g_bytes_ref (body);
  canned.hang = FALSE;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done (GObject      *object,
      GAsyncResult *result,
      gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
finished (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_assert_true (gw_test_wait_for (finished, wait, 10000));
  return wait->result;
}

static GwCenterClient *
new_client (void)
{
  g_autoptr(GError) error = NULL;
  GwCenterClient *client = gw_center_client_new (canned.uri, TOKEN_WALL, NULL, &error);

  g_assert_no_error (error);
  return client;
}

static GwIdentity *
get_me (GError **error)
{
  g_autoptr(GwCenterClient) client = new_client ();
  Wait wait = { NULL };
  GwIdentity *identity;

  gw_center_client_get_me_async (client, NULL, done, &wait);
  identity = gw_center_client_get_me_finish (client, wait_result (&wait), error);
  g_object_unref (wait.result);
  return identity;
}

static void
assert_me_fails (GwCenterClientError  code,
                 const char    *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwIdentity) identity = get_me (&error);

  g_assert_null (identity);
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, (int) code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

static void
test_me (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwIdentity) identity = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GBytes) huge = NULL;

  reply_with (200, "application/json",
              "{\"user\":\"dispatcher-01\",\"name\":\"调度员 李娜\",\"role\":\"dispatcher\","
              "\"center\":{\"code\":\"360100\",\"name\":\"南昌市社会治理综合指挥中心\"}}");
  identity = get_me (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_identity_get_user (identity), ==, "dispatcher-01");
  g_assert_cmpstr (gw_identity_get_name (identity), ==, "调度员 李娜");
  g_assert_cmpstr (gw_identity_get_role (identity), ==, "dispatcher");
  g_assert_cmpstr (gw_identity_get_center_code (identity), ==, "360100");
  g_assert_cmpstr (gw_identity_get_center_name (identity), ==, "南昌市社会治理综合指挥中心");
  g_assert_cmpstr (canned.last_path, ==, "/v1/me");

  reply_with (200, "text/html", "<html>welcome to nginx</html>");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "text/html");
  reply_with (200, "application/json", "<html>welcome to nginx</html>");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "not JSON");
  reply_with (200, "application/json", "");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "empty");
  reply_with (200, "application/json", "[1, 2]");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "not a JSON object");
  reply_with (200, "application/json", "{\"user\":\"u\",\"name\":\"n\",\"role\":5,"
                                       "\"center\":{\"code\":\"1\",\"name\":\"c\"}}");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "role");
  reply_with (200, "application/json", "{\"user\":\"u\",\"name\":\"n\",\"role\":\"admin\","
                                       "\"center\":{\"code\":\"1\",\"name\":\"c\"}}");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "admin");
  reply_with (200, "application/json", "{\"user\":\"u\",\"name\":\"n\",\"role\":\"wall\","
                                       "\"center\":\"360100\"}");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "center");
  reply_with (200, "application/json", "{\"user\":\"u\",\"name\":\"\xff\xfe\",\"role\":\"wall\"}");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "UTF-8");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  reply_with (200, "application/json", deep->str);
  assert_me_fails (GW_CENTER_CLIENT_ERROR_BAD_REPLY, "deeper");

  huge = g_bytes_new_take (g_strnfill (3 * 1024 * 1024, ' '), 3 * 1024 * 1024);
  reply_with_bytes (200, "application/json", huge);
  assert_me_fails (GW_CENTER_CLIENT_ERROR_TOO_LARGE, "bound");

  reply_with (401, "application/json", "{\"error\":\"unauthorized\"}");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_UNAUTHORIZED, "token");
  reply_with (503, "text/plain", "overloaded");
  assert_me_fails (GW_CENTER_CLIENT_ERROR_HTTP, "503");
}

static void
test_snapshot_and_grids (void)
{
  g_autoptr(GwCenterClient) client = new_client ();
  g_autoptr(GwSnapshot) snapshot = NULL;
  g_autoptr(GBytes) grids = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  reply_with (200, "application/json",
              "{\"sequence\":\"00000000000000001842\",\"generated\":\"2026-11-21T14:03:12+08:00\","
              "\"mode\":{\"mode\":\"normal\",\"reason\":null,\"case\":null},"
              "\"departments\":[],\"cases\":[]}");
  gw_center_client_get_snapshot_async (client, NULL, done, &wait);
  snapshot = gw_center_client_get_snapshot_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_snapshot_get_sequence (snapshot), ==, 1842);

  reply_with (200, "application/json", "{\"sequence\":\"12\",\"cases\":7}");
  gw_center_client_get_snapshot_async (client, NULL, done, &wait);
  g_assert_null (gw_center_client_get_snapshot_finish (client, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY);
  g_assert_nonnull (strstr (error->message, "snapshot"));
  g_clear_error (&error);

  reply_with (200, "application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":[]}");
  gw_center_client_get_grids_async (client, NULL, done, &wait);
  grids = gw_center_client_get_grids_finish (client, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (grids), ==, strlen ("{\"type\":\"FeatureCollection\","
                                                          "\"features\":[]}"));

  reply_with (200, "image/png", "\x89PNG");
  gw_center_client_get_grids_async (client, NULL, done, &wait);
  g_assert_null (gw_center_client_get_grids_finish (client, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY);
}

static GwCommandResult *
assign (GError **error)
{
  g_autoptr(GwCenterClient) client = new_client ();
  g_autoptr(GDateTime) deadline = g_date_time_new_from_iso8601 ("2026-11-22T14:00:00+08:00",
                                                                NULL);
  const char *co[] = { "360102-ga", NULL };
  Wait wait = { NULL };
  GwCommandResult *result;

  gw_center_client_assign_async (client, "NC20261121-000123", 3, "key-1", "360102-cg",
                                 deadline, "请尽快处置", co, NULL, done, &wait);
  result = gw_center_client_assign_finish (client, wait_result (&wait), error);
  g_object_unref (wait.result);
  return result;
}

static const char *
valid_case (void)
{
  return "{\"service_request_id\":\"NC20261121-000123\",\"service_code\":\"fire_lane_blocked\","
    "\"service_name\":\"消防通道堵塞\",\"category\":\"safety\",\"description\":\"\","
    "\"status\":\"open\",\"status_detail\":\"assigned\",\"agency_responsible\":\"360102-cg\","
    "\"co_agencies\":[],\"requested_datetime\":\"2026-11-21T14:03:12+08:00\","
    "\"updated_datetime\":\"2026-11-21T14:05:12+08:00\",\"expected_datetime\":null,"
    "\"resolved_datetime\":null,\"closed_datetime\":null,\"lat\":28.68,\"long\":115.89,"
    "\"address\":\"\",\"media_url\":null,\"priority\":\"urgent\",\"channel\":\"hotline_12345\","
    "\"grid_code\":\"360102002001003\",\"resolved_level\":null,\"satisfaction\":null,"
    "\"supervised\":false,\"version\":4}";
}

static void
test_assign (void)
{
  g_autoptr(GwCommandResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = NULL;
  JsonObject *sent;

  body = g_strdup_printf ("{\"case\":%s,\"sequence\":\"00000000000000001843\"}", valid_case ());
  reply_with (200, "application/json", body);
  result = assign (&error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_command_result_get_outcome (result), ==, GW_COMMAND_REPLY_APPLIED);
  g_assert_null (gw_command_result_get_error (result));
  g_assert_cmpuint (gw_command_result_get_sequence (result), ==, 1843);
  g_assert_cmpint (gw_case_get_version (gw_command_result_get_case (result)), ==, 4);
  g_assert_cmpstr (canned.last_path, ==, "/v1/cases/NC20261121-000123/assign");
  g_assert_cmpstr (canned.last_idempotency_key, ==, "key-1");
  g_assert_cmpstr (canned.last_if_match, ==, "\"3\"");
  g_assert_true (json_parser_load_from_data (parser, canned.last_body, -1, NULL));
  sent = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (sent, "department"), ==, "360102-cg");
  g_assert_cmpstr (json_object_get_string_member (sent, "note"), ==, "请尽快处置");
  g_assert_nonnull (strstr (json_object_get_string_member (sent, "deadline"), "2026-11-22"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sent, "co_departments")),
                    ==, 1);
  g_clear_pointer (&result, gw_command_result_unref);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"error\":\"conflict\",\"message\":\"already assigned\","
                          "\"by\":{\"id\":\"dispatcher-02\",\"name\":\"调度员 王强\"},"
                          "\"action\":\"assigned\",\"department\":\"360102-ga\","
                          "\"at\":\"2026-11-21T14:05:12+08:00\",\"case\":%s}", valid_case ());
  reply_with (409, "application/json", body);
  result = assign (&error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_command_result_get_outcome (result), ==, GW_COMMAND_REPLY_CONFLICT);
  g_assert_cmpstr (gw_command_result_get_by_name (result), ==, "调度员 王强");
  g_assert_cmpstr (gw_command_result_get_action (result), ==, "assigned");
  g_assert_cmpstr (gw_command_result_get_department (result), ==, "360102-ga");
  g_assert_nonnull (gw_command_result_get_at (result));
  g_assert_error ((GError *) gw_command_result_get_error (result), GW_CENTER_CLIENT_ERROR,
                  GW_CENTER_CLIENT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (gw_command_result_get_error (result)->message, "调度员 王强"));
  g_clear_pointer (&result, gw_command_result_unref);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"error\":\"stale\",\"case\":%s}", valid_case ());
  reply_with (412, "application/json", body);
  result = assign (&error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_command_result_get_outcome (result), ==, GW_COMMAND_REPLY_STALE);
  g_assert_error ((GError *) gw_command_result_get_error (result), GW_CENTER_CLIENT_ERROR,
                  GW_CENTER_CLIENT_ERROR_STALE);
  g_assert_nonnull (gw_command_result_get_case (result));
  g_clear_pointer (&result, gw_command_result_unref);

  reply_with (422, "application/json", "{\"error\":\"invalid\",\"fields\":"
                                       "{\"department\":\"no department 360102-xx\"}}");
  result = assign (&error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_command_result_get_outcome (result), ==, GW_COMMAND_REPLY_INVALID);
  g_assert_cmpstr (g_hash_table_lookup (gw_command_result_get_fields (result), "department"), ==,
                   "no department 360102-xx");
  g_assert_nonnull (strstr (gw_command_result_get_error (result)->message,
                            "department: no department 360102-xx"));
  g_clear_pointer (&result, gw_command_result_unref);

  /* Hostile or unexpected answers are errors, not crashes. */
  reply_with (409, "application/json", "{\"by\":\"someone\"}");
  g_assert_null (assign (&error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY);
  g_clear_error (&error);
  reply_with (422, "application/json", "{\"fields\":{\"department\":[1]}}");
  g_assert_null (assign (&error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY);
  g_clear_error (&error);
  reply_with (200, "application/json", "{\"case\":{\"service_request_id\":7}}");
  g_assert_null (assign (&error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY);
  g_clear_error (&error);
  reply_with (404, "application/json", "{\"error\":\"not_found\"}");
  g_assert_null (assign (&error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  reply_with (403, "application/json",
              "{\"error\":\"forbidden\",\"message\":\"walls only watch\"}");
  g_assert_null (assign (&error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "walls only watch"));
  g_clear_error (&error);
}

static void
test_timeout_and_refused (void)
{
  g_autoptr(GwCenterClient) client = new_client ();
  g_autoptr(GwCenterClient) nowhere = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  canned.hang = TRUE;
  gw_center_client_set_timeout (client, 1);
  gw_center_client_get_me_async (client, NULL, done, &wait);
  g_assert_null (gw_center_client_get_me_finish (client, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "within 1 s"));
  g_clear_error (&error);
  canned.hang = FALSE;

  /* Port 1 on loopback: nothing listens. */
  nowhere = gw_center_client_new ("http://127.0.0.1:1", TOKEN_WALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_center_client_get_base_uri (nowhere), ==, "http://127.0.0.1:1/");
  gw_center_client_get_me_async (nowhere, NULL, done, &wait);
  g_assert_null (gw_center_client_get_me_finish (nowhere, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1:1"));
  g_clear_error (&error);

  g_assert_null (gw_center_client_new ("centre", TOKEN_WALL, NULL, &error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_null (gw_center_client_new ("http://127.0.0.1/", "two words", NULL, &error));
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  int status;

  gw_test_init (&argc, &argv);

  canned.server = soup_server_new (NULL, NULL);
  canned.paused = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (canned.server, NULL, handler, NULL, NULL);
  soup_server_listen_local (canned.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (canned.server);
  canned.uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_test_add_func ("/feed/client/me", test_me);
  g_test_add_func ("/feed/client/snapshot-and-grids", test_snapshot_and_grids);
  g_test_add_func ("/feed/client/assign", test_assign);
  g_test_add_func ("/feed/client/timeout-and-refused", test_timeout_and_refused);
  status = g_test_run ();

  g_ptr_array_unref (canned.paused);
  g_object_unref (canned.server);
  g_clear_pointer (&canned.body, g_bytes_unref);
  g_free (canned.uri);
  g_free (canned.last_path);
  g_free (canned.last_idempotency_key);
  g_free (canned.last_if_match);
  g_free (canned.last_body);
  return status;
}
