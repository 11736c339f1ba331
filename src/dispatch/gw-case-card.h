/* gw-case-card.h: one case of the desk's queue: type, place, waiting time, state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

/**
 * GwCardState:
 * @GW_CARD_STATE_NONE: nothing sent about the case
 * @GW_CARD_STATE_PENDING: a command was sent; waiting for the centre's event
 * @GW_CARD_STATE_CONFLICT: someone else acted first; the text says who did what
 * @GW_CARD_STATE_REJECTED: the centre refused the command; the text says why
 *
 * What the desk has to say about a case beyond what the centre says.
 */
typedef enum
{
  GW_CARD_STATE_NONE,
  GW_CARD_STATE_PENDING,
  GW_CARD_STATE_CONFLICT,
  GW_CARD_STATE_REJECTED,
} GwCardState;

#define GW_TYPE_CASE_CARD (gw_case_card_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseCard, gw_case_card, GW, CASE_CARD, GtkWidget)

GtkWidget *gw_case_card_new         (void);
/* @place: the grid's name (or NULL: the grid code is shown). The card follows the
 * case's changes until another case (or NULL) is set. */
void       gw_case_card_set_case    (GwCaseCard  *self,
                                     GwCase      *gw_case,
                                     const char  *place);
GwCase    *gw_case_card_get_case    (GwCaseCard  *self);
void       gw_case_card_set_drag_icon (GdkDrag   *drag,
                                       GwCase    *gw_case,
                                       const char *place,
                                       int         width);
/* Updates the waiting counter to @now_us (g_get_real_time ()). */
void       gw_case_card_tick        (GwCaseCard  *self,
                                     gint64       now_us);
void       gw_case_card_set_state   (GwCaseCard  *self,
                                     GwCardState  state,
                                     const char  *text);
GwCardState gw_case_card_get_state  (GwCaseCard  *self);
const char *gw_case_card_get_state_text (GwCaseCard *self);
void       gw_case_card_set_duplicate (GwCaseCard *self,
                                       gboolean    duplicate);

G_END_DECLS
