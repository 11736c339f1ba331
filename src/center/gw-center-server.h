/* gw-center-server.h: the centre's HTTP API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-center-engine.h"

G_BEGIN_DECLS

/* Request bodies larger than this get 413, without being held in memory. */
#define GW_CENTER_MAX_BODY   (64 * 1024)
#define GW_CENTER_MAX_DEPTH  16

void                gw_center_server_setup     (GwCenterEngine    *engine,
                                                SoupServer        *server);

void                gw_center_reply_json       (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *body);
void                gw_center_reply_error      (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *code,
                                                const char        *message);
/* The request body gathered so far (at most GW_CENTER_MAX_BODY bytes);
 * *@overflow when it was larger. */
GByteArray         *gw_center_request_body     (SoupServerMessage *msg,
                                                gboolean          *overflow);
/* The body as a JSON object; NULL after answering 400 or 413. */
JsonNode           *gw_center_read_json_body   (SoupServerMessage *msg);
/* TRUE for a dispatcher; FALSE after answering 403 (the wall role). */
gboolean            gw_center_require_dispatcher (SoupServerMessage  *msg,
                                                  const GwCenterUser *user);
/* 422 {"error": "invalid", "fields": @fields}. */
void                gw_center_reply_invalid    (SoupServerMessage *msg,
                                                JsonObject        *fields);
/* A string member of @object, or NULL when absent or not a string. */
const char         *gw_center_string_member    (JsonObject        *object,
                                                const char        *name);
/* TRUE for a GET of exactly @expected; FALSE after answering 404 or 405. */
gboolean            gw_center_require_get      (SoupServerMessage *msg,
                                                const char        *path,
                                                const char        *expected);
/* The caller's user, or NULL after answering 401. */
const GwCenterUser *gw_center_authenticate     (GwCenterEngine    *engine,
                                                SoupServerMessage *msg);

G_END_DECLS
