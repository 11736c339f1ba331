/* gw-desk.h: the dispatcher's desk: queue, department board and case detail,
 * wired to the centre's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case-detail.h"
#include "gw-case-queue.h"
#include "gw-department-board.h"
#include "gw-feed.h"
#include "gw-grid-set.h"

G_BEGIN_DECLS

#define GW_TYPE_DESK (gw_desk_get_type ())
G_DECLARE_FINAL_TYPE (GwDesk, gw_desk, GW, DESK, GObject)

/* The desk's widgets are created here; the window places them. */
GwDesk            *gw_desk_new              (GwFeed    *feed);
GwCaseQueue       *gw_desk_get_queue        (GwDesk    *self);
GwDepartmentBoard *gw_desk_get_board        (GwDesk    *self);
GwCaseDetail      *gw_desk_get_detail       (GwDesk    *self);
/* Where the desk's toasts appear: wrap the window's working area in it. */
AdwToastOverlay   *gw_desk_get_toast_overlay (GwDesk   *self);
/* The "desk" action group: insert it on the window as "desk". */
GActionGroup      *gw_desk_get_actions      (GwDesk    *self);
void               gw_desk_set_grids        (GwDesk    *self,
                                             GwGridSet *grids);
/* The case the detail shows and the board suggests for (NULL: none). */
void               gw_desk_show_case        (GwDesk    *self,
                                             GwCase    *gw_case);
GwCase            *gw_desk_get_case         (GwDesk    *self);
gboolean           gw_desk_can_assign       (GwDesk    *self,
                                             GwCase    *gw_case);
/* A case dragged from another widget (the map): see gw-desk.c. */
gboolean           gw_desk_begin_drag       (GwDesk    *self,
                                             GwCase    *gw_case,
                                             GdkDrag   *drag);
void               gw_desk_end_drag         (GwDesk    *self);
/* Whether the dispatch controls are shown (FALSE for the wall role). */
gboolean           gw_desk_get_controls     (GwDesk    *self);
/* How many cases' timelines the desk records (for tests). */
guint              gw_desk_get_n_recorded   (GwDesk    *self);
/* The text of the last toast shown (for tests), or NULL. */
const char        *gw_desk_get_last_toast   (GwDesk    *self);
/* The open confirmation (a drop's popover or the keyboard dialog's), or NULL. */
GtkWidget         *gw_desk_get_open_form    (GwDesk    *self);
/* The open "assign to" dialog, or NULL. */
GtkWindow         *gw_desk_get_dialog       (GwDesk    *self);

/* The open question before a command (AdwMessageDialog), or NULL. */
GtkWindow         *gw_desk_get_question     (GwDesk    *self);

/* The desk a window holds (gw_window_setup_dispatch), or NULL. */
GwDesk            *gw_desk_get_for_window   (GtkWindow *window);
void               gw_desk_attach_to_window (GwDesk    *self,
                                             GtkWindow *window);

G_END_DECLS
