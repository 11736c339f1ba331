/* gw-ticker.h: the wall's row of the newest cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_TYPE_TICKER (gw_ticker_get_type ())
G_DECLARE_FINAL_TYPE (GwTicker, gw_ticker, GW, TICKER, GtkWidget)

GtkWidget  *gw_ticker_new           (guint                n_items);
void        gw_ticker_set_items     (GwTicker            *self,
                                     const char * const  *texts,
                                     const GwPriority    *priorities,
                                     guint                n);
guint       gw_ticker_get_n_items   (GwTicker            *self);
const char *gw_ticker_get_item_text (GwTicker            *self,
                                     guint                index);
guint       gw_ticker_get_n_shown   (GwTicker            *self);

G_END_DECLS
