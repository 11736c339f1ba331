/* bench-gen.h: realistic centre messages, generated in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Case types as the centre names them: service_code, service_name, category. */
#define BENCH_N_SERVICES 10
extern const char *bench_services[BENCH_N_SERVICES][3];

/* Appends a JSON time of @unix_seconds, in +08:00 as the centre writes them. */
void   bench_append_time  (GString *out,
                           gint64   unix_seconds);
/* Appends a CloudEvent's envelope up to its "data": member (open). */
void   bench_append_envelope (GString    *out,
                              guint64     sequence,
                              const char *type);
/* Appends case number @n at @version as the centre writes it. */
void   bench_append_case  (GString *out,
                           GRand   *rand,
                           guint    n,
                           gint64   version);
/* One CloudEvent frame: a case event most of the time, now and then a mode
 * or department event. Cases are new about a third of the time, otherwise an
 * update of an earlier one at a higher version. */
char  *bench_event_frame  (GRand   *rand,
                           guint64  sequence,
                           guint   *n_cases,
                           GArray  *versions);
/* A snapshot of @n_cases cases and 60 departments. */
GBytes *bench_snapshot    (GRand   *rand,
                           guint    n_cases);

/* Peak resident memory since the last reset, and the reset (Linux). */
gsize  bench_peak_rss_kib (void);
gsize  bench_rss_kib      (void);
void   bench_reset_peak   (void);

G_END_DECLS
