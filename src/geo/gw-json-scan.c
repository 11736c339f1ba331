/* gw-json-scan.c
 *
 * json-glib 1.6 is lax (single quotes, comments, trailing values, leading
 * zeros) and crashes on deep nesting, so untrusted text goes through this
 * syntax-only check first. Bounded recursion: the depth is checked before
 * each descent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-geo"

#include "gw-json-scan-private.h"
#include "gw-grid-set.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  guint       max_depth;
  const char *problem;
} Scan;

static gboolean scan_value (Scan *s);

static gboolean
fail (Scan       *s,
      const char *problem)
{
  s->problem = problem;
  return FALSE;
}

static void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return fail (s, "unexpected character");
  s->p += len;
  return TRUE;
}

static gboolean
scan_digits (Scan *s)
{
  const char *begin = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > begin;
}

static gboolean
scan_number (Scan *s)
{
  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return fail (s, "malformed number");
  if (*s->p == '0')
    {
      s->p++;
      if (s->p < s->end && g_ascii_isdigit (*s->p))
        return fail (s, "number with a leading zero");
    }
  else
    scan_digits (s);
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return fail (s, "malformed number");
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return fail (s, "malformed number");
    }
  return TRUE;
}

static gboolean
scan_string (Scan *s)
{
  g_assert (*s->p == '"');
  s->p++;
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p++;

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return fail (s, "control character in a string");
      if (c != '\\')
        continue;
      if (s->p >= s->end)
        break;
      c = (guchar) *s->p++;
      if (c == 'u')
        {
          guint v = 0;

          for (guint i = 0; i < 4; i++, s->p++)
            {
              if (s->p >= s->end || !g_ascii_isxdigit (*s->p))
                return fail (s, "malformed \\u escape");
              v = v * 16 + g_ascii_xdigit_value (*s->p);
            }
          if (v == 0)
            return fail (s, "\\u0000 in a string");
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return fail (s, "unknown escape in a string");
    }
  return fail (s, "unterminated string");
}

static gboolean
scan_container (Scan *s,
                char  close)
{
  gboolean is_object = close == '}';

  if (++s->depth > s->max_depth)
    return fail (s, "nested too deeply");
  s->p++;
  skip_ws (s);
  if (s->p < s->end && *s->p == close)
    {
      s->p++;
      s->depth--;
      return TRUE;
    }
  for (;;)
    {
      skip_ws (s);
      if (is_object)
        {
          if (s->p >= s->end || *s->p != '"')
            return fail (s, "expected a member name");
          if (!scan_string (s))
            return FALSE;
          skip_ws (s);
          if (s->p >= s->end || *s->p != ':')
            return fail (s, "expected ':'");
          s->p++;
        }
      if (!scan_value (s))
        return FALSE;
      skip_ws (s);
      if (s->p >= s->end)
        return fail (s, "unexpected end of text");
      if (*s->p == close)
        {
          s->p++;
          s->depth--;
          return TRUE;
        }
      if (*s->p != ',')
        return fail (s, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
      s->p++;
    }
}

static gboolean
scan_value (Scan *s)
{
  skip_ws (s);
  if (s->p >= s->end)
    return fail (s, "unexpected end of text");
  switch (*s->p)
    {
    case '{':
      return scan_container (s, '}');
    case '[':
      return scan_container (s, ']');
    case '"':
      return scan_string (s);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      return scan_number (s);
    }
}

/*
 * gw_json_scan_strict:
 * @data: the text
 * @length: its length in bytes
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @error: a %GW_GEO_ERROR on failure
 *
 * Checks that @data is exactly one JSON value in strict RFC 8259 syntax,
 * valid UTF-8, no deeper than @max_depth.
 */
gboolean
gw_json_scan_strict (const char  *data,
                     gsize        length,
                     guint        max_depth,
                     GError     **error)
{
  Scan s = { data, data, data + length, 0, max_depth, NULL };
  const char *bad_utf8 = NULL;

  if (!g_utf8_validate_len (data, length, &bad_utf8))
    {
      g_set_error (error, GW_GEO_ERROR, GW_GEO_ERROR_INVALID_JSON,
                   "not valid UTF-8 at byte %" G_GSIZE_FORMAT, (gsize) (bad_utf8 - data));
      return FALSE;
    }
  if (scan_value (&s))
    {
      skip_ws (&s);
      if (s.p == s.end)
        return TRUE;
      s.problem = "text after the JSON value";
    }
  g_set_error (error, GW_GEO_ERROR,
               s.depth > max_depth ? GW_GEO_ERROR_TOO_LARGE : GW_GEO_ERROR_INVALID_JSON,
               "invalid JSON at byte %" G_GSIZE_FORMAT ": %s",
               (gsize) (s.p - s.start), s.problem);
  return FALSE;
}
