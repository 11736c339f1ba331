/* gw-validate.c: typed access to fields of untrusted JSON objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-validate-private.h"

#define QUOTE_MAX_CHARS 40

char *
gw_core_quote (const char *text)
{
  GString *out = g_string_new ("\"");
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_unichar (out, c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

const char *
gw_core_json_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "a string";
    case G_TYPE_BOOLEAN: return "a boolean";
    case G_TYPE_INT64: return "an integer";
    case G_TYPE_DOUBLE: return "a number";
    default: return "a value";
    }
}

static gboolean
fail_type (const char  *prefix,
           const char  *name,
           JsonNode    *node,
           const char  *expected,
           GError     **error)
{
  g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TYPE,
               "field %s%s is %s, expected %s", prefix, name,
               gw_core_json_type_name (node), expected);
  return FALSE;
}

/* The member, or NULL: with an error when it is required and absent or, not
 * nullable, null; without one when absent-and-optional or null-and-nullable. */
static JsonNode *
get_member (JsonObject   *object,
            const char   *prefix,
            const char   *name,
            GwFieldFlags  flags,
            const char   *expected,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (!(flags & GW_FIELD_OPTIONAL))
        g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_MISSING,
                     "field %s%s is missing", prefix, name);
      return NULL;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & GW_FIELD_NULLABLE))
        fail_type (prefix, name, node, expected, error);
      return NULL;
    }
  return node;
}

static const char *
charset_name (GwCharset charset)
{
  switch (charset)
    {
    case GW_CHARSET_ID: return "[A-Za-z0-9_-]";
    case GW_CHARSET_LOWER_ID: return "[a-z0-9_-]";
    case GW_CHARSET_DIGITS: return "[0-9]";
    case GW_CHARSET_PRINTABLE: return "printable ASCII";
    case GW_CHARSET_ANY:
    default: return "any";
    }
}

static gboolean
in_charset (guchar    c,
            GwCharset charset)
{
  switch (charset)
    {
    case GW_CHARSET_ID:
      return g_ascii_isalnum (c) || c == '_' || c == '-';
    case GW_CHARSET_LOWER_ID:
      return g_ascii_isdigit (c) || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
    case GW_CHARSET_DIGITS:
      return g_ascii_isdigit (c);
    case GW_CHARSET_PRINTABLE:
      return c > 0x20 && c < 0x7F;
    case GW_CHARSET_ANY:
    default:
      return TRUE;
    }
}

gboolean
gw_core_check_string (const char  *value,
                 const char  *what,
                 GwCharset    charset,
                 guint        min_chars,
                 guint        max_chars,
                 GError     **error)
{
  gsize n_chars;

  if (charset != GW_CHARSET_ANY)
    {
      for (const char *p = value; *p != '\0'; p++)
        {
          if (!in_charset ((guchar) *p, charset))
            {
              g_autofree char *quoted = gw_core_quote (value);

              g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                           "%s %s has a character outside %s", what, quoted,
                           charset_name (charset));
              return FALSE;
            }
        }
      n_chars = strlen (value);
    }
  else
    {
      n_chars = g_utf8_strlen (value, -1);
    }

  if (n_chars < min_chars || n_chars > max_chars)
    {
      g_autofree char *quoted = gw_core_quote (value);

      if (min_chars == max_chars)
        g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                     "%s %s has %" G_GSIZE_FORMAT " characters, expected %u",
                     what, quoted, n_chars, min_chars);
      else
        g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                     "%s %s has %" G_GSIZE_FORMAT " characters, outside %u..%u",
                     what, quoted, n_chars, min_chars, max_chars);
      return FALSE;
    }
  return TRUE;
}

static gboolean
node_string (JsonObject   *object,
             const char   *prefix,
             const char   *name,
             GwFieldFlags  flags,
             const char  **out,
             GError      **error)
{
  GError *local = NULL;
  JsonNode *node = get_member (object, prefix, name, flags, "a string", &local);

  *out = NULL;
  if (node == NULL)
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail_type (prefix, name, node, "a string", error);
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
gw_core_field_string (JsonObject   *object,
                 const char   *prefix,
                 const char   *name,
                 GwFieldFlags  flags,
                 GwCharset     charset,
                 guint         min_chars,
                 guint         max_chars,
                 const char  **out,
                 GError      **error)
{
  g_autofree char *what = NULL;

  if (!node_string (object, prefix, name, flags, out, error))
    return FALSE;
  if (*out == NULL)
    return TRUE;

  what = g_strconcat ("field ", prefix, name, NULL);
  if (!gw_core_check_string (*out, what, charset, min_chars, max_chars, error))
    {
      *out = NULL;
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_core_field_enum (JsonObject   *object,
               const char   *prefix,
               const char   *name,
               GwFieldFlags  flags,
               GwEnumParser  parse,
               const char   *choices,
               gpointer      out,
               gboolean     *is_null,
               GError      **error)
{
  const char *value;

  if (!node_string (object, prefix, name, flags, &value, error))
    return FALSE;
  if (is_null != NULL)
    *is_null = value == NULL;
  if (value == NULL)
    return TRUE;

  if (!parse (value, out))
    {
      g_autofree char *quoted = gw_core_quote (value);

      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %s%s %s is not one of %s", prefix, name, quoted, choices);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_core_field_time (JsonObject   *object,
               const char   *prefix,
               const char   *name,
               GwFieldFlags  flags,
               GDateTime   **out,
               GError      **error)
{
  const char *value;

  *out = NULL;
  if (!node_string (object, prefix, name, flags, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  *out = gw_core_parse_rfc3339 (value);
  if (*out == NULL)
    {
      g_autofree char *quoted = gw_core_quote (value);

      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %s%s %s is not an RFC 3339 time with an offset "
                   "(like 2026-11-21T14:03:12+08:00)", prefix, name, quoted);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_core_field_double (JsonObject  *object,
                 const char  *prefix,
                 const char  *name,
                 double       min,
                 double       max,
                 double      *out,
                 GError     **error)
{
  JsonNode *node = get_member (object, prefix, name, GW_FIELD_REQUIRED, "a number", error);
  GType type;
  double value;

  if (node == NULL)
    return FALSE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return fail_type (prefix, name, node, "a number", error);

  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %s%s %g is outside %g..%g", prefix, name, value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
gw_core_field_int (JsonObject   *object,
              const char   *prefix,
              const char   *name,
              GwFieldFlags  flags,
              gint64        min,
              gint64        max,
              gint64       *out,
              GError      **error)
{
  GError *local = NULL;
  JsonNode *node = get_member (object, prefix, name, flags, "an integer", &local);
  gint64 value;

  *out = 0;
  if (node == NULL)
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail_type (prefix, name, node, "an integer", error);

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      if (max == G_MAXINT64)
        g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                     "field %s%s %" G_GINT64_FORMAT " is less than %" G_GINT64_FORMAT,
                     prefix, name, value, min);
      else
        g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                     "field %s%s %" G_GINT64_FORMAT " is outside %" G_GINT64_FORMAT
                     "..%" G_GINT64_FORMAT, prefix, name, value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
gw_core_field_bool (JsonObject  *object,
               const char  *prefix,
               const char  *name,
               gboolean    *out,
               GError     **error)
{
  JsonNode *node = get_member (object, prefix, name, GW_FIELD_REQUIRED, "a boolean", error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail_type (prefix, name, node, "a boolean", error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

JsonObject *
gw_core_field_object (JsonObject   *object,
                 const char   *prefix,
                 const char   *name,
                 GwFieldFlags  flags,
                 GError      **error)
{
  JsonNode *node = get_member (object, prefix, name, flags, "an object", error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_type (prefix, name, node, "an object", error);
      return NULL;
    }
  return json_node_get_object (node);
}

JsonArray *
gw_core_field_array (JsonObject  *object,
                const char  *prefix,
                const char  *name,
                guint        max_length,
                GError     **error)
{
  JsonNode *node = get_member (object, prefix, name, GW_FIELD_REQUIRED, "an array", error);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail_type (prefix, name, node, "an array", error);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_length)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "field %s%s has %u entries, more than %u", prefix, name,
                   json_array_get_length (array), max_length);
      return NULL;
    }
  return array;
}

/* Time zones of fixed offsets, created once each (never freed). */
GTimeZone *
gw_core_time_zone_for_offset (int minutes)
{
  static GTimeZone *zones[2 * 24 * 60 + 1];
  GTimeZone *zone;
  guint slot;

  g_return_val_if_fail (minutes > -24 * 60 && minutes < 24 * 60, NULL);

  slot = (guint) (minutes + 24 * 60);
  zone = g_atomic_pointer_get (&zones[slot]);
  if (zone == NULL)
    {
      GTimeZone *made = g_time_zone_new_offset (minutes * 60);

      if (g_atomic_pointer_compare_and_exchange (&zones[slot], NULL, made))
        zone = made;
      else
        {
          g_time_zone_unref (made);
          zone = g_atomic_pointer_get (&zones[slot]);
        }
    }
  return zone;
}

static gboolean
digits (const char *p,
        int         n,
        int        *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      value = value * 10 + (p[i] - '0');
    }
  *out = value;
  return TRUE;
}

gboolean
gw_idempotency_key_is_valid (const char *key)
{
  gsize length;

  if (key == NULL)
    return FALSE;
  length = strlen (key);
  if (length == 0 || length > 128)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if ((guchar) key[i] < 0x20 || (guchar) key[i] > 0x7e)
      return FALSE;
  return TRUE;
}

GDateTime *
gw_core_parse_rfc3339 (const char *text)
{
  int year, month, day, hour, minute, second, offset = 0;
  int usec = 0;
  const char *p = text;

  if (strlen (text) < 20 ||
      !digits (p, 4, &year) || p[4] != '-' ||
      !digits (p + 5, 2, &month) || p[7] != '-' ||
      !digits (p + 8, 2, &day) || (p[10] != 'T' && p[10] != 't') ||
      !digits (p + 11, 2, &hour) || p[13] != ':' ||
      !digits (p + 14, 2, &minute) || p[16] != ':' ||
      !digits (p + 17, 2, &second))
    return NULL;
  p += 19;

  if (*p == '.')
    {
      int n = 0;

      for (p++; g_ascii_isdigit (*p); p++, n++)
        {
          if (n < 6)
            usec = usec * 10 + (*p - '0');
        }
      if (n == 0 || n > 9)
        return NULL;
      for (; n < 6; n++)
        usec *= 10;
    }

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int oh, om;

      if (!digits (p + 1, 2, &oh) || p[3] != ':' || !digits (p + 4, 2, &om) ||
          oh > 23 || om > 59)
        return NULL;
      offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
      p += 6;
    }
  else
    {
      return NULL;
    }

  /* Leap seconds (60) are refused: GDateTime cannot hold them. */
  if (*p != '\0' || year < 1 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year) ||
      hour > 23 || minute > 59 || second > 59)
    return NULL;

  {
    g_autoptr(GDateTime) whole = g_date_time_new (gw_core_time_zone_for_offset (offset), year,
                                                  month, day, hour, minute, second);

    /* Adding the microseconds avoids the rounding of fractional seconds. */
    if (whole == NULL || usec == 0)
      return g_steal_pointer (&whole);
    return g_date_time_add (whole, usec);
  }
}

char *
gw_core_format_rfc3339 (GDateTime *time)
{
  if (g_date_time_get_microsecond (time) != 0)
    return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%f%:z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}
