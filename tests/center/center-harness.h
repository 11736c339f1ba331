/* center-harness.h: run gridwall-center and talk to it, for the centre's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *uri;    /* "http://127.0.0.1:PORT/" */
  char        *dir;    /* a temporary folder, removed at the end */
  char        *db;     /* dir/center.db */
} TestCenter;

typedef struct
{
  guint               status;
  char               *body;
  gsize               length;
  SoupMessageHeaders *headers;
  JsonNode           *json;    /* NULL when the body is not JSON */
} TestReply;

/* The test grids shipped beside the tests. */
const char *test_grids_path    (void);

/* Spawns $GRIDWALL_CENTER --port 0 --db DIR/center.db --grids <test grids>
 * plus the NULL-terminated @first_arg... and waits for its "listening" line.
 * With @reuse, runs on @reuse's database (after @reuse was killed). */
TestCenter *test_center_spawn  (TestCenter *reuse,
                                const char *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;
/* SIGKILL (@hard) or SIGTERM, then waits for the exit. */
void        test_center_kill   (TestCenter *self,
                                gboolean    hard);
/* Kills if running, removes the folder. */
void        test_center_free   (TestCenter *self);

/* A request with a NULL-terminated list of header name, value pairs. */
TestReply  *test_http          (TestCenter *self,
                                const char *method,
                                const char *path,
                                const char *token,
                                const char *body,
                                ...) G_GNUC_NULL_TERMINATED;
TestReply  *test_http_bytes    (TestCenter *self,
                                const char *method,
                                const char *path,
                                const char *token,
                                GBytes     *body,
                                const char * const *headers);
void        test_reply_free    (TestReply  *reply);
JsonObject *test_reply_object  (TestReply  *reply);

/* Injects a case (POST /v1/test/report, needs --test-hooks) that the
 * simulator leaves alone; returns its id, and its version in *@version. */
char       *test_report_case   (TestCenter *self,
                                gint64     *version);

/* Subscribes after @after and collects @n events (JsonNode, owned) within
 * @timeout_ms; fewer when the connection closes. On a refused upgrade
 * returns NULL with the HTTP status in *@status. *@close_code gets the
 * close code if it closed. */
GPtrArray  *test_feed_collect  (TestCenter *self,
                                const char *token,
                                guint64     after,
                                guint       n,
                                guint       timeout_ms,
                                guint      *status,
                                gushort    *close_code);
guint64     test_event_sequence (JsonNode  *event);
guint64     test_snapshot_sequence (TestCenter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestReply, test_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestCenter, test_center_free)

G_END_DECLS
