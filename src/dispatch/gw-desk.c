/* gw-desk.c
 *
 * The desk ties the widgets to the model and the centre. A command is shown as
 * pending on its card from the moment it is confirmed until the centre's own
 * event (not the 200) shows the change: the feed is the truth, the reply only
 * says the centre took it. A conflict or refusal stays on the card, in the
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

#define N_SUGGESTIONS 4
#define NOTICE_SECONDS 120
#define MAX_ATTEMPTS 6
#define MAX_TIMELINE 64
/* Changes in one batch above this are a reload, not steps worth a timeline entry. */
#define MAX_RECORDED_BATCH 256

typedef struct
{
  GwDesk       *desk;           /* not owned */
  char         *case_id;
  char         *department;
  char         *department_name;
  char         *key;
  gint64        version;        /* If-Match */
  gint64        applied_version;
  GDateTime    *deadline;
  char         *note;
  char        **co;
  GwCardState   state;
  char         *text;
  guint         attempts;
  guint         timeout_id;
} Pending;

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
  GwPhotoCache       *photos;
  GCancellable       *cancellable;

  GwCaseQueue        *queue;
  GwDepartmentBoard  *board;
  GwCaseDetail       *detail;
  AdwToastOverlay    *toasts;
  char               *last_toast;
  GSimpleActionGroup *actions;
  GtkWindow          *window;        /* weak */

  GwCase             *current;
  GPtrArray          *suggestions;   /* GwSuggestion for current */
  GHashTable         *pending;       /* case id -> Pending */
  GHashTable         *history;       /* case id -> GPtrArray of GwTimelineEntry */
  GHashTable         *seen;          /* case id -> last version recorded (gint64 *) */
  GtkWidget          *popover;
  GtkWidget          *form;
  GwAssignDialog     *dialog;        /* weak */
  gboolean            controls;
};

G_DEFINE_FINAL_TYPE (GwDesk, gw_desk, G_TYPE_OBJECT)

static void send_pending (Pending *p);
static void update_actions (GwDesk *self);

/* Toasts and notices */

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
refresh_case_state (GwDesk     *self,
                    const char *case_id)
{
  Pending *p = g_hash_table_lookup (self->pending, case_id);

  gw_case_queue_refresh_case (self->queue, case_id);
  if (self->current != NULL && g_strcmp0 (gw_case_get_id (self->current), case_id) == 0)
    gw_case_detail_set_notice (self->detail, p ? p->text : NULL,
                               p && (p->state == GW_CARD_STATE_CONFLICT || p->state == GW_CARD_STATE_REJECTED));
}

static GwCardState
card_state (GwCase      *gw_case,
            const char **text,
            gboolean    *duplicate,
            gpointer     user_data)
{
  GwDesk *self = user_data;
  Pending *p = g_hash_table_lookup (self->pending, gw_case_get_id (gw_case));

  *duplicate = gw_desk_index_is_duplicate (self->index, gw_case);
  *text = p ? p->text : NULL;
  return p ? p->state : GW_CARD_STATE_NONE;
}

/* Pending commands */

static void
pending_free (Pending *p)
{
  g_clear_handle_id (&p->timeout_id, g_source_remove);
  g_free (p->case_id);
  g_free (p->department);
  g_free (p->department_name);
  g_free (p->key);
  g_clear_pointer (&p->deadline, g_date_time_unref);
  g_free (p->note);
  g_strfreev (p->co);
  g_free (p->text);
  g_free (p);
}

static void
set_state (Pending     *p,
           GwCardState  state,
           char        *text)
{
  p->state = state;
  g_free (p->text);
  p->text = text;
  refresh_case_state (p->desk, p->case_id);
}

static void
forget (GwDesk     *self,
        const char *case_id)
{
  g_autofree char *id = g_strdup (case_id);

  g_hash_table_remove (self->pending, id);
  refresh_case_state (self, id);
}

static gboolean
on_notice_expired (gpointer user_data)
{
  Pending *p = user_data;

  p->timeout_id = 0;
  forget (p->desk, p->case_id);
  return G_SOURCE_REMOVE;
}

static void
expire_later (Pending *p)
{
  g_clear_handle_id (&p->timeout_id, g_source_remove);
  p->timeout_id = g_timeout_add_seconds (NOTICE_SECONDS, on_notice_expired, p);
}

static gboolean
on_retry (gpointer user_data)
{
  Pending *p = user_data;

  p->timeout_id = 0;
  send_pending (p);
  return G_SOURCE_REMOVE;
}

static const char *
department_name (GwDesk     *self,
                 const char *code)
{
  GwDepartment *d = code ? gw_case_store_lookup_department (self->store, code) : NULL;

  return d ? gw_department_get_name (d) : code ? code : _("another department");
}

static const char *
action_words (const char *action)
{
  if (g_strcmp0 (action, "assigned") == 0)
    return _("assigned it");
  if (g_strcmp0 (action, "closed") == 0)
    return _("closed it");
  if (g_strcmp0 (action, "merged") == 0)
    return _("merged it into another case");
  if (g_strcmp0 (action, "reassigned") == 0)
    return _("reassigned it");
  return action ? action : _("changed it");
}

static char *
conflict_text (GwDesk         *self,
               Pending        *p,
               GwAssignResult *result)
{
  const char *who = gw_assign_result_get_by_name (result);
  g_autofree char *when = gw_desk_format_time (gw_assign_result_get_at (result));
  const char *dept = gw_assign_result_get_department (result);

  if (dept != NULL)
    /* Translators: a lost race: "调度员 王强 assigned it to 东湖区城市管理局 at 14:03 — case NC…" */
    return g_strdup_printf (_("%s %s to %s at %s first — case %s"),
                            who ? who : _("Someone else"), action_words (gw_assign_result_get_action (result)),
                            department_name (self, dept), when, p->case_id);
  return g_strdup_printf (_("%s %s at %s first — case %s"), who ? who : _("Someone else"),
                          action_words (gw_assign_result_get_action (result)), when, p->case_id);
}

static char *
invalid_text (Pending        *p,
              GwAssignResult *result)
{
  GHashTable *fields = gw_assign_result_get_fields (result);
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (fields != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_string_append_printf (text, "%s%s: %s", text->len ? "; " : "", (char *) key, (char *) value);
    }
  /* Translators: the centre refused a command: case id, then its reasons */
  return g_strdup_printf (_("The centre refused case %s: %s"), p->case_id,
                          text->len ? text->str : gw_assign_result_get_error (result)->message);
}

static void
on_applied (Pending        *p,
            GwAssignResult *result)
{
  GwCase *now = gw_assign_result_get_case (result);
  GwCase *held = gw_case_store_lookup (p->desk->store, p->case_id);

  p->applied_version = now ? gw_case_get_version (now) : p->version + 1;
  /* The event may already be here: then there is nothing to wait for. */
  if (held != NULL && gw_case_get_version (held) >= p->applied_version)
    {
      forget (p->desk, p->case_id);
      return;
    }
  set_state (p, GW_CARD_STATE_PENDING,
             /* Translators: sent, and waiting for the centre's event */
             g_strdup_printf (_("Assigned to %s — waiting for the centre to confirm"), p->department_name));
}

static void
on_result (Pending        *p,
           GwAssignResult *result)
{
  GwDesk *self = p->desk;
  GwCase *now = gw_assign_result_get_case (result);
  char *text;

  switch (gw_assign_result_get_outcome (result))
    {
    case GW_ASSIGN_APPLIED:
      on_applied (p, result);
      break;
    case GW_ASSIGN_STALE:
      /* Someone added a note: nothing conflicts, so send again at the new version. */
      p->version = now ? gw_case_get_version (now) : p->version + 1;
      if (++p->attempts < MAX_ATTEMPTS)
        send_pending (p);
      break;
    case GW_ASSIGN_CONFLICT:
      text = conflict_text (self, p, result);
      toast (self, text);
      set_state (p, GW_CARD_STATE_CONFLICT, text);
      expire_later (p);
      break;
    case GW_ASSIGN_INVALID:
    default:
      text = invalid_text (p, result);
      toast (self, text);
      set_state (p, GW_CARD_STATE_REJECTED, text);
      expire_later (p);
      break;
    }
}

static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK)
         || (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_HTTP)
             && strstr (error->message, "503") != NULL);
}

static void
on_failed (Pending      *p,
           const GError *error)
{
  char *text;

  if (is_transient (error) && ++p->attempts < MAX_ATTEMPTS)
    {
      /* Translators: a command could not reach the centre; it is sent again */
      set_state (p, GW_CARD_STATE_PENDING, g_strdup_printf (_("Not sent yet (%s); retrying"), error->message));
      p->timeout_id = g_timeout_add_seconds (1u << MIN (p->attempts, 5u), on_retry, p);
      return;
    }
  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_FORBIDDEN))
    text = g_strdup_printf (_("The centre refused case %s: this account may not dispatch"), p->case_id);
  else if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NOT_FOUND))
    text = g_strdup_printf (_("The centre no longer has case %s"), p->case_id);
  else
    text = g_strdup_printf (_("The centre refused case %s: %s"), p->case_id, error->message);
  toast (p->desk, text);
  set_state (p, GW_CARD_STATE_REJECTED, text);
  expire_later (p);
}

typedef struct
{
  GwDesk *desk;
  char   *case_id;
  char   *key;
} Call;

static void
call_free (Call *call)
{
  g_object_unref (call->desk);
  g_free (call->case_id);
  g_free (call->key);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void
on_assign_done (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwAssignResult) result = gw_center_client_assign_finish (GW_CENTER_CLIENT (object), res, &error);
  Pending *p;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || call->desk->pending == NULL)
    return;
  p = g_hash_table_lookup (call->desk->pending, call->case_id);
  /* A newer command for the case replaced this one: its answer is stale. */
  if (p == NULL || g_strcmp0 (p->key, call->key) != 0)
    return;
  if (result != NULL)
    on_result (p, result);
  else
    on_failed (p, error);
}

static void
send_pending (Pending *p)
{
  GwDesk *self = p->desk;
  GwCenterClient *client = gw_feed_get_client (self->feed);
  Call *call;

  if (client == NULL)
    {
      g_autoptr(GError) error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                                             _("not connected to a centre"));

      on_failed (p, error);
      return;
    }
  call = g_new0 (Call, 1);
  call->desk = g_object_ref (self);
  call->case_id = g_strdup (p->case_id);
  call->key = g_strdup (p->key);
  gw_center_client_assign_async (client, p->case_id, p->version, p->key, p->department, p->deadline,
                                 p->note && *p->note ? p->note : NULL, (const char * const *) p->co,
                                 self->cancellable, on_assign_done, call);
}

static void
assign (GwDesk       *self,
        GwAssignForm *form)
{
  GwCase *gw_case = gw_assign_form_get_case (form);
  GwDepartment *department = gw_assign_form_get_department (form);
  Pending *p = g_new0 (Pending, 1);

  p->desk = self;
  p->case_id = g_strdup (gw_case_get_id (gw_case));
  p->department = g_strdup (gw_department_get_code (department));
  p->department_name = g_strdup (gw_department_get_name (department));
  p->key = g_uuid_string_random ();
  p->version = gw_case_get_version (gw_case);
  p->deadline = gw_assign_form_dup_deadline (form);
  p->note = g_strdup (gw_assign_form_get_note (form));
  p->co = gw_assign_form_dup_co_codes (form);
  g_hash_table_replace (self->pending, g_strdup (p->case_id), p);
  /* Translators: the card's state while the command is on its way */
  set_state (p, GW_CARD_STATE_PENDING, g_strdup_printf (_("Assigning to %s…"), p->department_name));
  send_pending (p);
}

/* The centre's events settle pending commands. */
static void
settle_pending (GwDesk *self)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *p = value;
      GwCase *held = gw_case_store_lookup (self->store, p->case_id);

      if (p->state == GW_CARD_STATE_PENDING && p->applied_version > 0
          && (held == NULL || gw_case_get_version (held) >= p->applied_version))
        g_ptr_array_add (done, g_strdup (p->case_id));
    }
  for (guint i = 0; i < done->len; i++)
    forget (self, g_ptr_array_index (done, i));
}

/* Suggestions and the current case */

static void
suggest (GwDesk *self,
         GwCase *gw_case)
{
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (gw_case != NULL)
    self->suggestions = gw_desk_index_suggest (self->index, self->store, self->grids, gw_case,
                                               N_SUGGESTIONS);
  gw_department_board_set_case (self->board, gw_case);
  gw_department_board_set_suggestions (self->board, self->suggestions);
}

static GPtrArray *
timeline_for (GwDesk *self,
              GwCase *gw_case)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_timeline_entry_free);
  GPtrArray *seen = g_hash_table_lookup (self->history, gw_case_get_id (gw_case));

  g_ptr_array_add (entries, gw_timeline_entry_new (gw_case_get_requested (gw_case),
                                                   gw_step_get_label (GW_STEP_REPORTED),
                                                   gw_channel_get_label (gw_case_get_channel (gw_case)),
                                                   NULL));
  for (guint i = 0; seen != NULL && i < seen->len; i++)
    {
      GwTimelineEntry *e = g_ptr_array_index (seen, i);

      g_ptr_array_add (entries, gw_timeline_entry_new (e->time, e->what, e->who, e->detail));
    }
  if (seen == NULL && gw_case_get_step (gw_case) != GW_STEP_REPORTED)
    /* Before this desk saw it: only where it is now. */
    g_ptr_array_add (entries, gw_timeline_entry_new (gw_case_get_updated (gw_case),
                                                     gw_step_get_label (gw_case_get_step (gw_case)),
                                                     NULL, gw_case_get_agency (gw_case)
                                                     ? department_name (self, gw_case_get_agency (gw_case))
                                                     : NULL));
  return entries;
}

static void
update_detail (GwDesk *self)
{
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  Pending *p;

  gw_case_detail_set_case (self->detail, self->current);
  if (self->current == NULL)
    return;
  timeline = timeline_for (self, self->current);
  gw_case_detail_set_timeline (self->detail, timeline);
  duplicates = gw_desk_index_find_duplicates (self->index, self->current);
  gw_case_detail_set_duplicates (self->detail, duplicates);
  p = g_hash_table_lookup (self->pending, gw_case_get_id (self->current));
  gw_case_detail_set_notice (self->detail, p ? p->text : NULL,
                             p && p->state != GW_CARD_STATE_PENDING);
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
    g_signal_connect_swapped (gw_case, "notify::version", G_CALLBACK (update_actions), self);
  suggest (self, gw_case);
  update_detail (self);
  update_actions (self);
}

/* Timeline recording */

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

static void
on_store_items_changed (GwDesk     *self,
                        guint       position,
                        guint       removed,
                        guint       added)
{
  if (added > MAX_RECORDED_BATCH)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      record (self, gw_case);
    }
}

/* The index (loads, routing, duplicates) */

static void
rebuild_index (GwDesk *self)
{
  gint64 start = g_get_monotonic_time ();

  gw_desk_index_rebuild (self->index, self->store);
  self->index_built_at = g_get_monotonic_time ();
  self->index_cost = self->index_built_at - start;
  gw_department_board_update_loads (self->board, self->index);
  g_debug ("desk index rebuilt in %" G_GINT64_FORMAT " us", self->index_cost);
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
  /* At most one rebuild a second, and never more than 5% of the main loop. */
  gint64 wait = MAX (G_USEC_PER_SEC, 20 * self->index_cost);
  gint64 due = self->index_built_at + wait - g_get_monotonic_time ();

  settle_pending (self);
  if (self->current != NULL)
    update_detail (self);
  if (self->index_timeout_id != 0)
    return;
  if (due <= 0 || self->index_built_at == 0)
    rebuild_index (self);
  else
    self->index_timeout_id = g_timeout_add ((guint) (due / 1000) + 1, on_index_timeout, self);
}

/* Drop, popover, dialog */

static GPtrArray *
co_candidates (GwDesk *self)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; self->suggestions != NULL && i < self->suggestions->len; i++)
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
  assign (self, form);
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
      /* Translators: a case that is not waiting for assignment was dropped */
      g_autofree char *text = g_strdup_printf (_("Case %s is %s: it cannot be assigned now"),
                                               gw_case_get_id (gw_case),
                                               gw_step_get_label (gw_case_get_step (gw_case)));
      toast (self, text);
      return;
    }
  if (gw_case != self->current)
    gw_desk_show_case (self, gw_case);
  co = co_candidates (self);
  self->form = gw_assign_form_new (gw_case, department, co,
                                   gw_desk_index_default_deadline (self->index, gw_case), _("Assign"));
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
                     GwAssignForm *form)
{
  assign (self, form);
}

static void
open_dialog (GwDesk     *self,
             const char *verb,
             const char *exclude)
{
  GwAssignDialog *dialog;

  if (self->current == NULL)
    return;
  dialog = gw_assign_dialog_new (self->window, self->current,
                                 gw_case_store_get_departments (self->store), self->suggestions,
                                 gw_desk_index_default_deadline (self->index, self->current), verb, exclude);
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_dialog_confirmed), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
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
  /* A case dragged in from the map: light up its departments. */
  gw_desk_show_case (self, gw_case);
  gw_department_board_set_dragging (self->board, TRUE);
}

static void
on_queue_activate (GwDesk *self,
                   GwCase *gw_case)
{
  gw_desk_show_case (self, gw_case);
  if (can_assign (self, gw_case))
    open_dialog (self, _("Assign"), NULL);
}

/* Actions */

static void
act_assign (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  GwDesk *self = user_data;

  if (self->current == NULL)
    gw_desk_show_case (self, gw_case_queue_get_selected (self->queue));
  if (can_assign (self, self->current))
    open_dialog (self, _("Assign"), NULL);
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

static void
act_not_yet (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GwDesk *self = user_data;
  /* Translators: a workflow command this centre connection cannot send yet */
  g_autofree char *text = g_strdup_printf (_("“%s” cannot be sent to the centre yet"),
                                           g_action_get_name (G_ACTION (action)));

  toast (self, text);
}

static const GActionEntry action_entries[] = {
  { "assign", act_assign },
  { "reassign", act_not_yet },
  { "accept-return", act_not_yet },
  { "approve-extension", act_not_yet },
  { "refuse-extension", act_not_yet },
  { "supervise", act_not_yet },
  { "escalate", act_not_yet },
  { "close", act_not_yet },
  { "merge", act_not_yet },
  { "search", act_search },
  { "focus-queue", act_focus_queue },
  { "focus-board", act_focus_board },
};

static void
enable (GwDesk     *self,
        const char *name,
        gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (GwDesk *self)
{
  GwCase *c = self->current;
  gboolean open = self->controls && c != NULL && gw_case_is_open (c);

  enable (self, "assign", self->controls);
  for (guint i = 1; i < 9; i++)
    enable (self, action_entries[i].name, open);
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
}

/* Object */

static void
gw_desk_dispose (GObject *object)
{
  GwDesk *self = GW_DESK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->index_timeout_id, g_source_remove);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_weak_pointer (&self->dialog);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->queue);
  g_clear_object (&self->board);
  g_clear_object (&self->detail);
  g_clear_object (&self->toasts);
  g_clear_object (&self->actions);
  g_clear_object (&self->photos);
  g_clear_object (&self->feed);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
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
  g_autofree char *photo_dir = g_build_filename (g_get_user_cache_dir (), "gridwall", "photos", NULL);

  self->index = gw_desk_index_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pending_free);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
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
  g_signal_connect_object (self->queue, "drag-begin", G_CALLBACK (on_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "drag-end", G_CALLBACK (on_drag_end), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "activate", G_CALLBACK (on_queue_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "case-dropped", G_CALLBACK (on_case_dropped), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "tile-activated", G_CALLBACK (on_tile_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "drag-hover", G_CALLBACK (on_drag_hover), self, G_CONNECT_SWAPPED);
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
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
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
  build_widgets (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feed, "notify::role", G_CALLBACK (on_role), self, G_CONNECT_SWAPPED);
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
