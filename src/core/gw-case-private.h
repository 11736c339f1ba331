/* gw-case-private.h: internals of GwCase shared within src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_CASE_MAX_CO_AGENCIES 64

/* Like gw_case_new_from_json, naming fields as @prefix + name ("data.case."). */
GwCase *gw_case_new_from_json_at (JsonObject  *object,
                                  const char  *prefix,
                                  GError     **error);
/* A new case with the same fields. */
GwCase *gw_case_copy             (GwCase      *self);

/* Times as Unix seconds (G_MININT64 when absent), for cheap statistics. */
gint64  gw_case_get_requested_unix (GwCase *self);
gint64  gw_case_get_expected_unix  (GwCase *self);
gint64  gw_case_get_resolved_unix  (GwCase *self);
gint64  gw_case_get_closed_unix    (GwCase *self);

G_END_DECLS
