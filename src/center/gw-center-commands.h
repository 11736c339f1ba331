/* gw-center-commands.h: POST /v1/cases/{id}/<action> (docs/protocol.md, "Commands")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-center-engine.h"
#include "gw-command.h"

G_BEGIN_DECLS

/* Answers the command @action on @case_id (the path's id, already checked
 * for its charset); @path is hashed with the body for the idempotency key. */
void gw_center_handle_command (GwCenterEngine     *engine,
                               SoupServerMessage  *msg,
                               const GwCenterUser *user,
                               const char         *path,
                               const char         *case_id,
                               GwAction            action);

G_END_DECLS
