/* gw-center-engine.h: the centre's state, owned by the centre's thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change goes through gw_center_engine_commit(): the new state of a
 * case and the event telling it are written in one SQLite transaction, then
 * (and only then) the in-memory case is replaced and the feed woken.
 */
#pragma once

#include "gw-center.h"
#include "gw-center-case.h"
#include "gw-center-catalog.h"
#include "gw-center-store.h"

G_BEGIN_DECLS

typedef struct _GwCenterSim GwCenterSim;
typedef struct _GwCenterFeed GwCenterFeed;

typedef struct
{
  const char *id;
  const char *name;
} GwActor;

/* An idempotency record to store with the change. */
typedef struct
{
  const char *user;
  const char *key;
  const char *request_hash;
} GwIdempotency;

typedef struct
{
  GwCenterOptions  options;     /* strings owned by the GwCenter */
  GwCenterCatalog *catalog;
  GwCenterStore   *store;
  GHashTable      *cases;       /* id -> GwCenterCase, owned */
  GPtrArray       *case_order;  /* GwCenterCase *, order of report, not owned */
  guint64          sequence;
  guint64          case_serial;
  char            *mode;
  char            *mode_reason;
  char            *mode_case;
  GwCenterSim     *sim;
  GwCenterFeed    *feed;
} GwCenterEngine;

GwCenterEngine *gw_center_engine_new     (const GwCenterOptions *options,
                                          GwCenterCatalog       *catalog,
                                          GError               **error);
void            gw_center_engine_free    (GwCenterEngine        *self);

gint64          gw_center_engine_now     (void);

GwCenterCase   *gw_center_engine_lookup  (GwCenterEngine        *self,
                                          const char            *id);
/* A new case id: PREFIX + date of @time + serial ("NC20261121-000123"). */
char           *gw_center_engine_next_case_id (GwCenterEngine *self,
                                               gint64          time);

/* Records @next (a new case, or a changed copy of the case with its id) as
 * the result of @step. Sets its version; takes @next. On success *@sequence
 * is the event's, and with @idempotency the answer {"case", "sequence"} is
 * stored with the key and returned in *@answer. */
gboolean        gw_center_engine_commit  (GwCenterEngine        *self,
                                          GwCenterCase          *next,
                                          const char            *step,
                                          const GwActor         *actor,
                                          const char            *note,
                                          const char            *department,
                                          const GwIdempotency   *idempotency,
                                          guint64               *sequence,
                                          char                 **answer,
                                          GError               **error);

/* Bulk: gw_center_engine_begin, many commit_in_transaction, then end. */
gboolean        gw_center_engine_begin   (GwCenterEngine        *self,
                                          GError               **error);
gboolean        gw_center_engine_commit_in_transaction (GwCenterEngine *self,
                                                        GwCenterCase   *next,
                                                        const char     *step,
                                                        const GwActor  *actor,
                                                        const char     *note,
                                                        const char     *department,
                                                        GError        **error);
gboolean        gw_center_engine_end     (GwCenterEngine        *self,
                                          GError               **error);

gboolean        gw_center_engine_set_mode (GwCenterEngine       *self,
                                           const char           *mode,
                                           const char           *reason,
                                           const char           *case_id,
                                           guint64              *sequence,
                                           GError              **error);

/* Emits an event of @type with data {kind, code, actor} and no case change:
 * cn.gridwall.wall.show and cn.gridwall.alarm.acknowledged. */
gboolean        gw_center_engine_relay (GwCenterEngine  *self,
                                        const char      *type,
                                        const char      *kind,
                                        const char      *code,
                                        const GwActor   *actor,
                                        guint64         *sequence,
                                        GError         **error);

/* The step a command on an older version conflicts with. */
gboolean        gw_center_step_conflicts (const char            *step);

/* GET /v1/snapshot's body. */
char           *gw_center_engine_snapshot (GwCenterEngine       *self,
                                           gsize                *length);

G_END_DECLS
