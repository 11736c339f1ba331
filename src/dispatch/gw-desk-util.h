/* gw-desk-util.h: small helpers shared by the desk's widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"
#include "gw-department.h"

G_BEGIN_DECLS

/**
 * GwSuggestion:
 * @department: a department of the store
 * @reason: why, in the dispatcher's words ("Fire and rescue for 消防通道堵塞 · 东湖区")
 * @lit: the case type's own kind (lit on the board); otherwise a co-handling candidate
 */
typedef struct
{
  GwDepartment *department;
  char         *reason;
  gboolean      lit;
} GwSuggestion;

GwSuggestion *gw_suggestion_new  (GwDepartment *department,
                                  char         *reason,
                                  gboolean      lit);
void          gw_suggestion_free (GwSuggestion *suggestion);

/* "45 s", "12 min", "3 h 05 min", "2 d 4 h": short enough for a card. */
char       *gw_desk_format_duration   (GTimeSpan   span);
/* The translated short name of a department kind ("Police", "Urban management"). */
const char *gw_desk_kind_label        (const char *kind);
/* TRUE for the steps a case waits for assignment in: reported, accepted, returned. */
gboolean    gw_desk_case_is_waiting   (GwCase     *gw_case);
/* Seconds since the case was reported, at @now_us (g_get_real_time ()). */
GTimeSpan   gw_desk_case_waiting      (GwCase     *gw_case,
                                       gint64      now_us);
/* What a search entry holds, stripped and casefolded, or NULL when empty. */
char       *gw_desk_dup_needle        (GtkEditable  *entry);
/* Whether @needle (casefolded) is in the department's name, kind or code. */
gboolean    gw_desk_department_matches (GwDepartment *department,
                                        const char   *needle);
/* Replaces every CSS class of @widget that starts with @prefix by @prefix@suffix. */
void        gw_desk_set_class_variant (GtkWidget  *widget,
                                       const char *prefix,
                                       const char *suffix);

G_END_DECLS
