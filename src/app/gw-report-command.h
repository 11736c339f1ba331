/* gw-report-command.h: `gridwall --report week|month --output FILE`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fetches the centre's snapshot and grids from @url with @token, writes the
 * report to @output and returns the exit status (0, or 1 after printing why).
 * Runs without a display, for scheduled runs. */
int gw_report_command_run (const char *url,
                           const char *token,
                           const char *ca_file,
                           const char *period,
                           const char *output);

G_END_DECLS
