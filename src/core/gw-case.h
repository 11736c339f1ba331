/* gw-case.h: one case (事件, 工单) as the centre last described it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-types.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE (gw_case_get_type ())
G_DECLARE_FINAL_TYPE (GwCase, gw_case, GW, CASE, GObject)

/* Validates every field (docs/protocol.md, "Case") and builds a case, or sets an
 * error of GW_PROTOCOL_ERROR naming the field and why. Never half-builds. */
GwCase      *gw_case_new_from_json      (JsonObject *object,
                                         GError    **error);
JsonNode    *gw_case_to_json            (GwCase     *self);

const char  *gw_case_get_id             (GwCase *self);
const char  *gw_case_get_service_code   (GwCase *self);
const char  *gw_case_get_service_name   (GwCase *self);
GwCategory   gw_case_get_category       (GwCase *self);
const char  *gw_case_get_description    (GwCase *self);
gboolean     gw_case_is_open            (GwCase *self);
GwStep       gw_case_get_step           (GwCase *self);
const char  *gw_case_get_agency         (GwCase *self);   /* NULL until assigned */
const char * const *gw_case_get_co_agencies (GwCase *self);
GDateTime   *gw_case_get_requested      (GwCase *self);
GDateTime   *gw_case_get_updated        (GwCase *self);
GDateTime   *gw_case_get_expected       (GwCase *self);   /* deadline, may be NULL */
GDateTime   *gw_case_get_resolved       (GwCase *self);   /* may be NULL */
GDateTime   *gw_case_get_closed         (GwCase *self);   /* may be NULL */
double       gw_case_get_lat            (GwCase *self);
double       gw_case_get_long           (GwCase *self);
const char  *gw_case_get_address        (GwCase *self);
const char  *gw_case_get_media_url      (GwCase *self);   /* may be NULL */
GwPriority   gw_case_get_priority       (GwCase *self);
GwChannel    gw_case_get_channel        (GwCase *self);
const char  *gw_case_get_grid_code      (GwCase *self);
GwLevel      gw_case_get_resolved_level (GwCase *self);
int          gw_case_get_satisfaction   (GwCase *self);   /* 0 when not reviewed */
gboolean     gw_case_get_supervised     (GwCase *self);
gint64       gw_case_get_version        (GwCase *self);
/* While extended: the deadline the department asked for (may be NULL). */
GDateTime   *gw_case_get_extension_deadline (GwCase *self);
/* A merged case: the id of the case it duplicates (may be NULL). */
const char  *gw_case_get_merged_into    (GwCase *self);

/* Open, not yet resolved, and past its deadline at @now. */
gboolean     gw_case_is_overdue         (GwCase    *self,
                                         GDateTime *now);

/* Takes over every field of @newer (same id, higher version), notifying
 * the properties that changed. */
void         gw_case_update_from        (GwCase *self,
                                         GwCase *newer);

G_END_DECLS
