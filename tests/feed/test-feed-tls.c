/* test-feed-tls.c: a centre on https/wss with a private CA made at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "feed-test-util.h"

static gboolean
run (const char *dir,
     const char *command)
{
  g_autofree char *line = g_strdup_printf ("sh -c 'cd \"%s\" && %s'", dir, command);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_command_line_sync (line, NULL, &output, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed: %s %s", command, error ? error->message : "", output);
      return FALSE;
    }
  return TRUE;
}

/* A throwaway CA and a certificate for 127.0.0.1 signed by it. */
static gboolean
make_certificates (const char *dir)
{
  return run (dir, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                   "-nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=Gridwall-Test-CA "
                   "-addext basicConstraints=critical,CA:TRUE "
                   "-addext keyUsage=critical,keyCertSign,cRLSign 2>&1")
         && run (dir, "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                      "-keyout server.key -out server.csr -subj /CN=127.0.0.1 2>&1")
         && run (dir, "printf \"subjectAltName=IP:127.0.0.1,DNS:localhost\\n"
                      "basicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n\" > ext.cnf")
         && run (dir, "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
                      "-CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>&1");
}

static void
test_tls (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwCaseStore) untrusting_store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  g_autoptr(GwFeed) untrusting = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *ca_file = NULL;

  if (center == NULL)
    return;
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_assert_true (make_certificates (center->dir));
  ca_file = g_build_filename (center->dir, "ca.pem", NULL);
  center->tls_cert = g_build_filename (center->dir, "server.pem", NULL);
  center->tls_key = g_build_filename (center->dir, "server.key", NULL);

  gw_test_center_start (center, "--rate", "600", "--speed", "60", "--seed", "41",
                        "--seed-cases", "30", NULL);
  g_assert_true (g_str_has_prefix (center->uri, "https://"));

  feed = gw_test_feed_new (store);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, ca_file);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >=, 30);

  /* Without the CA: a clear TLS failure, for the REST client and the feed. */
  snapshot = gw_test_fetch_snapshot (center->uri, TOKEN_WALL, NULL, &error);
  g_assert_null (snapshot);
  g_assert_error (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TLS);
  g_assert_nonnull (g_strrstr (error->message, "CA file"));

  untrusting = gw_test_feed_new (untrusting_store);
  gw_feed_set_center (untrusting, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (untrusting);
  gw_test_wait_state (untrusting, GW_FEED_STATE_FAILED, 10000);
  g_assert_nonnull (g_strrstr (gw_feed_get_last_error (untrusting), "TLS"));
  g_assert_cmpuint (gw_case_store_get_sequence (untrusting_store), ==, 0);
  gw_feed_stop (untrusting);

  /* The trusting feed goes on over wss. */
  gw_test_center_stop (center);
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", NULL);
  gw_test_assert_converges (feed, center, ca_file, 15000);
  gw_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  g_test_add_func ("/feed/tls/private-ca", test_tls);
  return g_test_run ();
}
