/* gw-types.c: enumerations of the case model, with their wire names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-command.h"
#include "gw-types.h"

/* One table per enumeration serves both GType registration and the wire:
 * each value's nick is its name in docs/protocol.md. */

static const GEnumValue step_values[] = {
  { GW_STEP_REPORTED, "GW_STEP_REPORTED", "reported" },
  { GW_STEP_ACCEPTED, "GW_STEP_ACCEPTED", "accepted" },
  { GW_STEP_ASSIGNED, "GW_STEP_ASSIGNED", "assigned" },
  { GW_STEP_SIGNED, "GW_STEP_SIGNED", "signed" },
  { GW_STEP_IN_PROGRESS, "GW_STEP_IN_PROGRESS", "in_progress" },
  { GW_STEP_RETURNED, "GW_STEP_RETURNED", "returned" },
  { GW_STEP_EXTENDED, "GW_STEP_EXTENDED", "extended" },
  { GW_STEP_RESOLVED, "GW_STEP_RESOLVED", "resolved" },
  { GW_STEP_REVIEWED, "GW_STEP_REVIEWED", "reviewed" },
  { GW_STEP_CLOSED, "GW_STEP_CLOSED", "closed" },
  { 0, NULL, NULL }
};

static const GEnumValue priority_values[] = {
  { GW_PRIORITY_NORMAL, "GW_PRIORITY_NORMAL", "normal" },
  { GW_PRIORITY_URGENT, "GW_PRIORITY_URGENT", "urgent" },
  { GW_PRIORITY_MAJOR, "GW_PRIORITY_MAJOR", "major" },
  { 0, NULL, NULL }
};

static const GEnumValue channel_values[] = {
  { GW_CHANNEL_GRID_APP, "GW_CHANNEL_GRID_APP", "grid_app" },
  { GW_CHANNEL_HOTLINE_12345, "GW_CHANNEL_HOTLINE_12345", "hotline_12345" },
  { GW_CHANNEL_POLICE_110, "GW_CHANNEL_POLICE_110", "police_110" },
  { GW_CHANNEL_CITY_MANAGEMENT, "GW_CHANNEL_CITY_MANAGEMENT", "city_management" },
  { GW_CHANNEL_VIDEO, "GW_CHANNEL_VIDEO", "video" },
  { GW_CHANNEL_WALK_IN, "GW_CHANNEL_WALK_IN", "walk_in" },
  { 0, NULL, NULL }
};

static const GEnumValue category_values[] = {
  { GW_CATEGORY_DISPUTE, "GW_CATEGORY_DISPUTE", "dispute" },
  { GW_CATEGORY_SAFETY, "GW_CATEGORY_SAFETY", "safety" },
  { GW_CATEGORY_URBAN, "GW_CATEGORY_URBAN", "urban" },
  { GW_CATEGORY_ENVIRONMENT, "GW_CATEGORY_ENVIRONMENT", "environment" },
  { GW_CATEGORY_LIVELIHOOD, "GW_CATEGORY_LIVELIHOOD", "livelihood" },
  { GW_CATEGORY_PUBLIC_ORDER, "GW_CATEGORY_PUBLIC_ORDER", "public_order" },
  { GW_CATEGORY_OTHER, "GW_CATEGORY_OTHER", "other" },
  { 0, NULL, NULL }
};

/* GW_LEVEL_NONE is null on the wire: it has a nick for GType's sake only. */
static const GEnumValue level_values[] = {
  { GW_LEVEL_NONE, "GW_LEVEL_NONE", "none" },
  { GW_LEVEL_VILLAGE, "GW_LEVEL_VILLAGE", "village" },
  { GW_LEVEL_TOWN, "GW_LEVEL_TOWN", "town" },
  { GW_LEVEL_COUNTY, "GW_LEVEL_COUNTY", "county" },
  { GW_LEVEL_CITY, "GW_LEVEL_CITY", "city" },
  { 0, NULL, NULL }
};

static const GEnumValue mode_values[] = {
  { GW_MODE_NORMAL, "GW_MODE_NORMAL", "normal" },
  { GW_MODE_EMERGENCY, "GW_MODE_EMERGENCY", "emergency" },
  { 0, NULL, NULL }
};

/* The last segment of a command's path. */
static const GEnumValue action_values[] = {
  { GW_ACTION_ASSIGN, "GW_ACTION_ASSIGN", "assign" },
  { GW_ACTION_REASSIGN, "GW_ACTION_REASSIGN", "reassign" },
  { GW_ACTION_ACCEPT_RETURN, "GW_ACTION_ACCEPT_RETURN", "accept-return" },
  { GW_ACTION_APPROVE_EXTENSION, "GW_ACTION_APPROVE_EXTENSION", "approve-extension" },
  { GW_ACTION_REFUSE_EXTENSION, "GW_ACTION_REFUSE_EXTENSION", "refuse-extension" },
  { GW_ACTION_SUPERVISE, "GW_ACTION_SUPERVISE", "supervise" },
  { GW_ACTION_ESCALATE, "GW_ACTION_ESCALATE", "escalate" },
  { GW_ACTION_CLOSE, "GW_ACTION_CLOSE", "close" },
  { GW_ACTION_MERGE, "GW_ACTION_MERGE", "merge" },
  { 0, NULL, NULL }
};

/* Also the outbox's column values. */
static const GEnumValue command_state_values[] = {
  { GW_COMMAND_QUEUED, "GW_COMMAND_QUEUED", "queued" },
  { GW_COMMAND_SENDING, "GW_COMMAND_SENDING", "sending" },
  { GW_COMMAND_APPLIED, "GW_COMMAND_APPLIED", "applied" },
  { GW_COMMAND_CONFLICT, "GW_COMMAND_CONFLICT", "conflict" },
  { GW_COMMAND_STALE, "GW_COMMAND_STALE", "stale" },
  { GW_COMMAND_REJECTED, "GW_COMMAND_REJECTED", "rejected" },
  { 0, NULL, NULL }
};

#define GW_DEFINE_ENUM_TYPE(func, Name, values)                         \
  GType                                                                 \
  func (void)                                                           \
  {                                                                     \
    static gsize type_id = 0;                                           \
    if (g_once_init_enter (&type_id))                                   \
      g_once_init_leave (&type_id,                                      \
                         g_enum_register_static (g_intern_static_string (Name), \
                                                 values));              \
    return type_id;                                                     \
  }

GW_DEFINE_ENUM_TYPE (gw_step_get_type, "GwStep", step_values)
GW_DEFINE_ENUM_TYPE (gw_priority_get_type, "GwPriority", priority_values)
GW_DEFINE_ENUM_TYPE (gw_channel_get_type, "GwChannel", channel_values)
GW_DEFINE_ENUM_TYPE (gw_category_get_type, "GwCategory", category_values)
GW_DEFINE_ENUM_TYPE (gw_level_get_type, "GwLevel", level_values)
GW_DEFINE_ENUM_TYPE (gw_mode_get_type, "GwMode", mode_values)
GW_DEFINE_ENUM_TYPE (gw_action_get_type, "GwAction", action_values)
GW_DEFINE_ENUM_TYPE (gw_command_state_get_type, "GwCommandState", command_state_values)

static const char *
nick_of (const GEnumValue *values,
         int               n_values,
         int               value)
{
  if (value < 0 || value >= n_values)
    return NULL;
  return values[value].value_nick;
}

static gboolean
value_of (const GEnumValue *values,
          int               first,
          const char       *name,
          int              *out)
{
  if (name == NULL)
    return FALSE;

  for (int i = first; values[i].value_nick != NULL; i++)
    {
      if (strcmp (values[i].value_nick, name) == 0)
        {
          *out = values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

#define GW_DEFINE_WIRE_NAMES(prefix, Type, values, n_values, first)     \
  const char *                                                          \
  prefix##_to_string (Type value)                                       \
  {                                                                     \
    return nick_of (values, n_values, (int) value);                     \
  }                                                                     \
                                                                        \
  gboolean                                                              \
  prefix##_from_string (const char *name,                               \
                        Type       *out)                                \
  {                                                                     \
    int value;                                                          \
    if (!value_of (values, first, name, &value))                        \
      return FALSE;                                                     \
    if (out != NULL)                                                    \
      *out = (Type) value;                                              \
    return TRUE;                                                        \
  }

GW_DEFINE_WIRE_NAMES (gw_step, GwStep, step_values, GW_N_STEPS, 0)
GW_DEFINE_WIRE_NAMES (gw_priority, GwPriority, priority_values, GW_N_PRIORITIES, 0)
GW_DEFINE_WIRE_NAMES (gw_channel, GwChannel, channel_values, GW_N_CHANNELS, 0)
GW_DEFINE_WIRE_NAMES (gw_category, GwCategory, category_values, GW_N_CATEGORIES, 0)
GW_DEFINE_WIRE_NAMES (gw_mode, GwMode, mode_values, 2, 0)
GW_DEFINE_WIRE_NAMES (gw_action, GwAction, action_values, GW_N_ACTIONS, 0)
GW_DEFINE_WIRE_NAMES (gw_command_state, GwCommandState, command_state_values,
                      GW_COMMAND_REJECTED + 1, 0)

const char *
gw_action_get_label (GwAction action)
{
  switch (action)
    {
    case GW_ACTION_ASSIGN: return _("Assign");
    case GW_ACTION_REASSIGN: return _("Reassign");
    case GW_ACTION_ACCEPT_RETURN: return _("Accept the return");
    case GW_ACTION_APPROVE_EXTENSION: return _("Approve the extension");
    case GW_ACTION_REFUSE_EXTENSION: return _("Refuse the extension");
    case GW_ACTION_SUPERVISE: return _("Supervise");
    case GW_ACTION_ESCALATE: return _("Escalate");
    case GW_ACTION_CLOSE: return _("Close");
    case GW_ACTION_MERGE: return _("Merge");
    case GW_N_ACTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
gw_command_state_is_final (GwCommandState state)
{
  return state != GW_COMMAND_QUEUED && state != GW_COMMAND_SENDING;
}

/* "none" is not a wire name: a case with no level has null. */
const char *
gw_level_to_string (GwLevel level)
{
  if (level == GW_LEVEL_NONE)
    return NULL;
  return nick_of (level_values, GW_N_LEVELS, (int) level);
}

gboolean
gw_level_from_string (const char *name,
                      GwLevel    *out)
{
  int value;

  if (!value_of (level_values, GW_LEVEL_VILLAGE, name, &value))
    return FALSE;
  if (out != NULL)
    *out = (GwLevel) value;
  return TRUE;
}

const char *
gw_step_get_label (GwStep step)
{
  switch (step)
    {
    case GW_STEP_REPORTED: return _("Reported");
    case GW_STEP_ACCEPTED: return _("Accepted");
    case GW_STEP_ASSIGNED: return _("Assigned");
    case GW_STEP_SIGNED: return _("Signed for");
    case GW_STEP_IN_PROGRESS: return _("In progress");
    case GW_STEP_RETURNED: return _("Returned");
    case GW_STEP_EXTENDED: return _("Extended");
    case GW_STEP_RESOLVED: return _("Resolved");
    case GW_STEP_REVIEWED: return _("Reviewed");
    case GW_STEP_CLOSED: return _("Closed");
    case GW_N_STEPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
gw_priority_get_label (GwPriority priority)
{
  switch (priority)
    {
    case GW_PRIORITY_NORMAL: return _("Normal");
    case GW_PRIORITY_URGENT: return _("Urgent");
    case GW_PRIORITY_MAJOR: return _("Major");
    case GW_N_PRIORITIES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
gw_channel_get_label (GwChannel channel)
{
  switch (channel)
    {
    case GW_CHANNEL_GRID_APP: return _("Grid worker");
    case GW_CHANNEL_HOTLINE_12345: return _("12345 hotline");
    case GW_CHANNEL_POLICE_110: return _("110 police");
    case GW_CHANNEL_CITY_MANAGEMENT: return _("Digital city management");
    case GW_CHANNEL_VIDEO: return _("Video");
    case GW_CHANNEL_WALK_IN: return _("Walk-in");
    case GW_N_CHANNELS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
gw_category_get_label (GwCategory category)
{
  switch (category)
    {
    case GW_CATEGORY_DISPUTE: return _("Disputes");
    case GW_CATEGORY_SAFETY: return _("Safety hazards");
    case GW_CATEGORY_URBAN: return _("Urban management");
    case GW_CATEGORY_ENVIRONMENT: return _("Environment");
    case GW_CATEGORY_LIVELIHOOD: return _("Livelihood");
    case GW_CATEGORY_PUBLIC_ORDER: return _("Public order");
    case GW_CATEGORY_OTHER: return _("Other");
    case GW_N_CATEGORIES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
gw_level_get_label (GwLevel level)
{
  switch (level)
    {
    case GW_LEVEL_NONE: return _("Not resolved");
    case GW_LEVEL_VILLAGE: return _("Village");
    case GW_LEVEL_TOWN: return _("Town");
    case GW_LEVEL_COUNTY: return _("County");
    case GW_LEVEL_CITY: return _("City");
    case GW_N_LEVELS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
gw_mode_get_label (GwMode mode)
{
  switch (mode)
    {
    case GW_MODE_NORMAL: return C_("centre mode", "Normal");
    case GW_MODE_EMERGENCY: return C_("centre mode", "Emergency");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
gw_step_is_done (GwStep step)
{
  return step == GW_STEP_RESOLVED || step == GW_STEP_REVIEWED || step == GW_STEP_CLOSED;
}

/* GLib 2.74 reads the local zone again on every g_time_zone_new_local when TZ
 * is unset (its cache compares the zone's name with TZ): about 2 µs, twice
 * per gw_format_time, which a live list calls for each row it binds and the
 * status line for each batch. The zone is taken again after a second, so a
 * change of the system's zone shows within one. */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static gint64 taken;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || now - taken > G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      taken = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return result;
}

char *
gw_format_time (GDateTime *time)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup ("—");
  zone = local_zone ();
  local = g_date_time_to_timezone (time, zone);
  now = g_date_time_new_now (zone);
  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%m-%d %H:%M");
}
