/* gw-report-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-center-client.h"
#include "gw-report.h"
#include "gw-report-command.h"

typedef struct
{
  GMainLoop  *loop;
  guint       pending;
  GwIdentity *me;
  GwSnapshot *snapshot;
  GBytes     *grids;
  GArray     *previous;        /* the period before, from the centre, or NULL */
  GError     *previous_error;  /* why not: costs the report a line, not the report */
  GError     *error;
} Fetch;

static void
fetch_done (Fetch  *fetch,
            GError *error)
{
  if (error != NULL && fetch->error == NULL)
    fetch->error = error;
  else
    g_clear_error (&error);
  if (--fetch->pending == 0)
    g_main_loop_quit (fetch->loop);
}

static void
on_me (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;

  fetch->me = gw_center_client_get_me_finish (GW_CENTER_CLIENT (object), result, &error);
  fetch_done (fetch, error);
}

static void
on_snapshot (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;

  fetch->snapshot = gw_center_client_get_snapshot_finish (GW_CENTER_CLIENT (object), result,
                                                          &error);
  fetch_done (fetch, error);
}

static void
on_grids (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;

  fetch->grids = gw_center_client_get_grids_finish (GW_CENTER_CLIENT (object), result, &error);
  fetch_done (fetch, error);
}

static void
on_daily_counts (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->previous = gw_center_client_get_daily_counts_finish (GW_CENTER_CLIENT (object), result,
                                                              &fetch->previous_error);
  fetch_done (fetch, NULL);
}

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->loop, g_main_loop_unref);
  g_clear_pointer (&fetch->me, gw_identity_unref);
  g_clear_pointer (&fetch->snapshot, gw_snapshot_free);
  g_clear_pointer (&fetch->grids, g_bytes_unref);
  g_clear_pointer (&fetch->previous, g_array_unref);
  g_clear_error (&fetch->previous_error);
  g_clear_error (&fetch->error);
}

static gboolean
fetch_centre (GwCenterClient *client,
              GwReportPeriod  period,
              GDateTime      *now,
              Fetch          *fetch)
{
  GDate first, last;

  fetch->loop = g_main_loop_new (NULL, FALSE);
  fetch->pending = 4;
  gw_report_data_previous_range (period, now, &first, &last);
  gw_center_client_get_me_async (client, NULL, on_me, fetch);
  gw_center_client_get_snapshot_async (client, NULL, on_snapshot, fetch);
  gw_center_client_get_grids_async (client, NULL, on_grids, fetch);
  gw_center_client_get_daily_counts_async (client, &first, &last, NULL, NULL, on_daily_counts,
                                           fetch);
  g_main_loop_run (fetch->loop);
  return fetch->error == NULL;
}

static gboolean
write_report (Fetch          *fetch,
              GwReportPeriod  period,
              GDateTime      *now,
              const char     *output,
              GError        **error)
{
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  g_autoptr(GwGridSet) grids = NULL;
  g_autoptr(GwReportData) data = NULL;
  g_autoptr(GError) grid_error = NULL;

  gw_case_store_load_snapshot (store, fetch->snapshot);
  grids = gw_grid_set_new_from_geojson (fetch->grids, &grid_error);
  /* Bad grids cost the report its map and district names, not its figures. */
  if (grids == NULL)
    g_printerr ("gridwall: %s: %s\n", _("the centre's grids were rejected"), grid_error->message);

  data = gw_report_data_new (store, grids, period, now);
  if (fetch->previous != NULL && fetch->previous->len == data->n_days)
    gw_report_data_set_previous (data, (const guint *) fetch->previous->data, data->n_days);
  else if (fetch->previous_error != NULL)
    /* A week's period before is in the snapshot; a month's is then left out. */
    g_printerr ("gridwall: %s: %s\n", _("no counts of the period before"),
                fetch->previous_error->message);
  return gw_report_write_pdf (data, grids, gw_identity_get_center_name (fetch->me), output, error);
}

int
gw_report_command_run (const char *url,
                       const char *token,
                       const char *ca_file,
                       const char *period_name,
                       const char *output)
{
  g_autoptr(GwCenterClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GwReportPeriod period;
  Fetch fetch = { 0 };
  int status = 1;

  if (!gw_report_period_from_string (period_name, &period))
    {
      g_printerr ("gridwall: --report: %s\n", _("the period must be week or month"));
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("gridwall: --report: %s\n", _("name the PDF file with --output"));
      return 2;
    }

  client = gw_center_client_new (url, token, ca_file, &error);
  if (client != NULL && fetch_centre (client, period, now, &fetch)
      && write_report (&fetch, period, now, output, &error))
    {
      g_print ("%s\n", output);
      status = 0;
    }
  else
    g_printerr ("gridwall: %s\n", error ? error->message : fetch.error->message);

  fetch_clear (&fetch);
  return status;
}
