/* gw-desk.c
 *
 * The desk ties the widgets to the model and the centre. Every command goes
 * through the GwDispatcher (stored in the outbox before it is sent), and a card
 * shows "pending" from the moment the dispatcher confirms until the centre's
 * own event (not the 200) shows the change: the feed is the truth, the reply
 * only says the centre took it. A conflict or refusal stays on the card, in the
 * dispatcher's words, until the case changes or two minutes pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-assign-dialog.h"
#include "gw-assign-form.h"
#include "gw-desk.h"
#include "gw-desk-index.h"
#include "gw-desk-util.h"
#include "gw-dispatch-resources.h"
#include "gw-dispatcher.h"
#include "gw-duplicates.h"
#include "gw-routing.h"

#define N_CO_CANDIDATES 6
#define NOTICE_SECONDS 120
#define MAX_TIMELINE 64
/* Changes in one batch above this are a reload, not steps worth a timeline entry. */
#define MAX_RECORDED_BATCH 256

struct _GwDesk
{
  GObject             parent_instance;

  GwFeed             *feed;
  GwCaseStore        *store;
  GwGridSet          *grids;
  GwDeskIndex        *index;
  guint               index_timeout_id;
  gint64              index_built_at;
  gint64              index_cost;
  GwRouting          *routing;
  GwDuplicates       *duplicates;
  GwOutbox           *outbox;
  GwDispatcher       *dispatcher;
  GwCenterClient     *dispatcher_client;  /* the client the dispatcher sends with */
  char               *outbox_path;
  GHashTable         *notice_timers;  /* GwCommand -> source id */
  GwPhotoCache       *photos;

  GwCaseQueue        *queue;
  GwDepartmentBoard  *board;
  GwCaseDetail       *detail;
  AdwToastOverlay    *toasts;
  char               *last_toast;
  GSimpleActionGroup *actions;
  GtkWindow          *window;        /* weak */

  GwCase             *current;
  GCancellable       *history_cancellable;  /* the current case's history request */
  GPtrArray          *fetched;              /* its history from the centre, or NULL */
  char               *fetched_id;
  GPtrArray          *suggestions;   /* GwSuggestion for current */
  GHashTable         *history;       /* case id -> GPtrArray of GwTimelineEntry */
  GHashTable         *seen;          /* case id -> last version recorded (gint64 *) */
  GtkWidget          *popover;
  GtkWidget          *form;
  GwAssignDialog     *dialog;        /* weak */
  AdwMessageDialog   *question;      /* weak */
  gboolean            controls;
};

G_DEFINE_FINAL_TYPE (GwDesk, gw_desk, G_TYPE_OBJECT)

static void update_actions (GwDesk *self);
static void update_detail (GwDesk *self);

static const char *
department_name (GwDesk     *self,
                 const char *code)
{
  GwDepartment *d = code ? gw_case_store_lookup_department (self->store, code) : NULL;

  return d ? gw_department_get_name (d) : code;
}

/* Commands */

/* The newest command about @case_id still in the dispatcher's model, or NULL. */
static GwCommand *
latest_command (GwDesk     *self,
                const char *case_id)
{
  GListModel *commands;

  if (self->dispatcher == NULL)
    return NULL;
  commands = gw_dispatcher_get_commands (self->dispatcher);
  for (guint i = g_list_model_get_n_items (commands); i > 0; i--)
    {
      g_autoptr(GwCommand) command = g_list_model_get_item (commands, i - 1);

      if (g_strcmp0 (gw_command_get_case_id (command), case_id) == 0)
        return command;  /* the model holds a reference */
    }
  return NULL;
}

/* An applied command is still pending until the store has its event. */
static gboolean
awaits_event (GwDesk    *self,
              GwCommand *command)
{
  return gw_command_get_state (command) == GW_COMMAND_APPLIED
         && gw_command_get_sequence (command) > gw_case_store_get_sequence (self->store);
}

static char *
pending_text (GwDesk    *self,
              GwCommand *command)
{
  const char *label = gw_action_get_label (gw_command_get_action (command));
  const char *department = department_name (self, gw_command_get_department (command));

  if (awaits_event (self, command))
    /* Translators: sent and applied; waiting for the centre's event. "%s": the action */
    return g_strdup_printf (_("%s: waiting for the centre to confirm"), label);
  if (gw_command_get_outcome (command) != NULL && gw_command_get_attempts (command) > 0)
    /* Translators: a command waiting to be sent again; "%s — %s": the action, why */
    return g_strdup_printf (_("%s — %s"), label, gw_command_get_outcome (command));
  if (department != NULL)
    /* Translators: the card's state while a command is on its way: "Assign to 东湖区城市管理局…" */
    return g_strdup_printf (_("%s to %s…"), label, department);
  return g_strdup_printf ("%s…", label);
}

static const char *
conflict_words (const char *action)
{
  static const struct { const char *action; const char *words; } words[] = {
    { "assigned", N_("assigned it") },
    { "reassigned", N_("reassigned it") },
    { "signed", N_("signed for it") },
    { "returned", N_("returned it") },
    { "return_accepted", N_("accepted its return") },
    { "extension_approved", N_("approved its extension") },
    { "extension_refused", N_("refused its extension") },
    { "escalated", N_("escalated it") },
    { "resolved", N_("resolved it") },
    { "reviewed", N_("reviewed it") },
    { "closed", N_("closed it") },
    { "merged", N_("merged it") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].action, action) == 0)
      return _(words[i].words);
  return _("changed it");
}

/* "调度员 王强 assigned it to 东湖区公安分局 at 09:21, before you: case NC…": names,
 * not codes, and the local time, as a dispatcher says it. */
static char *
conflict_text (GwDesk    *self,
               GwCommand *command)
{
  const char *who = gw_command_get_conflict_by_name (command);
  const char *department = gw_command_get_conflict_department (command);
  g_autofree char *when = gw_format_time (gw_command_get_conflict_at (command));

  if (who == NULL)
    who = _("Someone else");
  /* A merged or closed case went nowhere: the department is only the last handler. */
  if (g_strcmp0 (gw_command_get_conflict_action (command), "merged") == 0
      || g_strcmp0 (gw_command_get_conflict_action (command), "closed") == 0)
    department = NULL;
  if (department != NULL)
    /* Translators: a lost race: who, what they did, to which department, when, the case */
    return g_strdup_printf (_("%s %s to %s at %s, before you: case %s"), who,
                            conflict_words (gw_command_get_conflict_action (command)),
                            department_name (self, department), when,
                            gw_command_get_case_id (command));
  /* Translators: a lost race: who, what they did, when, the case */
  return g_strdup_printf (_("%s %s at %s, before you: case %s"), who,
                          conflict_words (gw_command_get_conflict_action (command)), when,
                          gw_command_get_case_id (command));
}

static GwCardState
command_card_state (GwDesk     *self,
                    GwCommand  *command,
                    char      **text)
{
  switch (gw_command_get_state (command))
    {
    case GW_COMMAND_QUEUED:
    case GW_COMMAND_SENDING:
    case GW_COMMAND_STALE:
      *text = pending_text (self, command);
      return GW_CARD_STATE_PENDING;
    case GW_COMMAND_APPLIED:
      if (!awaits_event (self, command))
        return GW_CARD_STATE_NONE;
      *text = pending_text (self, command);
      return GW_CARD_STATE_PENDING;
    case GW_COMMAND_CONFLICT:
      *text = conflict_text (self, command);
      return GW_CARD_STATE_CONFLICT;
    case GW_COMMAND_REJECTED:
    default:
      *text = g_strdup (gw_command_get_outcome (command));
      return GW_CARD_STATE_REJECTED;
    }
}

static GwCardState
case_state (GwDesk      *self,
            const char  *case_id,
            char       **text)
{
  GwCommand *command = latest_command (self, case_id);

  *text = NULL;
  return command ? command_card_state (self, command, text) : GW_CARD_STATE_NONE;
}

static GwCardState
card_state (GwCase      *gw_case,
            const char **text,
            gboolean    *duplicate,
            gpointer     user_data)
{
  GwDesk *self = user_data;
  g_autofree char *owned = NULL;
  GwCardState state = case_state (self, gw_case_get_id (gw_case), &owned);

  *duplicate = gw_duplicates_is_likely (self->duplicates, gw_case);
  /* The card copies the text at once. */
  g_object_set_data_full (G_OBJECT (gw_case), "gw-desk-state-text", g_steal_pointer (&owned),
                          g_free);
  *text = g_object_get_data (G_OBJECT (gw_case), "gw-desk-state-text");
  return state;
}

static void
refresh_case_state (GwDesk     *self,
                    const char *case_id)
{
  g_autofree char *text = NULL;
  GwCardState state;

  gw_case_queue_refresh_case (self->queue, case_id);
  if (self->current == NULL || g_strcmp0 (gw_case_get_id (self->current), case_id) != 0)
    return;
  state = case_state (self, case_id, &text);
  gw_case_detail_set_notice (self->detail, text,
                             state == GW_CARD_STATE_CONFLICT || state == GW_CARD_STATE_REJECTED);
}

static void
toast (GwDesk     *self,
       const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toasts, t);
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  g_message ("desk: %s", text);
}

static void
dismiss (GwDesk    *self,
         GwCommand *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = g_strdup (gw_command_get_case_id (command));

  g_hash_table_remove (self->notice_timers, command);
  if (!gw_dispatcher_dismiss (self->dispatcher, command, &error))
    g_warning ("desk: cannot dismiss a command of case %s: %s", case_id, error->message);
  refresh_case_state (self, case_id);
}

typedef struct
{
  GwDesk    *desk;
  GwCommand *command;
} Notice;

static gboolean
on_notice_expired (gpointer user_data)
{
  Notice *notice = user_data;

  /* The timer's own entry goes with dismiss (), which removes this source's id first. */
  g_hash_table_steal (notice->desk->notice_timers, notice->command);
  dismiss (notice->desk, notice->command);
  return G_SOURCE_REMOVE;
}

static void
notice_free (Notice *notice)
{
  g_object_unref (notice->command);
  g_free (notice);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
expire_later (GwDesk    *self,
              GwCommand *command)
{
  Notice *notice;
  guint id;

  if (g_hash_table_contains (self->notice_timers, command))
    return;
  notice = g_new0 (Notice, 1);
  notice->desk = self;
  notice->command = g_object_ref (command);
  id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, NOTICE_SECONDS, on_notice_expired, notice,
                                   (GDestroyNotify) notice_free);
  g_hash_table_insert (self->notice_timers, g_object_ref (command), GUINT_TO_POINTER (id));
}

static void
on_command_changed (GwDesk    *self,
                    GwCommand *command)
{
  GwCommandState state = gw_command_get_state (command);
  GwCase *held = gw_case_store_lookup (self->store, gw_command_get_case_id (command));

  if ((state == GW_COMMAND_CONFLICT || state == GW_COMMAND_REJECTED)
      && !g_object_get_data (G_OBJECT (command), "gw-desk-told"))
    {
      g_autofree char *text = state == GW_COMMAND_CONFLICT ? conflict_text (self, command)
                                                           : g_strdup (gw_command_get_outcome (command));

      g_object_set_data (G_OBJECT (command), "gw-desk-told", GINT_TO_POINTER (1));
      toast (self, text);
      expire_later (self, command);
    }
  else if (state == GW_COMMAND_STALE && held != NULL
           && !g_object_get_data (G_OBJECT (command), "gw-desk-retried"))
    {
      /* Only a note or an update came in between: nothing conflicts, send again once. */
      g_object_set_data (G_OBJECT (command), "gw-desk-retried", GINT_TO_POINTER (1));
      gw_dispatcher_retry (self->dispatcher, command, gw_case_get_version (held), NULL);
    }
  refresh_case_state (self, gw_command_get_case_id (command));
}

/* The dispatcher's commands, held: the model changes as they are dismissed. */
static GPtrArray *
hold_commands (GwDesk *self)
{
  GPtrArray *held = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *commands;

  if (self->dispatcher == NULL)
    return held;
  commands = gw_dispatcher_get_commands (self->dispatcher);
  for (guint i = 0; i < g_list_model_get_n_items (commands); i++)
    g_ptr_array_add (held, g_list_model_get_item (commands, i));
  return held;
}

/* The centre's events settle applied commands. */
static void
settle_commands (GwDesk *self)
{
  g_autoptr(GPtrArray) commands = hold_commands (self);

  for (guint i = 0; i < commands->len; i++)
    {
      GwCommand *command = g_ptr_array_index (commands, i);

      if (gw_command_get_state (command) == GW_COMMAND_APPLIED && !awaits_event (self, command))
        dismiss (self, command);
    }
}

/* The outbox belongs to one centre and one user. When the feed moves to another
 * (a new centre or token while running), the old outbox is closed with whatever
 * it still holds, to be sent when that centre and user come back, and the new
 * one's leftovers are sent now. */
static void
drop_dispatcher (GwDesk *self)
{
  g_autoptr(GPtrArray) commands = hold_commands (self);

  if (self->dispatcher == NULL)
    return;
  g_hash_table_remove_all (self->notice_timers);
  g_signal_handlers_disconnect_by_data (self->dispatcher, self);
  g_clear_object (&self->dispatcher);
  g_clear_object (&self->outbox);
  g_clear_object (&self->dispatcher_client);
  g_clear_pointer (&self->outbox_path, g_free);
  /* Their cards are no longer pending here. */
  for (guint i = 0; i < commands->len; i++)
    refresh_case_state (self, gw_command_get_case_id (g_ptr_array_index (commands, i)));
}

static void
ensure_dispatcher (GwDesk *self)
{
  GwCenterClient *client = gw_feed_get_client (self->feed);
  const char *user = gw_feed_get_user_id (self->feed);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (client == NULL || user == NULL)
    return;
  path = gw_outbox_path_for_center (gw_center_client_get_base_uri (client), user);
  if (self->dispatcher != NULL && client == self->dispatcher_client
      && g_strcmp0 (path, self->outbox_path) == 0)
    return;
  if (self->dispatcher != NULL)
    g_message ("desk: the feed moved to another centre or user; outbox now %s", path);
  drop_dispatcher (self);
  self->outbox = gw_outbox_new (path, &error);
  if (self->outbox == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Commands cannot be kept safe: %s"),
                                               error->message);

      toast (self, text);
      return;
    }
  self->dispatcher = gw_dispatcher_new (self->outbox, client);
  self->dispatcher_client = g_object_ref (client);
  self->outbox_path = g_steal_pointer (&path);
  g_signal_connect_object (self->dispatcher, "command-changed",
                           G_CALLBACK (on_command_changed), self, G_CONNECT_SWAPPED);
  /* Whatever an earlier run left in the outbox is sent now. */
  if (!gw_dispatcher_start (self->dispatcher, &error))
    toast (self, error->message);
}

static void
submit (GwDesk              *self,
        GwCase              *gw_case,
        gint64               version,
        GwAction             action,
        const GwCommandArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCommand) command = NULL;
  GwCommand *previous;

  ensure_dispatcher (self);
  if (self->dispatcher == NULL)
    {
      toast (self, _("Not connected to a centre yet: the command was not sent"));
      return;
    }
  /* A new command replaces the notice of a finished one. */
  previous = latest_command (self, gw_case_get_id (gw_case));
  if (previous != NULL && gw_command_state_is_final (gw_command_get_state (previous)))
    dismiss (self, previous);
  command = gw_dispatcher_submit (self->dispatcher, gw_case_get_id (gw_case), version, action,
                                  args, &error);
  if (command == NULL)
    {
      /* Translators: the outbox could not store a command (disk full, say) */
      g_autofree char *text = g_strdup_printf (_("The command was not stored, so it was not sent: %s"),
                                               error->message);

      toast (self, text);
      return;
    }
  refresh_case_state (self, gw_case_get_id (gw_case));
}

static void
submit_form (GwDesk       *self,
             GwAssignForm *form,
             GwAction      action)
{
  g_autoptr(GDateTime) deadline = gw_assign_form_dup_deadline (form);
  g_auto(GStrv) co = gw_assign_form_dup_co_codes (form);
  const char *note = gw_assign_form_get_note (form);
  GwCommandArgs args = { 0 };

  args.department = gw_department_get_code (gw_assign_form_get_department (form));
  args.deadline = deadline;
  args.note = note && *note ? note : NULL;
  args.co_departments = co && co[0] ? (const char * const *) co : NULL;
  submit (self, gw_assign_form_get_case (form), gw_assign_form_get_version (form), action, &args);
}

/* Suggestions and the current case */

static const char *
area_name (GwDesk     *self,
           const char *area)
{
  const GwGridFeature *feature = self->grids ? gw_grid_set_lookup (self->grids, area) : NULL;

  return feature ? feature->name : strlen (area) <= 4 ? _("whole city") : area;
}

/* The routing's answer in the dispatcher's words: the type's own kind (lit),
 * then a few covering departments of other kinds (co-handling candidates). */
static GPtrArray *
make_suggestions (GwDesk *self,
                  GwCase *gw_case)
{
  g_autoptr(GArray) routes = gw_routing_suggest_for_case (self->routing, gw_case, 0);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_suggestion_free);
  guint n_others = 0;

  for (guint i = 0; i < routes->len; i++)
    {
      GwRouteSuggestion *r = &g_array_index (routes, GwRouteSuggestion, i);
      const char *place = area_name (self, gw_department_get_area (r->department));
      gboolean lit = r->match == GW_ROUTE_KIND_AND_AREA;
      char *reason;

      if (!lit && n_others++ >= N_CO_CANDIDATES)
        continue;
      if (lit)
        /* Translators: why a department is suggested: it handles this type here.
         * "%s · %s": the case type, the department's area */
        reason = g_strdup_printf (_("Handles %s · %s"), gw_case_get_service_name (gw_case), place);
      else
        /* Translators: a co-handling candidate: it covers the place. "%s": its area */
        reason = g_strdup_printf (_("Covers %s"), place);
      g_ptr_array_add (out, gw_suggestion_new (r->department, reason, lit));
    }
  return out;
}

static void
suggest (GwDesk *self,
         GwCase *gw_case)
{
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (gw_case != NULL)
    self->suggestions = make_suggestions (self, gw_case);
  gw_department_board_set_case (self->board, gw_case);
  gw_department_board_set_suggestions (self->board, self->suggestions);
}

static GTimeSpan
default_deadline (GwDesk *self,
                  GwCase *gw_case)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = gw_routing_default_deadline (self->routing, gw_case, now);

  return g_date_time_difference (deadline, now);
}

static GPtrArray *
timeline_for (GwDesk *self,
              GwCase *gw_case)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_timeline_entry_free);
  GPtrArray *seen = g_hash_table_lookup (self->history, gw_case_get_id (gw_case));
  const char *agency = gw_case_get_agency (gw_case);

  if (self->fetched != NULL && g_strcmp0 (self->fetched_id, gw_case_get_id (gw_case)) == 0)
    {
      for (guint i = 0; i < self->fetched->len; i++)
        {
          GwTimelineEntry *e = g_ptr_array_index (self->fetched, i);

          g_ptr_array_add (entries, gw_timeline_entry_new (e->time, e->what, e->who, e->detail));
        }
      return entries;
    }

  g_ptr_array_add (entries, gw_timeline_entry_new (gw_case_get_requested (gw_case),
                                                   gw_step_get_label (GW_STEP_REPORTED),
                                                   gw_channel_get_label (gw_case_get_channel (gw_case)),
                                                   NULL));
  for (guint i = 0; seen != NULL && i < seen->len; i++)
    {
      GwTimelineEntry *e = g_ptr_array_index (seen, i);

      g_ptr_array_add (entries, gw_timeline_entry_new (e->time, e->what, e->who, e->detail));
    }
  if ((seen == NULL || seen->len == 0) && gw_case_get_step (gw_case) != GW_STEP_REPORTED)
    /* Before this desk saw it: only where it is now. */
    g_ptr_array_add (entries, gw_timeline_entry_new (gw_case_get_updated (gw_case),
                                                     gw_step_get_label (gw_case_get_step (gw_case)),
                                                     NULL, agency ? department_name (self, agency) : NULL));
  return entries;
}

static void
duplicate_free (GwDuplicate *dup)
{
  g_object_unref (dup->gw_case);
  g_free (dup);
}

static GPtrArray *
duplicates_of (GwDesk *self,
               GwCase *gw_case)
{
  g_autoptr(GPtrArray) found = gw_duplicates_find (self->duplicates, gw_case);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) duplicate_free);

  for (guint i = 0; i < found->len; i++)
    {
      GwCase *other = g_ptr_array_index (found, i);
      GwDuplicate *dup = g_new0 (GwDuplicate, 1);

      dup->gw_case = g_object_ref (other);
      dup->meters = gw_distance_m (gw_case_get_lat (gw_case), gw_case_get_long (gw_case),
                                   gw_case_get_lat (other), gw_case_get_long (other));
      g_ptr_array_add (out, dup);
    }
  return out;
}

/* Words for a step of the history; the workflow's own steps have theirs. */
static const char *
event_label (GwEvent *event)
{
  static const struct { const char *step; const char *label; } labels[] = {
    { "progress", N_("Progress reported") },
    { "supervised", N_("Supervised") },
    { "escalated", N_("Escalated") },
    { "merged", N_("Merged") },
    { "updated", N_("Updated") },
    { "reassigned", N_("Reassigned") },
    { "return_accepted", N_("Return accepted") },
    { "extension_approved", N_("Extension approved") },
    { "extension_refused", N_("Extension refused") },
  };
  const char *name = gw_event_get_step_name (event);
  GwStep step;

  if (gw_step_from_string (name, &step))
    return gw_step_get_label (step);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (name, labels[i].step) == 0)
      return _(labels[i].label);
  return name;
}

static void
on_case_events (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwDesk) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  events = gw_center_client_get_case_events_finish (GW_CENTER_CLIENT (object), result, &error);
  if (events == NULL)
    {
      /* The timeline keeps what this desk saw. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("No history for the case: %s", error->message);
      return;
    }
  if (self->current == NULL)
    return;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_timeline_entry_free);
  for (guint i = 0; i < events->len; i++)
    {
      GwEvent *event = g_ptr_array_index (events, i);
      GwCase *step_case = gw_event_get_kind (event) == GW_EVENT_CASE ? gw_event_get_case (event) : NULL;
      const char *department = gw_event_get_case_department (event);

      if (step_case == NULL || g_strcmp0 (gw_case_get_id (step_case), gw_case_get_id (self->current)) != 0)
        continue;
      g_ptr_array_add (entries, gw_timeline_entry_new (gw_event_get_time (event)
                                                       ? gw_event_get_time (event)
                                                       : gw_case_get_updated (step_case),
                                                       event_label (event),
                                                       gw_event_get_actor_name (event),
                                                       department ? department_name (self, department)
                                                                  : gw_event_get_note (event)));
    }
  if (entries->len == 0)
    return;
  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  g_free (self->fetched_id);
  self->fetched_id = g_strdup (gw_case_get_id (self->current));
  self->fetched = g_steal_pointer (&entries);
  update_detail (self);
}

/* The whole history (each step, who, when) comes from the centre; until it
 * answers, or if it cannot, the timeline shows what this desk saw. */
static void
request_history (GwDesk *self)
{
  GwCenterClient *client = gw_feed_get_client (self->feed);

  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  if (client == NULL || self->current == NULL)
    return;
  self->history_cancellable = g_cancellable_new ();
  gw_center_client_get_case_events_async (client, gw_case_get_id (self->current),
                                          self->history_cancellable, on_case_events,
                                          g_object_ref (self));
}

static void
update_detail (GwDesk *self)
{
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;

  gw_case_detail_set_case (self->detail, self->current);
  if (self->current == NULL)
    return;
  timeline = timeline_for (self, self->current);
  gw_case_detail_set_timeline (self->detail, timeline);
  duplicates = duplicates_of (self, self->current);
  gw_case_detail_set_duplicates (self->detail, duplicates);
  refresh_case_state (self, gw_case_get_id (self->current));
}

void
gw_desk_show_case (GwDesk *self,
                   GwCase *gw_case)
{
  g_return_if_fail (GW_IS_DESK (self));
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_set_object (&self->current, gw_case);
  if (gw_case != NULL)
    {
      g_signal_connect_swapped (gw_case, "notify::version", G_CALLBACK (update_actions), self);
      g_signal_connect_swapped (gw_case, "notify::version", G_CALLBACK (request_history), self);
    }
  suggest (self, gw_case);
  update_detail (self);
  request_history (self);
  update_actions (self);
}

/* Timeline recording: the protocol has no per-case history call, so the desk
 * keeps each change it sees (one entry per version). */

static void
record (GwDesk *self,
        GwCase *gw_case)
{
  const char *id = gw_case_get_id (gw_case);
  gint64 *last = g_hash_table_lookup (self->seen, id);
  GPtrArray *entries;
  const char *agency = gw_case_get_agency (gw_case);

  if (last != NULL && *last >= gw_case_get_version (gw_case))
    return;
  if (last == NULL)
    {
      last = g_new0 (gint64, 1);
      g_hash_table_insert (self->seen, g_strdup (id), last);
    }
  *last = gw_case_get_version (gw_case);
  entries = g_hash_table_lookup (self->history, id);
  if (entries == NULL)
    {
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_timeline_entry_free);
      g_hash_table_insert (self->history, g_strdup (id), entries);
    }
  if (gw_case_get_step (gw_case) == GW_STEP_REPORTED || entries->len >= MAX_TIMELINE)
    return;
  g_ptr_array_add (entries, gw_timeline_entry_new (gw_case_get_updated (gw_case),
                                                   gw_step_get_label (gw_case_get_step (gw_case)), NULL,
                                                   agency ? department_name (self, agency) : NULL));
}

/* A prune (cases closed a month ago) or a resync took cases out of the store:
 * their timelines go with them, so a desk open for months holds what a fresh
 * one would. */
static void
forget_gone (GwDesk *self)
{
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (gw_case_store_lookup (self->store, id) == NULL)
      {
        g_hash_table_remove (self->history, id);
        g_hash_table_iter_remove (&iter);
      }
}

static void
on_store_items_changed (GwDesk *self,
                        guint   position,
                        guint   removed,
                        guint   added)
{
  if (removed > added)
    forget_gone (self);
  if (added > MAX_RECORDED_BATCH)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      record (self, gw_case);
    }
}

/* The department loads */

static void
rebuild_index (GwDesk *self)
{
  gint64 start = g_get_monotonic_time ();

  gw_desk_index_rebuild (self->index, self->store);
  self->index_built_at = g_get_monotonic_time ();
  self->index_cost = self->index_built_at - start;
  gw_department_board_update_loads (self->board, self->index);
  g_debug ("desk loads counted in %" G_GINT64_FORMAT " us", self->index_cost);
}

static gboolean
on_index_timeout (gpointer user_data)
{
  GwDesk *self = user_data;

  self->index_timeout_id = 0;
  rebuild_index (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (GwDesk *self)
{
  /* At most one count a second, and never more than 5% of the main loop. */
  gint64 wait = MAX (G_USEC_PER_SEC, 20 * self->index_cost);
  gint64 due = self->index_built_at + wait - g_get_monotonic_time ();

  ensure_dispatcher (self);
  settle_commands (self);
  if (self->current != NULL)
    update_detail (self);
  if (self->index_timeout_id != 0)
    return;
  if (due <= 0 || self->index_built_at == 0)
    rebuild_index (self);
  else
    self->index_timeout_id = g_timeout_add ((guint) (due / 1000) + 1, on_index_timeout, self);
}

/* Drop, popover, dialogs */

static GPtrArray *
co_candidates (GwDesk *self)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; self->suggestions != NULL && i < self->suggestions->len && out->len < N_CO_CANDIDATES; i++)
    g_ptr_array_add (out, ((GwSuggestion *) g_ptr_array_index (self->suggestions, i))->department);
  return out;
}

static void
close_popover (GwDesk *self)
{
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static gboolean
unparent_later (gpointer user_data)
{
  GtkWidget *popover = user_data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
on_popover_closed (GwDesk     *self,
                   GtkPopover *popover)
{
  if (self->popover == GTK_WIDGET (popover))
    {
      self->popover = NULL;
      self->form = NULL;
    }
  /* Not from inside its own signal. */
  g_idle_add (unparent_later, g_object_ref (popover));
}

static void
on_form_confirmed (GwDesk       *self,
                   GwAssignForm *form)
{
  g_object_ref (form);
  submit_form (self, form, GW_ACTION_ASSIGN);
  close_popover (self);
  g_object_unref (form);
}

static gboolean
can_assign (GwDesk *self,
            GwCase *gw_case)
{
  return self->controls && gw_case != NULL && gw_desk_case_is_waiting (gw_case);
}

static void
open_popover (GwDesk       *self,
              GwCase       *gw_case,
              GwDepartment *department,
              GtkWidget    *anchor)
{
  g_autoptr(GPtrArray) co = NULL;
  GtkWidget *popover;

  close_popover (self);
  if (!can_assign (self, gw_case))
    {
      /* Translators: a case that is not waiting for assignment was dropped: id, its step */
      g_autofree char *text = g_strdup_printf (_("Case %s is %s: it cannot be assigned now"),
                                               gw_case_get_id (gw_case),
                                               gw_step_get_label (gw_case_get_step (gw_case)));
      toast (self, text);
      return;
    }
  if (gw_case != self->current)
    gw_desk_show_case (self, gw_case);
  co = co_candidates (self);
  self->form = gw_assign_form_new (gw_case, department, co, default_deadline (self, gw_case),
                                   gw_action_get_label (GW_ACTION_ASSIGN));
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), self->form);
  gtk_widget_set_parent (popover, anchor);
  self->popover = popover;
  g_signal_connect_swapped (self->form, "confirmed", G_CALLBACK (on_form_confirmed), self);
  g_signal_connect_swapped (self->form, "cancelled", G_CALLBACK (close_popover), self);
  g_signal_connect_swapped (popover, "closed", G_CALLBACK (on_popover_closed), self);
  gtk_popover_popup (GTK_POPOVER (popover));
  gw_assign_form_focus (GW_ASSIGN_FORM (self->form));
}

static void
on_case_dropped (GwDesk       *self,
                 GwCase       *gw_case,
                 GwDepartment *department,
                 GtkWidget    *tile)
{
  gw_department_board_set_dragging (self->board, FALSE);
  open_popover (self, gw_case, department, tile);
}

static void
on_tile_activated (GwDesk       *self,
                   GwDepartment *department,
                   GtkWidget    *tile)
{
  if (self->current != NULL)
    open_popover (self, self->current, department, tile);
}

static void
on_dialog_confirmed (GwDesk       *self,
                     GwAssignForm *form,
                     gpointer      user_data)
{
  GwAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->dialog), "gw-action"));

  submit_form (self, form, action);
}

static void
open_dialog (GwDesk   *self,
             GwAction  action)
{
  GwAssignDialog *dialog;
  const char *exclude = action == GW_ACTION_REASSIGN ? gw_case_get_agency (self->current) : NULL;

  if (self->current == NULL)
    return;
  dialog = gw_assign_dialog_new (self->window, self->current,
                                 gw_case_store_get_departments (self->store), self->suggestions,
                                 default_deadline (self, self->current),
                                 gw_action_get_label (action),
                                 exclude);
  g_object_set_data (G_OBJECT (dialog), "gw-action", GINT_TO_POINTER (action));
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_dialog_confirmed), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A question with an optional or required note (the other actions). */

typedef struct
{
  GwDesk   *desk;
  GwCase   *gw_case;
  gint64    version;
  GwAction  action;
  GtkEntry *note;
  char     *into;
  char     *department;
} Question;

static void
question_free (gpointer  data,
               GClosure *closure)
{
  Question *q = data;

  g_object_unref (q->gw_case);
  g_free (q->into);
  g_free (q->department);
  g_free (q);
}

static void
on_question_response (AdwMessageDialog *dialog,
                      const char       *response,
                      Question         *q)
{
  GwCommandArgs args = { 0 };
  const char *note = gtk_editable_get_text (GTK_EDITABLE (q->note));

  if (g_strcmp0 (response, "do") != 0)
    return;
  args.note = note && *note ? note : NULL;
  args.into = q->into;
  args.department = q->department;
  args.verified = q->action == GW_ACTION_CLOSE;
  submit (q->desk, q->gw_case, q->version, q->action, &args);
}

static void
on_note_changed (AdwMessageDialog *dialog,
                 GParamSpec       *pspec,
                 GtkEntry         *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  adw_message_dialog_set_response_enabled (dialog, "do", *stripped != '\0');
}

static void
ask (GwDesk     *self,
     GwAction    action,
     const char *body,
     gboolean    note_required,
     const char *into,
     const char *department)
{
  /* Translators: the question before a command: "Supervise case NC…?" */
  g_autofree char *heading = g_strdup_printf (_("%s case %s?"), gw_action_get_label (action),
                                              gw_case_get_id (self->current));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->window, heading, body));
  GtkWidget *note = gtk_entry_new ();
  Question *q = g_new0 (Question, 1);

  q->desk = self;
  q->gw_case = g_object_ref (self->current);
  q->version = gw_case_get_version (self->current);
  q->action = action;
  q->note = GTK_ENTRY (note);
  q->into = g_strdup (into);
  q->department = g_strdup (department);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note),
                                  note_required ? _("Reason (required)") : _("Note (optional)"));
  gtk_entry_set_max_length (GTK_ENTRY (note), 1000);
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, note);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "do",
                                    gw_action_get_label (action), NULL);
  adw_message_dialog_set_response_appearance (dialog, "do", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "do");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (note_required)
    {
      adw_message_dialog_set_response_enabled (dialog, "do", FALSE);
      g_signal_connect_object (note, "notify::text", G_CALLBACK (on_note_changed), dialog,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_question_response), q, question_free,
                         0);
  g_set_weak_pointer (&self->question, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (note);
}

/* Queue and drag */

static void
on_queue_selection (GwDesk *self,
                    GwCase *gw_case)
{
  /* Keep showing a case that left the queue (just assigned, say). */
  if (gw_case != NULL && gw_case != self->current)
    gw_desk_show_case (self, gw_case);
}

static void
on_drag_begin (GwDesk *self,
               GwCase *gw_case)
{
  if (gw_case != self->current)
    gw_desk_show_case (self, gw_case);
  gw_department_board_set_dragging (self->board, TRUE);
}

static void
on_drag_end (GwDesk *self)
{
  gw_department_board_set_dragging (self->board, FALSE);
}

static void
on_drag_hover (GwDesk *self,
               GwCase *gw_case)
{
  /* A case dragged in from elsewhere (the map): light up its departments. */
  gw_desk_show_case (self, gw_case);
  gw_department_board_set_dragging (self->board, TRUE);
}

/**
 * gw_desk_can_assign:
 * @self: a #GwDesk
 * @gw_case: a case
 *
 * Returns: whether this desk may assign @gw_case now (a dispatcher's desk and a
 * case waiting for assignment)
 */
gboolean
gw_desk_can_assign (GwDesk *self,
                    GwCase *gw_case)
{
  g_return_val_if_fail (GW_IS_DESK (self), FALSE);
  return can_assign (self, gw_case);
}

/**
 * gw_desk_begin_drag:
 * @self: a #GwDesk
 * @gw_case: the case dragged from outside the queue (the map)
 * @drag: the drag
 *
 * A drag from another widget carries @gw_case: the desk shows it, lights its
 * suggested departments and gives the drag the case's card as its icon, as a
 * drag from the queue does. Returns %FALSE when this desk may not assign the
 * case (the wall role, a case not waiting): the caller then refuses the drag.
 */
gboolean
gw_desk_begin_drag (GwDesk  *self,
                    GwCase  *gw_case,
                    GdkDrag *drag)
{
  const GwGridFeature *grid;

  g_return_val_if_fail (GW_IS_DESK (self), FALSE);
  g_return_val_if_fail (GW_IS_CASE (gw_case), FALSE);

  if (!can_assign (self, gw_case))
    return FALSE;
  grid = self->grids ? gw_grid_set_lookup (self->grids, gw_case_get_grid_code (gw_case)) : NULL;
  gw_case_card_set_drag_icon (drag, gw_case, grid ? grid->name : NULL,
                              gtk_widget_get_width (GTK_WIDGET (self->queue)));
  on_drag_begin (self, gw_case);
  return TRUE;
}

/**
 * gw_desk_end_drag:
 * @self: a #GwDesk
 *
 * The drag begun with gw_desk_begin_drag() ended (dropped or not).
 */
void
gw_desk_end_drag (GwDesk *self)
{
  g_return_if_fail (GW_IS_DESK (self));
  on_drag_end (self);
}

static void
on_queue_activate (GwDesk *self,
                   GwCase *gw_case)
{
  gw_desk_show_case (self, gw_case);
  if (can_assign (self, gw_case))
    open_dialog (self, GW_ACTION_ASSIGN);
}

/* Actions: each one applies to the cases the centre accepts it for. */

static gboolean
is_handled (GwCase *c)
{
  GwStep s = gw_case_get_step (c);

  return gw_case_is_open (c)
         && (s == GW_STEP_ASSIGNED || s == GW_STEP_SIGNED || s == GW_STEP_IN_PROGRESS || s == GW_STEP_EXTENDED);
}

static gboolean
applies (GwDesk   *self,
         GwAction  action)
{
  GwCase *c = self->current;

  if (!self->controls || c == NULL || !gw_case_is_open (c))
    return FALSE;
  switch (action)
    {
    case GW_ACTION_ASSIGN: return gw_desk_case_is_waiting (c);
    case GW_ACTION_REASSIGN: return is_handled (c);
    case GW_ACTION_ACCEPT_RETURN: return gw_case_get_step (c) == GW_STEP_RETURNED;
    case GW_ACTION_APPROVE_EXTENSION:
    case GW_ACTION_REFUSE_EXTENSION: return gw_case_get_step (c) == GW_STEP_EXTENDED;
    case GW_ACTION_SUPERVISE: return is_handled (c) && !gw_case_get_supervised (c);
    case GW_ACTION_ESCALATE: return is_handled (c);
    case GW_ACTION_CLOSE: return gw_case_get_step (c) == GW_STEP_RESOLVED
                                 || gw_case_get_step (c) == GW_STEP_REVIEWED;
    case GW_ACTION_MERGE: return gw_case_get_step (c) != GW_STEP_CLOSED
                                 && gw_duplicates_is_likely (self->duplicates, c);
    case GW_N_ACTIONS:
    default: return FALSE;
    }
}

static void
run_action (GwDesk   *self,
            GwAction  action)
{
  g_autoptr(GPtrArray) dups = NULL;
  GwDepartment *above;
  g_autofree char *body = NULL;

  if (!applies (self, action))
    return;
  switch (action)
    {
    case GW_ACTION_ASSIGN:
    case GW_ACTION_REASSIGN:
      open_dialog (self, action);
      break;
    case GW_ACTION_ACCEPT_RETURN:
      ask (self, action, _("The case goes back to the queue, to be dispatched again."), FALSE,
           NULL, NULL);
      break;
    case GW_ACTION_APPROVE_EXTENSION:
      ask (self, action, _("The department gets the new deadline it asked for."), FALSE, NULL,
           NULL);
      break;
    case GW_ACTION_REFUSE_EXTENSION:
      ask (self, action, _("The deadline stays. Tell the department why."), TRUE, NULL, NULL);
      break;
    case GW_ACTION_SUPERVISE:
      ask (self, action, _("The department is told to speed up."), FALSE, NULL, NULL);
      break;
    case GW_ACTION_ESCALATE:
      above = gw_case_get_agency (self->current)
              ? gw_routing_level_above (self->routing,
                                        gw_case_store_lookup_department (self->store, gw_case_get_agency (self->current)),
                                        gw_case_get_grid_code (self->current))
              : NULL;
      /* Translators: "%s": the department one level up */
      body = g_strdup_printf (_("The case goes to %s. Say why."),
                              above ? gw_department_get_name (above) : _("the level above"));
      ask (self, action, body, TRUE, NULL, above ? gw_department_get_code (above) : NULL);
      break;
    case GW_ACTION_CLOSE:
      ask (self, action, _("Close it only if you verified the department's result."), FALSE, NULL,
           NULL);
      break;
    case GW_ACTION_MERGE:
      dups = gw_duplicates_find (self->duplicates, self->current);
      /* Translators: "%s": the case this one duplicates */
      body = g_strdup_printf (_("It is closed as a duplicate of %s, the nearest likely duplicate."),
                              gw_case_get_id (g_ptr_array_index (dups, 0)));
      ask (self, action, body, FALSE, gw_case_get_id (g_ptr_array_index (dups, 0)), NULL);
      break;
    case GW_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
act_command (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GwDesk *self = user_data;
  GwAction which;

  if (self->current == NULL)
    gw_desk_show_case (self, gw_case_queue_get_selected (self->queue));
  if (gw_action_from_string (g_action_get_name (G_ACTION (action)), &which))
    run_action (self, which);
}

static void
act_search (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  gw_case_queue_focus_search (GW_DESK (user_data)->queue);
}

static void
act_focus_queue (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gw_case_queue_focus_list (GW_DESK (user_data)->queue);
}

static void
act_focus_board (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gw_department_board_focus (GW_DESK (user_data)->board);
}

/* The command actions are named as the centre names them (gw_action_to_string). */
static const GActionEntry action_entries[] = {
  { "assign", act_command },
  { "reassign", act_command },
  { "accept-return", act_command },
  { "approve-extension", act_command },
  { "refuse-extension", act_command },
  { "supervise", act_command },
  { "escalate", act_command },
  { "close", act_command },
  { "merge", act_command },
  { "search", act_search },
  { "focus-queue", act_focus_queue },
  { "focus-board", act_focus_board },
};

static void
update_actions (GwDesk *self)
{
  for (GwAction a = 0; a < GW_N_ACTIONS; a++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                    gw_action_to_string (a));
      /* Assign also picks the queue's selection when nothing is shown yet. */
      gboolean enabled = a == GW_ACTION_ASSIGN && self->current == NULL ? self->controls : applies (self, a);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

static void
on_role (GwDesk *self)
{
  const char *role = gw_feed_get_role (self->feed);

  /* Until the centre says who we are, offer the controls; the centre refuses
   * a wall's commands anyway (403). */
  self->controls = g_strcmp0 (role, "wall") != 0;
  gw_case_queue_set_draggable (self->queue, self->controls);
  gw_department_board_set_droppable (self->board, self->controls);
  gw_case_detail_set_controls_visible (self->detail, self->controls);
  update_actions (self);
  if (self->controls)
    ensure_dispatcher (self);
}

/* Object */

static void
gw_desk_dispose (GObject *object)
{
  GwDesk *self = GW_DESK (object);

  g_clear_handle_id (&self->index_timeout_id, g_source_remove);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  g_clear_pointer (&self->fetched_id, g_free);
  g_clear_pointer (&self->notice_timers, g_hash_table_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_weak_pointer (&self->dialog);
  g_clear_weak_pointer (&self->question);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->queue);
  g_clear_object (&self->board);
  g_clear_object (&self->detail);
  g_clear_object (&self->toasts);
  g_clear_object (&self->actions);
  g_clear_object (&self->photos);
  g_clear_object (&self->dispatcher);
  g_clear_object (&self->outbox);
  g_clear_object (&self->dispatcher_client);
  g_clear_pointer (&self->outbox_path, g_free);
  g_clear_object (&self->routing);
  g_clear_object (&self->duplicates);
  g_clear_object (&self->feed);
  g_clear_object (&self->store);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  G_OBJECT_CLASS (gw_desk_parent_class)->dispose (object);
}

static void
gw_desk_finalize (GObject *object)
{
  GwDesk *self = GW_DESK (object);

  gw_desk_index_free (self->index);
  g_hash_table_unref (self->history);
  g_hash_table_unref (self->seen);
  g_free (self->last_toast);
  G_OBJECT_CLASS (gw_desk_parent_class)->finalize (object);
}

static void
gw_desk_class_init (GwDeskClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_desk_dispose;
  G_OBJECT_CLASS (klass)->finalize = gw_desk_finalize;
}

static void
gw_desk_init (GwDesk *self)
{
  g_autofree char *photo_dir = g_build_filename (g_get_user_cache_dir (), "gridwall", "photos",
                                                 NULL);

  self->index = gw_desk_index_new ();
  self->notice_timers = g_hash_table_new_full (NULL, NULL, g_object_unref, remove_source);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->photos = gw_photo_cache_new (photo_dir, GW_PHOTO_MAX_BYTES, GW_PHOTO_CACHE_MAX_BYTES);
  self->controls = TRUE;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
}

static void
build_widgets (GwDesk *self)
{
  self->queue = GW_CASE_QUEUE (g_object_ref_sink (gw_case_queue_new (self->store)));
  self->board = GW_DEPARTMENT_BOARD (g_object_ref_sink (gw_department_board_new (self->store)));
  self->detail = GW_CASE_DETAIL (g_object_ref_sink (gw_case_detail_new (self->store, self->photos)));
  self->toasts = ADW_TOAST_OVERLAY (g_object_ref_sink (adw_toast_overlay_new ()));
  gw_case_queue_set_state_func (self->queue, card_state, self);

  g_signal_connect_object (self->queue, "selection-changed", G_CALLBACK (on_queue_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "drag-begin", G_CALLBACK (on_drag_begin), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "drag-end", G_CALLBACK (on_drag_end), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "activate", G_CALLBACK (on_queue_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "case-dropped", G_CALLBACK (on_case_dropped), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "tile-activated", G_CALLBACK (on_tile_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "drag-hover", G_CALLBACK (on_drag_hover), self,
                           G_CONNECT_SWAPPED);
}

static void
load_style (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gw_dispatch_register_resource ();
      gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/dispatch/gw-desk.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}

/**
 * gw_desk_new:
 * @feed: the feed whose store and centre the desk works on
 *
 * Returns: (transfer full): a new desk
 */
GwDesk *
gw_desk_new (GwFeed *feed)
{
  GwDesk *self;

  g_return_val_if_fail (GW_IS_FEED (feed), NULL);
  load_style ();
  self = g_object_new (GW_TYPE_DESK, NULL);
  self->feed = g_object_ref (feed);
  self->store = g_object_ref (gw_feed_get_store (feed));
  self->routing = gw_routing_new (gw_case_store_get_departments (self->store),
                                  gw_case_store_get_case_types (self->store));
  self->duplicates = gw_duplicates_new (G_LIST_MODEL (self->store));
  build_widgets (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feed, "notify::role", G_CALLBACK (on_role), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feed, "notify::user-id", G_CALLBACK (ensure_dispatcher), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feed, "notify::center-code", G_CALLBACK (ensure_dispatcher), self,
                           G_CONNECT_SWAPPED);
  rebuild_index (self);
  on_role (self);
  return self;
}
GwCaseQueue *
gw_desk_get_queue (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->queue;
}

GwDepartmentBoard *
gw_desk_get_board (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->board;
}

GwCaseDetail *
gw_desk_get_detail (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->detail;
}

AdwToastOverlay *
gw_desk_get_toast_overlay (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->toasts;
}

GActionGroup *
gw_desk_get_actions (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

void
gw_desk_set_grids (GwDesk    *self,
                   GwGridSet *grids)
{
  g_return_if_fail (GW_IS_DESK (self));
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids ? gw_grid_set_ref (grids) : NULL;
  gw_case_queue_set_grids (self->queue, grids);
  gw_department_board_set_grids (self->board, grids);
  gw_department_board_update_loads (self->board, self->index);
  gw_case_detail_set_grids (self->detail, grids);
  suggest (self, self->current);
}

GwCase *
gw_desk_get_case (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->current;
}

gboolean
gw_desk_get_controls (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), FALSE);
  return self->controls;
}

guint
gw_desk_get_n_recorded (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), 0);

  return g_hash_table_size (self->seen);
}

const char *
gw_desk_get_last_toast (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->last_toast;
}

GtkWidget *
gw_desk_get_open_form (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->form;
}

GtkWindow *
gw_desk_get_dialog (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->dialog ? GTK_WINDOW (self->dialog) : NULL;
}

GtkWindow *
gw_desk_get_question (GwDesk *self)
{
  g_return_val_if_fail (GW_IS_DESK (self), NULL);
  return self->question ? GTK_WINDOW (self->question) : NULL;
}

GwDesk *
gw_desk_get_for_window (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), "gw-desk");
}

void
gw_desk_attach_to_window (GwDesk    *self,
                          GtkWindow *window)
{
  g_return_if_fail (GW_IS_DESK (self));
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_set_weak_pointer (&self->window, window);
  g_object_set_data_full (G_OBJECT (window), "gw-desk", g_object_ref (self), g_object_unref);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "desk", G_ACTION_GROUP (self->actions));
}
