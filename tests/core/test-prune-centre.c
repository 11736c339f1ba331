/* test-prune-centre.c: a running client, pruned, holds what a fresh client gets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference centre's snapshot holds every open case and every case closed
 * in the last 30 days, by its own clock. Ten days cannot pass in a test, so
 * the centre's clock is left alone and its past is moved instead: the centre
 * is stopped, every time of every case in its SQLite database moves ten days
 * back, and it starts again on the same database and port. To the centre it is
 * now ten days later. The client, still subscribed, prunes with its clock ten
 * days ahead, and must then hold exactly the cases and versions of a fresh
 * snapshot.
 */
#include <sqlite3.h>

#include "feed-test-util.h"

#define SHIFT_DAYS 10
#define N_SEEDED   "800"

/* Every time column of a case (microseconds, NULL when absent). */
static void
shift_case_times (const char *db_path,
                  gint64      by_usec)
{
  static const char *columns[] = { "requested", "updated", "expected", "resolved", "closed",
                                   "extension_deadline", "conflict_at" };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE cases SET %s = %s - %" G_GINT64_FORMAT
                                              " WHERE %s IS NOT NULL",
                                              columns[i], columns[i], by_usec, columns[i]);
      char *message = NULL;

      if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
        g_error ("%s: %s", sql, message);
    }
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_close (db);
}

/* Closed cases the client holds that a fresh client would not, once the
 * clock has moved by @shift: those closed before now + shift - 30 days. */
static guint
count_going (GwCaseStore *store,
             GDateTime   *before)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);

      if (!gw_case_is_open (item) && g_date_time_compare (gw_case_get_closed (item), before) < 0)
        n++;
    }
  return n;
}

static void
test_running_equals_fresh (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwFeed) feed = NULL;
  g_autoptr(GDateTime) now = NULL, later = NULL, before = NULL;
  g_autoptr(GwSnapshot) fresh = NULL;
  g_autoptr(GError) error = NULL;
  guint going, held;

  if (center == NULL)
    return;

  gw_test_center_start (center, "--rate", "0", "--seed", "5", "--seed-cases", N_SEEDED, NULL);
  feed = gw_test_feed_new (store);
  gw_feed_set_center (feed, center->uri, TOKEN_WALL, NULL);
  gw_feed_start (feed);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);

  now = g_date_time_new_now_utc ();
  later = g_date_time_add_days (now, SHIFT_DAYS);
  before = g_date_time_add (later, -GW_CASE_STORE_CLOSED_KEPT);
  going = count_going (store, before);
  /* Seeded over 30 days: about a third of the closed ones are 20 to 30 days old. */
  g_assert_cmpuint (going, >, 20);

  gw_test_center_stop (center);
  shift_case_times (center->db, (gint64) SHIFT_DAYS * G_TIME_SPAN_DAY);
  /* Quiet from now on, so that the two sides can be compared. */
  gw_test_center_start (center, "--rate", "0", "--speed", "0.0001", NULL);
  gw_test_wait_state (feed, GW_FEED_STATE_CONNECTED, 10000);

  /* Before the prune the client holds more than a fresh one would. */
  fresh = gw_test_fetch_snapshot (center->uri, TOKEN_WALL, NULL, &error);
  g_assert_no_error (error);
  held = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (held, ==, gw_snapshot_get_cases (fresh)->len + going);

  g_assert_cmpuint (gw_case_store_prune_closed (store, before), ==, going);
  gw_test_assert_converges (feed, center, NULL, 15000);
  g_assert_cmpuint (gw_feed_get_n_resyncs (feed), ==, 0);
  g_assert_cmpuint (gw_case_store_get_n_rejected (store), ==, 0);
  gw_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/core/prune/running-equals-fresh", test_running_equals_fresh);

  return g_test_run ();
}
