/* gw-report.c
 *
 * Drawn with cairo's PDF surface and Pango, so the text stays text (pdftotext
 * reads it back) and Chinese renders with the system's CJK font.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "gw-report.h"

/* A4 landscape, in points. */
#define PAGE_WIDTH  842.0
#define PAGE_HEIGHT 595.0
#define MARGIN      36.0
#define FONT        "Noto Sans CJK SC, Noto Sans, sans-serif"

typedef struct
{
  cairo_t      *cr;
  GwReportData *data;
  GwGridSet    *grids;
  const char   *center_name;
  guint         page;
} Report;

typedef struct
{
  double x, y, width, height;
} Box;

static const double ink[] = { 0.13, 0.15, 0.20 };
static const double muted[] = { 0.40, 0.43, 0.50 };
static const double accent[] = { 0.10, 0.40, 0.75 };
static const double alert[] = { 0.80, 0.15, 0.15 };
static const double rule[] = { 0.85, 0.87, 0.90 };

static void
set_rgb (cairo_t      *cr,
         const double *rgb,
         double        alpha)
{
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
}

/* Draws @text at (@x, @y) within @width, aligned by @xalign; returns its height. */
static double
text (Report       *report,
      const char   *string,
      double        size,
      gboolean      bold,
      double        x,
      double        y,
      double        width,
      double        xalign,
      const double *color)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (report->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, string, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  set_rgb (report->cr, color, 1);
  cairo_move_to (report->cr, width > 0 ? x + (width - w) * xalign : x, y);
  pango_cairo_show_layout (report->cr, layout);
  return h;
}

static char *
format_rate (double rate)
{
  return rate < 0 ? g_strdup ("–") : g_strdup_printf ("%.1f%%", rate * 100);
}

static char *
format_day (gint64 unix_seconds)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, zone);

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
header (Report     *report,
        const char *subtitle)
{
  GwReportData *data = report->data;
  g_autofree char *from = format_day (data->start);
  g_autofree char *to = format_day (data->end - 1);
  g_autofree char *generated = format_day (data->now);
  g_autofree char *period = NULL;
  g_autofree char *footer = NULL;
  const char *title = data->period == GW_REPORT_WEEK ? _("Weekly Report") : _("Monthly Report");

  set_rgb (report->cr, accent, 1);
  cairo_rectangle (report->cr, 0, 0, PAGE_WIDTH, 6);
  cairo_fill (report->cr);

  text (report, report->center_name, 11, FALSE, MARGIN, 18, 0, 0, muted);
  text (report, title, 22, TRUE, MARGIN, 34, 0, 0, ink);
  /* Translators: the period a report covers, two dates */
  period = g_strdup_printf (_("%s to %s"), from, to);
  text (report, period, 12, FALSE, MARGIN, 34, PAGE_WIDTH - 2 * MARGIN, 1, ink);
  text (report, subtitle, 12, TRUE, MARGIN, 52, PAGE_WIDTH - 2 * MARGIN, 1, accent);

  /* Translators: report footer; %s is a date, %u the page number */
  footer = g_strdup_printf (_("Gridwall · generated %s · page %u"), generated, ++report->page);
  text (report, footer, 8, FALSE, MARGIN, PAGE_HEIGHT - 24, PAGE_WIDTH - 2 * MARGIN, 1, muted);
}

static void
kpi (Report     *report,
     Box         box,
     const char *title,
     const char *value,
     gboolean    warn)
{
  cairo_t *cr = report->cr;

  set_rgb (cr, rule, 1);
  cairo_rectangle (cr, box.x, box.y, box.width, box.height);
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
  text (report, value, 20, TRUE, box.x + 8, box.y + 8, box.width - 16, 0, warn ? alert : ink);
  text (report, title, 9, FALSE, box.x + 8, box.y + box.height - 20, box.width - 16, 0, muted);
}

static void
kpi_row (Report *report,
         double  y)
{
  const GwFigures *f = &report->data->figures;
  g_autofree char *accepted = g_strdup_printf ("%u", f->total);
  g_autofree char *closed = g_strdup_printf ("%u", report->data->closed);
  g_autofree char *closure = format_rate (f->closure_rate);
  g_autofree char *satisfaction = format_rate (f->satisfaction_rate);
  g_autofree char *on_time = format_rate (f->on_time_rate);
  g_autofree char *overdue = g_strdup_printf ("%u", report->data->overdue_now);
  g_autofree char *local = format_rate (f->local_share);
  struct { const char *title; const char *value; gboolean warn; } tiles[] = {
    { _("Accepted"), accepted, FALSE },
    { _("Closed"), closed, FALSE },
    { _("Closure rate"), closure, FALSE },
    { _("Satisfaction"), satisfaction, FALSE },
    { _("Closed on time"), on_time, FALSE },
    { _("Overdue now"), overdue, report->data->overdue_now > 0 },
    { _("Solved in town or village"), local, FALSE },
  };
  double width = (PAGE_WIDTH - 2 * MARGIN - 6 * 8) / G_N_ELEMENTS (tiles);

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    kpi (report, (Box) { MARGIN + i * (width + 8), y, width, 58 },
         tiles[i].title, tiles[i].value, tiles[i].warn);
}

static double
nice_max (guint max)
{
  double step = 1;

  while (step * 5 < max)
    step *= max > step * 25 ? 10 : 2;
  return MAX (step * ceil ((double) MAX (max, 1) / step), 1);
}

/* The totals of both lines, so the figures read back as text too. */
static void
trend_legend (Report   *report,
              Box       box,
              guint     total,
              gboolean  previous,
              guint     total_previous)
{
  /* Translators: a report's legend; %u is the period's number of cases */
  g_autofree char *current = g_strdup_printf (_("This period: %u"), total);
  g_autofree char *before = NULL;

  double y = box.y + 17;

  if (!previous)
    {
      text (report, current, 8, TRUE, box.x, y, box.width, 1, accent);
      return;
    }
  before = g_strdup_printf (report->data->period == GW_REPORT_WEEK
                            /* Translators: a report's legend; %u is a number of cases */
                            ? _("Same days a week earlier: %u")
                            /* Translators: a report's legend; %u is a number of cases */
                            : _("Same days a month earlier: %u"), total_previous);
  text (report, current, 8, TRUE, box.x, y, box.width - 230, 1, accent);
  text (report, before, 8, FALSE, box.x + box.width - 220, y, 220, 1, muted);
}

static void
trend (Report *report,
       Box     box)
{
  GwReportData *data = report->data;
  cairo_t *cr = report->cr;
  gboolean previous = data->days_previous_known;
  guint max = 0, total = 0, total_previous = 0;
  double top, plot_h, step;

  for (guint i = 0; i < data->n_days; i++)
    {
      max = MAX (max, MAX (data->days[i], previous ? data->days_previous[i] : 0));
      total += data->days[i];
      total_previous += data->days_previous[i];
    }
  top = nice_max (max);

  /* Without the centre's counts a month has no period before it (the client
   * holds 30 days of closed cases): no line rather than one drawn too low. */
  text (report, previous ? _("Cases per day, against the period before") : _("Cases per day"),
        11, TRUE, box.x, box.y, 0, 0, ink);
  trend_legend (report, box, total, previous, total_previous);
  box.y += 36;
  box.height -= 54;
  plot_h = box.height;
  step = box.width / MAX (data->n_days - 1, 1);

  for (int t = 0; t <= 4; t++)
    {
      double y = box.y + plot_h * (1 - t / 4.0);
      g_autofree char *label = g_strdup_printf ("%.0f", top * t / 4);

      set_rgb (cr, rule, 1);
      cairo_move_to (cr, box.x + 28, y);
      cairo_line_to (cr, box.x + box.width, y);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
      text (report, label, 7, FALSE, box.x, y - 5, 24, 1, muted);
    }
  box.x += 32;
  box.width -= 32;
  step = box.width / MAX (data->n_days - 1, 1);

  for (int series = previous ? 0 : 1; series < 2; series++)
    {
      const guint *values = series == 0 ? data->days_previous : data->days;

      for (guint i = 0; i < data->n_days; i++)
        {
          double x = box.x + i * step;
          double y = box.y + plot_h * (1 - values[i] / top);

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      set_rgb (cr, series == 0 ? muted : accent, series == 0 ? 0.45 : 1);
      cairo_set_line_width (cr, series == 0 ? 1.2 : 2.2);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < data->n_days; i += data->n_days > 7 ? 5 : 1)
    {
      g_autofree char *day = format_day (data->start + (gint64) i * 24 * 3600);

      text (report, day + 5, 7, FALSE, box.x + i * step - 20, box.y + plot_h + 4, 40, 0.5, muted);
    }
}

static void
categories (Report *report,
            Box     box)
{
  GwReportData *data = report->data;
  guint max = 1;
  double row;

  text (report, _("Cases per category"), 11, TRUE, box.x, box.y, 0, 0, ink);
  box.y += 24;
  for (guint c = 0; c < GW_N_CATEGORIES; c++)
    max = MAX (max, data->per_category[c]);
  row = (box.height - 24) / GW_N_CATEGORIES;

  for (guint c = 0; c < GW_N_CATEGORIES; c++)
    {
      double y = box.y + c * row;
      double bar = (box.width - 150) * data->per_category[c] / (double) max;
      g_autofree char *count = g_strdup_printf ("%u", data->per_category[c]);

      text (report, gw_category_get_label (c), 9, FALSE, box.x, y + 2, 90, 0, ink);
      set_rgb (report->cr, accent, 0.85);
      cairo_rectangle (report->cr, box.x + 95, y + 2, MAX (bar, 1), row - 8);
      cairo_fill (report->cr);
      text (report, count, 9, TRUE, box.x + 100 + bar, y + 2, 0, 0, ink);
    }
}

typedef struct
{
  const char *title;
  double      width;   /* share of the table's width */
  double      xalign;
} Column;

/* Draws @rows (arrays of strings, one per column) as a table; rows that do
 * not fit are left out, and the table says how many. */
static void
table (Report       *report,
       Box           box,
       const Column *columns,
       guint         n_columns,
       GPtrArray    *rows)
{
  cairo_t *cr = report->cr;
  double line = 15, y = box.y;
  guint fit = (guint) MAX ((box.height - line) / line, 0);

  for (guint pass = 0; pass <= MIN (rows->len, fit); pass++)
    {
      const char * const *cells = pass == 0 ? NULL : g_ptr_array_index (rows, pass - 1);
      double x = box.x;

      if (pass > 0 && pass % 2 == 0)
        {
          set_rgb (cr, rule, 0.35);
          cairo_rectangle (cr, box.x, y, box.width, line);
          cairo_fill (cr);
        }
      for (guint c = 0; c < n_columns; c++)
        {
          double w = columns[c].width * box.width;

          text (report, cells ? cells[c] : columns[c].title, 8, cells == NULL,
                x + 3, y + 2, w - 6, columns[c].xalign, cells ? ink : muted);
          x += w;
        }
      y += line;
      if (pass == 0)
        {
          set_rgb (cr, ink, 0.6);
          cairo_move_to (cr, box.x, y);
          cairo_line_to (cr, box.x + box.width, y);
          cairo_set_line_width (cr, 0.6);
          cairo_stroke (cr);
        }
    }
  if (rows->len > fit)
    {
      /* Translators: under a report table cut to fit its page */
      g_autofree char *more = g_strdup_printf (_("and %u more"), rows->len - fit);

      text (report, more, 8, FALSE, box.x + 3, y + 2, 0, 0, muted);
    }
}

static char **
row_cells (const GwReportRow *row)
{
  char **cells = g_new0 (char *, 8);

  cells[0] = g_strdup (row->name);
  cells[1] = g_strdup_printf ("%u", row->accepted);
  cells[2] = g_strdup_printf ("%u", row->done);
  cells[3] = format_rate (row->accepted ? (double) row->done / row->accepted : -1);
  cells[4] = g_strdup_printf ("%u", row->overdue);
  cells[5] = format_rate (row->reviewed ? (double) row->satisfied / row->reviewed : -1);
  cells[6] = row->hours < 0 ? g_strdup ("–") : g_strdup_printf ("%.1f", row->hours);
  return cells;
}

/* @name_share: the share of the width the names take; the figures share the rest. */
static void
rows_table (Report     *report,
            Box         box,
            GArray     *rows,
            const char *first_column,
            double      name_share)
{
  double share = (1 - name_share) / 6;
  const Column columns[] = {
    { first_column, name_share, 0 },
    { _("Accepted"), share, 1 },
    { _("Done"), share, 1 },
    { _("Closure rate"), share, 1 },
    { _("Overdue now"), share, 1 },
    { _("Satisfaction"), share, 1 },
    { _("Mean hours"), share, 1 },
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (cells, row_cells (&g_array_index (rows, GwReportRow, i)));
  table (report, box, columns, G_N_ELEMENTS (columns), cells);
}

static const GwReportRow *
district_row (GwReportData *data,
              const char   *code)
{
  for (guint i = 0; i < data->districts->len; i++)
    {
      const GwReportRow *row = &g_array_index (data->districts, GwReportRow, i);

      if (g_strcmp0 (row->code, code) == 0)
        return row;
    }
  return NULL;
}

static void
map_path (cairo_t             *cr,
          const GwGridFeature *feature,
          double               scale,
          double               x0,
          double               y0,
          double               lon0,
          double               lat_max)
{
  for (guint p = 0; p < feature->n_polygons; p++)
    for (guint r = 0; r < feature->polygons[p].n_rings; r++)
      {
        const GwGridRing *ring = &feature->polygons[p].rings[r];

        for (guint i = 0; i < ring->n_points; i++)
          {
            double x = x0 + (ring->coords[2 * i] - lon0) * scale;
            double y = y0 + (lat_max - ring->coords[2 * i + 1]) * scale / cos (28.7 * G_PI / 180);

            if (i == 0)
              cairo_move_to (cr, x, y);
            else
              cairo_line_to (cr, x, y);
          }
        cairo_close_path (cr);
      }
}

/* The districts, shaded by the cases reported in the period. */
static void
district_map (Report *report,
              Box     box)
{
  g_autoptr(GPtrArray) counties = g_ptr_array_new ();
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90, scale;
  guint max = 1;
  cairo_t *cr = report->cr;

  text (report, _("Cases per district"), 11, TRUE, box.x, box.y, 0, 0, ink);
  box.y += 24;
  box.height -= 24;
  if (report->grids == NULL)
    return;

  for (guint i = 0; i < gw_grid_set_get_n_features (report->grids); i++)
    {
      const GwGridFeature *f = gw_grid_set_get_feature (report->grids, i);
      const GwReportRow *row;

      if (f->level != GW_GRID_LEVEL_COUNTY)
        continue;
      g_ptr_array_add (counties, (gpointer) f);
      min_lon = MIN (min_lon, f->min_lon);
      max_lon = MAX (max_lon, f->max_lon);
      min_lat = MIN (min_lat, f->min_lat);
      max_lat = MAX (max_lat, f->max_lat);
      if ((row = district_row (report->data, f->code)) != NULL)
        max = MAX (max, row->accepted);
    }
  if (counties->len == 0)
    return;

  scale = MIN (box.width / (max_lon - min_lon),
               box.height / ((max_lat - min_lat) / cos (28.7 * G_PI / 180)));
  for (guint i = 0; i < counties->len; i++)
    {
      const GwGridFeature *f = g_ptr_array_index (counties, i);
      const GwReportRow *row = district_row (report->data, f->code);
      double share = row ? row->accepted / (double) max : 0;

      map_path (cr, f, scale, box.x, box.y, min_lon, max_lat);
      set_rgb (cr, accent, 0.08 + 0.75 * share);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 0.8);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < counties->len; i++)
    {
      const GwGridFeature *f = g_ptr_array_index (counties, i);
      const GwReportRow *row = district_row (report->data, f->code);
      g_autofree char *label = g_strdup_printf ("%s %u", f->name, row ? row->accepted : 0);
      double x = box.x + (f->label_lon - min_lon) * scale;
      double y = box.y + (max_lat - f->label_lat) * scale / cos (28.7 * G_PI / 180);

      text (report, label, 7, TRUE, x - 40, y - 5, 80, 0.5, ink);
    }
}

static const char *
department_name (GwReportData *data,
                 const char   *code)
{
  for (guint i = 0; code != NULL && i < data->departments->len; i++)
    {
      const GwReportRow *row = &g_array_index (data->departments, GwReportRow, i);

      if (g_str_equal (row->code, code))
        return row->name;
    }
  return code ? code : "–";
}

static void
overdue_table (Report *report,
               Box     box)
{
  GwReportData *data = report->data;
  const Column columns[] = {
    { _("Case"), 0.17, 0 },
    { _("Type"), 0.15, 0 },
    { _("Department"), 0.22, 0 },
    { _("Deadline"), 0.13, 0 },
    { _("Days late"), 0.08, 1 },
    { _("Address"), 0.25, 0 },
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  text (report, _("Most overdue cases"), 11, TRUE, box.x, box.y, 0, 0, ink);
  box.y += 22;
  box.height -= 22;
  if (data->overdue->len == 0)
    {
      text (report, _("No case is overdue."), 9, FALSE, box.x, box.y, 0, 0, muted);
      return;
    }
  for (guint i = 0; i < data->overdue->len; i++)
    {
      GwCase *item = g_ptr_array_index (data->overdue, i);
      gint64 deadline = g_date_time_to_unix (gw_case_get_expected (item));
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup (gw_case_get_id (item));
      row[1] = g_strdup (gw_case_get_service_name (item));
      row[2] = g_strdup (department_name (data, gw_case_get_agency (item)));
      row[3] = format_day (deadline);
      row[4] = g_strdup_printf ("%.1f", (data->now - deadline) / 86400.0);
      row[5] = g_strdup (gw_case_get_address (item));
      g_ptr_array_add (cells, row);
    }
  table (report, box, columns, G_N_ELEMENTS (columns), cells);
}

static void
page_overview (Report *report)
{
  header (report, _("Overview"));
  kpi_row (report, 80);
  trend (report, (Box) { MARGIN, 160, 470, 380 });
  categories (report, (Box) { MARGIN + 500, 160, PAGE_WIDTH - 2 * MARGIN - 500, 380 });
}

static void
page_districts (Report *report)
{
  header (report, _("Districts"));
  district_map (report, (Box) { MARGIN, 80, 330, 460 });
  text (report, _("Per district"), 11, TRUE, MARGIN + 350, 80, 0, 0, ink);
  rows_table (report, (Box) { MARGIN + 350, 104, PAGE_WIDTH - 2 * MARGIN - 350, 436 },
              report->data->districts, _("District"), 0.16);
}

static void
page_departments (Report *report)
{
  header (report, _("Departments and overdue cases"));
  text (report, _("Per department"), 11, TRUE, MARGIN, 80, 0, 0, ink);
  rows_table (report, (Box) { MARGIN, 104, PAGE_WIDTH - 2 * MARGIN, 230 },
              report->data->departments, _("Department"), 0.34);
  overdue_table (report, (Box) { MARGIN, 345, PAGE_WIDTH - 2 * MARGIN, 210 });
}

gboolean
gw_report_write_pdf (GwReportData  *data,
                     GwGridSet     *grids,
                     const char    *center_name,
                     const char    *path,
                     GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  Report report = { 0 };

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  report.cr = cairo_create (surface);
  report.data = data;
  report.grids = grids;
  report.center_name = center_name ? center_name : "";

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  data->period == GW_REPORT_WEEK ? _("Weekly Report")
                                                                 : _("Monthly Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gridwall " PACKAGE_VERSION);

  page_overview (&report);
  cairo_show_page (report.cr);
  page_districts (&report);
  cairo_show_page (report.cr);
  page_departments (&report);
  cairo_show_page (report.cr);

  cairo_destroy (report.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the report to %s: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
