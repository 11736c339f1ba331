/* gw-center-case.h: a case as the centre holds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which of the simulator's one-off turns a case has taken. */
typedef enum
{
  GW_SIM_EXTENDED  = 1 << 0,
  GW_SIM_ESCALATED = 1 << 1,
  GW_SIM_RETURNED  = 1 << 2,
  GW_SIM_MANUAL    = 1 << 3,  /* a person assigned it: the simulator stays out */
} GwSimFlags;

/* Strings marked (interned) come from g_intern_string: few distinct values,
 * 100k cases. Times are microseconds since the epoch, 0 for null. */
typedef struct
{
  char        *id;
  const char  *service_code;    /* interned */
  const char  *service_name;    /* interned */
  const char  *category;        /* interned */
  char        *description;
  const char  *status_detail;   /* interned */
  const char  *agency;          /* interned, nullable */
  const char **co_agencies;     /* NULL-terminated, interned, never NULL */
  gint64       requested;
  gint64       updated;
  gint64       expected;
  gint64       resolved;
  gint64       closed;
  double       lat;
  double       lon;
  char        *address;
  char        *media_url;
  const char  *priority;        /* interned */
  const char  *channel;         /* interned */
  const char  *grid_code;       /* interned */
  const char  *resolved_level;  /* interned, nullable */
  int          satisfaction;    /* 0 for null */
  gboolean     supervised;
  gint64       version;
  gint64       extension_deadline;  /* while an extension waits for approval */
  char        *merged_into;         /* a merged case: the case it duplicates */

  /* The last change that a command acting on an older version conflicts
   * with (assigned, returned, resolved, closed...): the 409's "by" and
   * "action". */
  gint64       conflict_version;
  const char  *conflict_action;  /* interned */
  char        *conflict_by_id;
  char        *conflict_by_name;
  const char  *conflict_department;  /* interned */
  gint64       conflict_at;

  /* Simulator state: when it next acts on the case (0: never). */
  gint64       sim_due;
  guint        sim_flags;
} GwCenterCase;

GwCenterCase *gw_center_case_new       (void);
void          gw_center_case_free      (GwCenterCase       *self);
GwCenterCase *gw_center_case_copy      (const GwCenterCase *self);
void          gw_center_case_set_co_agencies (GwCenterCase       *self,
                                              const char * const *codes);
gboolean      gw_center_case_is_open   (const GwCenterCase *self);
/* Appends the case as the protocol's Case object. */
void          gw_center_case_to_json   (const GwCenterCase *self,
                                        GString            *out);
char         *gw_center_case_to_string (const GwCenterCase *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCenterCase, gw_center_case_free)

G_END_DECLS
