/* gw-frame-turns.h: parts of a window take turns to change on screen, one compact area a frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * GwTurnFunc:
 * @part: the widget whose turn it is
 * @user_data: what the request passed
 *
 * Called in the update phase of the frame that may show @part's change:
 * make the change now (swap a render node, set a label's text).
 */
typedef void (*GwTurnFunc) (GtkWidget *part,
                            gpointer   user_data);

/**
 * GwTurnsPeekFunc:
 * @user_data: the neighbour's
 * @area: (out): where the neighbour will repaint in the next frame, in the
 *   window's coordinates
 *
 * Returns: %TRUE if the neighbour repaints something in the next frame
 */
typedef gboolean (*GwTurnsPeekFunc)  (gpointer         user_data,
                                      graphene_rect_t *area);
/* Asks the neighbour to show nothing new in the next frame. */
typedef void     (*GwTurnsDeferFunc) (gpointer         user_data);

#define GW_TYPE_FRAME_TURNS (gw_frame_turns_get_type ())
G_DECLARE_FINAL_TYPE (GwFrameTurns, gw_frame_turns, GW, FRAME_TURNS, GObject)

GwFrameTurns *gw_frame_turns_install     (GtkWidget    *window);
GwFrameTurns *gw_frame_turns_get         (GtkWidget    *widget);
void          gw_frame_turns_ask         (GtkWidget    *part,
                                          GwTurnFunc    func,
                                          gpointer      user_data);
void          gw_frame_turns_withdraw    (GtkWidget    *part);
guint         gw_frame_turns_get_n_waiting (GwFrameTurns *self);
guint         gw_frame_turns_get_max_wait  (GwFrameTurns *self);
gint64        gw_frame_turns_get_max_wait_usec (GwFrameTurns *self);
void          gw_frame_turns_set_max_area  (GwFrameTurns *self,
                                            double        max_area);
void          gw_frame_turns_set_neighbour (GwFrameTurns     *self,
                                            GwTurnsPeekFunc   peek,
                                            GwTurnsDeferFunc  defer,
                                            gpointer          user_data);

G_END_DECLS
