/* test-feed-restart.c: the centre is killed and comes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "feed-test-util.h"

static void
test_kill_and_restart (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  g_autoptr(GArray) states = NULL;
  guint64 start_sequence, before_kill;

  if (center == NULL)
    return;

  gw_test_center_start (center, "--rate", "1200", "--speed", "300", "--seed", "11",
                        "--seed-cases", "100", NULL);
  feed = gw_test_feed_new (store);
  states = gw_test_record_states (feed);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  start_sequence = gw_case_store_get_sequence (store);
  gw_test_sleep (1500);
  before_kill = gw_case_store_get_sequence (store);
  g_assert_cmpuint (before_kill, >, start_sequence);

  gw_test_center_signal (center, SIGKILL);
  gw_test_wait_state (feed, GW_FEED_STATE_RECONNECTING, 5000);
  gw_test_center_kill (center);
  gw_test_sleep (500);

  /* Same database, same port; quiet, so the two sides can be compared. */
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", NULL);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  g_assert_true (gw_test_states_include (states, GW_FEED_STATE_RECONNECTING,
                                         GW_FEED_STATE_CONNECTED));
  gw_test_assert_converges (feed, center, NULL, 10000);

  g_assert_cmpuint (gw_case_store_get_sequence (store), >=, before_kill);
  g_assert_cmpuint (gw_case_store_get_n_applied (store), ==,
                    gw_case_store_get_sequence (store) - start_sequence);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 0);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 0);
  g_assert_cmpuint (gw_feed_get_n_reconnects (feed), >=, 1);
  g_signal_handlers_disconnect_by_data (feed, states);
  gw_feed_stop (feed);
}

/* The centre comes back with an empty database: the client is ahead of it. */
static void
test_restart_on_new_database (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  g_autofree char *other_db = NULL;

  if (center == NULL)
    return;

  gw_test_center_start (center, "--rate", "1200", "--speed", "300", "--seed", "12",
                        "--seed-cases", "100", NULL);
  feed = gw_test_feed_new (store);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  gw_test_sleep (1000);

  gw_test_center_kill (center);
  other_db = g_build_filename (center->dir, "other.db", NULL);
  g_free (center->db);
  center->db = g_steal_pointer (&other_db);
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", "--seed", "13",
                        "--seed-cases", "5", NULL);

  gw_test_assert_converges (feed, center, NULL, 10000);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 5000);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 1);
  g_assert_nonnull (g_strrstr (gw_feed_get_last_error (feed), "reloading"));
  gw_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  g_test_add_func ("/feed/restart/kill-and-restart", test_kill_and_restart);
  g_test_add_func ("/feed/restart/new-database", test_restart_on_new_database);
  return g_test_run ();
}
