/* gw-json-check.c: a strict RFC 8259 reader for untrusted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-event.h"
#include "gw-json-check.h"

static void
where (GwCoreJsonReader *self,
       gsize         pos,
       guint        *line,
       guint        *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < pos && i < self->length; i++)
    {
      if (self->text[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) self->text[i] & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

static char *
describe_char (GwCoreJsonReader *self,
               gsize         pos)
{
  guchar c;

  if (pos >= self->length)
    return g_strdup ("the end of the text");
  c = (guchar) self->text[pos];
  if (c < 0x20 || c == 0x7F)
    return g_strdup_printf ("control character 0x%02X", c);
  if (c >= 0x80)
    {
      gunichar u = g_utf8_get_char_validated (self->text + pos, self->length - pos);
      char buf[8] = { 0 };

      if (u == (gunichar) -1 || u == (gunichar) -2)
        return g_strdup_printf ("byte 0x%02X", c);
      g_unichar_to_utf8 (u, buf);
      return g_strdup_printf ("'%s'", buf);
    }
  return g_strdup_printf ("'%c'", c);
}

static inline int peek (GwCoreJsonReader *self);

G_GNUC_PRINTF (4, 5)
static gboolean
fail_at (GwCoreJsonReader *self,
         gsize         pos,
         GError      **error,
         const char   *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;
  guint line, column;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  where (self, pos, &line, &column);
  g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_SYNTAX,
               "invalid JSON at line %u, column %u (byte %" G_GSIZE_FORMAT "): %s",
               line, column, pos, what);
  return FALSE;
}

static gboolean
fail_unexpected (GwCoreJsonReader *self,
                 const char   *expected,
                 GError      **error)
{
  g_autofree char *found = NULL;

  if (peek (self) == '/')
    return fail_at (self, self->pos, error, "comments are not JSON");
  if (peek (self) == '\'')
    return fail_at (self, self->pos, error,
                    "expected %s, found a single quote (single quotes are not JSON, "
                    "use double quotes)", expected);

  found = describe_char (self, self->pos);

  return fail_at (self, self->pos, error, "expected %s, found %s", expected, found);
}

gboolean
gw_core_check_bytes (const char  *text,
                     gsize        length,
                     gsize        max_size,
                     GError     **error)
{
  const char *nul;
  const char *end = NULL;

  if (length > max_size)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TOO_LARGE,
                   "%" G_GSIZE_FORMAT " bytes is over the limit of %" G_GSIZE_FORMAT " bytes",
                   length, max_size);
      return FALSE;
    }

  nul = memchr (text, '\0', length);
  if (nul != NULL)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_NOT_UTF8,
                   "NUL byte at byte %" G_GSIZE_FORMAT " (text must be UTF-8 without NUL)",
                   (gsize) (nul - text));
      return FALSE;
    }

  if (!g_utf8_validate_len (text, length, &end))
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_NOT_UTF8,
                   "invalid UTF-8 at byte %" G_GSIZE_FORMAT " (0x%02X)",
                   (gsize) (end - text), (guchar) *end);
      return FALSE;
    }

  return TRUE;
}

void
gw_core_json_reader_init (GwCoreJsonReader *self,
                     const char   *text,
                     gsize         length,
                     guint         max_depth)
{
  self->text = text;
  self->length = length;
  self->pos = 0;
  self->max_depth = max_depth;
  self->scratch = g_string_sized_new (256);
  self->keys = g_new0 (GString *, max_depth + 1);
}

void
gw_core_json_reader_clear (GwCoreJsonReader *self)
{
  if (self->scratch != NULL)
    g_string_free (self->scratch, TRUE);
  self->scratch = NULL;
  for (guint i = 0; self->keys != NULL && i <= self->max_depth; i++)
    {
      if (self->keys[i] != NULL)
        g_string_free (self->keys[i], TRUE);
    }
  g_clear_pointer (&self->keys, g_free);
}

static inline void
skip_ws (GwCoreJsonReader *self)
{
  while (self->pos < self->length)
    {
      char c = self->text[self->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      self->pos++;
    }
}

static inline int
peek (GwCoreJsonReader *self)
{
  return self->pos < self->length ? (guchar) self->text[self->pos] : -1;
}

static gboolean
read_hex4 (GwCoreJsonReader *self,
           gunichar     *out,
           GError      **error)
{
  gunichar value = 0;

  if (self->length - self->pos < 4)
    return fail_at (self, self->pos, error, "truncated \\u escape");

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (self->text[self->pos + i]);

      if (digit < 0)
        return fail_at (self, self->pos + i, error,
                        "invalid \\u escape: expected 4 hexadecimal digits");
      value = value * 16 + (gunichar) digit;
    }
  self->pos += 4;
  *out = value;
  return TRUE;
}

static gboolean
read_unicode_escape (GwCoreJsonReader *self,
                     gsize         start,
                     GString      *into,
                     GError      **error)
{
  gunichar u = 0;

  if (!read_hex4 (self, &u, error))
    return FALSE;

  if (u == 0)
    return fail_at (self, start, error, "the escape \\u0000 (NUL) is not allowed");

  if (u >= 0xDC00 && u <= 0xDFFF)
    return fail_at (self, start, error, "lone low surrogate \\u%04X", u);

  if (u >= 0xD800 && u <= 0xDBFF)
    {
      gunichar low = 0;

      if (self->length - self->pos < 2 ||
          self->text[self->pos] != '\\' || self->text[self->pos + 1] != 'u')
        return fail_at (self, start, error,
                        "high surrogate \\u%04X is not followed by a low surrogate", u);
      self->pos += 2;
      if (!read_hex4 (self, &low, error))
        return FALSE;
      if (low < 0xDC00 || low > 0xDFFF)
        return fail_at (self, start, error,
                        "high surrogate \\u%04X is followed by \\u%04X, not a low surrogate",
                        u, low);
      u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
    }

  if (into != NULL)
    g_string_append_unichar (into, u);
  return TRUE;
}

/* Reads a string (the reader is on its opening quote). When @into is not
 * NULL it is set to the decoded text. */
static gboolean
read_string (GwCoreJsonReader *self,
             GString      *into,
             GError      **error)
{
  gsize run;

  g_assert (self->text[self->pos] == '"');
  self->pos++;
  run = self->pos;
  if (into != NULL)
    g_string_truncate (into, 0);

  for (;;)
    {
      guchar c;

      if (self->pos >= self->length)
        return fail_at (self, self->pos, error, "unterminated string");

      c = (guchar) self->text[self->pos];

      if (c == '"')
        break;

      if (c < 0x20)
        return fail_at (self, self->pos, error,
                        "control character 0x%02X in a string must be escaped", c);

      if (c != '\\')
        {
          self->pos++;
          continue;
        }

      if (into != NULL)
        g_string_append_len (into, self->text + run, self->pos - run);

      {
        gsize start = self->pos;
        char e;

        self->pos++;
        if (self->pos >= self->length)
          return fail_at (self, start, error, "unterminated escape");
        e = self->text[self->pos++];
        switch (e)
          {
          case '"': case '\\': case '/':
            if (into) g_string_append_c (into, e);
            break;
          case 'b': if (into) g_string_append_c (into, '\b'); break;
          case 'f': if (into) g_string_append_c (into, '\f'); break;
          case 'n': if (into) g_string_append_c (into, '\n'); break;
          case 'r': if (into) g_string_append_c (into, '\r'); break;
          case 't': if (into) g_string_append_c (into, '\t'); break;
          case 'u':
            if (!read_unicode_escape (self, start, into, error))
              return FALSE;
            break;
          default:
            if (e > 0x20 && e < 0x7F)
              return fail_at (self, start, error, "invalid escape \\%c", e);
            return fail_at (self, start, error, "invalid escape: a backslash before byte 0x%02X",
                            (guchar) e);
          }
      }
      run = self->pos;
    }

  if (into != NULL)
    g_string_append_len (into, self->text + run, self->pos - run);
  self->pos++;  /* the closing quote */
  return TRUE;
}

static gboolean
read_number (GwCoreJsonReader *self,
             JsonNode    **out,
             GError      **error)
{
  gsize start = self->pos;
  gboolean negative = FALSE;
  gboolean integral = TRUE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;

  if (peek (self) == '-')
    {
      negative = TRUE;
      self->pos++;
    }

  if (peek (self) == '0')
    {
      self->pos++;
      if (g_ascii_isdigit (peek (self)))
        return fail_at (self, start, error, "number with a leading zero");
    }
  else if (peek (self) >= '1' && peek (self) <= '9')
    {
      while (g_ascii_isdigit (peek (self)))
        {
          guint digit = (guint) (peek (self) - '0');

          if (magnitude > (G_MAXUINT64 - digit) / 10)
            overflow = TRUE;
          else
            magnitude = magnitude * 10 + digit;
          self->pos++;
        }
    }
  else if (peek (self) == 'I' || peek (self) == 'N')
    {
      return fail_at (self, start, error, "NaN and Infinity are not JSON values");
    }
  else
    {
      return fail_unexpected (self, "a digit", error);
    }

  if (peek (self) == '.')
    {
      integral = FALSE;
      self->pos++;
      if (!g_ascii_isdigit (peek (self)))
        return fail_unexpected (self, "a digit after the decimal point", error);
      while (g_ascii_isdigit (peek (self)))
        self->pos++;
    }

  if (peek (self) == 'e' || peek (self) == 'E')
    {
      integral = FALSE;
      self->pos++;
      if (peek (self) == '+' || peek (self) == '-')
        self->pos++;
      if (!g_ascii_isdigit (peek (self)))
        return fail_unexpected (self, "a digit in the exponent", error);
      while (g_ascii_isdigit (peek (self)))
        self->pos++;
    }

  if (integral)
    {
      guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

      if (overflow || magnitude > limit)
        {
          guint line, column;

          where (self, start, &line, &column);
          g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                       "integer %.*s at line %u, column %u is outside the 64-bit range",
                       (int) MIN (self->pos - start, 40), self->text + start, line, column);
          return FALSE;
        }
      if (out != NULL)
        {
          gint64 value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;

          *out = json_node_init_int (json_node_alloc (), value);
        }
      return TRUE;
    }

  /* The text need not be NUL-terminated: copy the token for strtod. */
  {
    gsize len = self->pos - start;
    char small[64];
    g_autofree char *big = NULL;
    char *token = small;
    double value;

    if (len >= sizeof small)
      token = big = g_malloc (len + 1);
    memcpy (token, self->text + start, len);
    token[len] = '\0';
    value = g_ascii_strtod (token, NULL);

    if (!isfinite (value))
      {
        guint line, column;

        where (self, start, &line, &column);
        g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                     "number %.*s at line %u, column %u overflows a double",
                     (int) MIN (len, 40), token, line, column);
        return FALSE;
      }
    if (out != NULL)
      *out = json_node_init_double (json_node_alloc (), value);
  }
  return TRUE;
}

static gboolean
read_literal (GwCoreJsonReader *self,
              JsonNode    **out,
              GError      **error)
{
  static const struct { const char *word; int kind; } literals[] = {
    { "true", 1 }, { "false", 0 }, { "null", -1 },
  };

  static const char *not_json[] = { "NaN", "Infinity", "inf", "nan", "undefined" };

  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      gsize n = strlen (not_json[i]);

      if (self->length - self->pos >= n &&
          g_ascii_strncasecmp (self->text + self->pos, not_json[i], n) == 0)
        return fail_at (self, self->pos, error, "%s is not a JSON value", not_json[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i].word);

      if (self->length - self->pos >= n &&
          memcmp (self->text + self->pos, literals[i].word, n) == 0)
        {
          self->pos += n;
          if (out != NULL)
            *out = literals[i].kind < 0
              ? json_node_init_null (json_node_alloc ())
              : json_node_init_boolean (json_node_alloc (), literals[i].kind);
          return TRUE;
        }
    }

  return fail_unexpected (self, "a value (object, array, string, number, true, false or null)",
                          error);
}

gboolean
gw_core_json_reader_enter (GwCoreJsonReader *self,
                      char          open,
                      GError      **error)
{
  skip_ws (self);
  if (peek (self) != open)
    return fail_unexpected (self, open == '{' ? "an object" : "an array", error);
  self->pos++;
  return TRUE;
}

static gboolean
next_member (GwCoreJsonReader *self,
             char          open,
             gboolean      first,
             gboolean     *more,
             GString      *key,
             GError      **error)
{
  char close = open == '{' ? '}' : ']';

  skip_ws (self);
  if (peek (self) == close)
    {
      self->pos++;
      *more = FALSE;
      return TRUE;
    }

  if (!first)
    {
      if (peek (self) != ',')
        return fail_unexpected (self, open == '{' ? "',' or '}'" : "',' or ']'", error);
      self->pos++;
      skip_ws (self);
      if (peek (self) == close)
        return fail_at (self, self->pos, error, "trailing comma before '%c'", close);
    }

  *more = TRUE;
  if (open == '[')
    return TRUE;

  if (peek (self) != '"')
    return fail_unexpected (self, "a member name in double quotes", error);
  if (!read_string (self, key, error))
    return FALSE;
  skip_ws (self);
  if (peek (self) != ':')
    return fail_unexpected (self, "':'", error);
  self->pos++;
  return TRUE;
}

gboolean
gw_core_json_reader_next (GwCoreJsonReader *self,
                     char          open,
                     gboolean      first,
                     gboolean     *more,
                     char        **key,
                     GError      **error)
{
  GString *name = open == '{' ? g_string_new (NULL) : NULL;
  gboolean ok = next_member (self, open, first, more, name, error);

  if (name != NULL)
    {
      if (ok && *more && key != NULL)
        *key = g_string_free (name, FALSE);
      else
        g_string_free (name, TRUE);
    }
  return ok;
}

static gboolean
read_container (GwCoreJsonReader *self,
                char          open,
                guint         depth,
                JsonNode    **out,
                GError      **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gsize start = self->pos;
  gboolean more = TRUE;
  gboolean first = TRUE;
  GString *key;

  if (depth + 1 > self->max_depth)
    {
      guint line, column;

      where (self, start, &line, &column);
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TOO_DEEP,
                   "nesting deeper than %u levels at line %u, column %u",
                   self->max_depth, line, column);
      return FALSE;
    }

  if (out != NULL)
    {
      if (open == '{')
        object = json_object_new ();
      else
        array = json_array_new ();
    }
  self->pos++;

  if (open == '{' && self->keys[depth] == NULL)
    self->keys[depth] = g_string_sized_new (32);
  key = open == '{' ? self->keys[depth] : NULL;

  for (;;)
    {
      JsonNode *child = NULL;
      gsize key_pos = self->pos;

      if (!next_member (self, open, first, &more, key, error))
        return FALSE;
      if (!more)
        break;
      first = FALSE;

      if (open == '{')
        {
          gboolean duplicate;

          if (object != NULL)
            {
              duplicate = json_object_has_member (object, key->str);
            }
          else
            {
              if (seen == NULL)
                seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              duplicate = !g_hash_table_add (seen, g_strndup (key->str, key->len));
            }
          if (duplicate)
            {
              g_autofree char *name = g_strndup (key->str, MIN (key->len, 64));
              return fail_at (self, key_pos, error, "duplicate member name \"%s\"", name);
            }
        }

      skip_ws (self);
      if (!gw_core_json_reader_read_value (self, depth + 1, out != NULL ? &child : NULL, error))
        return FALSE;

      if (object != NULL)
        json_object_set_member (object, key->str, child);
      else if (array != NULL)
        json_array_add_element (array, child);
    }

  if (out != NULL)
    {
      if (object != NULL)
        *out = json_node_init_object (json_node_alloc (), object);
      else
        *out = json_node_init_array (json_node_alloc (), array);
    }
  return TRUE;
}

gboolean
gw_core_json_reader_read_value (GwCoreJsonReader *self,
                           guint         depth,
                           JsonNode    **out,
                           GError      **error)
{
  int c;

  skip_ws (self);
  c = peek (self);

  switch (c)
    {
    case '{':
    case '[':
      return read_container (self, (char) c, depth, out, error);

    case '"':
      if (!read_string (self, out != NULL ? self->scratch : NULL, error))
        return FALSE;
      if (out != NULL)
        *out = json_node_init_string (json_node_alloc (), self->scratch->str);
      return TRUE;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (self, out, error);

    case -1:
      return fail_at (self, self->pos, error, "unexpected end of the text, expected a value");

    case '\'':
      return fail_at (self, self->pos, error, "single quotes are not JSON, use double quotes");

    case '/':
      return fail_at (self, self->pos, error, "comments are not JSON");

    default:
      return read_literal (self, out, error);
    }
}

const char *
gw_core_json_reader_peek_kind (GwCoreJsonReader *self)
{
  skip_ws (self);
  switch (peek (self))
    {
    case '{': return "an object";
    case '[': return "an array";
    case '"': return "a string";
    case 't': case 'f': return "a boolean";
    case 'n': return "null";
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return "a number";
    default: return NULL;
    }
}

gboolean
gw_core_json_reader_end (GwCoreJsonReader *self,
                    GError      **error)
{
  skip_ws (self);
  if (self->pos < self->length)
    {
      if (self->text[self->pos] == '/')
        return fail_at (self, self->pos, error, "comments are not JSON");
      return fail_at (self, self->pos, error,
                      "unexpected text after the JSON value (only one top-level value is allowed)");
    }
  return TRUE;
}

gboolean
gw_core_check_json (const char *text,
               gsize       length,
               guint       max_depth,
               GError    **error)
{
  GwCoreJsonReader reader;
  gboolean ok;

  gw_core_json_reader_init (&reader, text, length, max_depth);
  skip_ws (&reader);
  if (reader.pos == length)
    ok = fail_at (&reader, reader.pos, error, "unexpected end: the text is empty");
  else
    ok = gw_core_json_reader_read_value (&reader, 0, NULL, error) &&
         gw_core_json_reader_end (&reader, error);
  gw_core_json_reader_clear (&reader);
  return ok;
}

/**
 * gw_core_parse_json:
 * @text: untrusted text (need not be NUL-terminated)
 * @length: its length in bytes
 * @max_size: the most bytes accepted
 * @max_depth: the deepest nesting of arrays and objects accepted
 * @error: where to put a GW_PROTOCOL_ERROR
 *
 * The one way untrusted JSON becomes a tree: size, NUL bytes and UTF-8, then
 * the strict reader, and only then json-glib (fast, but lax and unsafe on
 * deep nesting). Any root type is returned: callers check it.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set
 */
JsonNode *
gw_core_parse_json (const char  *text,
                    gsize        length,
                    gsize        max_size,
                    guint        max_depth,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;

  if (text == NULL)
    text = "";
  if (!gw_core_check_bytes (text, length, max_size, error) ||
      !gw_core_check_json (text, length, max_depth, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local))
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_SYNTAX,
                   "invalid JSON: %s", local->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}
