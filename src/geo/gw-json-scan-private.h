/* gw-json-scan-private.h: a strict RFC 8259 syntax check before json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gw_json_scan_strict (const char  *data,
                              gsize        length,
                              guint        max_depth,
                              GError     **error);

G_END_DECLS
