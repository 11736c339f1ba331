/* gw-department.h: a department (联动单位) cases are assigned to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_TYPE_DEPARTMENT (gw_department_get_type ())
G_DECLARE_FINAL_TYPE (GwDepartment, gw_department, GW, DEPARTMENT, GObject)

GwDepartment *gw_department_new_from_json (JsonObject *object,
                                           GError    **error);
const char   *gw_department_get_code      (GwDepartment *self);
const char   *gw_department_get_name      (GwDepartment *self);
const char   *gw_department_get_kind      (GwDepartment *self);
const char   *gw_department_get_area      (GwDepartment *self);
const char   *gw_department_get_phone     (GwDepartment *self);

G_END_DECLS
