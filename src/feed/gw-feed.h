/* gw-feed.h: keeps a GwCaseStore in step with a centre (snapshot + WebSocket feed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case-store.h"
#include "gw-center-client.h"

G_BEGIN_DECLS

/**
 * GwFeedState:
 * @GW_FEED_STATE_IDLE: not started, or stopped
 * @GW_FEED_STATE_CONNECTING: first connection after gw_feed_start()
 * @GW_FEED_STATE_CONNECTED: subscribed; events flow into the store
 * @GW_FEED_STATE_RECONNECTING: the connection was lost; retrying with backoff
 * @GW_FEED_STATE_RESYNCING: reloading the snapshot (history lost, sequence ahead,
 *   repeated gaps) before subscribing again
 * @GW_FEED_STATE_FAILED: a fault a person must fix (token refused, TLS not
 *   trusted, bad configuration); see #GwFeed:last-error. The feed keeps retrying
 *   at the longest backoff unless the configuration itself is unusable.
 */
typedef enum
{
  GW_FEED_STATE_IDLE,
  GW_FEED_STATE_CONNECTING,
  GW_FEED_STATE_CONNECTED,
  GW_FEED_STATE_RECONNECTING,
  GW_FEED_STATE_RESYNCING,
  GW_FEED_STATE_FAILED,
} GwFeedState;

#define GW_TYPE_FEED_STATE (gw_feed_state_get_type ())
GType gw_feed_state_get_type (void) G_GNUC_CONST;

/* How many rejections gw_feed_get_recent_rejections() keeps. */
#define GW_FEED_N_RECENT_REJECTIONS 32

#define GW_TYPE_FEED (gw_feed_get_type ())
G_DECLARE_FINAL_TYPE (GwFeed, gw_feed, GW, FEED, GObject)

GwFeed       *gw_feed_new                   (GwCaseStore *store);

/* Where to connect; takes effect at the next gw_feed_start() (a running feed
 * restarts). @ca_file may be NULL for the system's trust store. */
void          gw_feed_set_center            (GwFeed     *self,
                                             const char *base_uri,
                                             const char *token,
                                             const char *ca_file);
void          gw_feed_start                 (GwFeed *self);
void          gw_feed_stop                  (GwFeed *self);

GwCaseStore  *gw_feed_get_store             (GwFeed *self);
/* The REST client of the current centre (for commands), or NULL before
 * gw_feed_start() or when the configuration is unusable. */
GwCenterClient *gw_feed_get_client          (GwFeed *self);

GwFeedState   gw_feed_get_state             (GwFeed *self);
GDateTime    *gw_feed_get_state_since       (GwFeed *self);
/* When events were last applied (local receive time), or NULL. */
GDateTime    *gw_feed_get_last_event_time   (GwFeed *self);
const char   *gw_feed_get_last_error        (GwFeed *self);
const char   *gw_feed_get_role              (GwFeed *self);
const char   *gw_feed_get_user_id           (GwFeed *self);
const char   *gw_feed_get_user_name         (GwFeed *self);
const char   *gw_feed_get_center_code       (GwFeed *self);
const char   *gw_feed_get_center_name       (GwFeed *self);
guint         gw_feed_get_n_reconnects      (GwFeed *self);
guint         gw_feed_get_n_resyncs         (GwFeed *self);
/* The GeoJSON of `GET /v1/grids` once fetched (after each start), or NULL. */
GBytes       *gw_feed_get_grids             (GwFeed *self);
/* The latest rejected frames, newest first, as strings
 * ("event 1843: field lat 91.2 is outside -90..90"). Owned by the feed. */
GPtrArray    *gw_feed_get_recent_rejections (GwFeed *self);

G_END_DECLS
