/* gw-event-private.h: decoding helpers shared within src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-event.h"

G_BEGIN_DECLS

/* 1 to 20 decimal digits within guint64; zero only with @allow_zero (a
 * snapshot of a centre that has no event yet). */
gboolean gw_event_parse_sequence (const char  *text,
                                  gboolean     allow_zero,
                                  guint64     *out,
                                  GError     **error);

/* {"mode": ..., "reason": ..., "case": ...} */
gboolean gw_event_read_mode      (JsonObject  *object,
                            const char  *prefix,
                            GwMode      *mode,
                            char       **reason,
                            char       **case_id,
                            GError     **error);

G_END_DECLS
