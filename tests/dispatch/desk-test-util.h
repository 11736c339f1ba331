/* desk-test-util.h: the real app on the dispatch layout against a real centre,
 * driven by real X input (xdotool) under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "feed-test-util.h"
#include "gw-application.h"
#include "gw-assign-form.h"
#include "gw-desk.h"

G_BEGIN_DECLS

#define TOKEN_DISPATCHER_2 "demo-dispatcher-2"

typedef struct _DeskRun DeskRun;

/* A step returns TRUE once done; the run moves to the next one. */
typedef gboolean (*DeskStep) (DeskRun *run);

struct _DeskRun
{
  GwTestCenter  *center;
  GwApplication *app;
  GwDesk        *desk;
  GtkWindow     *window;
  const DeskStep *steps;
  guint          step;
  gint64         deadline;
  char          *failure;
  GSubprocess   *xdotool;      /* the input being played, or NULL */
  char          *case_id;      /* the test's case */
  char          *grid_code;
  char          *department;   /* the department the test assigns to */
  gint64         mark;         /* a time the steps measure from */
  guint          poll_id;
  gpointer       data;
};

/* g_test_init for the desk's tests: English texts, X11, fresh user folders (the
 * outbox, the photo cache) and a private display. */
void        desk_test_init         (int    *argc,
                                    char ***argv);

/* Starts a private Xvfb (1920x1080) for this test program and points DISPLAY
 * at it, so real input (xdotool) of tests running side by side never mixes.
 * It dies with the test. Call before gtk is initialised. */
void        desk_test_private_display (void);

/* POST @json to the centre's @path with @token; returns the reply's root object
 * and the HTTP status in @status. */
JsonObject *desk_test_post         (const char *base_uri,
                                    const char *path,
                                    const char *token,
                                    const char *json,
                                    guint      *status);
/* Reports a case the simulator leaves alone; fills run->case_id and grid_code. */
void        desk_test_report       (DeskRun    *run,
                                    const char *service_code,
                                    const char *priority);
/* The same anywhere: returns the new case's id (and its grid in @grid_code). */
char       *desk_test_report_at    (DeskRun    *run,
                                    const char *service_code,
                                    const char *priority,
                                    double      lat,
                                    double      lon,
                                    char      **grid_code);
/* A command sent by hand as another dispatcher (TOKEN_DISPATCHER_2) at the case's
 * current version in the centre; returns the HTTP status. */
guint       desk_test_command      (DeskRun    *run,
                                    const char *token,
                                    const char *case_id,
                                    const char *action,
                                    const char *json);
/* A department's step on a case (the centre's test hook). */
void        desk_test_step         (DeskRun    *run,
                                    const char *case_id,
                                    const char *step);
/* Runs the app (--dispatch, @token) on @run->center through @steps; fails the
 * test if a step does not finish within @timeout_s seconds in all. */
void        desk_test_run          (DeskRun        *run,
                                    const char     *token,
                                    const DeskStep *steps,
                                    guint           timeout_s);
void        desk_test_fail         (DeskRun    *run,
                                    const char *why);
/* Plays xdotool @args (NULL-terminated) asynchronously; a step may wait on
 * desk_test_input_done. "%W" in an argument is replaced by the main window's id,
 * "%T" by the desk's open dialog's (or the main window's when none is open). */
void        desk_test_xdotool      (DeskRun    *run,
                                    ...) G_GNUC_NULL_TERMINATED;
gboolean    desk_test_input_done   (DeskRun    *run);
/* @widget's centre (dx, dy from it) in the window's X coordinates. */
gboolean    desk_test_point        (DeskRun    *run,
                                    GtkWidget  *widget,
                                    double      dx,
                                    double      dy,
                                    int        *x,
                                    int        *y);
/* A column of the centre's row for the case, from its SQLite file. */
char       *desk_test_db_case      (DeskRun    *run,
                                    const char *column);
char       *desk_test_db_case_of   (DeskRun    *run,
                                    const char *case_id,
                                    const char *column);
/* How many events of @type the centre holds for the case. */
int         desk_test_db_events    (DeskRun    *run,
                                    const char *type);
int         desk_test_db_events_of (DeskRun    *run,
                                    const char *case_id,
                                    const char *type);

/* Saves the screen as $DESK_TEST_SHOTS/@name.png when that variable is set. */
void        desk_test_snapshot     (const char *name);

/* Common steps */
gboolean    desk_step_ready        (DeskRun *run);   /* window, desk, connected, case card shown */

G_END_DECLS
