/* gw-center-util.h: JSON writing, safe JSON reading and times for the centre
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Times are microseconds since the epoch (g_get_real_time()); 0 means "none". */
#define GW_CENTER_NO_TIME 0

/* Appends @value as a JSON string literal, or null when @value is NULL. */
void      gw_json_append_string  (GString    *out,
                                  const char *value);
/* Appends ,"name": (no comma when @first). */
void      gw_json_append_key     (GString    *out,
                                  const char *name,
                                  gboolean    first);
void      gw_json_append_time    (GString    *out,
                                  gint64      time_us);
void      gw_json_append_double  (GString    *out,
                                  double      value);

/* RFC 3339 in China Standard Time (+08:00), second precision. */
char     *gw_time_format         (gint64      time_us);
/* RFC 3339 with a mandatory offset; FALSE for anything else. */
gboolean  gw_time_parse          (const char *text,
                                  gint64     *time_us);

/* Parses untrusted JSON with the core's strict reader (gw_core_parse_json),
 * as a GW_CENTER_ERROR_DATA on failure. The caller checks the root's type. */
JsonNode *gw_json_parse_untrusted (const char *data,
                                   gsize       length,
                                   gsize       max_bytes,
                                   guint       max_depth,
                                   GError    **error);

/* A sequence on the wire: 20 digits, zero-padded. */
char     *gw_sequence_format     (guint64     sequence);

/* A case id: 1..64 of [A-Za-z0-9_-]. */
gboolean  gw_case_id_is_valid    (const char *id);

/* Sources on the calling thread's default main context: the centre runs
 * in a thread of its own, and g_timeout_add() and g_idle_add() would attach
 * to the global default context, the caller's. */
guint     gw_center_timeout_add  (guint        interval_ms,
                                  int          priority,
                                  GSourceFunc  func,
                                  gpointer     data);
guint     gw_center_idle_add     (int          priority,
                                  GSourceFunc  func,
                                  gpointer     data);
/* Destroys the source *@id of the thread's context, if any, and zeroes it. */
void      gw_center_source_clear (guint       *id);

/* Deterministic 64-bit mixing (splitmix64), for per-case random streams. */
guint64   gw_mix64               (guint64     x);
guint64   gw_hash_string64       (const char *text);

G_END_DECLS
