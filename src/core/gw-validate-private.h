/* gw-validate-private.h: typed access to fields of untrusted JSON objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every getter names the field by @prefix + @name ("data.case." "lat") in its
 * GW_PROTOCOL_ERROR: MISSING when absent, TYPE for a wrong JSON type, RANGE for
 * a value outside the protocol. Strings returned are owned by the JSON node.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-event.h"

G_BEGIN_DECLS

typedef enum
{
  GW_FIELD_REQUIRED = 0,
  GW_FIELD_NULLABLE = 1 << 0,  /* null is allowed (then *out is NULL / 0) */
  GW_FIELD_OPTIONAL = 1 << 1,  /* may be absent (then *out is NULL / 0) */
} GwFieldFlags;

typedef enum
{
  GW_CHARSET_ANY,           /* any text */
  GW_CHARSET_ID,            /* [A-Za-z0-9_-] */
  GW_CHARSET_LOWER_ID,      /* [a-z0-9_-] */
  GW_CHARSET_DIGITS,        /* [0-9] */
  GW_CHARSET_PRINTABLE,     /* printable ASCII, no space */
} GwCharset;

typedef gboolean (*GwEnumParser) (const char *name, gpointer out);

gboolean gw_core_field_string (JsonObject   *object,
                          const char   *prefix,
                          const char   *name,
                          GwFieldFlags  flags,
                          GwCharset     charset,
                          guint         min_chars,
                          guint         max_chars,
                          const char  **out,
                          GError      **error);
gboolean gw_core_field_enum   (JsonObject   *object,
                          const char   *prefix,
                          const char   *name,
                          GwFieldFlags  flags,
                          GwEnumParser  parse,
                          const char   *choices,
                          gpointer      out,
                          gboolean     *is_null,
                          GError      **error);
gboolean gw_core_field_time   (JsonObject   *object,
                          const char   *prefix,
                          const char   *name,
                          GwFieldFlags  flags,
                          GDateTime   **out,
                          GError      **error);
gboolean gw_core_field_double (JsonObject   *object,
                          const char   *prefix,
                          const char   *name,
                          double        min,
                          double        max,
                          double       *out,
                          GError      **error);
gboolean gw_core_field_int    (JsonObject   *object,
                          const char   *prefix,
                          const char   *name,
                          GwFieldFlags  flags,
                          gint64        min,
                          gint64        max,
                          gint64       *out,
                          GError      **error);
gboolean gw_core_field_bool   (JsonObject   *object,
                          const char   *prefix,
                          const char   *name,
                          gboolean     *out,
                          GError      **error);
/* An object member; NULL and no error when optional and absent or null. */
JsonObject *gw_core_field_object (JsonObject   *object,
                             const char   *prefix,
                             const char   *name,
                             GwFieldFlags  flags,
                             GError      **error);
JsonArray  *gw_core_field_array  (JsonObject   *object,
                             const char   *prefix,
                             const char   *name,
                             guint         max_length,
                             GError      **error);

/* Checks a string against a charset and length; @what names it in messages. */
gboolean gw_core_check_string (const char   *value,
                          const char   *what,
                          GwCharset     charset,
                          guint         min_chars,
                          guint         max_chars,
                          GError      **error);

/* The inverse: 2026-11-21T14:03:12[.123456]+08:00. */
char      *gw_core_format_rfc3339 (GDateTime *time);
/* The fixed +08:00 zone of the centre's day, and other fixed offsets, cached. */
GTimeZone *gw_core_time_zone_for_offset (int minutes);

const char *gw_core_json_type_name (JsonNode *node);
/* A short quoted rendering of untrusted text for messages. */
char       *gw_core_quote (const char *text);

G_END_DECLS
