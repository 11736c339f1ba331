/* gw-desk-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-desk-index.h"

struct _GwDeskIndex
{
  GHashTable *loads;      /* department code -> GwDepartmentLoad */
};

GwDeskIndex *
gw_desk_index_new (void)
{
  GwDeskIndex *self = g_new0 (GwDeskIndex, 1);

  self->loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
gw_desk_index_free (GwDeskIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->loads);
  g_free (self);
}

static GwDepartmentLoad *
ensure_load (GwDeskIndex *self,
             const char  *code)
{
  GwDepartmentLoad *load = g_hash_table_lookup (self->loads, code);

  if (load == NULL)
    {
      load = g_new0 (GwDepartmentLoad, 1);
      g_hash_table_insert (self->loads, g_strdup (code), load);
    }
  return load;
}

static void
count_case (GwDeskIndex *self,
            GwCase      *gw_case,
            GDateTime   *now)
{
  const char *agency = gw_case_get_agency (gw_case);
  GwDepartmentLoad *load;

  if (agency == NULL)
    return;
  load = ensure_load (self, agency);
  if (gw_case_is_open (gw_case) && !gw_step_is_done (gw_case_get_step (gw_case)))
    {
      load->open++;
      load->overdue += gw_case_is_overdue (gw_case, now);
    }
  if (gw_case_get_resolved (gw_case) != NULL)
    {
      load->n_handled++;
      load->handled_seconds += g_date_time_difference (gw_case_get_resolved (gw_case),
                                                       gw_case_get_requested (gw_case))
                               / (double) G_TIME_SPAN_SECOND;
    }
}

void
gw_desk_index_rebuild (GwDeskIndex *self,
                       GwCaseStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_hash_table_remove_all (self->loads);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (store), i);

      count_case (self, gw_case, now);
    }
}

const GwDepartmentLoad *
gw_desk_index_get_load (GwDeskIndex *self,
                        const char  *code)
{
  static const GwDepartmentLoad empty = { 0 };
  const GwDepartmentLoad *load = code ? g_hash_table_lookup (self->loads, code) : NULL;

  return load ? load : &empty;
}
