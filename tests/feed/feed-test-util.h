/* feed-test-util.h: running the reference centre and waiting on a feed in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-feed.h"

G_BEGIN_DECLS

#define TOKEN_WALL        "demo-wall"
#define TOKEN_DISPATCHER  "demo-dispatcher"

/* A gridwall-center child process on loopback, with its database in a
 * temporary folder. It is killed if the test process dies (PR_SET_PDEATHSIG). */
typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *db;
  char        *tls_cert;
  char        *tls_key;
  guint        port;
  char        *uri;
  guint        n_starts;
  gboolean     stopped;
} GwTestCenter;

/* Common test setup (g_test_init). */
void          gw_test_init               (int    *argc,
                                          char ***argv);

/* NULL (and the test skipped) when GRIDWALL_CENTER is not built. */
GwTestCenter *gw_test_center_new         (void);
/* Starts the centre with --db, --port (the previous port after the first
 * start) and the NULL-terminated extra arguments; waits until it listens. */
void          gw_test_center_start       (GwTestCenter *center,
                                          ...) G_GNUC_NULL_TERMINATED;
/* SIGTERM and wait (a clean shutdown) / SIGKILL and wait. */
void          gw_test_center_stop        (GwTestCenter *center);
void          gw_test_center_kill        (GwTestCenter *center);
void          gw_test_center_signal      (GwTestCenter *center,
                                          int           signal_number);
void          gw_test_center_free        (GwTestCenter *center);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTestCenter, gw_test_center_free)

typedef gboolean (*GwTestPredicate) (gpointer data);

/* Iterates the default main context until @predicate holds or @timeout_ms
 * pass; returns whether it holds. */
gboolean      gw_test_wait_for           (GwTestPredicate predicate,
                                          gpointer        data,
                                          guint           timeout_ms);
void          gw_test_sleep              (guint           milliseconds);

/* Waits for @feed to be in @state; fails the test after @timeout_ms. */
void          gw_test_wait_state         (GwFeed      *feed,
                                          GwFeedState  state,
                                          guint        timeout_ms);

/* A fresh snapshot from the centre (sync, through the main loop). */
GwSnapshot   *gw_test_fetch_snapshot     (const char *uri,
                                          const char *token,
                                          const char *ca_file,
                                          GError    **error);

/* Asserts that @store holds exactly the cases and versions of @snapshot, at
 * the same sequence. */
void          gw_test_assert_store_equals (GwCaseStore *store,
                                           GwSnapshot  *snapshot);

/* Waits until the store has caught up with a fresh snapshot of the (quiet)
 * centre, then asserts equality. */
void          gw_test_assert_converges   (GwFeed       *feed,
                                          GwTestCenter *center,
                                          const char   *ca_file,
                                          guint         timeout_ms);

/* A GwFeed with short timings for tests; warnings from the feed's own log
 * domain (rejected frames) stay non-fatal for the running test case. */
GwFeed       *gw_test_feed_new           (GwCaseStore *store);

/* Records every state the feed goes through. */
GArray       *gw_test_record_states      (GwFeed *feed);
gboolean      gw_test_states_include     (GArray *states,
                                          GwFeedState first,
                                          GwFeedState then);

/* A request to the centre at @uri ("http://127.0.0.1:PORT/") for @path
 * ("v1/stats/daily?from=..."), with @token (NULL: none) and a JSON @body (NULL:
 * none). Returns the reply's body; *@status is its HTTP status. */
GBytes       *gw_test_http               (const char *uri,
                                          const char *method,
                                          const char *path,
                                          const char *token,
                                          const char *body,
                                          guint      *status);
/* Reports a case at @lat, @lon through the centre's test hook (--test-hooks),
 * reported at @requested (RFC 3339; NULL: now), which the simulator leaves
 * alone. Returns its id. */
char         *gw_test_report_case        (GwTestCenter *center,
                                          double        lat,
                                          double        lon,
                                          const char   *requested);

/* A loopback HTTP server that answers every request with the same reply: a
 * centre that breaks the protocol as the test says. */
typedef struct
{
  SoupServer *server;
  char       *uri;
  guint       status;
  const char *content_type;
  char       *body;
  guint       n_requests;
} GwTestLiar;

GwTestLiar   *gw_test_liar_new           (void);
/* Takes @body. */
void          gw_test_liar_set           (GwTestLiar *liar,
                                          guint       status,
                                          const char *content_type,
                                          char       *body);
void          gw_test_liar_free          (GwTestLiar *liar);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTestLiar, gw_test_liar_free)

G_END_DECLS
