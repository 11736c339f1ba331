/* gw-window-dispatch.c: the window's dispatch area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include "gw-window-private.h"

void
gw_window_setup_dispatch (GwWindow *self)
{
  /* Filled in by the dispatch area's owner; until then its slot stays hidden. */
}
