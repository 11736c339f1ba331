/* gw-dispatcher.h: sends the outbox's commands to the centre, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GwDispatcher takes a command from the desk, stores it in the GwOutbox, then
 * sends it: in order per case (one command of a case on the wire at a time),
 * with exponential backoff and jitter while the centre is out of reach (network
 * error, timeout, 5xx), always with the command's own idempotency key, so a
 * command that reached the centre before the app died is applied once. On
 * gw_dispatcher_start() it sends again whatever was queued or in flight.
 *
 * The model (gw_dispatcher_get_commands) holds every command not dismissed:
 * queued and sending ones, and finished ones until the desk dismisses them.
 * An applied command's change is in the feed once the case store's sequence
 * reaches gw_command_get_sequence(): until then the card still shows
 * "pending". Each state change emits ::command-changed.
 */
#pragma once

#include "gw-center-client.h"
#include "gw-command.h"
#include "gw-outbox.h"

G_BEGIN_DECLS

#define GW_TYPE_DISPATCHER (gw_dispatcher_get_type ())
G_DECLARE_FINAL_TYPE (GwDispatcher, gw_dispatcher, GW, DISPATCHER, GObject)

/* Properties: "outbox", "client" (construct-only), "reachable" (gboolean: the
 * last attempt reached the centre), "n-pending" (guint: queued + sending).
 * Signals: ::command-changed (GwCommand *command) after each change of state,
 * attempts or outcome, and when a command is added or dismissed. */
GwDispatcher   *gw_dispatcher_new            (GwOutbox            *outbox,
                                              GwCenterClient      *client);

/* Loads the outbox and starts sending. Call once. */
gboolean        gw_dispatcher_start          (GwDispatcher        *self,
                                              GError             **error);

/* Stores the command (the error is a GW_OUTBOX_ERROR if it could not be) and
 * sends it when its turn comes. Returns (transfer full) the command. */
GwCommand      *gw_dispatcher_submit         (GwDispatcher        *self,
                                              const char          *case_id,
                                              gint64               version,
                                              GwAction             action,
                                              const GwCommandArgs *args,
                                              GError             **error);

/* A GListModel of GwCommand, oldest first. */
GListModel     *gw_dispatcher_get_commands   (GwDispatcher        *self);
/* The newest command of @case_id that is not final, or NULL: the card is
 * "pending" while there is one. (transfer none) */
GwCommand      *gw_dispatcher_lookup_pending (GwDispatcher        *self,
                                              const char          *case_id);
guint           gw_dispatcher_get_n_pending  (GwDispatcher        *self);
gboolean        gw_dispatcher_get_reachable  (GwDispatcher        *self);

/* A STALE command, sent again at the case's current @version (after the
 * dispatcher looked at the refreshed case). */
gboolean        gw_dispatcher_retry          (GwDispatcher        *self,
                                              GwCommand           *command,
                                              gint64               version,
                                              GError             **error);
/* Removes a final command from the model and the outbox. */
gboolean        gw_dispatcher_dismiss        (GwDispatcher        *self,
                                              GwCommand           *command,
                                              GError             **error);
/* Sends now whatever waits for a backoff (e.g. the user pressed "Retry now",
 * or the feed reconnected). */
void            gw_dispatcher_retry_now      (GwDispatcher        *self);

/* Backoff bounds in milliseconds (defaults 500 and 30,000); jitter is ±25%. */
void            gw_dispatcher_set_backoff    (GwDispatcher        *self,
                                              guint                min_ms,
                                              guint                max_ms);

G_END_DECLS
