/* test-desk-actions.c: every workflow command of the desk, from its keyboard
 * shortcut in the real app, accepted (the centre's SQLite file holds its event)
 * and refused (another dispatcher acted first: the desk says who did what).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "desk-test-util.h"

typedef enum { PREP_NONE, PREP_ASSIGNED, PREP_RETURNED, PREP_EXTENDED, PREP_RESOLVED } Prep;

typedef struct
{
  const char *action;       /* the desk's action and the centre's command */
  const char *keys;         /* its shortcut */
  const char *service_code;
  Prep        prep;
  const char *note;         /* typed into the question, or NULL */
  gboolean    pick;         /* a department is picked by type-ahead first */
  const char *event;        /* the centre's event when accepted */
} ActionCase;

static const ActionCase cases[] = {
  { "reassign", "ctrl+shift+r", "garbage_overflow", PREP_ASSIGNED, NULL, TRUE, "cn.gridwall.case.reassigned" },
  { "accept-return", "ctrl+shift+a", "road_damage", PREP_RETURNED, NULL, FALSE, "cn.gridwall.case.return_accepted" },
  { "approve-extension", "ctrl+shift+e", "water_outage", PREP_EXTENDED, NULL, FALSE,
    "cn.gridwall.case.extension_approved" },
  { "refuse-extension", "ctrl+shift+x", "sewage_overflow", PREP_EXTENDED, "not justified", FALSE,
    "cn.gridwall.case.extension_refused" },
  { "supervise", "ctrl+shift+d", "tree_hazard", PREP_ASSIGNED, NULL, FALSE, "cn.gridwall.case.supervised" },
  { "escalate", "ctrl+shift+u", "illegal_advertising", PREP_ASSIGNED, "needs the city", FALSE,
    "cn.gridwall.case.escalated" },
  { "close", "ctrl+shift+c", "elevator_fault", PREP_RESOLVED, NULL, FALSE, "cn.gridwall.case.closed" },
  { "merge", "ctrl+shift+m", "river_garbage", PREP_NONE, NULL, FALSE, "cn.gridwall.case.merged" },
};

typedef struct
{
  char     *ids[G_N_ELEMENTS (cases)][2];   /* [case][0 accepted, 1 refused] */
  char     *merge_target;
  guint     index;                          /* case * 2 + variant */
  guint     phase;
} Plan;

static void
prepare (DeskRun          *run,
         const ActionCase *c,
         const char       *id,
         const char       *grid)
{
  g_autofree char *json = g_strdup_printf ("{\"department\": \"%.6s-cg\"}", grid);

  if (c->prep == PREP_NONE)
    return;
  g_assert_cmpuint (desk_test_command (run, TOKEN_DISPATCHER_2, id, "assign", json), ==, 200);
  if (c->prep == PREP_RETURNED)
    desk_test_step (run, id, "returned");
  else if (c->prep == PREP_EXTENDED)
    desk_test_step (run, id, "extended");
  else if (c->prep == PREP_RESOLVED)
    desk_test_step (run, id, "resolved");
}

static void
prepare_all (DeskRun *run,
             Plan    *plan)
{
  run->case_id = desk_test_report_at (run, "streetlight_out", "normal", 28.6829, 115.8940,
                                      &run->grid_code);
  plan->merge_target = desk_test_report_at (run, "river_garbage", "normal", 28.6829, 115.8940,
                                            NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint v = 0; v < 2; v++)
      {
        g_autofree char *grid = NULL;

        plan->ids[i][v] = desk_test_report_at (run, cases[i].service_code, "normal", 28.6829,
                                               115.8940, &grid);
        prepare (run, &cases[i], plan->ids[i][v], grid);
      }
}

static GtkWindow *
open_window (DeskRun *run)
{
  GtkWindow *w = gw_desk_get_dialog (run->desk);

  if (w == NULL)
    w = gw_desk_get_question (run->desk);
  return w != NULL && gtk_widget_get_mapped (GTK_WIDGET (w)) ? w : NULL;
}

static gboolean
phase_press (DeskRun          *run,
             const ActionCase *c,
             const char       *id)
{
  GwCase *kase = gw_case_store_lookup (gw_application_get_store (run->app), id);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (gw_desk_get_actions (run->desk)),
                                                c->action);

  if (open_window (run) != NULL || !desk_test_input_done (run))
    return FALSE;
  gw_desk_show_case (run->desk, kase);
  if (!g_action_get_enabled (action))
    return FALSE;  /* the feed may still be bringing the case's last step */
  desk_test_xdotool (run, "windowfocus", "%W", "key", c->keys, NULL);
  return TRUE;
}

static gboolean
phase_typed (DeskRun          *run,
             const ActionCase *c)
{
  if (!desk_test_input_done (run) || open_window (run) == NULL)
    return FALSE;
  if (c->pick)
    {
      g_autofree char *grid = NULL;
      g_autofree char *target = NULL;

      grid = g_strdup (run->grid_code);
      target = g_strdup_printf ("%.6s-ga", grid);
      desk_test_xdotool (run, "windowfocus", "%T", "type", "--delay", "20", target, NULL);
    }
  else if (c->note != NULL)
    desk_test_xdotool (run, "windowfocus", "%T", "type", "--delay", "20", c->note, NULL);
  return TRUE;
}

static gboolean
phase_picked (DeskRun          *run,
              const ActionCase *c)
{
  GtkWindow *dialog;
  GtkWidget *focus;

  if (!desk_test_input_done (run))
    return FALSE;
  if (!c->pick)
    return TRUE;
  dialog = gw_desk_get_dialog (run->desk);
  focus = dialog ? gtk_window_get_focus (dialog) : NULL;
  if (focus != NULL && gtk_widget_get_ancestor (focus, GW_TYPE_ASSIGN_FORM) != NULL)
    return TRUE;
  if (g_object_get_data (G_OBJECT (dialog), "test-picked") == NULL)
    {
      g_object_set_data (G_OBJECT (dialog), "test-picked", GINT_TO_POINTER (1));
      desk_test_xdotool (run, "windowfocus", "%T", "key", "Return", NULL);
    }
  return FALSE;
}

/* The refused path: another dispatcher merges the case first. */
static gboolean
phase_race (DeskRun    *run,
            Plan       *plan,
            const char *id,
            gboolean    refuse)
{
  g_autofree char *json = NULL;

  if (refuse)
    {
      /* A merge applies to every open case, so it conflicts with every action;
       * a duplicate goes into its own kind, the others into the anchor case. */
      const char *into = strcmp (cases[plan->index / 2].action, "merge") == 0 ? plan->merge_target
                                                                             : run->case_id;

      json = g_strdup_printf ("{\"into\": \"%s\"}", into);
      g_assert_cmpuint (desk_test_command (run, TOKEN_DISPATCHER_2, id, "merge", json), ==, 200);
    }
  desk_test_xdotool (run, "windowfocus", "%T", "key", "Return", NULL);
  return TRUE;
}

static gboolean
phase_outcome (DeskRun          *run,
               const ActionCase *c,
               const char       *id,
               gboolean          refuse)
{
  GwCase *kase = gw_case_store_lookup (gw_application_get_store (run->app), id);
  g_autofree char *version = NULL;
  const char *toast = gw_desk_get_last_toast (run->desk);

  if (!desk_test_input_done (run))
    return FALSE;
  if (refuse)
    {
      if (toast == NULL || strstr (toast, id) == NULL)
        return FALSE;
      g_test_message ("%s refused: %s", c->action, toast);
      g_assert_nonnull (strstr (toast, "调度员 王强"));
      g_assert_nonnull (strstr (toast, "merged it"));
      g_assert_cmpint (desk_test_db_events_of (run, id, c->event), ==,
                       strcmp (c->action, "merge") == 0 ? 1 : 0);
      return TRUE;
    }
  if (desk_test_db_events_of (run, id, c->event) != 1)
    return FALSE;
  version = desk_test_db_case_of (run, id, "version");
  if (gw_case_get_version (kase) != g_ascii_strtoll (version, NULL, 10))
    return FALSE;  /* the feed brings the event */
  g_test_message ("%s accepted: %s", c->action, c->event);
  return TRUE;
}

static gboolean
step_actions (DeskRun *run)
{
  Plan *plan = run->data;
  const ActionCase *c;
  const char *id;
  gboolean refuse, done = FALSE;

  if (plan->index >= 2 * G_N_ELEMENTS (cases))
    return TRUE;
  c = &cases[plan->index / 2];
  refuse = plan->index % 2;
  id = plan->ids[plan->index / 2][refuse];
  switch (plan->phase)
    {
    case 0: done = phase_press (run, c, id); break;
    case 1: done = phase_typed (run, c); break;
    case 2: done = phase_picked (run, c); break;
    case 3: done = phase_race (run, plan, id, refuse); break;
    case 4: done = phase_outcome (run, c, id, refuse); break;
    default: g_assert_not_reached ();
    }
  if (done && ++plan->phase == 5)
    {
      plan->phase = 0;
      plan->index++;
    }
  return FALSE;
}

static void
test_every_action (void)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  static const DeskStep steps[] = { desk_step_ready, step_actions, NULL };
  DeskRun run = { 0 };
  Plan plan = { 0 };

  if (center == NULL)
    return;
  gw_test_center_start (center, "--rate", "0", "--seed-cases", "0", "--test-hooks", NULL);
  run.center = center;
  run.data = &plan;
  prepare_all (&run, &plan);
  desk_test_run (&run, TOKEN_DISPATCHER, steps, 100);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_free (plan.ids[i][0]);
      g_free (plan.ids[i][1]);
    }
  g_free (plan.merge_target);
  g_free (run.case_id);
  g_free (run.grid_code);
}

int
main (int   argc,
      char *argv[])
{
  desk_test_init (&argc, &argv);

  g_test_add_func ("/dispatch/every-action", test_every_action);

  return g_test_run ();
}
