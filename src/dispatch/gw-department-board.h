/* gw-department-board.h: the desk's departments, their load, and the drop targets
 * a case is assigned on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-store.h"
#include "gw-department-tile.h"
#include "gw-desk-index.h"
#include "gw-desk-util.h"
#include "gw-grid-set.h"

G_BEGIN_DECLS

#define GW_TYPE_DEPARTMENT_BOARD (gw_department_board_get_type ())
G_DECLARE_FINAL_TYPE (GwDepartmentBoard, gw_department_board, GW, DEPARTMENT_BOARD, GtkWidget)

GtkWidget        *gw_department_board_new             (GwCaseStore       *store);
void              gw_department_board_set_grids       (GwDepartmentBoard *self,
                                                       GwGridSet         *grids);
/* Takes the loads from @index (borrowed; it must outlive the board's use). */
void              gw_department_board_update_loads    (GwDepartmentBoard *self,
                                                       GwDeskIndex       *index);
/* The case the board is about: "the case's district" shows its county. */
void              gw_department_board_set_case        (GwDepartmentBoard *self,
                                                       GwCase            *gw_case);
/* Lights up the lit ones of @suggestions (GwSuggestion, best first), or none for NULL. */
void              gw_department_board_set_suggestions (GwDepartmentBoard *self,
                                                       GPtrArray         *suggestions);
/* Whether a case is being dragged over the desk. */
void              gw_department_board_set_dragging    (GwDepartmentBoard *self,
                                                       gboolean           dragging);
gboolean          gw_department_board_get_dragging    (GwDepartmentBoard *self);
/* Tiles accept dropped cases (not on the wall). */
void              gw_department_board_set_droppable   (GwDepartmentBoard *self,
                                                       gboolean           droppable);
GwDepartmentTile *gw_department_board_get_tile        (GwDepartmentBoard *self,
                                                       const char        *code);
void              gw_department_board_focus           (GwDepartmentBoard *self);

G_END_DECLS
