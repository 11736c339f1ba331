/* core-test-util.h: valid centre messages to start from, and ways to break them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-store.h"
#include "gw-event.h"
#include "gw-stats.h"

G_BEGIN_DECLS

/* A valid case object (JSON text) with @id and @version, requested at
 * 2026-11-21T09:00:00+08:00 in grid 360102002001003. */
char     *core_test_case_json   (const char *id,
                                 gint64      version);
/* A valid case event of type cn.gridwall.case.@step. */
char     *core_test_case_event  (guint64     sequence,
                                 const char *step,
                                 const char *id,
                                 gint64      version);
char     *core_test_mode_event  (guint64     sequence,
                                 const char *mode);
char     *core_test_department_event (guint64     sequence,
                                      const char *code,
                                      const char *name);
char     *core_test_alert_event (guint64     sequence,
                                 const char *xml);
/* A valid CAP 1.2 alert. */
extern const char *core_test_cap_xml;

/* Sets the member at dotted @path ("data.case.lat") of the JSON object @json to
 * the JSON text @value, or removes it when @value is NULL. */
char     *core_test_set         (const char *json,
                                 const char *path,
                                 const char *value);

/* core_test_set for each (path, value) pair, NULL-terminated. */
char     *core_test_edit        (const char *json,
                                 ...) G_GNUC_NULL_TERMINATED;
/* A valid case S-@n at @version with every field that the figures read drawn
 * at random (category, one of four districts, a department or none, status,
 * times around @clock in Unix seconds, level, satisfaction): any mix, to
 * follow through stores and their followers. */
char     *core_test_random_case (GRand      *rand,
                                 guint       n,
                                 gint64      version,
                                 gint64      clock);
/* A case event of type cn.gridwall.case.@step carrying @case_json. */
char     *core_test_case_event_of (guint64     sequence,
                                   const char *step,
                                   const char *case_json);
/* A snapshot at @sequence of @n core_test_random_case cases S-0.. at @version. */
GwSnapshot *core_test_random_snapshot (GRand   *rand,
                                       guint    n,
                                       gint64   version,
                                       gint64   clock,
                                       guint64  sequence);
/* Every figure of @a and @b equal (rates exactly: they divide the same counts). */
void      core_test_assert_figures_equal (const GwFigures *a,
                                          const GwFigures *b);
/* Overall, per category, per district and per department, with the same keys. */
void      core_test_assert_stats_equal   (GwStats *a,
                                          GwStats *b);
/* A snapshot at @sequence with the given JSON arrays of cases and departments. */
char     *core_test_snapshot_json (guint64     sequence,
                                   const char *cases,
                                   const char *departments);
GwSnapshot *core_test_snapshot_ok (const char *json);

GwEvent  *core_test_decode_ok   (const char *json);

/* The store's state, to check that a rejected input changed nothing. */
typedef struct
{
  guint64  sequence;
  guint    n_items;
  guint    n_departments;
  GwMode   mode;
  GArray  *versions;  /* gint64 per position */
} CoreTestState;

void      core_test_state_take  (CoreTestState *state,
                                 GwCaseStore   *store);
void      core_test_state_assert_same (CoreTestState *before,
                                       GwCaseStore   *store);
void      core_test_state_clear (CoreTestState *state);

/* Applies decoded @texts (NULL-terminated) as one batch, asserting success. */
guint     core_test_apply       (GwCaseStore  *store,
                                 const char  **texts);
/* The @p-th quantile (0 to 1, nearest rank) of @values (doubles), NAN when
 * there are none: for tests and benchmarks that report percentiles. */
double    core_test_percentile  (GArray       *values,
                                 double        p);

G_END_DECLS
