/* gw-case-type-private.h: internals of GwCaseType shared within src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-type.h"

G_BEGIN_DECLS

GwCaseType *gw_case_type_new_from_json_at (JsonObject  *object,
                                           const char  *prefix,
                                           GError     **error);
/* One of the protocol's department kinds ("police", "street_office"...). */
gboolean    gw_department_kind_is_valid   (const char  *kind);

G_END_DECLS
