/* gw-json-check.h: a strict RFC 8259 reader for untrusted text
 *
 * The only JSON pre-parser of Gridwall: the geo, feed and centre layers call
 * gw_core_parse_json() too, and translate its GW_PROTOCOL_ERROR if they must.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6 accepts what RFC 8259 does not (single quotes, comments, two
 * top-level values, [01], 1e99999) and crashes on deep nesting, so nothing from
 * a centre reaches it before this reader has accepted it. The reader either only
 * checks (no tree), or builds json-glib nodes itself for one value at a time,
 * which lets gw_snapshot_decode stream 100k cases with bounded memory.
 *
 * Beyond RFC 8259 it also refuses, on purpose: duplicate member names in one
 * object (parsers disagree on which wins), the escape \u0000 (our strings are
 * C strings), integers outside gint64 and numbers that overflow a double.
 * Errors are GW_PROTOCOL_ERROR with the line, column and byte of the fault.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *text;
  gsize       length;
  gsize       pos;
  guint       max_depth;
  GString    *scratch;  /* decoded string values */
  GString   **keys;     /* decoded member names, one per nesting level */
} GwCoreJsonReader;

/* Size, NUL bytes and UTF-8: the checks on raw bytes. @what names the input
 * in messages ("event", "snapshot"). */
gboolean  gw_core_check_bytes          (const char   *text,
                                        gsize         length,
                                        gsize         max_size,
                                        GError      **error);

/* The whole of @text is exactly one strict JSON value within @max_depth. */
gboolean  gw_core_check_json                (const char   *text,
                                        gsize         length,
                                        guint         max_depth,
                                        GError      **error);

void      gw_core_json_reader_init          (GwCoreJsonReader *self,
                                        const char   *text,
                                        gsize         length,
                                        guint         max_depth);
void      gw_core_json_reader_clear         (GwCoreJsonReader *self);

/* Reads one value at nesting @depth (0 for the top level). With @out NULL it
 * only checks; otherwise it builds the node. */
gboolean  gw_core_json_reader_read_value    (GwCoreJsonReader *self,
                                        guint         depth,
                                        JsonNode    **out,
                                        GError      **error);

/* Streaming: after gw_core_json_reader_enter (self, '{' or '['), call
 * gw_core_json_reader_next until *more is FALSE. For objects it returns each
 * member's name in @key (free it) with the reader before its value, which the
 * caller must read (gw_core_json_reader_read_value with depth + 1). */
gboolean  gw_core_json_reader_enter         (GwCoreJsonReader *self,
                                        char          open,
                                        GError      **error);
gboolean  gw_core_json_reader_next          (GwCoreJsonReader *self,
                                        char          open,
                                        gboolean      first,
                                        gboolean     *more,
                                        char        **key,
                                        GError      **error);
/* Skips whitespace and names the kind of value that starts there ("an
 * object", "a string", ...), or NULL when no value can start there. */
const char *gw_core_json_reader_peek_kind (GwCoreJsonReader *self);
/* Only whitespace is left. */
gboolean  gw_core_json_reader_end           (GwCoreJsonReader *self,
                                        GError      **error);

/* Bytes, strict syntax, then a json-glib tree (docs in gw-json-check.c). */
JsonNode *gw_core_parse_json          (const char   *text,
                                       gsize         length,
                                       gsize         max_size,
                                       guint         max_depth,
                                       GError      **error);

G_END_DECLS
