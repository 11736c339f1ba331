/* gw-department-tile.h: one department (联动单位) on the desk's board, with its load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-department.h"
#include "gw-desk-index.h"

G_BEGIN_DECLS

#define GW_TYPE_DEPARTMENT_TILE (gw_department_tile_get_type ())
G_DECLARE_FINAL_TYPE (GwDepartmentTile, gw_department_tile, GW, DEPARTMENT_TILE, GtkWidget)

GtkWidget    *gw_department_tile_new            (GwDepartment           *department,
                                                 const char             *area_name);
GwDepartment *gw_department_tile_get_department (GwDepartmentTile       *self);
void          gw_department_tile_set_load       (GwDepartmentTile       *self,
                                                 const GwDepartmentLoad *load);
/* @rank 1.. for a suggested department (with why), 0 for none. */
void          gw_department_tile_set_suggested  (GwDepartmentTile       *self,
                                                 guint                   rank,
                                                 const char             *reason);
guint         gw_department_tile_get_rank       (GwDepartmentTile       *self);

G_END_DECLS
