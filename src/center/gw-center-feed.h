/* gw-center-feed.h: GET /v1/feed, the event stream over WebSocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-center-engine.h"

G_BEGIN_DECLS

/* Close codes of our own (RFC 6455 leaves 4000-4999 to applications). All
 * of them mean "resubscribe": a client resumes after its last sequence. */
#define GW_FEED_CLOSE_LAGGING      4408  /* it took no data for too long */
#define GW_FEED_CLOSE_HISTORY_LOST 4410  /* its next event was pruned */
#define GW_FEED_CLOSE_SILENT       4400  /* it answered no ping */

/* Frames a client may send; the protocol calls anything larger an error. */
#define GW_FEED_MAX_INCOMING (1024 * 1024)

GwCenterFeed *gw_center_feed_new  (GwCenterEngine *engine,
                                   SoupServer     *server);
void          gw_center_feed_free (GwCenterFeed   *self);
/* New events were committed: send them. */
void          gw_center_feed_wake (GwCenterFeed   *self);
guint         gw_center_feed_get_n_clients (GwCenterFeed *self);

G_END_DECLS
