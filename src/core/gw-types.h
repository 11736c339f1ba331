/* gw-types.h: enumerations of the case model, with their wire names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The workflow step a case is at (`status_detail` on the wire). */
typedef enum
{
  GW_STEP_REPORTED,
  GW_STEP_ACCEPTED,
  GW_STEP_ASSIGNED,
  GW_STEP_SIGNED,
  GW_STEP_IN_PROGRESS,
  GW_STEP_RETURNED,
  GW_STEP_EXTENDED,
  GW_STEP_RESOLVED,
  GW_STEP_REVIEWED,
  GW_STEP_CLOSED,
  GW_N_STEPS
} GwStep;

typedef enum
{
  GW_PRIORITY_NORMAL,
  GW_PRIORITY_URGENT,
  GW_PRIORITY_MAJOR,
  GW_N_PRIORITIES
} GwPriority;

typedef enum
{
  GW_CHANNEL_GRID_APP,
  GW_CHANNEL_HOTLINE_12345,
  GW_CHANNEL_POLICE_110,
  GW_CHANNEL_CITY_MANAGEMENT,
  GW_CHANNEL_VIDEO,
  GW_CHANNEL_WALK_IN,
  GW_N_CHANNELS
} GwChannel;

typedef enum
{
  GW_CATEGORY_DISPUTE,
  GW_CATEGORY_SAFETY,
  GW_CATEGORY_URBAN,
  GW_CATEGORY_ENVIRONMENT,
  GW_CATEGORY_LIVELIHOOD,
  GW_CATEGORY_PUBLIC_ORDER,
  GW_CATEGORY_OTHER,
  GW_N_CATEGORIES
} GwCategory;

/* Level at which a case was solved; NONE until it is. */
typedef enum
{
  GW_LEVEL_NONE,
  GW_LEVEL_VILLAGE,
  GW_LEVEL_TOWN,
  GW_LEVEL_COUNTY,
  GW_LEVEL_CITY,
  GW_N_LEVELS
} GwLevel;

typedef enum
{
  GW_MODE_NORMAL,     /* 平时 */
  GW_MODE_EMERGENCY,  /* 战时 */
} GwMode;

/* Wire names ("in_progress", "hotline_12345", ...) and back. The parsers return
 * FALSE for a name that is not in the protocol. */
const char *gw_step_to_string      (GwStep      step);
gboolean    gw_step_from_string    (const char *name, GwStep     *out);
const char *gw_priority_to_string  (GwPriority  priority);
gboolean    gw_priority_from_string (const char *name, GwPriority *out);
const char *gw_channel_to_string   (GwChannel   channel);
gboolean    gw_channel_from_string (const char *name, GwChannel  *out);
const char *gw_category_to_string  (GwCategory  category);
gboolean    gw_category_from_string (const char *name, GwCategory *out);
const char *gw_level_to_string     (GwLevel     level);
gboolean    gw_level_from_string   (const char *name, GwLevel    *out);

/* Translated names for people (gettext), e.g. "Assigned" / 已交办. */
const char *gw_step_get_label      (GwStep      step);
const char *gw_priority_get_label  (GwPriority  priority);
const char *gw_channel_get_label   (GwChannel   channel);
const char *gw_category_get_label  (GwCategory  category);

/* A time as the screens show it: "14:03" today, "11-21 14:03" another day,
 * "—" for none; in the local zone. */
char       *gw_format_time         (GDateTime  *time);

/* TRUE for resolved, reviewed and closed: the case counts as 办结. */
gboolean    gw_step_is_done        (GwStep      step);

/* GEnum types (value nicks are the wire names), for properties. */
#define GW_TYPE_STEP     (gw_step_get_type ())
#define GW_TYPE_PRIORITY (gw_priority_get_type ())
#define GW_TYPE_CHANNEL  (gw_channel_get_type ())
#define GW_TYPE_CATEGORY (gw_category_get_type ())
#define GW_TYPE_LEVEL    (gw_level_get_type ())
#define GW_TYPE_MODE     (gw_mode_get_type ())
GType       gw_step_get_type       (void) G_GNUC_CONST;
GType       gw_priority_get_type   (void) G_GNUC_CONST;
GType       gw_channel_get_type    (void) G_GNUC_CONST;
GType       gw_category_get_type   (void) G_GNUC_CONST;
GType       gw_level_get_type      (void) G_GNUC_CONST;
GType       gw_mode_get_type       (void) G_GNUC_CONST;

const char *gw_mode_to_string      (GwMode      mode);
gboolean    gw_mode_from_string    (const char *name, GwMode     *out);
const char *gw_mode_get_label      (GwMode      mode);
const char *gw_level_get_label     (GwLevel     level);

G_END_DECLS
