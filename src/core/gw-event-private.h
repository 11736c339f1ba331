/* gw-event-private.h: decoding helpers shared within src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-event.h"

G_BEGIN_DECLS

/* {"mode": ..., "reason": ..., "case": ...} */
gboolean gw_event_read_mode      (JsonObject  *object,
                            const char  *prefix,
                            GwMode      *mode,
                            char       **reason,
                            char       **case_id,
                            GError     **error);

G_END_DECLS
