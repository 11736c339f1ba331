/* test-desk.c: the dispatch desk in the real app, against the real reference
 * centre, with real X input under Xvfb: a drag from a queue card to a
 * department tile, the keyboard's "assign to", a lost race, the wall role.
 * Every assignment is checked in the centre's own SQLite database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>
#include <sqlite3.h>

#include "desk-test-util.h"
#include "gw-map-view.h"
#include "gw-outbox.h"
#include "gw-window-private.h"

/* The drag */

/* One run of the app on a fresh centre with one reported case. */
static void
run_on_case (const char     *seed_cases,
             const char     *service_code,
             const char     *priority,
             const char     *token,
             const DeskStep *steps)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  DeskRun run = { 0 };

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", seed_cases, "--test-hooks", NULL);
  run.center = center;
  desk_test_report (&run, service_code, priority);
  desk_test_run (&run, token, steps, 60);
  g_free (run.case_id);
  g_free (run.grid_code);
  g_free (run.department);
  g_free (run.data);
}


static GwDepartmentTile *
first_suggested_tile (DeskRun *run)
{
  GwDepartmentBoard *board = gw_desk_get_board (run->desk);
  GListModel *departments = gw_case_store_get_departments (gw_application_get_store (run->app));

  for (guint i = 0; i < g_list_model_get_n_items (departments); i++)
    {
      g_autoptr(GwDepartment) d = g_list_model_get_item (departments, i);
      GwDepartmentTile *tile = gw_department_board_get_tile (board, gw_department_get_code (d));

      if (tile != NULL && gw_department_tile_get_rank (tile) == 1)
        return tile;
    }
  return NULL;
}

/* Presses at (x, y) and moves past GTK's drag threshold. */
static void
press_and_start_drag (DeskRun *run,
                      int      x,
                      int      y)
{
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);
  g_autofree char *mx1 = g_strdup_printf ("%d", x + 12);
  g_autofree char *my1 = g_strdup_printf ("%d", y + 4);
  g_autofree char *mx2 = g_strdup_printf ("%d", x + 40);
  g_autofree char *my2 = g_strdup_printf ("%d", y + 10);

  run->mark = g_get_monotonic_time ();
  desk_test_xdotool (run, "mousemove", "--window", "%W", sx, sy, "sleep", "0.3",
                     "mousedown", "1", "sleep", "0.2",
                     "mousemove", "--window", "%W", mx1, my1, "sleep", "0.15",
                     "mousemove", "--window", "%W", mx2, my2, "sleep", "0.15", NULL);
}

static gboolean
step_press_on_card (DeskRun *run)
{
  GwCaseCard *card = gw_case_queue_find_card (gw_desk_get_queue (run->desk), run->case_id);
  int x, y;

  if (!desk_test_point (run, GTK_WIDGET (card), 0, 0, &x, &y))
    return FALSE;
  press_and_start_drag (run, x, y);
  return TRUE;
}

/* While the case is dragged its departments are lit. */
static gboolean
step_suggestions_lit (DeskRun *run)
{
  GwDepartmentTile *tile;

  if (!desk_test_input_done (run) || !gw_department_board_get_dragging (gw_desk_get_board (run->desk)))
    return FALSE;
  tile = first_suggested_tile (run);
  g_assert_nonnull (tile);
  g_assert_cmpstr (gw_case_get_id (gw_desk_get_case (run->desk)), ==, run->case_id);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "suggested"));
  g_free (run->department);
  run->department = g_strdup (gw_department_get_code (gw_department_tile_get_department (tile)));
  g_test_message ("dragging, suggested tiles lit; dropping on %s", run->department);
  return TRUE;
}

static gboolean
step_move_to_tile (DeskRun *run)
{
  GwDepartmentTile *tile = gw_department_board_get_tile (gw_desk_get_board (run->desk),
                                                         run->department);
  int x, y;
  g_autofree char *tx = NULL, *ty = NULL, *nx = NULL;

  if (!desk_test_point (run, GTK_WIDGET (tile), 0, 0, &x, &y))
    return FALSE;
  tx = g_strdup_printf ("%d", x);
  ty = g_strdup_printf ("%d", y);
  nx = g_strdup_printf ("%d", x - 30);
  desk_test_xdotool (run, "mousemove", "--window", "%W", nx, ty, "sleep", "0.15",
                     "mousemove", "--window", "%W", tx, ty, "sleep", "0.15", NULL);
  return TRUE;
}

/* X drag and drop is a conversation: release only once the tile took the drag. */
static gboolean
step_release_on_tile (DeskRun *run)
{
  GwDepartmentTile *tile = gw_department_board_get_tile (gw_desk_get_board (run->desk),
                                                         run->department);
  int x, y;
  g_autofree char *tx = NULL, *ty = NULL;

  if (!desk_test_input_done (run) || !gtk_widget_has_css_class (GTK_WIDGET (tile), "drop-hover"))
    return FALSE;
  desk_test_snapshot (run->data != NULL ? "map-drag" : "queue-drag");
  desk_test_point (run, GTK_WIDGET (tile), 4, 2, &x, &y);
  tx = g_strdup_printf ("%d", x);
  ty = g_strdup_printf ("%d", y);
  desk_test_xdotool (run, "mousemove", "--window", "%W", tx, ty, "sleep", "0.2", "mouseup", "1",
                     NULL);
  return TRUE;
}

static gboolean
step_form_open (DeskRun *run)
{
  GtkWidget *form;

  if (!desk_test_input_done (run) || (form = gw_desk_get_open_form (run->desk)) == NULL
      || !gtk_widget_get_mapped (form))
    return FALSE;
  g_assert_cmpstr (gw_department_get_code (gw_assign_form_get_department (GW_ASSIGN_FORM (form))),
                   ==,
                   run->department);
  return TRUE;
}

static gboolean
step_type_note_and_enter (DeskRun *run)
{
  /* xdotool's type takes every argument after it as text: Enter is the next step. */
  desk_test_xdotool (run, "windowfocus", "--sync", "%W", "type", "--delay", "20",
                     "urgent: blocked lane", NULL);
  return TRUE;
}

static gboolean
step_enter (DeskRun *run)
{
  if (!desk_test_input_done (run))
    return FALSE;
  desk_test_snapshot ("drop-confirmation");
  desk_test_xdotool (run, "windowfocus", "--sync", "%W", "key", "Return", NULL);
  return TRUE;
}

static gboolean
step_card_pending_or_assigned (DeskRun *run)
{
  GwCase *c = gw_case_store_lookup (gw_application_get_store (run->app), run->case_id);

  if (!desk_test_input_done (run))
    return FALSE;
  /* Pending from the Enter until the centre's event. */
  return gw_case_get_step (c) == GW_STEP_ASSIGNED;
}

static gboolean
step_check_database (DeskRun *run)
{
  g_autofree char *agency = desk_test_db_case (run, "agency");
  g_autofree char *step = desk_test_db_case (run, "status_detail");
  g_autofree char *json = desk_test_db_case (run, "json");
  GwCaseCard *card = gw_case_queue_find_card (gw_desk_get_queue (run->desk), run->case_id);

  g_assert_cmpstr (step, ==, "assigned");
  g_assert_cmpstr (agency, ==, run->department);
  g_assert_cmpint (desk_test_db_events (run, "cn.gridwall.case.assigned"), ==, 1);
  g_assert_nonnull (strstr (json, "\"expected_datetime\""));
  /* Assigned: the card has left the waiting queue. */
  g_assert_true (card == NULL || gw_case_card_get_state (card) == GW_CARD_STATE_NONE);
  return TRUE;
}

static void
test_drag_assigns (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_press_on_card, step_suggestions_lit, step_move_to_tile, step_release_on_tile,
    step_form_open,
    step_type_note_and_enter, step_enter, step_card_pending_or_assigned, step_check_database, NULL
  };

  run_on_case ("30", "fire_lane_blocked", "major", TOKEN_DISPATCHER, steps);
}

/* The same drag from the map: the case's marker onto a tile. */

static gboolean
step_map_shows_case (DeskRun *run)
{
  GtkWidget *map = gw_window_get_map_view (GW_WINDOW (run->window));
  GwCase *c = gw_case_store_lookup (gw_application_get_store (run->app), run->case_id);
  double x, y;
  g_autoptr(GwCase) drawn = NULL;

  g_assert_nonnull (map);
  if (!gw_map_view_is_settled (GW_MAP_VIEW (map)) || !gtk_widget_get_mapped (map))
    return FALSE;
  gw_map_view_project (GW_MAP_VIEW (map), gw_case_get_long (c), gw_case_get_lat (c), &x, &y);
  drawn = gw_map_view_case_at (GW_MAP_VIEW (map), x, y);
  if (drawn == NULL)
    return FALSE;
  g_assert_cmpstr (gw_case_get_id (drawn), ==, run->case_id);
  /* Offsets from the map's centre, the way desk_test_point takes them. */
  run->data = g_strdup_printf ("%.1f %.1f",
                               x - gtk_widget_get_width (map) / 2.0,
                               y - gtk_widget_get_height (map) / 2.0);
  return TRUE;
}

static gboolean
step_press_on_map_case (DeskRun *run)
{
  GtkWidget *map = gw_window_get_map_view (GW_WINDOW (run->window));
  g_auto(GStrv) offsets = g_strsplit (run->data, " ", 2);
  int x, y;

  if (!desk_test_point (run, map, g_ascii_strtod (offsets[0], NULL),
                        g_ascii_strtod (offsets[1], NULL), &x, &y))
    return FALSE;
  press_and_start_drag (run, x, y);
  return TRUE;
}

static gboolean
step_map_not_panned (DeskRun *run)
{
  GtkWidget *map = gw_window_get_map_view (GW_WINDOW (run->window));
  GwCase *c = gw_case_store_lookup (gw_application_get_store (run->app), run->case_id);
  g_auto(GStrv) offsets = g_strsplit (run->data, " ", 2);
  double x, y;

  /* The press on the case started a drag, not a pan: the case stays put. */
  gw_map_view_project (GW_MAP_VIEW (map), gw_case_get_long (c), gw_case_get_lat (c), &x, &y);
  g_assert_cmpfloat (fabs (x - gtk_widget_get_width (map) / 2.0 - g_ascii_strtod (offsets[0], NULL)), <, 2);
  g_assert_cmpfloat (fabs (y - gtk_widget_get_height (map) / 2.0 - g_ascii_strtod (offsets[1], NULL)), <, 2);
  return TRUE;
}

static void
test_map_drag_assigns (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_map_shows_case, step_press_on_map_case, step_suggestions_lit,
    step_map_not_panned, step_move_to_tile, step_release_on_tile, step_form_open,
    step_enter, step_card_pending_or_assigned, step_check_database, NULL
  };

  /* One case alone on the map: a marker, not a cluster. */
  run_on_case ("0", "streetlight_out", "urgent", TOKEN_DISPATCHER, steps);
}

/* A click on the case's marker (no drag) opens it on the desk. */

static gboolean
step_click_map_case (DeskRun *run)
{
  GtkWidget *map = gw_window_get_map_view (GW_WINDOW (run->window));
  g_auto(GStrv) offsets = g_strsplit (run->data, " ", 2);
  g_autofree char *sx = NULL, *sy = NULL;
  int x, y;

  gw_desk_show_case (run->desk, NULL);
  if (!desk_test_point (run, map, g_ascii_strtod (offsets[0], NULL),
                        g_ascii_strtod (offsets[1], NULL), &x, &y))
    return FALSE;
  sx = g_strdup_printf ("%d", x);
  sy = g_strdup_printf ("%d", y);
  desk_test_xdotool (run, "mousemove", "--window", "%W", sx, sy, "sleep", "0.3", "click", "1", NULL);
  return TRUE;
}

static gboolean
step_case_opened (DeskRun *run)
{
  GwCase *shown = gw_desk_get_case (run->desk);

  if (!desk_test_input_done (run) || shown == NULL)
    return FALSE;
  g_assert_cmpstr (gw_case_get_id (shown), ==, run->case_id);
  g_assert_false (gw_department_board_get_dragging (gw_desk_get_board (run->desk)));
  return TRUE;
}

static void
test_map_click_opens_case (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_map_shows_case, step_click_map_case, step_case_opened, NULL
  };

  run_on_case ("0", "streetlight_out", "urgent", TOKEN_DISPATCHER, steps);
}

/* A lost race: someone else assigns the case while our confirmation is open. */

static gboolean
step_other_dispatcher_assigns (DeskRun *run)
{
  g_autofree char *other = g_strdup_printf ("%.6s-ga", run->grid_code);
  g_autofree char *json = g_strdup_printf ("{\"department\": \"%s\"}", other);

  g_assert_cmpuint (desk_test_command (run, TOKEN_DISPATCHER_2, run->case_id, "assign", json), ==,
                    200);
  run->data = g_steal_pointer (&other);
  return TRUE;
}

static gboolean
step_press_enter (DeskRun *run)
{
  desk_test_xdotool (run, "windowfocus", "--sync", "%W", "key", "Return", NULL);
  return TRUE;
}

static gboolean
step_shows_who_won (DeskRun *run)
{
  const char *toast = gw_desk_get_last_toast (run->desk);
  g_autofree char *agency = NULL;

  if (!desk_test_input_done (run) || toast == NULL)
    return FALSE;
  g_test_message ("toast: %s", toast);
  desk_test_snapshot ("lost-race");
  g_assert_nonnull (strstr (toast, "调度员 王强"));
  g_assert_nonnull (strstr (toast, "assigned it to"));
  agency = desk_test_db_case (run, "agency");
  g_assert_cmpstr (agency, ==, run->data);
  g_assert_cmpint (desk_test_db_events (run, "cn.gridwall.case.assigned"), ==, 1);
  return TRUE;
}

static void
test_conflict_shows_who_won (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_press_on_card, step_suggestions_lit, step_move_to_tile, step_release_on_tile,
    step_form_open,
    step_other_dispatcher_assigns, step_press_enter, step_shows_who_won, NULL
  };

  run_on_case ("0", "illegal_parking", "urgent", TOKEN_DISPATCHER, steps);
}

/* The keyboard: select, Ctrl+Enter, type-ahead, Enter, Enter. */

static gboolean
step_select_case (DeskRun *run)
{
  GwCaseQueue *queue = gw_desk_get_queue (run->desk);
  GwCase *c = gw_case_store_lookup (gw_application_get_store (run->app), run->case_id);

  g_assert_true (gw_case_queue_select (queue, c));
  gw_case_queue_focus_list (queue);
  g_free (run->department);
  run->department = g_strdup_printf ("%.6s-cg", run->grid_code);
  desk_test_xdotool (run, "windowfocus", "--sync", "%W", "key", "ctrl+Return", NULL);
  return TRUE;
}

static gboolean
step_dialog_open (DeskRun *run)
{
  GtkWindow *dialog = gw_desk_get_dialog (run->desk);

  if (!desk_test_input_done (run) || dialog == NULL || !gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    return FALSE;
  desk_test_xdotool (run, "windowfocus", "--sync", "%T", "type", "--delay", "30", run->department,
                     NULL);
  return TRUE;
}

/* One match left: Enter picks it, and the confirmation opens. */
static gboolean
step_pick_department (DeskRun *run)
{
  if (!desk_test_input_done (run))
    return FALSE;
  desk_test_snapshot ("assign-to");
  desk_test_xdotool (run, "windowfocus", "--sync", "%T", "key", "Return", NULL);
  return TRUE;
}

static gboolean
step_confirm_in_dialog (DeskRun *run)
{
  GtkWindow *dialog = gw_desk_get_dialog (run->desk);
  GtkWidget *form;

  if (!desk_test_input_done (run) || dialog == NULL)
    return FALSE;
  form = gtk_window_get_focus (dialog);
  if (form == NULL || gtk_widget_get_ancestor (form, GW_TYPE_ASSIGN_FORM) == NULL)
    return FALSE;
  desk_test_xdotool (run, "windowfocus", "--sync", "%T", "key", "Return", NULL);
  return TRUE;
}

static gboolean
step_assigned_by_keyboard (DeskRun *run)
{
  GwCase *c = gw_case_store_lookup (gw_application_get_store (run->app), run->case_id);
  g_autofree char *agency = NULL;

  if (!desk_test_input_done (run) || gw_case_get_step (c) != GW_STEP_ASSIGNED)
    return FALSE;
  agency = desk_test_db_case (run, "agency");
  g_assert_cmpstr (agency, ==, run->department);
  g_assert_cmpstr (gw_case_get_agency (c), ==, run->department);
  g_assert_null (gw_desk_get_dialog (run->desk));
  return TRUE;
}

static void
test_keyboard_assigns (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_select_case, step_dialog_open, step_pick_department, step_confirm_in_dialog,
    step_assigned_by_keyboard, NULL
  };

  run_on_case ("0", "streetlight_out", "normal", TOKEN_DISPATCHER, steps);
}

/* The feed moves to another user while running: the desk's commands go into
 * that user's outbox and the centre records that user's assignment. */

static gboolean
step_switch_user (DeskRun *run)
{
  GwFeed *feed = gw_application_get_feed (run->app);

  run->data = g_strdup (gw_feed_get_user_id (feed));
  gw_feed_set_center (feed, run->center->uri, TOKEN_DISPATCHER_2, NULL);
  gw_feed_start (feed);
  return TRUE;
}

static gboolean
step_second_user_connected (DeskRun *run)
{
  GwFeed *feed = gw_application_get_feed (run->app);

  return gw_feed_get_state (feed) == GW_FEED_STATE_CONNECTED
         && g_strcmp0 (gw_feed_get_user_id (feed), run->data) != 0;
}

static int
commands_of_user (DeskRun    *run,
                  const char *user)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open_v2 (run->center->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM idempotency WHERE user = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gboolean
step_assigned_as_second_user (DeskRun *run)
{
  const char *user = gw_feed_get_user_id (gw_application_get_feed (run->app));
  g_autofree char *outbox = gw_outbox_path_for_center (run->center->uri, user);

  g_assert_cmpint (commands_of_user (run, user), ==, 1);
  g_assert_cmpint (commands_of_user (run, run->data), ==, 0);
  g_assert_true (g_file_test (outbox, G_FILE_TEST_EXISTS));
  return TRUE;
}

static void
test_user_switch_moves_outbox (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_switch_user, step_second_user_connected, step_select_case,
    step_dialog_open, step_pick_department, step_confirm_in_dialog, step_assigned_by_keyboard,
    step_assigned_as_second_user, NULL
  };

  run_on_case ("0", "streetlight_out", "normal", TOKEN_DISPATCHER, steps);
}

/* The hourly prune of cases closed a month ago: the desk's timelines of those
 * cases go too. */

static gboolean
step_prune_forgets (DeskRun *run)
{
  GwCaseStore *store = gw_application_get_store (run->app);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 40);
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint pruned;

  g_assert_cmpuint (gw_desk_get_n_recorded (run->desk), ==, n_before);
  /* Forty days on, every case closed by now is past the window. */
  pruned = gw_case_store_prune_closed (store, later);
  g_assert_cmpuint (pruned, >, 0);
  g_assert_cmpuint (gw_desk_get_n_recorded (run->desk), ==, n_before - pruned);
  return TRUE;
}

static void
test_prune_forgets_timelines (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_prune_forgets, NULL
  };

  run_on_case ("40", "streetlight_out", "normal", TOKEN_DISPATCHER, steps);
}

/* A first start without a window manager (this Xvfb has none): the desk still
 * takes the screen, so the map between its columns gets room. */

static gboolean
step_fills_screen (DeskRun *run)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (run->window));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  GtkWidget *map = gw_window_get_map_view (GW_WINDOW (run->window));
  GdkRectangle area;

  gdk_monitor_get_geometry (monitor, &area);
  /* Less the client-side decorations' margins. */
  if (gtk_widget_get_width (GTK_WIDGET (run->window)) < area.width - 32)
    return FALSE;
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (run->window)), >=, area.height - 32);
  g_assert_nonnull (map);
  g_assert_cmpint (gtk_widget_get_width (map), >=, area.width / 3);
  return TRUE;
}

static void
test_first_start_fills_screen (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_fills_screen, NULL
  };

  run_on_case ("0", "streetlight_out", "normal", TOKEN_DISPATCHER, steps);
}

/* The wall role: the same layout without a single dispatch control. */

static gboolean
step_no_controls (DeskRun *run)
{
  GwCase *c = gw_case_store_lookup (gw_application_get_store (run->app), run->case_id);
  GAction *assign = g_action_map_lookup_action (G_ACTION_MAP (gw_desk_get_actions (run->desk)),
                                                "assign");

  if (g_strcmp0 (gw_feed_get_role (gw_application_get_feed (run->app)), "wall") != 0)
    return FALSE;
  gw_desk_show_case (run->desk, c);
  g_assert_false (gw_desk_get_controls (run->desk));
  desk_test_snapshot ("wall-role");
  g_assert_false (g_action_get_enabled (assign));
  return TRUE;
}

static void
test_wall_has_no_controls (void)
{
  static const DeskStep steps[] = {
    desk_step_ready, step_no_controls, NULL
  };

  run_on_case ("0", "streetlight_out", "normal", TOKEN_WALL, steps);
}

int
main (int   argc,
      char *argv[])
{
  desk_test_init (&argc, &argv);

  g_test_add_func ("/dispatch/drag-assigns", test_drag_assigns);
  g_test_add_func ("/dispatch/map-drag-assigns", test_map_drag_assigns);
  g_test_add_func ("/dispatch/map-click-opens-case", test_map_click_opens_case);
  g_test_add_func ("/dispatch/conflict-shows-who-won", test_conflict_shows_who_won);
  g_test_add_func ("/dispatch/keyboard-assigns", test_keyboard_assigns);
  g_test_add_func ("/dispatch/user-switch-moves-outbox", test_user_switch_moves_outbox);
  g_test_add_func ("/dispatch/first-start-fills-screen", test_first_start_fills_screen);
  g_test_add_func ("/dispatch/prune-forgets-timelines", test_prune_forgets_timelines);
  g_test_add_func ("/dispatch/wall-has-no-controls", test_wall_has_no_controls);

  return g_test_run ();
}
