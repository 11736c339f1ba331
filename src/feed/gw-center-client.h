/* gw-center-client.h: the REST side of a centre (docs/protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "gw-command.h"
#include "gw-event.h"

G_BEGIN_DECLS

#define GW_CENTER_CLIENT_ERROR (gw_center_client_error_quark ())
GQuark gw_center_client_error_quark (void);

/* Why talking to a centre failed. Messages say what, where and why, in words an
 * operator can act on ("the centre at https://... refused the token: ..."). */
typedef enum
{
  GW_CENTER_CLIENT_ERROR_CONFIG,          /* bad base URI, empty token, unreadable CA file */
  GW_CENTER_CLIENT_ERROR_NETWORK,         /* cannot reach the centre, connection lost, timeout */
  GW_CENTER_CLIENT_ERROR_TLS,             /* TLS failed: certificate not trusted, handshake */
  GW_CENTER_CLIENT_ERROR_UNAUTHORIZED,    /* 401: missing or unknown token */
  GW_CENTER_CLIENT_ERROR_FORBIDDEN,       /* 403: the role may not do this */
  GW_CENTER_CLIENT_ERROR_NOT_FOUND,       /* 404 */
  GW_CENTER_CLIENT_ERROR_BAD_REQUEST,     /* 400 */
  GW_CENTER_CLIENT_ERROR_HISTORY_LOST,    /* 410 on the feed: reload the snapshot */
  GW_CENTER_CLIENT_ERROR_SEQUENCE_AHEAD,  /* 400 sequence_ahead on the feed: reload */
  GW_CENTER_CLIENT_ERROR_CONFLICT,        /* 409 on a command */
  GW_CENTER_CLIENT_ERROR_STALE,           /* 412 on a command */
  GW_CENTER_CLIENT_ERROR_INVALID,         /* 422 on a command */
  GW_CENTER_CLIENT_ERROR_BAD_REPLY,       /* the reply breaks the protocol (type, JSON, fields) */
  GW_CENTER_CLIENT_ERROR_TOO_LARGE,       /* the reply is over its size bound */
  GW_CENTER_CLIENT_ERROR_HTTP,            /* any other HTTP status */
} GwCenterClientError;

/* Size bounds on replies (bytes). The snapshot bound is the core's. */
#define GW_CENTER_MAX_SMALL_REPLY  (1024 * 1024)
#define GW_CENTER_MAX_GRIDS_REPLY  (256 * 1024 * 1024)

/* Who the token is: `GET /v1/me`. */
typedef struct _GwIdentity GwIdentity;

#define GW_TYPE_IDENTITY (gw_identity_get_type ())
GType        gw_identity_get_type        (void) G_GNUC_CONST;
GwIdentity  *gw_identity_ref             (GwIdentity *self);
void         gw_identity_unref           (GwIdentity *self);
const char  *gw_identity_get_user        (GwIdentity *self);  /* "dispatcher-01" */
const char  *gw_identity_get_name        (GwIdentity *self);  /* "调度员 李娜" */
const char  *gw_identity_get_role        (GwIdentity *self);  /* "wall" or "dispatcher" */
const char  *gw_identity_get_center_code (GwIdentity *self);
const char  *gw_identity_get_center_name (GwIdentity *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwIdentity, gw_identity_unref)

/* What a command (`POST /v1/cases/{id}/<action>`) answered, when the answer is one
 * the dispatcher acts on. Transport failures and other statuses are GErrors instead. */
typedef enum
{
  GW_COMMAND_REPLY_APPLIED,   /* 200 */
  GW_COMMAND_REPLY_CONFLICT,  /* 409: someone else acted first */
  GW_COMMAND_REPLY_STALE,     /* 412: refresh and retry */
  GW_COMMAND_REPLY_INVALID,   /* 422: see the per-field messages */
} GwCommandReply;

typedef struct _GwCommandResult GwCommandResult;

#define GW_TYPE_COMMAND_RESULT (gw_command_result_get_type ())
GType            gw_command_result_get_type       (void) G_GNUC_CONST;
GwCommandResult  *gw_command_result_ref            (GwCommandResult *self);
void             gw_command_result_unref          (GwCommandResult *self);
GwCommandReply  gw_command_result_get_outcome    (GwCommandResult *self);
guint            gw_command_result_get_status     (GwCommandResult *self);  /* HTTP status */
/* The case as the centre holds it now (200, 409, 412); may be NULL for 422. */
GwCase          *gw_command_result_get_case       (GwCommandResult *self);
/* 200: the sequence of the event that carries the change (0 if none given). */
guint64          gw_command_result_get_sequence   (GwCommandResult *self);
/* 409: who did what, to which department, when (any may be NULL). */
const char      *gw_command_result_get_by_id      (GwCommandResult *self);
const char      *gw_command_result_get_by_name    (GwCommandResult *self);
const char      *gw_command_result_get_action     (GwCommandResult *self);
const char      *gw_command_result_get_department (GwCommandResult *self);
GDateTime       *gw_command_result_get_at         (GwCommandResult *self);
/* 422: field name -> message, owned by the result (NULL otherwise). */
GHashTable      *gw_command_result_get_fields     (GwCommandResult *self);
/* NULL when applied; otherwise a GW_CENTER_CLIENT_ERROR (CONFLICT, STALE or INVALID)
 * whose message tells the dispatcher what happened and what to do. */
const GError    *gw_command_result_get_error      (GwCommandResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCommandResult, gw_command_result_unref)

/* The names before commands other than assign existed. */
typedef GwCommandResult GwAssignResult;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwAssignResult, gw_command_result_unref)
#define GW_ASSIGN_APPLIED                GW_COMMAND_REPLY_APPLIED
#define GW_ASSIGN_CONFLICT               GW_COMMAND_REPLY_CONFLICT
#define GW_ASSIGN_STALE                  GW_COMMAND_REPLY_STALE
#define GW_ASSIGN_INVALID                GW_COMMAND_REPLY_INVALID
#define gw_assign_result_unref           gw_command_result_unref
#define gw_assign_result_get_outcome     gw_command_result_get_outcome
#define gw_assign_result_get_status      gw_command_result_get_status
#define gw_assign_result_get_case        gw_command_result_get_case
#define gw_assign_result_get_sequence    gw_command_result_get_sequence
#define gw_assign_result_get_by_id       gw_command_result_get_by_id
#define gw_assign_result_get_by_name     gw_command_result_get_by_name
#define gw_assign_result_get_action      gw_command_result_get_action
#define gw_assign_result_get_department  gw_command_result_get_department
#define gw_assign_result_get_at          gw_command_result_get_at
#define gw_assign_result_get_fields      gw_command_result_get_fields
#define gw_assign_result_get_error       gw_command_result_get_error

#define GW_TYPE_CENTER_CLIENT (gw_center_client_get_type ())
G_DECLARE_FINAL_TYPE (GwCenterClient, gw_center_client, GW, CENTER_CLIENT, GObject)

/* @base_uri is the centre's root ("https://centre.example:8443/"), @token its
 * bearer token, @ca_file (may be NULL) a PEM file of the CA to trust instead of
 * the system's. Fails with GW_CENTER_CLIENT_ERROR_CONFIG for a bad URI, an empty token
 * or a CA file that cannot be read. */
GwCenterClient *gw_center_client_new            (const char  *base_uri,
                                                 const char  *token,
                                                 const char  *ca_file,
                                                 GError     **error);

const char     *gw_center_client_get_base_uri   (GwCenterClient *self);
SoupSession    *gw_center_client_get_session    (GwCenterClient *self);

/* Seconds a request may take before it fails with GW_CENTER_CLIENT_ERROR_NETWORK
 * (0: no limit). Defaults: 30 for small requests, 300 for the snapshot. */
void            gw_center_client_set_timeout    (GwCenterClient *self,
                                                 guint           seconds);

void            gw_center_client_get_me_async   (GwCenterClient      *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GwIdentity     *gw_center_client_get_me_finish  (GwCenterClient  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error);

/* The body is read with a size bound and decoded in a GTask thread. */
void            gw_center_client_get_snapshot_async  (GwCenterClient      *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GwSnapshot     *gw_center_client_get_snapshot_finish (GwCenterClient  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

/* The GeoJSON bytes, checked only for size and content type. */
void            gw_center_client_get_grids_async  (GwCenterClient      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes         *gw_center_client_get_grids_finish (GwCenterClient  *self,
                                                   GAsyncResult    *result,
                                                   GError         **error);

/* GET /v1/cases/{id}/events: the case's history, oldest first, each event
 * decoded and validated like the feed's (one bad event refuses the reply). */
void            gw_center_client_get_case_events_async  (GwCenterClient      *self,
                                                         const char          *case_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GPtrArray      *gw_center_client_get_case_events_finish (GwCenterClient  *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

/* `GET /v1/stats/daily`: the cases reported on each centre day (UTC+8) from
 * @first to @last, both included (at most GW_CENTER_MAX_DAILY_DAYS days), in
 * the grids of @area (a county, street, community or grid code; NULL: all).
 * The reply is checked against the request: every day, in order, once. */
#define GW_CENTER_MAX_DAILY_DAYS 62
void             gw_center_client_get_daily_counts_async  (GwCenterClient      *self,
                                                           const GDate         *first,
                                                           const GDate         *last,
                                                           const char          *area,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
/* Returns: (transfer full) (element-type guint): a count a day from @first */
GArray          *gw_center_client_get_daily_counts_finish (GwCenterClient  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* `POST /v1/cases/{case_id}/{action}` with If-Match: "@version", the
 * Idempotency-Key @idempotency_key and @body (JSON text, gw_command_build_body).
 * The reply as for gw_center_client_assign_finish(). */
void             gw_center_client_command_async  (GwCenterClient      *self,
                                                  const char          *case_id,
                                                  gint64               version,
                                                  GwAction             action,
                                                  const char          *body,
                                                  const char          *idempotency_key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwCommandResult *gw_center_client_command_finish (GwCenterClient  *self,
                                                  GAsyncResult    *result,
                                                  GError         **error);

/* `POST /v1/wall/show` {"kind": @kind ("case", "grid" or "area"), "code": @code}:
 * the centre relays it to every wall as cn.gridwall.wall.show. */
void             gw_center_client_show_on_wall_async  (GwCenterClient      *self,
                                                       const char          *kind,
                                                       const char          *code,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean         gw_center_client_show_on_wall_finish (GwCenterClient  *self,
                                                       GAsyncResult    *result,
                                                       GError         **error);

/* `POST /v1/cases/{case_id}/assign` with If-Match: "@version". @deadline, @note
 * and @co_departments may be NULL. */
void            gw_center_client_assign_async   (GwCenterClient      *self,
                                                 const char          *case_id,
                                                 gint64               version,
                                                 const char          *idempotency_key,
                                                 const char          *department,
                                                 GDateTime           *deadline,
                                                 const char          *note,
                                                 const char * const  *co_departments,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Returns a result for 200, 409, 412 and 422; NULL and a GW_CENTER_CLIENT_ERROR for
 * anything else (network, TLS, 400, 401, 403, 404, 5xx, a malformed reply). */
GwCommandResult *gw_center_client_assign_finish  (GwCenterClient  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error);

G_END_DECLS
