/* gw-dispatcher.c: sends the outbox's commands to the centre, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exactly once comes from the centre: a command keeps its idempotency key
 * through every retry, and the centre replays the first 200 for a key it has
 * seen. Our part is never to lose a command (the outbox stores it before it
 * is sent) and never to give up while the centre is out of reach.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-dispatcher.h"

#define DEFAULT_MIN_BACKOFF_MS 500
#define DEFAULT_MAX_BACKOFF_MS 30000
#define MAX_IN_FLIGHT          4

struct _GwDispatcher
{
  GObject         parent_instance;

  GwOutbox       *outbox;
  GwCenterClient *client;
  GListStore     *commands;
  GHashTable     *in_flight;    /* case id -> GwCommand (borrowed from the model) */
  GCancellable   *cancellable;

  guint           min_backoff_ms;
  guint           max_backoff_ms;
  guint           backoff_ms;   /* the next wait after a failure; 0 after a success */
  guint           retry_id;     /* waiting out a backoff */
  guint           pump_id;
  gboolean        reachable;
  gboolean        started;
  guint           n_pending;
};

G_DEFINE_FINAL_TYPE (GwDispatcher, gw_dispatcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OUTBOX,
  PROP_CLIENT,
  PROP_REACHABLE,
  PROP_N_PENDING,
  N_PROPS
};

enum {
  COMMAND_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_pump (GwDispatcher *self);

static void
gw_dispatcher_dispose (GObject *object)
{
  GwDispatcher *self = GW_DISPATCHER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->pump_id, g_source_remove);

  G_OBJECT_CLASS (gw_dispatcher_parent_class)->dispose (object);
}

static void
gw_dispatcher_finalize (GObject *object)
{
  GwDispatcher *self = GW_DISPATCHER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_object (&self->commands);
  g_clear_object (&self->client);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (gw_dispatcher_parent_class)->finalize (object);
}

static void
gw_dispatcher_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwDispatcher *self = GW_DISPATCHER (object);

  switch (prop_id)
    {
    case PROP_OUTBOX: g_value_set_object (value, self->outbox); break;
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_REACHABLE: g_value_set_boolean (value, self->reachable); break;
    case PROP_N_PENDING: g_value_set_uint (value, self->n_pending); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_dispatcher_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GwDispatcher *self = GW_DISPATCHER (object);

  switch (prop_id)
    {
    case PROP_OUTBOX: self->outbox = g_value_dup_object (value); break;
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_dispatcher_class_init (GwDispatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = gw_dispatcher_dispose;
  object_class->finalize = gw_dispatcher_finalize;
  object_class->get_property = gw_dispatcher_get_property;
  object_class->set_property = gw_dispatcher_set_property;

  properties[PROP_OUTBOX] = g_param_spec_object ("outbox", NULL, NULL, GW_TYPE_OUTBOX,
                                                 construct);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, GW_TYPE_CENTER_CLIENT,
                                                 construct);
  properties[PROP_REACHABLE] = g_param_spec_boolean ("reachable", NULL, NULL, TRUE, ro);
  properties[PROP_N_PENDING] = g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwDispatcher::command-changed:
   * @command: the command
   *
   * After a command was added, changed state, attempts or outcome, or was
   * dismissed (then it is no longer in the model).
   */
  signals[COMMAND_CHANGED] = g_signal_new ("command-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, GW_TYPE_COMMAND);
}

static void
gw_dispatcher_init (GwDispatcher *self)
{
  self->commands = g_list_store_new (GW_TYPE_COMMAND);
  self->in_flight = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  self->min_backoff_ms = DEFAULT_MIN_BACKOFF_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
  self->reachable = TRUE;
}

/**
 * gw_dispatcher_new:
 * @outbox: the outbox of this centre and user
 * @client: the centre
 *
 * Returns: (transfer full): a dispatcher; call gw_dispatcher_start()
 */
GwDispatcher *
gw_dispatcher_new (GwOutbox       *outbox,
                   GwCenterClient *client)
{
  g_return_val_if_fail (GW_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (GW_IS_CENTER_CLIENT (client), NULL);
  return g_object_new (GW_TYPE_DISPATCHER, "outbox", outbox, "client", client, NULL);
}

/* ---- bookkeeping ---- */

static void
update_n_pending (GwDispatcher *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->commands));
  guint pending = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCommand) command = g_list_model_get_item (G_LIST_MODEL (self->commands), i);

      pending += !gw_command_state_is_final (gw_command_get_state (command));
    }
  if (pending == self->n_pending)
    return;
  self->n_pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

static void
changed (GwDispatcher *self,
         GwCommand    *command)
{
  update_n_pending (self);
  g_signal_emit (self, signals[COMMAND_CHANGED], 0, command);
}

static void
set_reachable (GwDispatcher *self,
               gboolean      reachable)
{
  if (self->reachable == reachable)
    return;
  self->reachable = reachable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
}

/* The outbox could not store a change: keep going in memory, and say so. The
 * command stays where it was on disk, so at worst it is sent again after a
 * restart, with the same key. */
static void
warn_outbox (GError *error)
{
  g_warning ("%s", error->message);
  g_error_free (error);
}

/* ---- outcomes ---- */

static void
finish_with_result (GwDispatcher    *self,
                    GwCommand       *command,
                    GwCommandResult *result)
{
  static const GwCommandState states[] = {
    [GW_COMMAND_REPLY_APPLIED] = GW_COMMAND_APPLIED,
    [GW_COMMAND_REPLY_CONFLICT] = GW_COMMAND_CONFLICT,
    [GW_COMMAND_REPLY_STALE] = GW_COMMAND_STALE,
    [GW_COMMAND_REPLY_INVALID] = GW_COMMAND_REJECTED,
  };
  const GError *reason = gw_command_result_get_error (result);
  GwCommandOutcome outcome = {
    .state = states[gw_command_result_get_outcome (result)],
    .outcome = reason ? reason->message : _("Done: the centre applied it."),
    .sequence = gw_command_result_get_sequence (result),
    .by_id = gw_command_result_get_by_id (result),
    .by_name = gw_command_result_get_by_name (result),
    .action = gw_command_result_get_action (result),
    .department = gw_command_result_get_department (result),
    .at = gw_command_result_get_at (result),
    .fields = gw_command_result_get_fields (result),
  };
  GError *error = NULL;

  if (!gw_outbox_finish (self->outbox, command, &outcome, &error))
    warn_outbox (error);
}

static gboolean
is_transient (const GError *error)
{
  /* 5xx is GW_CENTER_CLIENT_ERROR_HTTP; a reply that breaks the protocol may be
   * a proxy's error page: both are worth another try with the same key. */
  return g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TLS) ||
         g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_HTTP) ||
         g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY) ||
         g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TOO_LARGE);
}

static const char *
refusal_words (const GError *error)
{
  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_FORBIDDEN))
    return _("The centre refused: this account may not give commands.");
  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_UNAUTHORIZED))
    return _("The centre refused the token: check it in Preferences, then send again.");
  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NOT_FOUND))
    return _("The centre has no such case.");
  return NULL;
}

static void
finish_with_error (GwDispatcher *self,
                   GwCommand    *command,
                   const GError *failure)
{
  g_autofree char *why = NULL;
  GError *error = NULL;
  const char *words = refusal_words (failure);

  if (is_transient (failure))
    {
      /* Translators: %s is the technical reason, e.g. "connection refused" */
      why = g_strdup_printf (_("Waiting for the centre (%s); it will be sent again."),
                             failure->message);
      if (!gw_outbox_mark_retry (self->outbox, command, why, &error))
        warn_outbox (error);
      return;
    }
  why = words ? g_strdup (words) : g_strdup_printf (_("The centre refused: %s"), failure->message);
  if (!gw_outbox_finish (self->outbox, command,
                         &(GwCommandOutcome) { .state = GW_COMMAND_REJECTED, .outcome = why },
                         &error))
    warn_outbox (error);
}

/* ---- sending ---- */

static guint
next_backoff (GwDispatcher *self)
{
  guint wait = self->backoff_ms ? MIN (self->backoff_ms * 2, self->max_backoff_ms)
                                : self->min_backoff_ms;

  self->backoff_ms = wait;
  /* ±25% so that desks cut off together do not come back together. */
  return (guint) (wait * g_random_double_range (0.75, 1.25));
}

static gboolean
retry_cb (gpointer user_data)
{
  GwDispatcher *self = user_data;

  self->retry_id = 0;
  schedule_pump (self);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GwDispatcher *self;
  GwCommand    *command;
} Sending;

static void
sent_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  Sending *sending = user_data;
  GwDispatcher *self = sending->self;
  g_autoptr(GwCommand) command = sending->command;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCommandResult) result = NULL;

  g_free (sending);
  result = gw_center_client_command_finish (GW_CENTER_CLIENT (object), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_hash_table_remove (self->in_flight, gw_command_get_case_id (command));
  if (result != NULL)
    finish_with_result (self, command, result);
  else
    finish_with_error (self, command, error);

  set_reachable (self, result != NULL || !is_transient (error));
  if (self->reachable)
    self->backoff_ms = 0;
  else if (self->retry_id == 0)
    self->retry_id = g_timeout_add (next_backoff (self), retry_cb, self);
  changed (self, command);
  schedule_pump (self);
  g_object_unref (self);
}

static void
send_one (GwDispatcher *self,
          GwCommand    *command)
{
  Sending *sending = g_new0 (Sending, 1);
  GError *error = NULL;

  if (!gw_outbox_mark_sending (self->outbox, command, &error))
    warn_outbox (error);
  g_hash_table_insert (self->in_flight, (gpointer) gw_command_get_case_id (command), command);
  changed (self, command);
  sending->self = g_object_ref (self);
  sending->command = g_object_ref (command);
  gw_center_client_command_async (self->client, gw_command_get_case_id (command),
                                  gw_command_get_version (command),
                                  gw_command_get_action (command),
                                  gw_command_get_body (command), gw_command_get_key (command),
                                  self->cancellable, sent_cb, sending);
}

/* Sends, oldest first, the first waiting command of each case that has none
 * on the wire; while the centre is out of reach only one probes it. */
static gboolean
pump (gpointer user_data)
{
  GwDispatcher *self = user_data;
  GListModel *model = G_LIST_MODEL (self->commands);
  g_autoptr(GHashTable) blocked = g_hash_table_new (g_str_hash, g_str_equal);
  guint limit = self->reachable ? MAX_IN_FLIGHT : 1;

  self->pump_id = 0;
  if (self->retry_id != 0)
    return G_SOURCE_REMOVE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GwCommand) command = g_list_model_get_item (model, i);
      const char *case_id = gw_command_get_case_id (command);
      GwCommandState state = gw_command_get_state (command);

      if (gw_command_state_is_final (state))
        continue;
      if (state == GW_COMMAND_QUEUED && !g_hash_table_contains (blocked, case_id) &&
          !g_hash_table_contains (self->in_flight, case_id) &&
          g_hash_table_size (self->in_flight) < limit)
        send_one (self, command);
      g_hash_table_add (blocked, (gpointer) case_id);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_pump (GwDispatcher *self)
{
  if (self->started && self->pump_id == 0)
    self->pump_id = g_idle_add (pump, self);
}

/* ---- the API ---- */

/**
 * gw_dispatcher_start:
 * @self: a dispatcher
 * @error: a GW_OUTBOX_ERROR
 *
 * Loads the outbox: what was queued or in flight when the app stopped is sent
 * again (with its own key), finished commands are shown until dismissed.
 *
 * Returns: %FALSE if the outbox cannot be read
 */
gboolean
gw_dispatcher_start (GwDispatcher  *self,
                     GError       **error)
{
  g_autoptr(GPtrArray) commands = NULL;

  g_return_val_if_fail (GW_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  commands = gw_outbox_list (self->outbox, error);
  if (commands == NULL)
    return FALSE;
  for (guint i = 0; i < commands->len; i++)
    {
      GwCommand *command = g_ptr_array_index (commands, i);
      GError *local = NULL;

      /* In flight when the app died: we cannot know whether it arrived. The
       * key makes sending it again safe. */
      if (gw_command_get_state (command) == GW_COMMAND_SENDING &&
          !gw_outbox_mark_retry (self->outbox, command,
                                 _("Sent when Gridwall stopped; sending it again."), &local))
        warn_outbox (local);
    }
  g_list_store_splice (self->commands, 0, 0, commands->pdata, commands->len);
  self->started = TRUE;
  update_n_pending (self);
  schedule_pump (self);
  return TRUE;
}

/**
 * gw_dispatcher_submit:
 * @self: a dispatcher
 * @case_id: the case
 * @version: the version the dispatcher saw
 * @action: the action
 * @args: what the dispatcher gave
 * @error: a GW_OUTBOX_ERROR when the command could not be stored
 *
 * Returns: (transfer full) (nullable): the command, stored and queued
 */
GwCommand *
gw_dispatcher_submit (GwDispatcher        *self,
                      const char          *case_id,
                      gint64               version,
                      GwAction             action,
                      const GwCommandArgs *args,
                      GError             **error)
{
  g_autofree char *body = NULL;
  GwCommand *command;

  g_return_val_if_fail (GW_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (args != NULL, NULL);

  body = gw_command_build_body (action, args);
  command = gw_outbox_add (self->outbox, case_id, version, action, body, error);
  if (command == NULL)
    return NULL;
  g_list_store_append (self->commands, command);
  changed (self, command);
  schedule_pump (self);
  return command;
}

GListModel *
gw_dispatcher_get_commands (GwDispatcher *self)
{
  g_return_val_if_fail (GW_IS_DISPATCHER (self), NULL);
  return G_LIST_MODEL (self->commands);
}

GwCommand *
gw_dispatcher_lookup_pending (GwDispatcher *self,
                              const char   *case_id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (GW_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  model = G_LIST_MODEL (self->commands);
  n = g_list_model_get_n_items (model);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GwCommand) command = g_list_model_get_item (model, i - 1);

      if (!gw_command_state_is_final (gw_command_get_state (command)) &&
          g_strcmp0 (gw_command_get_case_id (command), case_id) == 0)
        return command;  /* the model holds a reference */
    }
  return NULL;
}

guint
gw_dispatcher_get_n_pending (GwDispatcher *self)
{
  g_return_val_if_fail (GW_IS_DISPATCHER (self), 0);
  return self->n_pending;
}

gboolean
gw_dispatcher_get_reachable (GwDispatcher *self)
{
  g_return_val_if_fail (GW_IS_DISPATCHER (self), FALSE);
  return self->reachable;
}

gboolean
gw_dispatcher_retry (GwDispatcher  *self,
                     GwCommand     *command,
                     gint64         version,
                     GError       **error)
{
  g_return_val_if_fail (GW_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (gw_command_get_state (command) == GW_COMMAND_STALE, FALSE);

  if (!gw_outbox_requeue (self->outbox, command, version, error))
    return FALSE;
  changed (self, command);
  schedule_pump (self);
  return TRUE;
}

gboolean
gw_dispatcher_dismiss (GwDispatcher  *self,
                       GwCommand     *command,
                       GError       **error)
{
  g_autoptr(GwCommand) held = NULL;
  guint position;

  g_return_val_if_fail (GW_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (gw_command_state_is_final (gw_command_get_state (command)), FALSE);

  if (!gw_outbox_dismiss (self->outbox, command, error))
    return FALSE;
  held = g_object_ref (command);
  if (g_list_store_find (self->commands, command, &position))
    g_list_store_remove (self->commands, position);
  changed (self, held);
  return TRUE;
}

void
gw_dispatcher_retry_now (GwDispatcher *self)
{
  g_return_if_fail (GW_IS_DISPATCHER (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff_ms = 0;
  schedule_pump (self);
}

void
gw_dispatcher_set_backoff (GwDispatcher *self,
                           guint         min_ms,
                           guint         max_ms)
{
  g_return_if_fail (GW_IS_DISPATCHER (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->min_backoff_ms = min_ms;
  self->max_backoff_ms = max_ms;
}
