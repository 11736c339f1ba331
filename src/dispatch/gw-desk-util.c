/* gw-desk-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-desk-util.h"

char *
gw_desk_format_duration (GTimeSpan span)
{
  gint64 seconds = ABS (span) / G_TIME_SPAN_SECOND;
  gint64 minutes = seconds / 60, hours = minutes / 60, days = hours / 24;

  if (seconds < 60)
    /* Translators: a short duration in seconds */
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (minutes < 60)
    /* Translators: a short duration in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (hours < 24)
    /* Translators: a duration in hours and minutes, e.g. "3 h 05 min" */
    return g_strdup_printf (_("%d h %02d min"), (int) hours, (int) (minutes % 60));
  /* Translators: a duration in days and hours, e.g. "2 d 4 h" */
  return g_strdup_printf (_("%d d %d h"), (int) days, (int) (hours % 24));
}

const char *
gw_desk_kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "police", N_("Police") },
    { "urban_management", N_("Urban management") },
    { "civil_affairs", N_("Civil affairs") },
    { "fire", N_("Fire and rescue") },
    { "market_supervision", N_("Market supervision") },
    { "emergency_management", N_("Emergency management") },
    { "environment", N_("Ecology and environment") },
    { "housing", N_("Housing and construction") },
    { "water", N_("Water") },
    { "transport", N_("Transport") },
    { "health", N_("Health") },
    { "human_resources", N_("Human resources") },
    { "justice", N_("Justice") },
    { "street_office", N_("Street office") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].kind, kind) == 0)
      return _(labels[i].label);
  return kind ? kind : "";
}

gboolean
gw_desk_case_is_waiting (GwCase *gw_case)
{
  GwStep step = gw_case_get_step (gw_case);

  return gw_case_is_open (gw_case)
         && (step == GW_STEP_REPORTED || step == GW_STEP_ACCEPTED || step == GW_STEP_RETURNED);
}

GTimeSpan
gw_desk_case_waiting (GwCase *gw_case,
                      gint64  now_us)
{
  GDateTime *requested = gw_case_get_requested (gw_case);

  return now_us - (g_date_time_to_unix (requested) * G_USEC_PER_SEC
                   + g_date_time_get_microsecond (requested));
}

char *
gw_desk_dup_needle (GtkEditable *entry)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  return *stripped != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
}

gboolean
gw_desk_department_matches (GwDepartment *department,
                            const char   *needle)
{
  g_autofree char *name = g_utf8_casefold (gw_department_get_name (department), -1);
  const char *kind_label = gw_desk_kind_label (gw_department_get_kind (department));
  g_autofree char *kind = g_utf8_casefold (kind_label, -1);

  return strstr (name, needle) || strstr (kind, needle)
         || strstr (gw_department_get_code (department), needle);
}

void
gw_desk_set_class_variant (GtkWidget  *widget,
                           const char *prefix,
                           const char *suffix)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  g_autofree char *wanted = suffix ? g_strconcat (prefix, suffix, NULL) : NULL;

  for (guint i = 0; classes[i] != NULL; i++)
    if (g_str_has_prefix (classes[i], prefix) && g_strcmp0 (classes[i], wanted) != 0)
      gtk_widget_remove_css_class (widget, classes[i]);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
}

/**
 * gw_suggestion_new:
 * @department: the department
 * @reason: (transfer full): why
 * @lit: whether the board lights it
 */
GwSuggestion *
gw_suggestion_new (GwDepartment *department,
                   char         *reason,
                   gboolean      lit)
{
  GwSuggestion *suggestion = g_new0 (GwSuggestion, 1);

  suggestion->department = g_object_ref (department);
  suggestion->reason = reason;
  suggestion->lit = lit;
  return suggestion;
}

void
gw_suggestion_free (GwSuggestion *suggestion)
{
  g_clear_object (&suggestion->department);
  g_free (suggestion->reason);
  g_free (suggestion);
}
