/* gw-report-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <string.h>

#include "gw-report-data.h"

#define DAY (24 * 3600)
#define CENTRE_OFFSET (8 * 3600)  /* the centre's day is UTC+8, as GwStats's */

gboolean
gw_report_period_from_string (const char     *name,
                              GwReportPeriod *out)
{
  if (g_strcmp0 (name, "week") == 0)
    *out = GW_REPORT_WEEK;
  else if (g_strcmp0 (name, "month") == 0)
    *out = GW_REPORT_MONTH;
  else
    return FALSE;
  return TRUE;
}

static gint64
unix_or_min (GDateTime *time)
{
  return time ? g_date_time_to_unix (time) : G_MININT64;
}

static void
row_clear (gpointer data)
{
  GwReportRow *row = data;

  g_free (row->code);
  g_free (row->name);
}

static GwReportRow *
row_for (GArray     *rows,
         GHashTable *index,
         const char *code,
         const char *name)
{
  gpointer position;
  GwReportRow row = { 0 };

  if (g_hash_table_lookup_extended (index, code, NULL, &position))
    return &g_array_index (rows, GwReportRow, GPOINTER_TO_UINT (position));

  row.code = g_strdup (code);
  row.name = g_strdup (name ? name : code);
  row.hours = 0;
  g_array_append_val (rows, row);
  g_hash_table_insert (index, g_strdup (code), GUINT_TO_POINTER (rows->len - 1));
  return &g_array_index (rows, GwReportRow, rows->len - 1);
}

/* Counts @item into @row; hours accumulate as a sum until finish_rows. */
static void
count_row (GwReportRow *row,
           GwCase      *item,
           gboolean     in_period,
           gboolean     overdue)
{
  GDateTime *done_time = gw_case_get_resolved (item) ? gw_case_get_resolved (item)
                                                      : gw_case_get_closed (item);

  if (overdue)
    row->overdue++;
  if (!in_period)
    return;
  row->accepted++;
  if (gw_step_is_done (gw_case_get_step (item)) || !gw_case_is_open (item))
    {
      row->done++;
      if (done_time != NULL)
        row->hours += g_date_time_difference (done_time, gw_case_get_requested (item))
                      / (double) G_TIME_SPAN_HOUR;
    }
  if (gw_case_get_satisfaction (item) > 0)
    {
      row->reviewed++;
      row->satisfied += gw_case_get_satisfaction (item) >= 4;
    }
}

static void
finish_rows (GArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GwReportRow *row = &g_array_index (rows, GwReportRow, i);

      row->hours = row->done > 0 ? row->hours / row->done : -1;
    }
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (((const GwReportRow *) a)->code, ((const GwReportRow *) b)->code);
}

static int
compare_accepted (gconstpointer a,
                  gconstpointer b)
{
  const GwReportRow *ra = a, *rb = b;

  if (ra->accepted != rb->accepted)
    return ra->accepted < rb->accepted ? 1 : -1;
  return g_strcmp0 (ra->code, rb->code);
}

/* Most overdue first: the earliest deadline. */
static int
compare_deadlines (gconstpointer a,
                   gconstpointer b)
{
  GwCase *ca = *(GwCase **) a, *cb = *(GwCase **) b;

  return g_date_time_compare (gw_case_get_expected (ca), gw_case_get_expected (cb));
}

static guint
period_days (GwReportPeriod period)
{
  return period == GW_REPORT_WEEK ? 7 : 30;
}

/* 00:00 UTC+8 of the day @now falls on. */
static gint64
today_start (GDateTime *now)
{
  return (g_date_time_to_unix (now) + CENTRE_OFFSET) / DAY * DAY - CENTRE_OFFSET;
}

static void
compute_bounds (GwReportData *self,
                GDateTime    *now)
{
  self->n_days = period_days (self->period);
  self->now = g_date_time_to_unix (now);
  self->end = today_start (now);
  self->start = self->end - (gint64) self->n_days * DAY;
  self->days = g_new0 (guint, self->n_days);
  self->days_previous = g_new0 (guint, self->n_days);
  /* The store holds every case reported in the last 30 days (a snapshot's
   * window, kept by the prune), but before that only those still open or
   * closed since: a period there would be counted short. */
  self->days_previous_known = self->start - (gint64) self->n_days * DAY
                              >= self->now - GW_CASE_STORE_CLOSED_KEPT / G_USEC_PER_SEC;
}

static void
count_day (GwReportData *self,
           gint64        requested)
{
  gint64 previous_start = self->start - (gint64) self->n_days * DAY;

  if (requested >= self->start && requested < self->end)
    self->days[(requested - self->start) / DAY]++;
  else if (requested >= previous_start && requested < self->start && self->days_previous_known)
    self->days_previous[(requested - previous_start) / DAY]++;
}

static const char *
department_name (GwCaseStore *store,
                 const char  *code)
{
  GwDepartment *department = gw_case_store_lookup_department (store, code);

  return department ? gw_department_get_name (department) : code;
}

static const char *
district_name (GwGridSet  *grids,
               const char *code)
{
  const GwGridFeature *feature = grids ? gw_grid_set_lookup (grids, code) : NULL;

  return feature ? feature->name : code;
}

GwReportData *
gw_report_data_new (GwCaseStore    *store,
                    GwGridSet      *grids,
                    GwReportPeriod  period,
                    GDateTime      *now)
{
  GwReportData *self = g_new0 (GwReportData, 1);
  g_autoptr(GHashTable) district_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) department_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self->period = period;
  compute_bounds (self, now);
  self->districts = g_array_new (FALSE, TRUE, sizeof (GwReportRow));
  g_array_set_clear_func (self->districts, row_clear);
  self->departments = g_array_new (FALSE, TRUE, sizeof (GwReportRow));
  g_array_set_clear_func (self->departments, row_clear);
  self->overdue = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      gint64 requested = g_date_time_to_unix (gw_case_get_requested (item));
      gint64 closed = unix_or_min (gw_case_get_closed (item));
      gboolean in_period = requested >= self->start && requested < self->end;
      gboolean overdue = gw_case_is_overdue (item, now);
      g_autofree char *district = g_strndup (gw_case_get_grid_code (item), 6);
      const char *agency = gw_case_get_agency (item);

      count_day (self, requested);
      self->closed += closed >= self->start && closed < self->end;
      if (overdue)
        {
          self->overdue_now++;
          g_ptr_array_add (self->overdue, g_object_ref (item));
        }
      count_row (row_for (self->districts, district_index, district, district_name (grids, district)),
                 item, in_period, overdue);
      if (agency != NULL)
        count_row (row_for (self->departments, department_index, agency,
                            department_name (store, agency)),
                   item, in_period, overdue);
      if (!in_period)
        continue;

      self->per_category[gw_case_get_category (item)]++;
      {
        GwCaseFacts *fact = g_new0 (GwCaseFacts, 1);

        gw_case_facts_init (fact, item);
        g_ptr_array_add (facts, fact);
      }
    }

  gw_figures_compute ((const GwCaseFacts * const *) facts->pdata, facts->len, now, &self->figures);
  finish_rows (self->districts);
  finish_rows (self->departments);
  g_array_sort (self->districts, compare_codes);
  g_array_sort (self->departments, compare_accepted);
  g_ptr_array_sort (self->overdue, compare_deadlines);
  if (self->overdue->len > GW_REPORT_N_OVERDUE)
    g_ptr_array_set_size (self->overdue, GW_REPORT_N_OVERDUE);
  return self;
}

void
gw_report_data_free (GwReportData *self)
{
  if (self == NULL)
    return;
  g_free (self->days);
  g_free (self->days_previous);
  g_array_unref (self->districts);
  g_array_unref (self->departments);
  g_ptr_array_unref (self->overdue);
  g_free (self);
}

void
gw_report_data_previous_range (GwReportPeriod  period,
                               GDateTime      *now,
                               GDate          *first,
                               GDate          *last)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (CENTRE_OFFSET);
  g_autoptr(GDateTime) from = NULL, local = NULL;
  gint64 n_days = period_days (period);

  g_return_if_fail (now != NULL && first != NULL && last != NULL);

  from = g_date_time_new_from_unix_utc (today_start (now) - 2 * n_days * DAY);
  local = g_date_time_to_timezone (from, zone);
  g_date_clear (first, 1);
  g_date_set_dmy (first, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  *last = *first;
  g_date_add_days (last, (guint) n_days - 1);
}

void
gw_report_data_set_previous (GwReportData *self,
                             const guint  *counts,
                             guint         n_days)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (counts != NULL && n_days == self->n_days);

  memcpy (self->days_previous, counts, n_days * sizeof (guint));
  self->days_previous_known = TRUE;
}
