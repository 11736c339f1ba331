/* gw-report.h: weekly and monthly reports (周报, 月报) as PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-report-data.h"

G_BEGIN_DECLS

/* Writes @data as an A4 landscape PDF to @path: the headline figures, the
 * daily trend against the period before, categories, a map and a table per
 * district, a table per department and the most overdue cases. @grids (may be
 * NULL) draws the map. Thread-safe: needs no display. */
gboolean gw_report_write_pdf (GwReportData  *data,
                              GwGridSet     *grids,
                              const char    *center_name,
                              const char    *path,
                              GError       **error);

G_END_DECLS
