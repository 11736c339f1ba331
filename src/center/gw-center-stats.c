/* gw-center-stats.c: GET /v1/stats/daily, cases reported per day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client holds the cases of the last 30 days (the snapshot's window); the
 * month before them it can only ask for as counts. The reply is small (at
 * most GW_CENTER_STATS_MAX_DAYS numbers) and every parameter is checked, so
 * that a client's mistake is a 400 that names it rather than zeros.
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-server.h"
#include "gw-center-util.h"

#include <string.h>

#define GW_CENTER_STATS_MAX_DAYS 62

void gw_center_stats_setup (GwCenterEngine *engine,
                            SoupServer     *server);

static void
reply_bad_parameter (SoupServerMessage *msg,
                     const char        *parameter,
                     const char        *message)
{
  g_autoptr(GString) out = g_string_new ("{");

  gw_json_append_key (out, "error", TRUE);
  gw_json_append_string (out, "bad_request");
  gw_json_append_key (out, "message", FALSE);
  gw_json_append_string (out, message);
  gw_json_append_key (out, "parameter", FALSE);
  gw_json_append_string (out, parameter);
  g_string_append_c (out, '}');
  gw_center_reply_json (msg, SOUP_STATUS_BAD_REQUEST, out->str);
}

/* Days since 1970-01-01 of a strict YYYY-MM-DD on or after that day, or -1. */
static gint64
parse_day (const char *text)
{
  static const char pattern[] = "dddd-dd-dd";
  g_autoptr(GDate) epoch = g_date_new_dmy (1, G_DATE_JANUARY, 1970);
  g_autoptr(GDate) date = NULL;
  guint year, month, day;

  if (text == NULL || strlen (text) != strlen (pattern))
    return -1;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return -1;
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1970 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return -1;
  date = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_days_between (epoch, date);
}

static char *
format_day (gint64 day)
{
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 1970);
  char text[16];

  g_date_add_days (date, (guint) day);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

typedef struct
{
  gint64      first;
  gint64      last;
  const char *area;   /* NULL for every case */
} DailyQuery;

/* Checks the query string; FALSE after answering 400. */
static gboolean
read_query (GwCenterEngine    *engine,
            SoupServerMessage *msg,
            GHashTable        *query,
            DailyQuery        *out)
{
  GHashTableIter iter;
  gpointer key;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_str_equal (key, "from") && !g_str_equal (key, "to") && !g_str_equal (key, "area"))
          {
            reply_bad_parameter (msg, key, "unknown parameter: from, to and area are known");
            return FALSE;
          }
    }
  out->first = parse_day (query ? g_hash_table_lookup (query, "from") : NULL);
  out->last = parse_day (query ? g_hash_table_lookup (query, "to") : NULL);
  out->area = query ? g_hash_table_lookup (query, "area") : NULL;
  if (out->first < 0)
    reply_bad_parameter (msg, "from", "required: a date YYYY-MM-DD from 1970-01-01 on");
  else if (out->last < 0)
    reply_bad_parameter (msg, "to", "required: a date YYYY-MM-DD from 1970-01-01 on");
  else if (out->last < out->first)
    reply_bad_parameter (msg, "to", "before from");
  else if (out->last - out->first >= GW_CENTER_STATS_MAX_DAYS)
    reply_bad_parameter (msg, "to", "the range is longer than 62 days");
  else if (out->area != NULL && gw_grid_set_lookup (engine->catalog->grids, out->area) == NULL)
    reply_bad_parameter (msg, "area", "no such division code in /v1/grids");
  else
    return TRUE;
  return FALSE;
}

static char *
daily_json (const DailyQuery *q,
            const guint      *counts)
{
  GString *out = g_string_new ("{");
  g_autofree char *from = format_day (q->first);
  g_autofree char *to = format_day (q->last);

  gw_json_append_key (out, "from", TRUE);
  gw_json_append_string (out, from);
  gw_json_append_key (out, "to", FALSE);
  gw_json_append_string (out, to);
  gw_json_append_key (out, "area", FALSE);
  gw_json_append_string (out, q->area);
  g_string_append (out, ",\"days\":[");
  for (gint64 day = q->first; day <= q->last; day++)
    {
      g_autofree char *date = format_day (day);

      g_string_append (out, day > q->first ? ",{" : "{");
      gw_json_append_key (out, "date", TRUE);
      gw_json_append_string (out, date);
      g_string_append_printf (out, ",\"reported\":%u}", counts[day - q->first]);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* GET /v1/stats/daily?from=YYYY-MM-DD&to=YYYY-MM-DD[&area=CODE] */
static void
handle_daily (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwCenterEngine *engine = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint counts[GW_CENTER_STATS_MAX_DAYS] = { 0 };
  DailyQuery q;

  if (!gw_center_require_get (msg, path, "/v1/stats/daily")
      || !gw_center_authenticate (engine, msg) || !read_query (engine, msg, query, &q))
    return;
  if (!gw_center_store_count_reported (engine->store, q.first, (guint) (q.last - q.first + 1),
                                       q.area ? q.area : "", counts, &error))
    {
      g_warning ("GET /v1/stats/daily: %s", error->message);
      gw_center_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                             "the centre could not count its cases; retry");
      return;
    }
  body = daily_json (&q, counts);
  gw_center_reply_json (msg, SOUP_STATUS_OK, body);
}

void
gw_center_stats_setup (GwCenterEngine *engine,
                       SoupServer     *server)
{
  soup_server_add_handler (server, "/v1/stats", handle_daily, engine, NULL);
}
