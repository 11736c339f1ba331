/* gw-chart-panel.c: a column of the wall's charts, following an area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows share the height by weight (a row of figures is slimmer than a
 * chart), so the column fills a wall side at any resolution and every
 * chart's text scales with it.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-activity-chart.h"
#include "gw-bar-chart.h"
#include "gw-chart-panel.h"
#include "gw-donut-chart.h"
#include "gw-kpi-tile.h"
#include "gw-line-chart.h"
#include "gw-ranking-chart.h"

#define HOUR (60 * 60)
#define DAY (24 * HOUR)
#define CENTRE_OFFSET (8 * HOUR)
/* A room reads the wall from 10 m: new figures every 2 s are plenty, and each
 * refresh costs the main thread the upload of what changed (gw-chart.c). */
#define REFRESH_MS 2000

enum {
  KPI_ACCEPTED,
  KPI_CLOSED,
  KPI_OVERDUE,
  KPI_CLOSURE,
  KPI_SATISFACTION,
  KPI_ON_TIME,
  KPI_LOCAL,
  N_KPIS
};

struct _GwChartPanel
{
  GtkWidget    parent_instance;

  GwChartData *data;
  GPtrArray   *rows;      /* GtkWidget, children top to bottom */
  GArray      *weights;   /* double per row */
  GPtrArray   *charts;    /* GwChart */

  GwKpiTile   *kpis[N_KPIS];
  GwLineChart *per_hour;
  GwLineChart *per_day;
  GwBarChart  *categories;
  GwRankingChart *departments;
  GwDonutChart *channels;
  GwActivityChart *activity;
};

G_DEFINE_FINAL_TYPE (GwChartPanel, gw_chart_panel, GTK_TYPE_WIDGET)

/* Main-thread time all panels spent setting new figures on their charts. */
static gint64 update_usec;

/* Layout */

static void
gw_chart_panel_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GwChartPanel *self = GW_CHART_PANEL (widget);

  /* Charts draw at any size; ask for enough to stay legible on a desktop. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 60 * self->rows->len;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 180 * self->rows->len;
}

static void
gw_chart_panel_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  GwChartPanel *self = GW_CHART_PANEL (widget);
  int gap = MAX (4, height / 160);
  double total = 0, y = 0;
  int available = height - gap * ((int) self->rows->len - 1);

  for (guint i = 0; i < self->weights->len; i++)
    total += g_array_index (self->weights, double, i);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      double h = available * g_array_index (self->weights, double, i) / total;
      int top = (int) y;
      int bottom = (int) (y + h);

      gtk_widget_size_allocate (row, &(GtkAllocation) { 0, top, width, bottom - top }, -1);
      y += h + gap;
    }
}

static void
add_row (GwChartPanel *self,
         GtkWidget    *row,
         double        weight)
{
  gtk_widget_set_parent (row, GTK_WIDGET (self));
  g_ptr_array_add (self->rows, row);
  g_array_append_val (self->weights, weight);
}

static GtkWidget *
add_chart (GwChartPanel *self,
           GtkWidget    *chart,
           double        weight)
{
  g_ptr_array_add (self->charts, chart);
  if (weight > 0)
    add_row (self, chart, weight);
  return chart;
}

static GtkWidget *
kpi_row (GwChartPanel *self,
         guint         first,
         guint         last)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  for (guint i = first; i <= last; i++)
    gtk_box_append (GTK_BOX (box), add_chart (self, GTK_WIDGET (self->kpis[i]), 0));
  return box;
}

static void
build_left (GwChartPanel *self)
{
  self->kpis[KPI_ACCEPTED] = GW_KPI_TILE (gw_kpi_tile_new (_("Accepted today")));
  self->kpis[KPI_CLOSED] = GW_KPI_TILE (gw_kpi_tile_new (_("Closed today")));
  self->kpis[KPI_OVERDUE] = GW_KPI_TILE (gw_kpi_tile_new (_("Overdue now")));
  self->kpis[KPI_CLOSURE] = GW_KPI_TILE (gw_kpi_tile_new (_("Closure rate")));
  self->kpis[KPI_SATISFACTION] = GW_KPI_TILE (gw_kpi_tile_new (_("Satisfaction")));
  self->kpis[KPI_ON_TIME] = GW_KPI_TILE (gw_kpi_tile_new (_("Closed on time")));
  self->kpis[KPI_LOCAL] = GW_KPI_TILE (gw_kpi_tile_new (_("Resolved locally")));
  add_row (self, kpi_row (self, KPI_ACCEPTED, KPI_OVERDUE), 0.75);
  add_row (self, kpi_row (self, KPI_CLOSURE, KPI_LOCAL), 0.65);

  self->per_hour = GW_LINE_CHART (add_chart (self, gw_line_chart_new (_("Cases per hour")),
                                             1.9));
  self->per_day = GW_LINE_CHART (add_chart (self, gw_line_chart_new (_("Cases per day")),
                                            1.9));
}

static void
build_right (GwChartPanel *self)
{
  self->categories = GW_BAR_CHART (add_chart (self, gw_bar_chart_new (_("Cases by category")),
                                              1.6));
  self->departments = GW_RANKING_CHART (add_chart (self,
    gw_ranking_chart_new (_("Departments by load"), _("Open cases"), _("Overdue"),
                          _("Avg. handling")), 1.9));
  self->channels = GW_DONUT_CHART (add_chart (self,
    gw_donut_chart_new (_("Reporting channels"), _("last 30 days")), 1.3));
  self->activity = GW_ACTIVITY_CHART (add_chart (self,
    gw_activity_chart_new (_("Grid worker reports"), _("Most active grids, last 7 days")),
    1.3));
}

/* Data */

static void
show_kpis (GwChartPanel          *self,
           const GwChartSnapshot *s)
{
  const GwFigures *f = &s->figures;
  double trend[GW_CHART_HOURS];

  if (self->kpis[0] == NULL)
    return;
  for (guint i = 0; i < GW_CHART_HOURS; i++)
    trend[i] = s->hours[i];
  gw_kpi_tile_set_count (self->kpis[KPI_ACCEPTED], f->accepted_today);
  gw_kpi_tile_set_trend (self->kpis[KPI_ACCEPTED], trend, GW_CHART_HOURS);
  gw_kpi_tile_set_delta (self->kpis[KPI_ACCEPTED],
                         (double) f->accepted_today - s->accepted_yesterday,
                         _("vs. yesterday"), 0);
  gw_kpi_tile_set_count (self->kpis[KPI_CLOSED], f->closed_today);
  gw_kpi_tile_set_delta (self->kpis[KPI_CLOSED],
                         (double) f->closed_today - s->closed_yesterday, _("vs. yesterday"), 1);
  gw_kpi_tile_set_count (self->kpis[KPI_OVERDUE], f->overdue);
  /* Red when more than one open case in twenty is past its deadline. */
  gw_kpi_tile_set_alert (self->kpis[KPI_OVERDUE], f->overdue > 0 && f->overdue * 20 > f->open);
  gw_kpi_tile_set_rate (self->kpis[KPI_CLOSURE], f->closure_rate);
  gw_kpi_tile_set_rate (self->kpis[KPI_SATISFACTION], f->satisfaction_rate);
  gw_kpi_tile_set_rate (self->kpis[KPI_ON_TIME], f->on_time_rate);
  gw_kpi_tile_set_rate (self->kpis[KPI_LOCAL], f->local_share);
}

static char *
centre_time (gint64      t,
             const char *format)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (CENTRE_OFFSET);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, zone);

  return g_date_time_format (local, format);
}

static void
show_series (GwChartPanel          *self,
             const GwChartSnapshot *s)
{
  g_autoptr(GStrvBuilder) hours = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) days = g_strv_builder_new ();
  g_auto(GStrv) hour_labels = NULL, day_labels = NULL;
  double cur[GW_CHART_DAYS], prev[GW_CHART_DAYS];

  if (self->per_hour == NULL)
    return;
  for (guint i = 0; i < GW_CHART_HOURS; i++)
    {
      g_autofree char *label = centre_time (s->hour_start + i * HOUR, "%H:00");

      g_strv_builder_add (hours, label);
      cur[i] = s->hours[i];
      prev[i] = s->hours_previous[i];
    }
  hour_labels = g_strv_builder_end (hours);
  gw_line_chart_set_series (self->per_hour, (const char * const *) hour_labels, 4, cur, prev,
                            GW_CHART_HOURS, _("Last 24 hours"), _("Same hours a week earlier"));

  for (guint i = 0; i < GW_CHART_DAYS; i++)
    {
      g_autofree char *label = centre_time (s->day_start + i * DAY, "%m-%d");

      g_strv_builder_add (days, label);
      cur[i] = s->days[i];
      prev[i] = s->days_previous[i];
    }
  day_labels = g_strv_builder_end (days);
  /* The month before is the centre's count: until it answers (or when it
   * cannot), there is no faint line and no legend for it, rather than a line
   * drawn from the few old cases the store holds. */
  gw_line_chart_set_series (self->per_day, (const char * const *) day_labels, 7, cur,
                            s->days_previous_known ? prev : NULL,
                            GW_CHART_DAYS, _("Last 30 days"), _("Same days a month earlier"));
}

static void
show_categories (GwChartPanel          *self,
                 const GwChartSnapshot *s)
{
  const char *labels[GW_N_CATEGORIES];
  double all[GW_N_CATEGORIES], open[GW_N_CATEGORIES];

  for (guint i = 0; i < GW_N_CATEGORIES; i++)
    {
      labels[i] = gw_category_get_label (i);
      all[i] = s->per_category[i];
      open[i] = s->per_category_open[i];
    }
  gw_bar_chart_set_data (self->categories, labels, all, open, GW_N_CATEGORIES,
                         _("All"), _("Open"));
}

static void
show_departments (GwChartPanel          *self,
                  const GwChartSnapshot *s)
{
  const char *names[GW_CHART_TOP];
  char *extras[GW_CHART_TOP];
  double load[GW_CHART_TOP], overdue[GW_CHART_TOP];

  for (guint i = 0; i < s->n_departments; i++)
    {
      const GwChartDepartment *d = &s->departments[i];

      names[i] = d->name;
      load[i] = d->open;
      overdue[i] = d->overdue;
      /* TRANSLATORS: an average handling time in hours, e.g. "5.2 h" */
      extras[i] = d->avg_hours >= 0 ? g_strdup_printf (_("%.1f h"), d->avg_hours)
                                    : g_strdup ("–");
    }
  gw_ranking_chart_set_rows (self->departments, names, load, overdue,
                             (const char * const *) extras, s->n_departments);
  for (guint i = 0; i < s->n_departments; i++)
    g_free (extras[i]);
}

static void
show_channels (GwChartPanel          *self,
               const GwChartSnapshot *s)
{
  const char *labels[GW_N_CHANNELS];
  double values[GW_N_CHANNELS];

  for (guint i = 0; i < GW_N_CHANNELS; i++)
    {
      labels[i] = gw_channel_get_label (i);
      values[i] = s->channels[i];
    }
  gw_donut_chart_set_data (self->channels, labels, values, GW_N_CHANNELS);
}

static void
show_activity (GwChartPanel          *self,
               const GwChartSnapshot *s)
{
  const char *names[GW_CHART_TOP], *workers[GW_CHART_TOP];
  double days[GW_CHART_DAYS], counts[GW_CHART_TOP];
  g_autofree char *first = centre_time (s->day_start, "%m-%d");

  for (guint i = 0; i < GW_CHART_DAYS; i++)
    days[i] = s->grid_app_days[i];
  for (guint i = 0; i < s->n_grids; i++)
    {
      names[i] = s->grids[i].name;
      workers[i] = s->grids[i].worker;
      counts[i] = s->grids[i].reports;
    }
  gw_activity_chart_set_data (self->activity, days, GW_CHART_DAYS, first, _("Today"),
                              names, workers, counts, s->n_grids);
}

static void
on_snapshot (GwChartData  *data,
             GParamSpec   *pspec,
             GwChartPanel *self)
{
  GwChartSnapshot *s = gw_chart_data_get_snapshot (data);
  gint64 start = g_get_monotonic_time ();

  if (s == NULL)
    return;
  show_kpis (self, s);
  show_series (self, s);
  if (self->categories != NULL)
    {
      show_categories (self, s);
      show_departments (self, s);
      show_channels (self, s);
      show_activity (self, s);
    }
  update_usec += g_get_monotonic_time () - start;
}

/* GObject */

static void
gw_chart_panel_dispose (GObject *object)
{
  GwChartPanel *self = GW_CHART_PANEL (object);

  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->charts, 0);

  G_OBJECT_CLASS (gw_chart_panel_parent_class)->dispose (object);
}

static void
gw_chart_panel_finalize (GObject *object)
{
  GwChartPanel *self = GW_CHART_PANEL (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->charts);
  g_array_unref (self->weights);

  G_OBJECT_CLASS (gw_chart_panel_parent_class)->finalize (object);
}

static void
gw_chart_panel_class_init (GwChartPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_chart_panel_dispose;
  object_class->finalize = gw_chart_panel_finalize;
  widget_class->measure = gw_chart_panel_measure;
  widget_class->size_allocate = gw_chart_panel_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "chartpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_chart_panel_init (GwChartPanel *self)
{
  self->rows = g_ptr_array_new ();
  self->charts = g_ptr_array_new ();
  self->weights = g_array_new (FALSE, FALSE, sizeof (double));
}

/**
 * gw_chart_panel_new:
 * @store: the cases
 * @side: which charts
 *
 * Returns: (transfer floating): a column of charts of @store's cases
 */
GtkWidget *
gw_chart_panel_new (GwCaseStore      *store,
                    GwChartPanelSide  side)
{
  GwChartPanel *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);

  self = g_object_new (GW_TYPE_CHART_PANEL, NULL);
  if (side != GW_CHART_PANEL_RIGHT)
    build_left (self);
  if (side != GW_CHART_PANEL_LEFT)
    build_right (self);
  self->data = gw_chart_data_new (store);
  gw_chart_data_set_interval (self->data, REFRESH_MS);
  g_signal_connect (self->data, "notify::snapshot", G_CALLBACK (on_snapshot), self);
  return GTK_WIDGET (self);
}

/**
 * gw_chart_panel_set_area_filter:
 * @self: a chart panel
 * @code: (nullable): the selected district, street, community or grid
 *
 * Every chart of the panel shows the cases of @code's grids only.
 */
void
gw_chart_panel_set_area_filter (GwChartPanel *self,
                                const char   *code)
{
  g_return_if_fail (GW_IS_CHART_PANEL (self));
  gw_chart_data_set_area (self->data, code);
}

void
gw_chart_panel_set_grids (GwChartPanel *self,
                          GwGridSet    *grids)
{
  g_return_if_fail (GW_IS_CHART_PANEL (self));
  gw_chart_data_set_grids (self->data, grids);
}

/**
 * gw_chart_panel_set_client:
 * @self: a chart panel
 * @client: (nullable): the centre, asked for the month before the per-day
 *   chart (panels without that chart ask nothing)
 */
void
gw_chart_panel_set_client (GwChartPanel   *self,
                           GwCenterClient *client)
{
  g_return_if_fail (GW_IS_CHART_PANEL (self));

  if (self->per_day != NULL)
    gw_chart_data_set_client (self->data, client);
}

/**
 * gw_chart_panel_get_data:
 * @self: a chart panel
 *
 * Returns: (transfer none): the figures it shows (to pin the clock, in tests)
 */
GwChartData *
gw_chart_panel_get_data (GwChartPanel *self)
{
  g_return_val_if_fail (GW_IS_CHART_PANEL (self), NULL);
  return self->data;
}

void
gw_chart_panel_set_style (GwChartPanel *self,
                          int           dark)
{
  g_return_if_fail (GW_IS_CHART_PANEL (self));

  for (guint i = 0; i < self->charts->len; i++)
    gw_chart_set_style (g_ptr_array_index (self->charts, i), dark);
}

/**
 * gw_chart_panel_get_charts:
 * @self: a chart panel
 *
 * Returns: (transfer none) (element-type GwChart): its charts, top to bottom
 */
GPtrArray *
gw_chart_panel_get_charts (GwChartPanel *self)
{
  g_return_val_if_fail (GW_IS_CHART_PANEL (self), NULL);
  return self->charts;
}

/* Main-thread time all panels of the process spent setting new figures on
 * their charts, in µs (benchmarks). */
gint64
gw_chart_panel_get_update_usec (void)
{
  return update_usec;
}
