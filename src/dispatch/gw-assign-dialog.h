/* gw-assign-dialog.h: "assign to …" from the keyboard: type-ahead over the
 * departments (suggested first), then the same confirmation as a drop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-assign-form.h"
#include "gw-desk-index.h"
#include "gw-desk-util.h"

G_BEGIN_DECLS

#define GW_TYPE_ASSIGN_DIALOG (gw_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwAssignDialog, gw_assign_dialog, GW, ASSIGN_DIALOG, AdwWindow)

/* @departments: a GListModel of GwDepartment; @suggestions: GwSuggestion, best
 * first; @exclude: a department code not to offer (the current handler), or NULL.
 * Emits ::confirmed (GwAssignForm) and closes, or just closes on Escape. */
GwAssignDialog *gw_assign_dialog_new    (GtkWindow  *parent,
                                         GwCase     *gw_case,
                                         GListModel *departments,
                                         GPtrArray  *suggestions,
                                         GTimeSpan   default_deadline,
                                         const char *verb,
                                         const char *exclude);
/* The type-ahead entry (for tests). */
GtkEditable    *gw_assign_dialog_get_entry (GwAssignDialog *self);

G_END_DECLS
