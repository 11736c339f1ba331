/* gw-center-store.h: the centre's SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One database, WAL journal, synchronous=FULL: every change to a case and the
 * event that tells it are written in one transaction, and a commit is on disk
 * before the centre answers or sends it, so neither a kill -9 nor a power cut
 * loses anything a client was told.
 */
#pragma once

#include "gw-center-case.h"

G_BEGIN_DECLS

typedef struct _GwCenterStore GwCenterStore;

typedef void (*GwCenterStoreCaseFunc) (GwCenterCase *kase,
                                       gpointer      user_data);

GwCenterStore *gw_center_store_open         (const char     *path,
                                             GError        **error);
void           gw_center_store_free         (GwCenterStore  *self);

gboolean       gw_center_store_begin        (GwCenterStore  *self,
                                             GError        **error);
gboolean       gw_center_store_commit       (GwCenterStore  *self,
                                             GError        **error);
void           gw_center_store_rollback     (GwCenterStore  *self);

char          *gw_center_store_get_meta     (GwCenterStore  *self,
                                             const char     *key);
guint64        gw_center_store_get_meta_uint (GwCenterStore *self,
                                              const char    *key,
                                              guint64        fallback);
gboolean       gw_center_store_set_meta     (GwCenterStore  *self,
                                             const char     *key,
                                             const char     *value,
                                             GError        **error);

/* Folds the WAL back into the database and truncates it (after bulk work). */
void           gw_center_store_checkpoint   (GwCenterStore  *self);

gboolean       gw_center_store_load_cases   (GwCenterStore          *self,
                                             GwCenterStoreCaseFunc   func,
                                             gpointer                user_data,
                                             GError                **error);
gboolean       gw_center_store_put_case     (GwCenterStore       *self,
                                             const GwCenterCase  *kase,
                                             const char          *json,
                                             GError             **error);
gboolean       gw_center_store_put_department (GwCenterStore *self,
                                               const char    *code,
                                               const char    *json,
                                               GError       **error);

gboolean       gw_center_store_append_event (GwCenterStore  *self,
                                             guint64         sequence,
                                             const char     *type,
                                             const char     *time,
                                             const char     *case_id,
                                             const char     *json,
                                             GError        **error);
/* The lowest sequence held, 0 when there is no event. */
guint64        gw_center_store_oldest_event (GwCenterStore  *self);
/* Deletes the events up to @sequence included. */
gboolean       gw_center_store_prune        (GwCenterStore  *self,
                                             guint64         sequence,
                                             GError        **error);
/* Appends to @out (char *, free with g_free) the events after @after in
 * order, at most @limit and about @max_bytes; *@last is the sequence of the
 * last one read. */
gboolean       gw_center_store_read_events  (GwCenterStore  *self,
                                             guint64         after,
                                             guint           limit,
                                             gsize           max_bytes,
                                             GPtrArray      *out,
                                             guint64        *last,
                                             GError        **error);

/* Appends to @out (char *) the last @limit events of @case_id, oldest first. */
gboolean       gw_center_store_case_events  (GwCenterStore  *self,
                                             const char     *case_id,
                                             guint           limit,
                                             GPtrArray      *out,
                                             GError        **error);
gboolean       gw_center_store_lookup_key   (GwCenterStore  *self,
                                             const char     *user,
                                             const char     *key,
                                             char          **request_hash,
                                             guint          *status,
                                             char          **body);
gboolean       gw_center_store_put_key      (GwCenterStore  *self,
                                             const char     *user,
                                             const char     *key,
                                             const char     *request_hash,
                                             guint           status,
                                             const char     *body,
                                             gint64          created,
                                             GError        **error);
/* Forgets idempotency keys older than @before. */
gboolean       gw_center_store_expire_keys  (GwCenterStore  *self,
                                             gint64          before,
                                             GError        **error);

/* The centre's days are numbered from 1970-01-01 in its zone, UTC+8. */
#define GW_CENTER_ZONE_OFFSET (8 * 3600)

/* Adds to @counts[i] the cases reported on day @first_day + i (i < @n_days)
 * whose grid code starts with @area ("" for every case): the cases held and
 * the archive's counts (days before the centre's cases began). */
gboolean       gw_center_store_count_reported (GwCenterStore *self,
                                               gint64         first_day,
                                               guint          n_days,
                                               const char    *area,
                                               guint         *counts,
                                               GError       **error);
/* Adds @reported cases of grid @grid_code on @day to the archive. */
gboolean       gw_center_store_add_archive  (GwCenterStore  *self,
                                             gint64          day,
                                             const char     *grid_code,
                                             guint           reported,
                                             GError        **error);

G_END_DECLS
