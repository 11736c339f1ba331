/* test-feed-history.c: the centre prunes its history while the client is away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "feed-test-util.h"

typedef struct
{
  GwTestCenter *center;
  guint64       sequence;
} Ahead;

static gboolean
centre_moved_on (gpointer data)
{
  Ahead *ahead = data;
  g_autoptr(GwSnapshot) snapshot = NULL;

  snapshot = gw_test_fetch_snapshot (ahead->center->uri, TOKEN_WALL, NULL, NULL);
  return snapshot != NULL && gw_snapshot_get_sequence (snapshot) > ahead->sequence;
}

static void
test_history_lost (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  g_autoptr(GArray) states = NULL;
  Ahead ahead;

  if (center == NULL)
    return;

  gw_test_center_start (center, "--rate", "3000", "--speed", "600", "--seed", "21",
                        "--seed-cases", "50", "--history", "40", NULL);
  feed = gw_test_feed_new (store);
  states = gw_test_record_states (feed);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  gw_test_sleep (500);

  /* Away while the centre writes far more than the 40 events it keeps. */
  gw_feed_stop (feed);
  ahead.center = center;
  ahead.sequence = gw_case_store_get_sequence (store) + 200;
  g_assert_true (gw_test_wait_for (centre_moved_on, &ahead, 15000));

  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);
  g_assert_true (gw_test_states_include (states, GW_FEED_STATE_RESYNCING,
                                         GW_FEED_STATE_CONNECTED));
  /* At least one: at 50 reports a second and 40 events kept, the history can
   * move past a fresh snapshot before the feed subscribes after it (seen on a
   * loaded machine), and then the feed rightly resyncs again. */
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), >=, 1);
  g_assert_nonnull (g_strrstr (gw_feed_get_last_error (feed), "no longer holds"));

  gw_test_center_stop (center);
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", "--history", "40", NULL);
  gw_test_assert_converges (feed, center, NULL, 15000);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 0);
  g_signal_handlers_disconnect_by_data (feed, states);
  gw_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  g_test_add_func ("/feed/history/lost", test_history_lost);
  return g_test_run ();
}
