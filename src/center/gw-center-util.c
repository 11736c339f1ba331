/* gw-center-util.c: JSON writing, safe JSON reading and times for the centre
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-util.h"
#include "gw-center.h"
#include "gw-event.h"
#include "gw-json-check.h"

#include <string.h>

void
gw_json_append_string (GString    *out,
                       const char *value)
{
  const char *p;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
gw_json_append_key (GString    *out,
                    const char *name,
                    gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  gw_json_append_string (out, name);
  g_string_append_c (out, ':');
}

void
gw_json_append_time (GString *out,
                     gint64   time_us)
{
  g_autofree char *text = NULL;

  if (time_us == GW_CENTER_NO_TIME)
    {
      g_string_append (out, "null");
      return;
    }
  text = gw_time_format (time_us);
  gw_json_append_string (out, text);
}

void
gw_json_append_double (GString *out,
                       double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Seven decimals are a centimetre: enough, and short. */
  g_ascii_formatd (buf, sizeof buf, "%.7f", value);
  g_string_append (out, buf);
}

static GTimeZone *
china_time_zone (void)
{
  static gsize once;
  static GTimeZone *zone;

  if (g_once_init_enter (&once))
    {
      zone = g_time_zone_new_offset (8 * 3600);
      g_once_init_leave (&once, 1);
    }
  return zone;
}

char *
gw_time_format (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("1970-01-01T08:00:00+08:00");
  local = g_date_time_to_timezone (utc, china_time_zone ());
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

gboolean
gw_time_parse (const char *text,
               gint64     *time_us)
{
  g_autoptr(GDateTime) dt = text ? gw_core_parse_rfc3339 (text) : NULL;

  if (dt == NULL)
    return FALSE;
  *time_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

JsonNode *
gw_json_parse_untrusted (const char *data,
                         gsize       length,
                         gsize       max_bytes,
                         guint       max_depth,
                         GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  root = gw_core_parse_json (data, length, max_bytes, max_depth, &local_error);
  if (root == NULL)
    g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA, "%s", local_error->message);
  return root;
}

char *
gw_sequence_format (guint64 sequence)
{
  return g_strdup_printf ("%020" G_GUINT64_FORMAT, sequence);
}

gboolean
gw_case_id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len < 1 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '_' && id[i] != '-')
      return FALSE;
  return TRUE;
}

guint64
gw_mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

guint64
gw_hash_string64 (const char *text)
{
  guint64 h = G_GUINT64_CONSTANT (1469598103934665603);

  for (const char *p = text; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

static guint
attach (GSource     *source,
        int          priority,
        GSourceFunc  func,
        gpointer     data)
{
  guint id;

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, data, NULL);
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return id;
}

guint
gw_center_timeout_add (guint        interval_ms,
                       int          priority,
                       GSourceFunc  func,
                       gpointer     data)
{
  return attach (g_timeout_source_new (interval_ms), priority, func, data);
}

guint
gw_center_idle_add (int          priority,
                    GSourceFunc  func,
                    gpointer     data)
{
  return attach (g_idle_source_new (), priority, func, data);
}

void
gw_center_source_clear (guint *id)
{
  GSource *source;

  if (*id == 0)
    return;
  source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}
