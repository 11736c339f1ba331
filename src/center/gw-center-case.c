/* gw-center-case.c: a case as the centre holds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-case.h"
#include "gw-center-util.h"

#include <string.h>

static const char *no_codes[] = { NULL };

GwCenterCase *
gw_center_case_new (void)
{
  GwCenterCase *self = g_new0 (GwCenterCase, 1);

  self->co_agencies = g_new0 (const char *, 1);
  self->status_detail = g_intern_static_string ("reported");
  self->priority = g_intern_static_string ("normal");
  self->channel = g_intern_static_string ("grid_app");
  self->category = g_intern_static_string ("other");
  self->version = 1;
  return self;
}

void
gw_center_case_free (GwCenterCase *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->description);
  g_free (self->co_agencies);
  g_free (self->address);
  g_free (self->media_url);
  g_free (self->conflict_by_id);
  g_free (self->conflict_by_name);
  g_free (self->merged_into);
  g_free (self);
}

GwCenterCase *
gw_center_case_copy (const GwCenterCase *self)
{
  GwCenterCase *copy = g_memdup2 (self, sizeof *self);

  copy->id = g_strdup (self->id);
  copy->description = g_strdup (self->description);
  copy->co_agencies = NULL;
  gw_center_case_set_co_agencies (copy, self->co_agencies);
  copy->address = g_strdup (self->address);
  copy->media_url = g_strdup (self->media_url);
  copy->conflict_by_id = g_strdup (self->conflict_by_id);
  copy->conflict_by_name = g_strdup (self->conflict_by_name);
  copy->merged_into = g_strdup (self->merged_into);
  return copy;
}

void
gw_center_case_set_co_agencies (GwCenterCase       *self,
                                const char * const *codes)
{
  guint n = codes ? g_strv_length ((char **) codes) : 0;

  g_free (self->co_agencies);
  self->co_agencies = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->co_agencies[i] = g_intern_string (codes[i]);
}

gboolean
gw_center_case_is_open (const GwCenterCase *self)
{
  return strcmp (self->status_detail, "closed") != 0;
}

static void
append_string_field (GString    *out,
                     const char *name,
                     const char *value)
{
  gw_json_append_key (out, name, FALSE);
  gw_json_append_string (out, value);
}

static void
append_time_field (GString    *out,
                   const char *name,
                   gint64      value)
{
  gw_json_append_key (out, name, FALSE);
  gw_json_append_time (out, value);
}

void
gw_center_case_to_json (const GwCenterCase *self,
                        GString            *out)
{
  const char * const *co = self->co_agencies ? self->co_agencies : no_codes;

  g_string_append_c (out, '{');
  gw_json_append_key (out, "service_request_id", TRUE);
  gw_json_append_string (out, self->id);
  append_string_field (out, "service_code", self->service_code);
  append_string_field (out, "service_name", self->service_name);
  append_string_field (out, "category", self->category);
  append_string_field (out, "description", self->description ? self->description : "");
  append_string_field (out, "status", gw_center_case_is_open (self) ? "open" : "closed");
  append_string_field (out, "status_detail", self->status_detail);
  append_string_field (out, "agency_responsible", self->agency);
  gw_json_append_key (out, "co_agencies", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; co[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      gw_json_append_string (out, co[i]);
    }
  g_string_append_c (out, ']');
  append_time_field (out, "requested_datetime", self->requested);
  append_time_field (out, "updated_datetime", self->updated);
  append_time_field (out, "expected_datetime", self->expected);
  append_time_field (out, "resolved_datetime", self->resolved);
  append_time_field (out, "closed_datetime", self->closed);
  gw_json_append_key (out, "lat", FALSE);
  gw_json_append_double (out, self->lat);
  gw_json_append_key (out, "long", FALSE);
  gw_json_append_double (out, self->lon);
  append_string_field (out, "address", self->address ? self->address : "");
  append_string_field (out, "media_url", self->media_url);
  append_string_field (out, "priority", self->priority);
  append_string_field (out, "channel", self->channel);
  append_string_field (out, "grid_code", self->grid_code);
  append_string_field (out, "resolved_level", self->resolved_level);
  gw_json_append_key (out, "satisfaction", FALSE);
  if (self->satisfaction > 0)
    g_string_append_printf (out, "%d", self->satisfaction);
  else
    g_string_append (out, "null");
  gw_json_append_key (out, "supervised", FALSE);
  g_string_append (out, self->supervised ? "true" : "false");
  gw_json_append_key (out, "version", FALSE);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, self->version);
  append_time_field (out, "extension_deadline", self->extension_deadline);
  append_string_field (out, "merged_into", self->merged_into);
  g_string_append_c (out, '}');
}

char *
gw_center_case_to_string (const GwCenterCase *self)
{
  GString *out = g_string_sized_new (1024);

  gw_center_case_to_json (self, out);
  return g_string_free (out, FALSE);
}
