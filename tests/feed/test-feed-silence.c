/* test-feed-silence.c: a centre that stops answering (SIGSTOP) is detected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "feed-test-util.h"

static void
test_silent_centre (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  gint64 stopped_at, noticed_at;

  if (center == NULL)
    return;

  gw_test_center_start (center, "--rate", "600", "--speed", "60", "--seed", "31",
                        "--seed-cases", "50", NULL);
  feed = gw_test_feed_new (store);
  g_object_set (feed, "keepalive-interval", 1, "liveness-timeout", 2500, NULL);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);

  /* Idle but alive: pongs keep the connection up well past the timeout. */
  gw_test_sleep (3500);
  g_assert_cmpint (gw_feed_get_state (feed), ==, GW_FEED_STATE_CONNECTED);
  g_assert_cmpuint (gw_feed_get_n_reconnects (feed), ==, 0);

  gw_test_center_signal (center, SIGSTOP);
  stopped_at = g_get_monotonic_time ();
  gw_test_wait_state (feed, GW_FEED_STATE_RECONNECTING, 6000);
  noticed_at = g_get_monotonic_time ();
  g_test_message ("silence noticed after %" G_GINT64_FORMAT " ms",
                  (noticed_at - stopped_at) / 1000);
  g_assert_cmpint (noticed_at - stopped_at, >=, 1500 * 1000);
  g_assert_nonnull (g_strrstr (gw_feed_get_last_error (feed), "sent nothing"));

  gw_test_sleep (3000);  /* attempts against the stopped centre time out too */
  g_assert_cmpint (gw_feed_get_state (feed), !=, GW_FEED_STATE_CONNECTED);
  gw_test_center_signal (center, SIGCONT);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);

  /* SIGKILL: the centre's clean shutdown after a SIGSTOP has corrupted its
   * database here (reported to its owner); the kill path is what we test anyway. */
  gw_test_center_kill (center);
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", NULL);
  gw_test_assert_converges (feed, center, NULL, 10000);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 0);
  gw_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  g_test_add_func ("/feed/silence/sigstop", test_silent_centre);
  return g_test_run ();
}
