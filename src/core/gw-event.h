/* gw-event.h: decoding and validating the centre's CloudEvents and snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"
#include "gw-case-type.h"
#include "gw-department.h"

G_BEGIN_DECLS

#define GW_PROTOCOL_ERROR (gw_protocol_error_quark ())
GQuark gw_protocol_error_quark (void);

/* Why input from a centre was refused. The GError message names the event
 * (by sequence or id when known), the field and the value. */
typedef enum
{
  GW_PROTOCOL_ERROR_TOO_LARGE,    /* over the size bound */
  GW_PROTOCOL_ERROR_NOT_UTF8,     /* invalid UTF-8 or a NUL byte */
  GW_PROTOCOL_ERROR_TOO_DEEP,     /* nesting beyond the bound */
  GW_PROTOCOL_ERROR_SYNTAX,       /* not strict RFC 8259 JSON */
  GW_PROTOCOL_ERROR_MISSING,      /* a required field is absent */
  GW_PROTOCOL_ERROR_TYPE,         /* a field has the wrong JSON type */
  GW_PROTOCOL_ERROR_RANGE,        /* a value is out of range or malformed */
  GW_PROTOCOL_ERROR_UNKNOWN_TYPE, /* an event type this version does not know */
} GwProtocolError;

/* Bounds on untrusted text, checked before any JSON parser sees it. */
#define GW_EVENT_MAX_SIZE    (1024 * 1024)
#define GW_SNAPSHOT_MAX_SIZE (512 * 1024 * 1024)
#define GW_JSON_MAX_DEPTH    32

typedef enum
{
  GW_EVENT_CASE,
  GW_EVENT_MODE,
  GW_EVENT_DEPARTMENT,
  GW_EVENT_ALERT,
  GW_EVENT_WALL_SHOW,
  GW_EVENT_ALARM_ACK,
} GwEventKind;

typedef struct _GwEvent GwEvent;

#define GW_TYPE_EVENT (gw_event_get_type ())
GType        gw_event_get_type        (void) G_GNUC_CONST;

/* Decodes one WebSocket text frame. Thread-safe: call it off the main thread.
 * Returns NULL and sets @error when anything in it is wrong. */
GwEvent     *gw_event_decode          (const char *text,
                                       gsize       length,
                                       GError    **error);
GwEvent     *gw_event_ref             (GwEvent *self);
void         gw_event_unref           (GwEvent *self);

guint64      gw_event_get_sequence    (GwEvent *self);
const char  *gw_event_get_id          (GwEvent *self);
const char  *gw_event_get_type_name   (GwEvent *self);  /* "cn.gridwall.case.assigned" */
GDateTime   *gw_event_get_time        (GwEvent *self);  /* may be NULL */
GwEventKind  gw_event_get_kind        (GwEvent *self);

/* GW_EVENT_CASE */
const char  *gw_event_get_step_name   (GwEvent *self);  /* "assigned" */
GwCase      *gw_event_get_case        (GwEvent *self);
const char  *gw_event_get_actor_id    (GwEvent *self);
const char  *gw_event_get_actor_name  (GwEvent *self);
const char  *gw_event_get_note        (GwEvent *self);
/* The "department" member of a case event's data: a department code or NULL. */
const char  *gw_event_get_case_department (GwEvent *self);
/* GW_EVENT_MODE */
GwMode       gw_event_get_mode        (GwEvent *self);
const char  *gw_event_get_mode_reason (GwEvent *self);
const char  *gw_event_get_mode_case   (GwEvent *self);
/* GW_EVENT_DEPARTMENT */
GwDepartment *gw_event_get_department (GwEvent *self);
/* GW_EVENT_WALL_SHOW: "case", "grid" or "area", and the case id or division code;
 * GW_EVENT_ALARM_ACK: "case" or "alert", and the case id or CAP identifier */
const char  *gw_event_get_wall_kind   (GwEvent *self);
const char  *gw_event_get_wall_code   (GwEvent *self);
/* GW_EVENT_ALERT: CAP 1.2 fields */
const char  *gw_event_get_alert_xml        (GwEvent *self);
const char  *gw_event_get_alert_identifier (GwEvent *self);
const char  *gw_event_get_alert_headline   (GwEvent *self);  /* may be NULL */
const char  *gw_event_get_alert_severity   (GwEvent *self);  /* may be NULL */

/* Every CAP field the decoder extracts; headline and severity come from the
 * first <info> and may be NULL, the others are always set. */
typedef enum
{
  GW_CAP_IDENTIFIER,
  GW_CAP_SENDER,
  GW_CAP_SENT,
  GW_CAP_STATUS,
  GW_CAP_MSG_TYPE,
  GW_CAP_SCOPE,
  GW_CAP_HEADLINE,
  GW_CAP_SEVERITY,
  GW_CAP_N_FIELDS
} GwCapField;

const char  *gw_event_get_alert_field      (GwEvent    *self,
                                            GwCapField  field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwEvent, gw_event_unref)

typedef struct _GwSnapshot GwSnapshot;

/* Decodes `GET /v1/snapshot`. Thread-safe; slow for big centres (run it in a
 * GTask thread). Rejects the whole snapshot if any case or department is bad. */
GwSnapshot  *gw_snapshot_decode          (GBytes  *bytes,
                                          GError **error);
void         gw_snapshot_free            (GwSnapshot *self);
guint64      gw_snapshot_get_sequence    (GwSnapshot *self);
GwMode       gw_snapshot_get_mode        (GwSnapshot *self);
GPtrArray   *gw_snapshot_get_cases       (GwSnapshot *self);  /* of GwCase */
GPtrArray   *gw_snapshot_get_departments (GwSnapshot *self);  /* of GwDepartment */
GPtrArray   *gw_snapshot_get_case_types  (GwSnapshot *self);  /* of GwCaseType */
GDateTime   *gw_snapshot_get_generated   (GwSnapshot *self);
const char  *gw_snapshot_get_mode_reason (GwSnapshot *self);  /* may be NULL */
const char  *gw_snapshot_get_mode_case   (GwSnapshot *self);  /* may be NULL */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSnapshot, gw_snapshot_free)

/* Wire checks shared by the client and the reference centre. */

/* 1 to 20 decimal digits within guint64; zero only with @allow_zero (a
 * snapshot of a centre that has no event yet). */
gboolean     gw_event_parse_sequence     (const char  *text,
                                          gboolean     allow_zero,
                                          guint64     *out,
                                          GError     **error);
/* Strict RFC 3339 with an offset (or Z): 2026-11-21T14:03:12+08:00. */
GDateTime   *gw_core_parse_rfc3339       (const char  *text);
/* An Idempotency-Key header: 1 to 128 printable ASCII characters. */
gboolean     gw_idempotency_key_is_valid (const char  *key);

G_END_DECLS
