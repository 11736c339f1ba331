/* gw-center-client-private.h: what GwFeed shares with GwCenterClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-center-client.h"

G_BEGIN_DECLS

/* A request to @path_and_query (relative to the base URI, "v1/feed?after=3"),
 * carrying the bearer token. */
SoupMessage *gw_center_client_new_message      (GwCenterClient *self,
                                                const char     *method,
                                                const char     *path_and_query);

/* Turns a failure of libsoup or GIO while talking about @what into a
 * GW_CENTER_CLIENT_ERROR (cancellation is passed through unchanged). */
void         gw_center_client_translate_error  (GwCenterClient *self,
                                                SoupMessage    *message,
                                                const char     *what,
                                                GError         *error,
                                                GError        **dest);

/* Sets a GW_CENTER_CLIENT_ERROR for a reply status that is not 2xx; @body (may be
 * NULL) is an error document whose "message" is quoted when present. */
gboolean     gw_center_client_check_status     (GwCenterClient *self,
                                                SoupMessage    *message,
                                                const char     *what,
                                                GBytes         *body,
                                                GError        **error);

/* Strict checks before json-glib sees untrusted text: size, UTF-8, no NUL,
 * nesting depth; then the root must be an object. */
JsonObject  *gw_center_parse_object            (GBytes      *body,
                                                gsize        max_size,
                                                const char  *what,
                                                GError     **error);

G_END_DECLS
