/* gw-case-detail.h: everything about one case: timeline, channel, place,
 * photo, deadline countdown, grid staff, and the dispatcher's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-store.h"
#include "gw-grid-set.h"
#include "gw-photo-cache.h"

G_BEGIN_DECLS

/**
 * GwTimelineEntry:
 * @time: when
 * @what: the step, translated ("Assigned")
 * @who: (nullable): who did it
 * @detail: (nullable): department, note
 *
 * One step of a case's history, as the detail pane shows it.
 */
typedef struct
{
  GDateTime *time;
  char      *what;
  char      *who;
  char      *detail;
} GwTimelineEntry;

GwTimelineEntry *gw_timeline_entry_new  (GDateTime  *time,
                                         const char *what,
                                         const char *who,
                                         const char *detail);
void             gw_timeline_entry_free (GwTimelineEntry *entry);

/**
 * GwDuplicate:
 * @gw_case: the likely duplicate
 * @meters: how far from the shown case
 */
typedef struct
{
  GwCase *gw_case;
  double  meters;
} GwDuplicate;

#define GW_TYPE_CASE_DETAIL (gw_case_detail_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseDetail, gw_case_detail, GW, CASE_DETAIL, GtkWidget)

GtkWidget *gw_case_detail_new          (GwCaseStore  *store,
                                        GwPhotoCache *photos);
void       gw_case_detail_set_grids    (GwCaseDetail *self,
                                        GwGridSet    *grids);
/* Shows @gw_case (NULL: a placeholder) and follows its changes. */
void       gw_case_detail_set_case     (GwCaseDetail *self,
                                        GwCase       *gw_case);
GwCase    *gw_case_detail_get_case     (GwCaseDetail *self);
/* @entries: GwTimelineEntry, oldest first (borrowed; copied into rows). */
void       gw_case_detail_set_timeline (GwCaseDetail *self,
                                        GPtrArray    *entries);
/* @duplicates: GwDuplicate (borrowed), or NULL. */
void       gw_case_detail_set_duplicates (GwCaseDetail *self,
                                          GPtrArray    *duplicates);
/* The wall shows no dispatch controls. */
void       gw_case_detail_set_controls_visible (GwCaseDetail *self,
                                                gboolean      visible);
/* What the desk has to say about the case (pending, conflict, refused), or NULL. */
void       gw_case_detail_set_notice   (GwCaseDetail *self,
                                        const char   *notice,
                                        gboolean      error);
/* The text of the deadline countdown (for tests). */
const char *gw_case_detail_get_countdown_text (GwCaseDetail *self);
/* The photo's state: "none", "loading", "shown" or "broken" (for tests). */
const char *gw_case_detail_get_photo_state    (GwCaseDetail *self);

G_END_DECLS
