/* test-feed-drops.c: the centre drops the feed again and again while busy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "feed-test-util.h"

static gboolean
dropped_enough (gpointer data)
{
  return gw_feed_get_n_reconnects (data) >= 5;
}

static void
test_drops_converge (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  guint64 start_sequence;

  if (center == NULL)
    return;

  /* About 100 events a second; every connection is cut after 20 frames. */
  gw_test_center_start (center, "--rate", "3000", "--speed", "600", "--seed", "7",
                        "--seed-cases", "200", "--drop-every", "20", NULL);
  feed = gw_test_feed_new (store);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  start_sequence = gw_case_store_get_sequence (store);
  g_assert_cmpuint (start_sequence, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >=, 200);

  /* Busy for a few seconds, and cut at least five times (the rate varies with load). */
  gw_test_sleep (3000);
  g_assert_true (gw_test_wait_for (dropped_enough, feed, 20000));
  g_test_message ("sequence %" G_GUINT64_FORMAT ", %u reconnects",
                  gw_case_store_get_sequence (store), gw_feed_get_n_reconnects (feed));

  /* Quiet the centre (same database and port) to compare at one sequence. */
  gw_test_center_stop (center);
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", "--drop-every", "20",
                        NULL);
  gw_test_assert_converges (feed, center, NULL, 20000);

  /* Every event after the snapshot applied exactly once, nothing rejected. */
  g_assert_cmpuint (gw_case_store_get_n_applied (store), ==,
                    gw_case_store_get_sequence (store) - start_sequence);
  g_assert_cmpuint (gw_case_store_get_n_duplicates (store), ==, 0);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 0);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 0);
  g_assert_cmpuint (gw_feed_get_recent_rejections (feed)->len, ==, 0);
  g_assert_nonnull (gw_feed_get_last_event_time (feed));
  g_assert_cmpstr (gw_feed_get_role (feed), ==, "wall");
  g_assert_nonnull (gw_feed_get_center_name (feed));
  g_assert_nonnull (gw_feed_get_grids (feed));
  gw_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  g_test_add_func ("/feed/drops/converge", test_drops_converge);
  return g_test_run ();
}
