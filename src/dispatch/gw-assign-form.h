/* gw-assign-form.h: confirm an assignment: deadline (限时), note, co-handling
 * departments (协办). Enter confirms, Escape cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"
#include "gw-department.h"

G_BEGIN_DECLS

#define GW_TYPE_ASSIGN_FORM (gw_assign_form_get_type ())
G_DECLARE_FINAL_TYPE (GwAssignForm, gw_assign_form, GW, ASSIGN_FORM, GtkWidget)

/* @co_candidates: departments offered as co-handlers (GwDepartment; may be NULL).
 * @default_deadline: the time allowed from now. @verb: "Assign", "Reassign"... */
GtkWidget    *gw_assign_form_new            (GwCase       *gw_case,
                                             GwDepartment *department,
                                             GPtrArray    *co_candidates,
                                             GTimeSpan     default_deadline,
                                             const char   *verb);
GwCase       *gw_assign_form_get_case       (GwAssignForm *self);
/* The case's version when the form opened: the If-Match of the command. */
gint64        gw_assign_form_get_version    (GwAssignForm *self);
GwDepartment *gw_assign_form_get_department (GwAssignForm *self);
/* The chosen deadline (UTC), a new reference. */
GDateTime    *gw_assign_form_dup_deadline   (GwAssignForm *self);
const char   *gw_assign_form_get_note       (GwAssignForm *self);
/* The checked co-handlers' codes, NULL-terminated; free with g_strfreev. */
char        **gw_assign_form_dup_co_codes   (GwAssignForm *self);
/* Gives the keyboard to the form's first field. */
void          gw_assign_form_focus          (GwAssignForm *self);
/* Emits ::confirmed (as Enter does). */
void          gw_assign_form_confirm        (GwAssignForm *self);

G_END_DECLS
