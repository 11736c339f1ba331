/* gw-department-private.h: internals of GwDepartment shared within src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-department.h"

G_BEGIN_DECLS

GwDepartment *gw_department_new_from_json_at (JsonObject   *object,
                                              const char   *prefix,
                                              GError      **error);
gboolean      gw_department_equal            (GwDepartment *a,
                                              GwDepartment *b);

G_END_DECLS
