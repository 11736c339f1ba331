/* gw-case-type.h: a case type (事件类型) as the centre's snapshot lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-types.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_TYPE (gw_case_type_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseType, gw_case_type, GW, CASE_TYPE, GObject)

/* {"service_code", "service_name", "category", "department_kind", "deadline_hours"}
 * (docs/protocol.md, "CaseType"); a GW_PROTOCOL_ERROR names the field. */
GwCaseType  *gw_case_type_new_from_json        (JsonObject *object,
                                                GError    **error);
const char  *gw_case_type_get_service_code     (GwCaseType *self);
const char  *gw_case_type_get_service_name     (GwCaseType *self);
GwCategory   gw_case_type_get_category         (GwCaseType *self);
/* The kind of department that handles it by default ("fire", "street_office"...). */
const char  *gw_case_type_get_department_kind  (GwCaseType *self);
/* The deadline 限时 for a normal case, in hours (1..8760). */
guint        gw_case_type_get_deadline_hours   (GwCaseType *self);
/* The deadline for a case of @priority assigned at @from: deadline_hours,
 * halved for urgent, quartered for major (the centre's own rule). */
GDateTime   *gw_case_type_get_default_deadline (GwCaseType *self,
                                                GwPriority  priority,
                                                GDateTime  *from);

G_END_DECLS
