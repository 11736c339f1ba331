/* gw-command.h: one dispatcher command (交办, 转办, 督办...) as the outbox keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command is what a dispatcher asked for, written to the outbox before it is
 * sent (docs/protocol.md, "Commands"): the case, the version the dispatcher saw
 * (If-Match), the action, the JSON body and an idempotency key (a UUID) that
 * stays the same through every retry, so the centre applies it exactly once.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GwAction:
 * @GW_ACTION_ASSIGN: 交办: reported, accepted or returned -> assigned
 * @GW_ACTION_REASSIGN: 转办: assigned, signed, in_progress or extended -> assigned
 *   to another department
 * @GW_ACTION_ACCEPT_RETURN: accept a department's return (退单): returned -> accepted,
 *   ready to be dispatched again
 * @GW_ACTION_APPROVE_EXTENSION: 延期 approved: extended -> in_progress, new deadline
 * @GW_ACTION_REFUSE_EXTENSION: 延期 refused: extended -> in_progress, deadline kept
 * @GW_ACTION_SUPERVISE: 督办: mark an assigned..extended case supervised
 * @GW_ACTION_ESCALATE: hand the case to the department of the level above
 * @GW_ACTION_CLOSE: 办结 after verification: resolved or reviewed -> closed
 * @GW_ACTION_MERGE: close a duplicate into another open case
 *
 * The wire name (gw_action_to_string) is the last segment of the command's
 * path: `POST /v1/cases/{id}/<name>`.
 */
typedef enum
{
  GW_ACTION_ASSIGN,
  GW_ACTION_REASSIGN,
  GW_ACTION_ACCEPT_RETURN,
  GW_ACTION_APPROVE_EXTENSION,
  GW_ACTION_REFUSE_EXTENSION,
  GW_ACTION_SUPERVISE,
  GW_ACTION_ESCALATE,
  GW_ACTION_CLOSE,
  GW_ACTION_MERGE,
  GW_N_ACTIONS
} GwAction;

/**
 * GwCommandState:
 * @GW_COMMAND_QUEUED: stored, waiting to be sent (or to be sent again after a
 *   network error, a 5xx or a 503)
 * @GW_COMMAND_SENDING: on its way; a command found in this state at start-up
 *   is sent again with the same key
 * @GW_COMMAND_APPLIED: the centre answered 200 (maybe a replay)
 * @GW_COMMAND_CONFLICT: 409: someone else acted first (see the conflict getters)
 * @GW_COMMAND_STALE: 412: the case changed; gw_dispatcher_retry() with the new version
 * @GW_COMMAND_REJECTED: 422 (see gw_command_get_fields), or 400, 401, 403, 404:
 *   the outcome says why
 */
typedef enum
{
  GW_COMMAND_QUEUED,
  GW_COMMAND_SENDING,
  GW_COMMAND_APPLIED,
  GW_COMMAND_CONFLICT,
  GW_COMMAND_STALE,
  GW_COMMAND_REJECTED,
} GwCommandState;

#define GW_TYPE_ACTION        (gw_action_get_type ())
#define GW_TYPE_COMMAND_STATE (gw_command_state_get_type ())
GType        gw_action_get_type        (void) G_GNUC_CONST;
GType        gw_command_state_get_type (void) G_GNUC_CONST;

/* "assign", "reassign", "accept-return", "approve-extension", "refuse-extension",
 * "supervise", "escalate", "close", "merge". */
const char  *gw_action_to_string       (GwAction     action);
gboolean     gw_action_from_string     (const char  *name,
                                        GwAction    *out);
/* Translated, for buttons and messages: "Assign" / 交办. */
const char  *gw_action_get_label       (GwAction     action);
/* TRUE for the states that will not change any more. */
gboolean     gw_command_state_is_final (GwCommandState state);

/**
 * GwCommandArgs:
 * @department: assign and reassign (required); escalate (optional: the same kind
 *   at the level above by default)
 * @deadline: (nullable): assign, reassign: the deadline 限时 (the case type's
 *   default when NULL); approve-extension: the new deadline (the one the
 *   department asked for when NULL)
 * @note: (nullable): any action; required for refuse-extension and escalate
 * @co_departments: (nullable): assign, reassign: co-handling departments 协办
 * @into: merge: the id of the case this one duplicates
 * @verified: close: the dispatcher checked the result (must be TRUE)
 *
 * What a dispatcher gave for one command; members an action does not use are
 * ignored. Initialise with `GwCommandArgs args = { 0 };`.
 */
typedef struct
{
  const char          *department;
  GDateTime           *deadline;
  const char          *note;
  const char * const  *co_departments;
  const char          *into;
  gboolean             verified;

  /*< private >*/
  gpointer             padding[4];
} GwCommandArgs;

/* The JSON body of @action with @args (docs/protocol.md, "Commands"). */
char        *gw_command_build_body     (GwAction             action,
                                        const GwCommandArgs *args);

#define GW_TYPE_COMMAND (gw_command_get_type ())
G_DECLARE_FINAL_TYPE (GwCommand, gw_command, GW, COMMAND, GObject)

/* Properties (read-only, notified on change): "key", "case-id", "version",
 * "action", "body", "created", "attempts", "state", "outcome". */
const char     *gw_command_get_key        (GwCommand *self);  /* the idempotency key */
const char     *gw_command_get_case_id    (GwCommand *self);
gint64          gw_command_get_version    (GwCommand *self);  /* If-Match */
GwAction        gw_command_get_action     (GwCommand *self);
const char     *gw_command_get_body       (GwCommand *self);  /* JSON text */
GDateTime      *gw_command_get_created    (GwCommand *self);
guint           gw_command_get_attempts   (GwCommand *self);
GwCommandState  gw_command_get_state      (GwCommand *self);
/* What happened, in the dispatcher's words (translated), or NULL while queued
 * for the first time: "Case NC… was already assigned by 调度员 王强 to 东湖区城市管理局
 * at 14:03.", "The centre refused: deadline: must be in the future". While
 * queued after a failure it says why it waits ("the centre is out of reach"). */
const char     *gw_command_get_outcome    (GwCommand *self);
/* The department this command gives the case (assign, reassign, escalate), or NULL. */
const char     *gw_command_get_department (GwCommand *self);

/* 409: who did what to the case, to which department, when (any may be NULL). */
const char     *gw_command_get_conflict_by_id      (GwCommand *self);
const char     *gw_command_get_conflict_by_name    (GwCommand *self);
const char     *gw_command_get_conflict_action     (GwCommand *self);
const char     *gw_command_get_conflict_department (GwCommand *self);
GDateTime      *gw_command_get_conflict_at         (GwCommand *self);
/* 422: field -> the centre's message (NULL otherwise). */
GHashTable     *gw_command_get_fields     (GwCommand *self);
/* 200: the sequence of the event that carries the change (0 if unknown). */
guint64         gw_command_get_sequence   (GwCommand *self);

G_END_DECLS
