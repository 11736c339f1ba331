/* gw-case-store.h: the live model of a centre: cases, departments, mode, sequence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case-type.h"
#include "gw-event.h"

G_BEGIN_DECLS

#define GW_MODEL_ERROR (gw_model_error_quark ())
GQuark gw_model_error_quark (void);

typedef enum
{
  GW_MODEL_ERROR_GAP,      /* an event skipped sequences: resume after the last applied */
  GW_MODEL_ERROR_INVALID,  /* an event contradicts the model (e.g. a case.assigned with no agency) */
} GwModelError;

/* The cases, as a GListModel of GwCase in arrival order (sort and filter on top).
 *
 * Properties: "sequence" (guint64), "mode" (GwMode), "mode-reason", "mode-case"
 * (strings, may be NULL) and "n-items", each notified when it changes.
 * Signals: ::changed (no arguments) once after each load or batch that moved
 * the sequence, and after a prune that dropped cases; ::alert (GwEvent) for
 * each CAP alert of a batch, before ::changed; ::wall-show (GwEvent) for each
 * cn.gridwall.wall.show of a batch (a dispatcher asks the walls to show a case,
 * grid or area), before ::changed.
 *
 * Logging: rejected events (gw_case_store_count_rejected, model errors) and
 * gaps are logged with g_message, never g_warning: bad input from a centre is
 * not a bug of ours, and GTest makes warnings fatal. Duplicates: g_debug. */
#define GW_TYPE_CASE_STORE (gw_case_store_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseStore, gw_case_store, GW, CASE_STORE, GObject)

GwCaseStore *gw_case_store_new               (void);

/* Replaces everything with @snapshot (one items-changed, then ::changed).
 * The store emits ::changed (no arguments) after every load or batch. */
void         gw_case_store_load_snapshot     (GwCaseStore *self,
                                              GwSnapshot  *snapshot);

/* Applies @events (GwEvent) in order as one batch, emitting items-changed and
 * ::changed once. Events at or below the last sequence are duplicates and change
 * nothing. Stops at the first gap (GW_MODEL_ERROR_GAP) or invalid event
 * (GW_MODEL_ERROR_INVALID, which is counted as rejected and skipped); what came
 * before it stays applied. Returns the number of events applied. */
guint        gw_case_store_apply_events      (GwCaseStore *self,
                                              GPtrArray   *events,
                                              GError     **error);

/* How long a client keeps a closed case: the snapshot's window (docs/protocol.md,
 * "Snapshot": every open case and every case closed in the last 30 days). */
#define GW_CASE_STORE_CLOSED_KEPT (30 * G_TIME_SPAN_DAY)

/* Drops the cases closed before @before (one items-changed, then ::changed);
 * returns how many went. See the doc comment for the exact rule. */
guint        gw_case_store_prune_closed      (GwCaseStore *self,
                                              GDateTime   *before);

guint64      gw_case_store_get_sequence      (GwCaseStore *self);
GwCase      *gw_case_store_lookup            (GwCaseStore *self,
                                              const char  *id);
GListModel  *gw_case_store_get_departments   (GwCaseStore *self);  /* of GwDepartment */
GwDepartment *gw_case_store_lookup_department (GwCaseStore *self,
                                              const char  *code);
/* The centre's case types (GwCaseType), from the snapshot. */
GListModel  *gw_case_store_get_case_types    (GwCaseStore *self);
GwCaseType  *gw_case_store_lookup_case_type  (GwCaseStore *self,
                                              const char  *service_code);
GwMode       gw_case_store_get_mode          (GwCaseStore *self);
const char  *gw_case_store_get_mode_reason   (GwCaseStore *self);  /* may be NULL */
const char  *gw_case_store_get_mode_case     (GwCaseStore *self);  /* may be NULL */

/* Counters for the operator: events applied, duplicates ignored, events
 * rejected (by the decoder, reported with gw_case_store_count_rejected, or
 * by the model). */
guint64      gw_case_store_get_n_applied     (GwCaseStore *self);
guint64      gw_case_store_get_n_duplicates  (GwCaseStore *self);
guint64      gw_case_store_get_n_rejected    (GwCaseStore *self);
/* Cases dropped by gw_case_store_prune_closed since the store was made. */
guint64      gw_case_store_get_n_pruned      (GwCaseStore *self);
void         gw_case_store_count_rejected    (GwCaseStore  *self,
                                              const GError *error);

G_END_DECLS
