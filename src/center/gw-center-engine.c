/* gw-center-engine.c: the centre's state, owned by the centre's thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-engine.h"
#include "gw-center-feed.h"
#include "gw-center-sim.h"
#include "gw-center-util.h"

#include <string.h>

#define SNAPSHOT_CLOSED_DAYS 30

static void
add_loaded_case (GwCenterCase *kase,
                 gpointer      user_data)
{
  GwCenterEngine *self = user_data;

  g_hash_table_replace (self->cases, kase->id, kase);
  g_ptr_array_add (self->case_order, kase);
}

static gboolean
store_departments (GwCenterEngine  *self,
                   GError         **error)
{
  if (!gw_center_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < self->catalog->departments->len; i++)
    {
      const GwCenterDepartment *department = g_ptr_array_index (self->catalog->departments, i);
      g_autoptr(GString) json = g_string_new (NULL);

      gw_center_department_to_json (department, json);
      if (!gw_center_store_put_department (self->store, department->code, json->str, error))
        {
          gw_center_store_rollback (self->store);
          return FALSE;
        }
    }
  return gw_center_store_commit (self->store, error);
}

GwCenterEngine *
gw_center_engine_new (const GwCenterOptions  *options,
                      GwCenterCatalog        *catalog,
                      GError                **error)
{
  GwCenterEngine *self = g_new0 (GwCenterEngine, 1);

  self->options = *options;
  self->catalog = catalog;
  self->cases = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) gw_center_case_free);
  self->case_order = g_ptr_array_new ();
  self->store = gw_center_store_open (options->db_path, error);
  if (self->store == NULL ||
      !store_departments (self, error) ||
      !gw_center_store_load_cases (self->store, add_loaded_case, self, error))
    {
      gw_center_engine_free (self);
      return NULL;
    }
  self->sequence = gw_center_store_get_meta_uint (self->store, "sequence", 0);
  self->case_serial = gw_center_store_get_meta_uint (self->store, "case_serial", 0);
  self->mode = gw_center_store_get_meta (self->store, "mode");
  if (self->mode == NULL)
    self->mode = g_strdup ("normal");
  self->mode_reason = gw_center_store_get_meta (self->store, "mode_reason");
  self->mode_case = gw_center_store_get_meta (self->store, "mode_case");
  return self;
}

void
gw_center_engine_free (GwCenterEngine *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->case_order, g_ptr_array_unref);
  g_clear_pointer (&self->cases, g_hash_table_unref);
  g_clear_pointer (&self->store, gw_center_store_free);
  g_free (self->mode);
  g_free (self->mode_reason);
  g_free (self->mode_case);
  g_free (self);
}

gint64
gw_center_engine_now (void)
{
  return g_get_real_time ();
}

GwCenterCase *
gw_center_engine_lookup (GwCenterEngine *self,
                         const char     *id)
{
  return id ? g_hash_table_lookup (self->cases, id) : NULL;
}

char *
gw_center_engine_next_case_id (GwCenterEngine *self,
                               gint64          time)
{
  g_autofree char *date = gw_time_format (time);
  char *id;

  /* gw_time_format gives YYYY-MM-DD...: keep the digits of the date. */
  self->case_serial++;
  id = g_strdup_printf ("%s%.4s%.2s%.2s-%06" G_GUINT64_FORMAT, self->catalog->case_id_prefix,
                        date, date + 5, date + 8, self->case_serial);
  return id;
}

gboolean
gw_center_step_conflicts (const char *step)
{
  static const char * const steps[] = {
    "assigned", "reassigned", "signed", "returned", "return_accepted", "extension_approved",
    "extension_refused", "supervised", "escalated", "resolved", "reviewed", "closed", "merged",
    NULL,
  };

  return g_strv_contains (steps, step);
}

static void
append_envelope_start (GwCenterEngine *self,
                       GString        *out,
                       guint64         sequence,
                       const char     *type,
                       gint64          time)
{
  g_autofree char *id = g_strdup_printf ("%s-%" G_GUINT64_FORMAT,
                                         self->catalog->center_code, sequence);
  g_autofree char *source = g_strdup_printf ("/centers/%s", self->catalog->center_code);
  g_autofree char *seq = gw_sequence_format (sequence);

  g_string_append (out, "{\"specversion\":\"1.0\"");
  gw_json_append_key (out, "id", FALSE);
  gw_json_append_string (out, id);
  gw_json_append_key (out, "source", FALSE);
  gw_json_append_string (out, source);
  gw_json_append_key (out, "type", FALSE);
  gw_json_append_string (out, type);
  gw_json_append_key (out, "time", FALSE);
  gw_json_append_time (out, time);
  gw_json_append_key (out, "sequence", FALSE);
  gw_json_append_string (out, seq);
  gw_json_append_key (out, "datacontenttype", FALSE);
  gw_json_append_string (out, "application/json");
  gw_json_append_key (out, "data", FALSE);
}

static void
append_actor (GString       *out,
              const GwActor *actor)
{
  g_string_append_c (out, '{');
  gw_json_append_key (out, "id", TRUE);
  gw_json_append_string (out, actor->id);
  gw_json_append_key (out, "name", FALSE);
  gw_json_append_string (out, actor->name);
  g_string_append_c (out, '}');
}

static char *
case_event_json (GwCenterEngine *self,
                 guint64         sequence,
                 const char     *type,
                 const char     *case_json,
                 const GwActor  *actor,
                 const char     *note,
                 const char     *department,
                 gint64          time)
{
  GString *out = g_string_sized_new (strlen (case_json) + 512);

  append_envelope_start (self, out, sequence, type, time);
  g_string_append (out, "{\"case\":");
  g_string_append (out, case_json);
  gw_json_append_key (out, "actor", FALSE);
  append_actor (out, actor);
  gw_json_append_key (out, "note", FALSE);
  gw_json_append_string (out, note);
  gw_json_append_key (out, "department", FALSE);
  gw_json_append_string (out, department);
  g_string_append (out, "}}");
  return g_string_free (out, FALSE);
}

static gboolean
write_event (GwCenterEngine  *self,
             guint64          sequence,
             const char      *type,
             gint64           time,
             const char      *case_id,
             const char      *json,
             GError         **error)
{
  g_autofree char *time_text = gw_time_format (time);
  g_autofree char *seq_text = g_strdup_printf ("%" G_GUINT64_FORMAT, sequence);
  guint64 history = self->options.history;

  if (!gw_center_store_append_event (self->store, sequence, type, time_text, case_id, json,
                                     error) ||
      !gw_center_store_set_meta (self->store, "sequence", seq_text, error))
    return FALSE;
  if (history > 0 && sequence > history &&
      !gw_center_store_prune (self->store, sequence - history, error))
    return FALSE;
  return TRUE;
}

static void
note_conflict (GwCenterCase  *next,
               const char    *step,
               const GwActor *actor,
               const char    *department)
{
  if (!gw_center_step_conflicts (step))
    return;
  next->conflict_version = next->version;
  next->conflict_action = g_intern_string (step);
  g_free (next->conflict_by_id);
  next->conflict_by_id = g_strdup (actor->id);
  g_free (next->conflict_by_name);
  next->conflict_by_name = g_strdup (actor->name);
  next->conflict_department = department ? g_intern_string (department) : next->agency;
  next->conflict_at = next->updated;
}

/* Writes the case and its event; the caller holds a transaction. */
static gboolean
write_change (GwCenterEngine       *self,
              GwCenterCase         *next,
              const char           *step,
              const GwActor        *actor,
              const char           *note,
              const char           *department,
              const GwIdempotency  *idempotency,
              char                **answer,
              GError              **error)
{
  GwCenterCase *old = gw_center_engine_lookup (self, next->id);
  g_autofree char *case_json = NULL;
  g_autofree char *event = NULL;
  g_autofree char *type = g_strconcat ("cn.gridwall.case.", step, NULL);
  guint64 sequence = self->sequence + 1;
  g_autofree char *serial = NULL;

  next->version = old ? old->version + 1 : 1;
  if (next->updated == 0)
    next->updated = gw_center_engine_now ();
  note_conflict (next, step, actor, department);
  case_json = gw_center_case_to_string (next);
  event = case_event_json (self, sequence, type, case_json, actor, note, department,
                           next->updated);
  serial = g_strdup_printf ("%" G_GUINT64_FORMAT, self->case_serial);
  if (!gw_center_store_put_case (self->store, next, case_json, error) ||
      !write_event (self, sequence, type, next->updated, next->id, event, error) ||
      !gw_center_store_set_meta (self->store, "case_serial", serial, error))
    return FALSE;

  if (idempotency != NULL)
    {
      g_autofree char *seq_text = gw_sequence_format (sequence);
      GString *body = g_string_new ("{\"case\":");

      g_string_append (body, case_json);
      gw_json_append_key (body, "sequence", FALSE);
      gw_json_append_string (body, seq_text);
      g_string_append_c (body, '}');
      *answer = g_string_free (body, FALSE);
      if (!gw_center_store_put_key (self->store, idempotency->user, idempotency->key,
                                    idempotency->request_hash, 200, *answer,
                                    gw_center_engine_now (), error))
        {
          g_clear_pointer (answer, g_free);
          return FALSE;
        }
    }
  return TRUE;
}

/* After the commit: the new state becomes the centre's. */
static void
publish_change (GwCenterEngine *self,
                GwCenterCase   *next)
{
  GwCenterCase *old = gw_center_engine_lookup (self, next->id);

  self->sequence++;
  if (old != NULL)
    {
      guint index;

      if (g_ptr_array_find (self->case_order, old, &index))
        self->case_order->pdata[index] = next;
    }
  else
    g_ptr_array_add (self->case_order, next);
  g_hash_table_replace (self->cases, next->id, next);
  if (self->sim != NULL)
    gw_center_sim_schedule (self->sim, next);
  if (self->feed != NULL)
    gw_center_feed_wake (self->feed);
}

gboolean
gw_center_engine_commit (GwCenterEngine       *self,
                         GwCenterCase         *next,
                         const char           *step,
                         const GwActor        *actor,
                         const char           *note,
                         const char           *department,
                         const GwIdempotency  *idempotency,
                         guint64              *sequence,
                         char                **answer,
                         GError              **error)
{
  g_autofree char *local_answer = NULL;

  if (!gw_center_store_begin (self->store, error))
    goto failed;
  if (!write_change (self, next, step, actor, note, department, idempotency,
                     &local_answer, error) ||
      !gw_center_store_commit (self->store, error))
    {
      gw_center_store_rollback (self->store);
      goto failed;
    }
  publish_change (self, next);
  if (sequence)
    *sequence = self->sequence;
  if (answer)
    *answer = g_steal_pointer (&local_answer);
  return TRUE;

failed:
  g_warning ("case %s not changed (%s): %s", next->id, step,
             error && *error ? (*error)->message : "database error");
  gw_center_case_free (next);
  return FALSE;
}

gboolean
gw_center_engine_begin (GwCenterEngine  *self,
                        GError         **error)
{
  return gw_center_store_begin (self->store, error);
}

gboolean
gw_center_engine_commit_in_transaction (GwCenterEngine  *self,
                                        GwCenterCase    *next,
                                        const char      *step,
                                        const GwActor   *actor,
                                        const char      *note,
                                        const char      *department,
                                        GError         **error)
{
  if (!write_change (self, next, step, actor, note, department, NULL, NULL, error))
    {
      gw_center_case_free (next);
      return FALSE;
    }
  publish_change (self, next);
  return TRUE;
}

gboolean
gw_center_engine_end (GwCenterEngine  *self,
                      GError         **error)
{
  if (!gw_center_store_commit (self->store, error))
    {
      gw_center_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

static void
append_mode (GString    *out,
             const char *mode,
             const char *reason,
             const char *case_id)
{
  g_string_append_c (out, '{');
  gw_json_append_key (out, "mode", TRUE);
  gw_json_append_string (out, mode);
  gw_json_append_key (out, "reason", FALSE);
  gw_json_append_string (out, reason);
  gw_json_append_key (out, "case", FALSE);
  gw_json_append_string (out, case_id);
  g_string_append_c (out, '}');
}

/* Stores an event that changes no case (and the meta key, value pairs of
 * @meta, NULL-terminated) in one transaction, then sends it. */
static gboolean
commit_other_event (GwCenterEngine      *self,
                    const char          *type,
                    gint64               time,
                    const char          *case_id,
                    const char          *json,
                    const char * const  *meta,
                    GError             **error)
{
  guint64 seq = self->sequence + 1;
  gboolean ok;

  if (!gw_center_store_begin (self->store, error))
    return FALSE;
  ok = write_event (self, seq, type, time, case_id, json, error);
  for (guint i = 0; ok && meta != NULL && meta[i] != NULL; i += 2)
    ok = gw_center_store_set_meta (self->store, meta[i], meta[i + 1], error);
  if (!ok || !gw_center_store_commit (self->store, error))
    {
      gw_center_store_rollback (self->store);
      return FALSE;
    }
  self->sequence = seq;
  if (self->feed != NULL)
    gw_center_feed_wake (self->feed);
  return TRUE;
}

gboolean
gw_center_engine_set_mode (GwCenterEngine  *self,
                           const char      *mode,
                           const char      *reason,
                           const char      *case_id,
                           guint64         *sequence,
                           GError         **error)
{
  const char *type = "cn.gridwall.center.mode";
  gint64 now = gw_center_engine_now ();
  g_autoptr(GString) event = g_string_new (NULL);
  const char *meta[] = { "mode", mode, "mode_reason", reason ? reason : "",
                         "mode_case", case_id ? case_id : "", NULL };

  append_envelope_start (self, event, self->sequence + 1, type, now);
  append_mode (event, mode, reason, case_id);
  g_string_append_c (event, '}');
  if (!commit_other_event (self, type, now, case_id, event->str, meta, error))
    return FALSE;
  g_free (self->mode);
  self->mode = g_strdup (mode);
  g_free (self->mode_reason);
  self->mode_reason = g_strdup (reason);
  g_free (self->mode_case);
  self->mode_case = g_strdup (case_id);
  if (sequence)
    *sequence = self->sequence;
  return TRUE;
}

gboolean
gw_center_engine_relay (GwCenterEngine  *self,
                        const char      *type,
                        const char      *kind,
                        const char      *code,
                        const GwActor   *actor,
                        guint64         *sequence,
                        GError         **error)
{
  gint64 now = gw_center_engine_now ();
  g_autoptr(GString) event = g_string_new (NULL);

  append_envelope_start (self, event, self->sequence + 1, type, now);
  g_string_append_c (event, '{');
  gw_json_append_key (event, "kind", TRUE);
  gw_json_append_string (event, kind);
  gw_json_append_key (event, "code", FALSE);
  gw_json_append_string (event, code);
  gw_json_append_key (event, "actor", FALSE);
  append_actor (event, actor);
  g_string_append (event, "}}");
  if (!commit_other_event (self, type, now, NULL, event->str, NULL, error))
    return FALSE;
  *sequence = self->sequence;
  return TRUE;
}

static const char *
nonempty (const char *text)
{
  return text && *text ? text : NULL;
}

char *
gw_center_engine_snapshot (GwCenterEngine *self,
                           gsize          *length)
{
  gint64 now = gw_center_engine_now ();
  gint64 horizon = now - (gint64) SNAPSHOT_CLOSED_DAYS * 24 * 3600 * G_USEC_PER_SEC;
  g_autofree char *seq = gw_sequence_format (self->sequence);
  GString *out = g_string_sized_new (1024 + self->case_order->len * 900);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  gw_json_append_key (out, "sequence", TRUE);
  gw_json_append_string (out, seq);
  gw_json_append_key (out, "generated", FALSE);
  gw_json_append_time (out, now);
  gw_json_append_key (out, "mode", FALSE);
  append_mode (out, self->mode, nonempty (self->mode_reason), nonempty (self->mode_case));
  gw_json_append_key (out, "departments", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->catalog->departments->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      gw_center_department_to_json (g_ptr_array_index (self->catalog->departments, i), out);
    }
  g_string_append (out, "],\"case_types\":[");
  for (guint i = 0; i < self->catalog->case_types->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      gw_center_case_type_to_json (g_ptr_array_index (self->catalog->case_types, i), out);
    }
  g_string_append (out, "],\"cases\":[");
  for (guint i = 0; i < self->case_order->len; i++)
    {
      const GwCenterCase *kase = g_ptr_array_index (self->case_order, i);

      if (!gw_center_case_is_open (kase) && kase->closed < horizon)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      gw_center_case_to_json (kase, out);
    }
  g_string_append (out, "]}");
  *length = out->len;
  return g_string_free (out, FALSE);
}
