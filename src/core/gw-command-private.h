/* gw-command-private.h: what the outbox changes in a GwCommand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-outbox.h"

G_BEGIN_DECLS

/* "queued", "sending"...: the outbox's state column. */
const char *gw_command_state_to_string   (GwCommandState  state);
gboolean    gw_command_state_from_string (const char     *name,
                                          GwCommandState *out);

GwCommand  *gw_command_new               (const char     *key,
                                          const char     *case_id,
                                          gint64          version,
                                          GwAction        action,
                                          const char     *body,
                                          GDateTime      *created);
/* Each notifies what changed. */
void        gw_command_set_state         (GwCommand      *self,
                                          GwCommandState  state,
                                          guint           attempts,
                                          const char     *outcome);
void        gw_command_set_version       (GwCommand      *self,
                                          gint64          version);
void        gw_command_set_details       (GwCommand              *self,
                                          const GwCommandOutcome *outcome);
/* The details as the outbox stores them (JSON text), and back. */
char       *gw_command_details_to_json   (GwCommand      *self);
void        gw_command_details_from_json (GwCommand      *self,
                                          const char     *json);

G_END_DECLS
