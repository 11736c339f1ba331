/* test-center-sim.c: the simulator, seeding, and the library in-process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "center-harness.h"
#include "gw-center.h"
#include "gw-grid-set.h"

#include <glib/gstdio.h>
#include <string.h>

static GPtrArray *
reported_cases (TestCenter *center,
                guint       n)
{
  g_autoptr(GPtrArray) events = test_feed_collect (center, "demo-wall", 0, n * 3, 8000, NULL,
                                                   NULL);
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < events->len && cases->len < n; i++)
    {
      JsonObject *e = json_node_get_object (events->pdata[i]);
      JsonObject *c = json_object_get_object_member (json_object_get_object_member (e, "data"),
                                                     "case");
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      if (strcmp (json_object_get_string_member (e, "type"), "cn.gridwall.case.reported") != 0)
        continue;
      /* What the seed decides; not the times or the serial. */
      json_object_remove_member (c, "requested_datetime");
      json_object_remove_member (c, "updated_datetime");
      json_object_remove_member (c, "service_request_id");
      json_object_remove_member (c, "media_url");
      json_node_set_object (node, c);
      g_ptr_array_add (cases, json_to_string (node, FALSE));
    }
  return cases;
}

static void
test_determinism (void)
{
  g_autoptr(TestCenter) a = test_center_spawn (NULL, "--rate=3000", "--seed=7", NULL);
  g_autoptr(TestCenter) b = test_center_spawn (NULL, "--rate=3000", "--seed=7", NULL);
  g_autoptr(TestCenter) c = test_center_spawn (NULL, "--rate=3000", "--seed=8", NULL);
  g_autoptr(GPtrArray) ca = NULL, cb = NULL, cc = NULL;
  guint same = 0;

  g_usleep (800 * 1000);
  ca = reported_cases (a, 20);
  cb = reported_cases (b, 20);
  cc = reported_cases (c, 20);
  g_assert_cmpuint (ca->len, ==, 20);
  g_assert_cmpuint (cb->len, ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_assert_cmpstr (ca->pdata[i], ==, cb->pdata[i]);
      same += strcmp (ca->pdata[i], cc->pdata[i]) == 0;
    }
  g_assert_cmpuint (same, <, 2);
}

static void
test_points_in_grids (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=6000", "--seed=11", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwGridSet) grids = NULL;
  g_autoptr(TestReply) snapshot = NULL;
  JsonArray *cases;

  g_assert_true (g_file_get_contents (test_grids_path (), &text, &len, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  grids = gw_grid_set_new_from_geojson (bytes, &error);
  g_assert_no_error (error);

  g_usleep (600 * 1000);
  snapshot = test_http (center, "GET", "/v1/snapshot", "demo-wall", NULL, NULL);
  cases = json_object_get_array_member (test_reply_object (snapshot), "cases");
  g_assert_cmpuint (json_array_get_length (cases), >=, 20);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);
      const GwGridFeature *grid = gw_grid_set_lookup (grids,
                                                      json_object_get_string_member (c, "grid_code"));
      double lat = json_object_get_double_member (c, "lat");
      double lon = json_object_get_double_member (c, "long");

      g_assert_nonnull (grid);
      g_assert_true (gw_grid_feature_contains (grid, lon, lat));
      g_assert_true (gw_grid_set_locate (grids, GW_GRID_LEVEL_GRID, lon, lat) == grid);
      g_assert_nonnull (strstr (json_object_get_string_member (c, "address"), "东湖区"));
    }
}

/* At speed 20000 a simulated minute is 3 ms: whole loops in a few seconds. */
static void
test_workflow (void)
{
  g_autoptr(TestCenter) center = test_center_spawn (NULL, "--rate=600", "--speed=20000",
                                                    "--seed=5", NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) versions = g_hash_table_new (g_str_hash, g_str_equal);
  const char *expected[] = {
    "reported", "accepted", "assigned", "signed", "progress", "resolved", "reviewed", "closed",
  };

  g_usleep (4 * G_USEC_PER_SEC);
  events = test_feed_collect (center, "demo-wall", 0, 100000, 1500, NULL, NULL);
  g_assert_cmpuint (events->len, >, 100);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = json_node_get_object (events->pdata[i]);
      JsonObject *data = json_object_get_object_member (e, "data");
      JsonObject *c = json_object_get_object_member (data, "case");
      const char *type = json_object_get_string_member (e, "type");
      const char *id = json_object_get_string_member (c, "service_request_id");
      gint64 version = json_object_get_int_member (c, "version");

      g_assert_cmpuint (test_event_sequence (events->pdata[i]), ==, i + 1);
      g_hash_table_add (types, (gpointer) (type + strlen ("cn.gridwall.case.")));
      /* Each step of a case is the next version. */
      g_assert_cmpint (version, ==, GPOINTER_TO_INT (g_hash_table_lookup (versions, id)) + 1);
      g_hash_table_insert (versions, (gpointer) id, GINT_TO_POINTER ((int) version));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (data,
                                                                                      "actor"),
                                                       "name"));
      if (strcmp (type, "cn.gridwall.case.closed") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "closed");
          g_assert_nonnull (json_object_get_string_member (c, "resolved_level"));
          g_assert_cmpint (json_object_get_int_member (c, "satisfaction"), >=, 1);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (types, expected[i]));
}

static char *
get (SoupSession *session,
     const char  *base,
     const char  *path,
     guint       *status)
{
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer demo-wall");
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  *status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The app's way: the library in this process, seeding a new database. */
static void
test_in_process_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-center-lib-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "center.db", NULL);
  g_autofree char *grids_text = NULL;
  gsize len;
  g_autoptr(GBytes) grids = NULL;
  g_autoptr(GwCenter) center = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = NULL;
  GwCenterOptions options;
  JsonArray *cases;
  guint status, open = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (g_file_get_contents (test_grids_path (), &grids_text, &len, NULL));
  grids = g_bytes_new_take (g_steal_pointer (&grids_text), len);
  gw_center_options_init (&options);
  options.db_path = db;
  options.grids = grids;
  options.rate = 0;
  options.seed_cases = 5000;
  center = gw_center_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (gw_center_start (center, &error));
  g_assert_no_error (error);
  g_test_message ("5000 cases seeded in %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (gw_center_get_uri (center), "http://127.0.0.1:"));

  body = get (session, gw_center_get_uri (center), "v1/snapshot", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  cases = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "cases");
  g_assert_cmpuint (json_array_get_length (cases), >=, 4900);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    open += strcmp (json_object_get_string_member (json_array_get_object_element (cases, i),
                                                   "status"), "open") == 0;
  g_assert_cmpuint (open, >, 0);
  g_assert_cmpuint (open, <, json_array_get_length (cases));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "sequence"), ==, "00000000000000005000");
  gw_center_stop (center);
  g_clear_object (&center);

  /* A second start on the same database does not seed again. */
  center = gw_center_new (&options, &error);
  g_assert_true (gw_center_start (center, &error));
  g_free (body);
  body = get (session, gw_center_get_uri (center), "v1/snapshot", &status);
  g_assert_nonnull (strstr (body, "\"sequence\":\"00000000000000005000\""));
  gw_center_stop (center);

  for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal")
    {
      g_autofree char *path = g_strconcat (db, suffix, NULL);

      g_unlink (path);
    }
  {
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (shm);
  }
  g_rmdir (dir);
}

/* The app's default: the embedded demo city, an in-memory database. */
static void
test_in_process_demo_city (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCenter) center = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *me = NULL;
  g_autofree char *grids = NULL;
  GwCenterOptions options;
  guint status;

  gw_center_options_init (&options);
  options.rate = 0;
  center = gw_center_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (gw_center_start (center, &error));
  g_assert_no_error (error);
  me = get (session, gw_center_get_uri (center), "v1/me", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (me, "\"code\":\"360100\""));
  grids = get (session, gw_center_get_uri (center), "v1/grids", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (grids, "FeatureCollection"));
  gw_center_stop (center);
  gw_center_stop (center);
}

static void
test_bad_options (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCenter) center = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("[[[", 3);
  GwCenterOptions options;

  gw_center_options_init (&options);
  options.speed = 0;
  g_assert_null (gw_center_new (&options, &error));
  g_assert_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_OPTIONS);
  g_clear_error (&error);

  gw_center_options_init (&options);
  options.grids = junk;
  center = gw_center_new (&options, &error);
  g_assert_no_error (error);
  g_assert_false (gw_center_start (center, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&center);

  gw_center_options_init (&options);
  options.tokens = junk;
  center = gw_center_new (&options, &error);
  g_assert_false (gw_center_start (center, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/center/sim/determinism", test_determinism);
  g_test_add_func ("/center/sim/points-in-grids", test_points_in_grids);
  g_test_add_func ("/center/sim/workflow", test_workflow);
  g_test_add_func ("/center/sim/in-process-seed", test_in_process_seed);
  g_test_add_func ("/center/sim/in-process-demo-city", test_in_process_demo_city);
  g_test_add_func ("/center/sim/bad-options", test_bad_options);
  return g_test_run ();
}
