/* gw-outbox.h: the dispatcher's persistent outbox (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command is written here, with its idempotency key, before it is sent,
 * so no action of a dispatcher is lost: not when the centre is out of reach,
 * not when the app is killed. One file per centre, in WAL mode with
 * synchronous=FULL: gw_outbox_add() returns once the command is on disk.
 *
 * The outbox is the only writer of a GwCommand's state: each change here is
 * stored, then set on the object (which notifies its properties). Use it from
 * one thread (the main thread); GwDispatcher (src/feed) is what sends.
 */
#pragma once

#include <gio/gio.h>

#include "gw-command.h"

G_BEGIN_DECLS

#define GW_OUTBOX_ERROR (gw_outbox_error_quark ())
GQuark gw_outbox_error_quark (void);

typedef enum
{
  GW_OUTBOX_ERROR_OPEN,     /* the file cannot be created or opened, or is not an outbox */
  GW_OUTBOX_ERROR_WRITE,    /* a change could not be stored (disk full, read-only...) */
  GW_OUTBOX_ERROR_INVALID,  /* bad arguments: case id, version, body */
} GwOutboxError;

/**
 * GwCommandOutcome:
 * @state: the new state (not QUEUED or SENDING)
 * @outcome: the dispatcher's words (see gw_command_get_outcome())
 * @sequence: 200: the event's sequence, or 0
 * @by_id, @by_name, @action, @department, @at: 409: who did what (nullable)
 * @fields: (nullable): 422: field -> message
 *
 * How a command ended, for gw_outbox_finish().
 */
typedef struct
{
  GwCommandState  state;
  const char     *outcome;
  guint64         sequence;
  const char     *by_id;
  const char     *by_name;
  const char     *action;
  const char     *department;
  GDateTime      *at;
  GHashTable     *fields;
} GwCommandOutcome;

#define GW_TYPE_OUTBOX (gw_outbox_get_type ())
G_DECLARE_FINAL_TYPE (GwOutbox, gw_outbox, GW, OUTBOX, GObject)

/* $XDG_DATA_HOME/gridwall/outbox-<first 16 hex digits of SHA-256 of the centre's
 * base URI and the user>.sqlite: one outbox per centre and user. @user may be NULL. */
char        *gw_outbox_path_for_center (const char  *center_uri,
                                        const char  *user);

/* Opens (creating it and its folder if needed) the outbox at @path. */
GwOutbox    *gw_outbox_new             (const char  *path,
                                        GError     **error);
const char  *gw_outbox_get_path        (GwOutbox    *self);

/* Stores a new command (state QUEUED, a fresh UUID key, created now) and
 * returns it once it is on disk. @body is the JSON text (gw_command_build_body). */
GwCommand   *gw_outbox_add             (GwOutbox    *self,
                                        const char  *case_id,
                                        gint64       version,
                                        GwAction     action,
                                        const char  *body,
                                        GError     **error);

/* Every command not yet dismissed, oldest first (GwCommand, transfer full).
 * Commands of one outbox file are the same objects on every call. */
GPtrArray   *gw_outbox_list            (GwOutbox    *self,
                                        GError     **error);

/* State changes, each stored before the object changes. */
gboolean     gw_outbox_mark_sending    (GwOutbox    *self,
                                        GwCommand   *command,
                                        GError     **error);
/* Back to QUEUED after a failure that is worth retrying (network, 5xx): one
 * more attempt counted, @why becomes the outcome. */
gboolean     gw_outbox_mark_retry      (GwOutbox    *self,
                                        GwCommand   *command,
                                        const char  *why,
                                        GError     **error);
gboolean     gw_outbox_finish          (GwOutbox               *self,
                                        GwCommand              *command,
                                        const GwCommandOutcome *outcome,
                                        GError                **error);
/* STALE -> QUEUED at @version (the same key: the centre stored no answer). */
gboolean     gw_outbox_requeue         (GwOutbox    *self,
                                        GwCommand   *command,
                                        gint64       version,
                                        GError     **error);
/* Forgets a command the dispatcher has seen the end of (any final state). */
gboolean     gw_outbox_dismiss         (GwOutbox    *self,
                                        GwCommand   *command,
                                        GError     **error);

G_END_DECLS
