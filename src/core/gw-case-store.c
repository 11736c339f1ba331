/* gw-case-store.c: the live model of a centre: cases, departments, mode, sequence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Logging: an event the store refuses (a gap, or one that contradicts the
 * model) and every event reported through gw_case_store_count_rejected is
 * logged with g_message, which is shown by default, says which event and why,
 * and is not fatal under GTest (g_warning is, with G_DEBUG=fatal-warnings).
 * Duplicates and stale versions are normal on reconnects: g_debug only.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-private.h"
#include "gw-case-store.h"
#include "gw-department-private.h"

struct _GwCaseStore
{
  GObject     parent_instance;

  GPtrArray  *cases;        /* GwCase, arrival order; the first n_visible are announced */
  guint       n_visible;
  GHashTable *positions;    /* id (owned by the case) -> position + 1 */
  GListStore *departments;
  GHashTable *department_positions;  /* code -> GwDepartment (borrowed) */
  GListStore *case_types;
  GHashTable *case_types_by_code;    /* service_code -> GwCaseType (borrowed) */

  guint64     sequence;
  GwMode      mode;
  char       *mode_reason;
  char       *mode_case;

  guint64     n_applied;
  guint64     n_duplicates;
  guint64     n_rejected;
  guint64     n_pruned;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwCaseStore, gw_case_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (gw-model-error-quark, gw_model_error)

enum {
  PROP_0,
  PROP_SEQUENCE,
  PROP_MODE,
  PROP_MODE_REASON,
  PROP_MODE_CASE,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  CHANGED,
  ALERT,
  WALL_SHOW,
  ALARM_ACKNOWLEDGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What a batch did, announced once at its end. */
typedef struct
{
  GArray    *changed;      /* guint positions below n_visible, possibly repeated */
  GPtrArray *alerts;       /* GwEvent: alerts and wall.show, in order */
  gboolean   mode_changed;
  gboolean   any;          /* the sequence moved or something changed */
} Batch;

static GType
gw_case_store_get_item_type (GListModel *model)
{
  return GW_TYPE_CASE;
}

static guint
gw_case_store_get_n_items (GListModel *model)
{
  return GW_CASE_STORE (model)->n_visible;
}

static gpointer
gw_case_store_get_item (GListModel *model,
                        guint       position)
{
  GwCaseStore *self = GW_CASE_STORE (model);

  if (position >= self->n_visible)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->cases, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gw_case_store_get_item_type;
  iface->get_n_items = gw_case_store_get_n_items;
  iface->get_item = gw_case_store_get_item;
}

static void
gw_case_store_finalize (GObject *object)
{
  GwCaseStore *self = GW_CASE_STORE (object);

  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->cases, g_ptr_array_unref);
  g_clear_pointer (&self->department_positions, g_hash_table_unref);
  g_clear_object (&self->departments);
  g_clear_pointer (&self->case_types_by_code, g_hash_table_unref);
  g_clear_object (&self->case_types);
  g_free (self->mode_reason);
  g_free (self->mode_case);

  G_OBJECT_CLASS (gw_case_store_parent_class)->finalize (object);
}

static void
gw_case_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwCaseStore *self = GW_CASE_STORE (object);

  switch (prop_id)
    {
    case PROP_SEQUENCE: g_value_set_uint64 (value, self->sequence); break;
    case PROP_MODE: g_value_set_enum (value, self->mode); break;
    case PROP_MODE_REASON: g_value_set_string (value, self->mode_reason); break;
    case PROP_MODE_CASE: g_value_set_string (value, self->mode_case); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->n_visible); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_store_class_init (GwCaseStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = gw_case_store_finalize;
  object_class->get_property = gw_case_store_get_property;

  properties[PROP_SEQUENCE] =
    g_param_spec_uint64 ("sequence", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, GW_TYPE_MODE, GW_MODE_NORMAL, flags);
  properties[PROP_MODE_REASON] = g_param_spec_string ("mode-reason", NULL, NULL, NULL, flags);
  properties[PROP_MODE_CASE] = g_param_spec_string ("mode-case", NULL, NULL, NULL, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwCaseStore::changed:
   *
   * Emitted once after each snapshot load, after each batch that moved the
   * sequence (after every items-changed of that batch), and after a
   * gw_case_store_prune_closed that dropped cases.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * GwCaseStore::alert:
   * @event: a GW_EVENT_ALERT event
   *
   * Emitted for each CAP alert of a batch, in order, before ::changed.
   */
  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                 GW_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * GwCaseStore::wall-show:
   * @event: a GW_EVENT_WALL_SHOW event
   *
   * A dispatcher asked the walls to show a case, grid or area
   * (gw_event_get_wall_kind, gw_event_get_wall_code). Emitted in order with
   * the alerts of a batch, before ::changed.
   */
  signals[WALL_SHOW] = g_signal_new ("wall-show", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                     GW_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * GwCaseStore::alarm-acknowledged:
   * @event: a GW_EVENT_ALARM_ACK event
   *
   * A dispatcher acknowledged the alarm for a case or a CAP alert
   * (gw_event_get_wall_kind, gw_event_get_wall_code): the walls stop showing
   * it. Emitted in order with the alerts of a batch, before ::changed.
   */
  signals[ALARM_ACKNOWLEDGED] = g_signal_new ("alarm-acknowledged", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1,
                                              GW_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
gw_case_store_init (GwCaseStore *self)
{
  self->cases = g_ptr_array_new_with_free_func (g_object_unref);
  self->positions = g_hash_table_new (g_str_hash, g_str_equal);
  self->departments = g_list_store_new (GW_TYPE_DEPARTMENT);
  self->department_positions = g_hash_table_new (g_str_hash, g_str_equal);
  self->case_types = g_list_store_new (GW_TYPE_CASE_TYPE);
  self->case_types_by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * gw_case_store_new:
 *
 * Returns: (transfer full): an empty store at sequence 0
 */
GwCaseStore *
gw_case_store_new (void)
{
  return g_object_new (GW_TYPE_CASE_STORE, NULL);
}

/* Mode */

static gboolean
set_mode (GwCaseStore *self,
          GwMode       mode,
          const char  *reason,
          const char  *case_id)
{
  gboolean changed = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->mode != mode)
    {
      self->mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
      changed = TRUE;
    }
  if (g_strcmp0 (self->mode_reason, reason) != 0)
    {
      g_free (self->mode_reason);
      self->mode_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE_REASON]);
      changed = TRUE;
    }
  if (g_strcmp0 (self->mode_case, case_id) != 0)
    {
      g_free (self->mode_case);
      self->mode_case = g_strdup (case_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE_CASE]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));
  return changed;
}

/* Departments */

static gboolean
put_department (GwCaseStore  *self,
                GwDepartment *department)
{
  GwDepartment *held = g_hash_table_lookup (self->department_positions,
                                            gw_department_get_code (department));
  guint position;

  if (held == NULL)
    {
      g_hash_table_insert (self->department_positions,
                           (gpointer) gw_department_get_code (department), department);
      g_list_store_append (self->departments, department);
      return TRUE;
    }

  if (gw_department_equal (held, department))
    return FALSE;

  if (!g_list_store_find (self->departments, held, &position))
    g_assert_not_reached ();
  g_hash_table_replace (self->department_positions,
                        (gpointer) gw_department_get_code (department), department);
  g_list_store_splice (self->departments, position, 1, (gpointer *) &department, 1);
  return TRUE;
}

/* Snapshot */

static void
load_case_types (GwCaseStore *self,
                 GPtrArray   *types)
{
  g_hash_table_remove_all (self->case_types_by_code);
  for (guint i = 0; i < types->len; i++)
    {
      GwCaseType *type = g_ptr_array_index (types, i);

      g_hash_table_insert (self->case_types_by_code,
                           (gpointer) gw_case_type_get_service_code (type), type);
    }
  g_list_store_splice (self->case_types, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->case_types)),
                       types->pdata, types->len);
}

/**
 * gw_case_store_load_snapshot:
 * @self: a store
 * @snapshot: a decoded snapshot
 *
 * Replaces every case, department, the mode and the sequence with those of
 * @snapshot, in one items-changed, then emits ::changed. The store takes
 * references to the snapshot's cases (load a snapshot into one store only).
 * The counters are kept.
 */
void
gw_case_store_load_snapshot (GwCaseStore *self,
                             GwSnapshot  *snapshot)
{
  GPtrArray *cases, *departments;
  guint removed;

  g_return_if_fail (GW_IS_CASE_STORE (self));
  g_return_if_fail (snapshot != NULL);

  cases = gw_snapshot_get_cases (snapshot);
  departments = gw_snapshot_get_departments (snapshot);
  removed = self->n_visible;

  g_hash_table_remove_all (self->positions);
  g_ptr_array_set_size (self->cases, 0);
  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *item = g_ptr_array_index (cases, i);

      g_ptr_array_add (self->cases, g_object_ref (item));
      g_hash_table_insert (self->positions, (gpointer) gw_case_get_id (item),
                           GUINT_TO_POINTER (i + 1));
    }
  self->n_visible = self->cases->len;

  g_hash_table_remove_all (self->department_positions);
  for (guint i = 0; i < departments->len; i++)
    {
      GwDepartment *department = g_ptr_array_index (departments, i);

      g_hash_table_insert (self->department_positions,
                           (gpointer) gw_department_get_code (department), department);
    }
  g_list_store_splice (self->departments, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->departments)),
                       departments->pdata, departments->len);
  load_case_types (self, gw_snapshot_get_case_types (snapshot));

  g_object_freeze_notify (G_OBJECT (self));
  set_mode (self, gw_snapshot_get_mode (snapshot), gw_snapshot_get_mode_reason (snapshot),
            gw_snapshot_get_mode_case (snapshot));
  if (self->sequence != gw_snapshot_get_sequence (snapshot))
    {
      self->sequence = gw_snapshot_get_sequence (snapshot);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQUENCE]);
    }
  if (removed != self->n_visible)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_visible);
  g_object_thaw_notify (G_OBJECT (self));

  g_debug ("loaded a snapshot at sequence %" G_GUINT64_FORMAT ": %u cases, %u departments",
           self->sequence, cases->len, departments->len);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Events */

static gboolean
check_case_event (GwEvent  *event,
                  GError  **error)
{
  GwCase *item = gw_event_get_case (event);

  const char *step = gw_event_get_step_name (event);

  if ((strcmp (step, "assigned") == 0 || strcmp (step, "reassigned") == 0) &&
      gw_case_get_agency (item) == NULL)
    {
      g_set_error (error, GW_MODEL_ERROR, GW_MODEL_ERROR_INVALID,
                   "event %" G_GUINT64_FORMAT " rejected: case %s was assigned "
                   "but has no agency_responsible",
                   gw_event_get_sequence (event), gw_case_get_id (item));
      return FALSE;
    }
  return TRUE;
}

static void
apply_case (GwCaseStore *self,
            GwEvent     *event,
            Batch       *batch)
{
  GwCase *incoming = gw_event_get_case (event);
  gpointer value;

  if (g_hash_table_lookup_extended (self->positions, gw_case_get_id (incoming), NULL, &value))
    {
      guint position = GPOINTER_TO_UINT (value) - 1;
      GwCase *held = g_ptr_array_index (self->cases, position);

      if (gw_case_get_version (incoming) <= gw_case_get_version (held))
        {
          g_debug ("event %" G_GUINT64_FORMAT ": case %s version %" G_GINT64_FORMAT
                   " is not newer than %" G_GINT64_FORMAT ", ignored",
                   gw_event_get_sequence (event), gw_case_get_id (held),
                   gw_case_get_version (incoming), gw_case_get_version (held));
          return;
        }
      gw_case_update_from (held, incoming);
      if (position < self->n_visible)
        g_array_append_val (batch->changed, position);
      return;
    }

  /* A copy: the event may be shared, and the store updates its cases in place. */
  {
    GwCase *copy = gw_case_copy (incoming);

    g_hash_table_insert (self->positions, (gpointer) gw_case_get_id (copy),
                         GUINT_TO_POINTER (self->cases->len + 1));
    g_ptr_array_add (self->cases, copy);
  }
}

static void
apply_one (GwCaseStore *self,
           GwEvent     *event,
           Batch       *batch)
{
  switch (gw_event_get_kind (event))
    {
    case GW_EVENT_CASE:
      apply_case (self, event, batch);
      break;
    case GW_EVENT_MODE:
      batch->mode_changed |= set_mode (self, gw_event_get_mode (event),
                                       gw_event_get_mode_reason (event),
                                       gw_event_get_mode_case (event));
      break;
    case GW_EVENT_DEPARTMENT:
      put_department (self, gw_event_get_department (event));
      break;
    case GW_EVENT_ALERT:
    case GW_EVENT_WALL_SHOW:
    case GW_EVENT_ALARM_ACK:
      g_ptr_array_add (batch->alerts, gw_event_ref (event));
      break;
    default:
      g_assert_not_reached ();
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* One items-changed per run of consecutive changed positions, then one for
 * the appended cases. */
static void
announce (GwCaseStore *self,
          Batch       *batch)
{
  GArray *changed = batch->changed;
  guint added = self->cases->len - self->n_visible;

  g_array_sort (changed, compare_uint);
  for (guint i = 0; i < changed->len;)
    {
      guint start = g_array_index (changed, guint, i);
      guint end = start;

      for (i++; i < changed->len && g_array_index (changed, guint, i) <= end + 1; i++)
        end = g_array_index (changed, guint, i);
      g_list_model_items_changed (G_LIST_MODEL (self), start, end - start + 1, end - start + 1);
    }

  if (added > 0)
    {
      guint position = self->n_visible;

      self->n_visible = self->cases->len;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  for (guint i = 0; i < batch->alerts->len; i++)
    {
      GwEvent *event = g_ptr_array_index (batch->alerts, i);

      static const guint signal_of[] = {
        [GW_EVENT_ALERT] = ALERT,
        [GW_EVENT_WALL_SHOW] = WALL_SHOW,
        [GW_EVENT_ALARM_ACK] = ALARM_ACKNOWLEDGED,
      };

      g_signal_emit (self, signals[signal_of[gw_event_get_kind (event)]], 0, event);
    }
}

static gboolean
check_sequence (GwCaseStore *self,
                GwEvent     *event,
                gboolean    *duplicate,
                GError     **error)
{
  guint64 sequence = gw_event_get_sequence (event);

  *duplicate = sequence <= self->sequence;
  if (*duplicate)
    {
      self->n_duplicates++;
      g_debug ("event %" G_GUINT64_FORMAT " is a duplicate (at %" G_GUINT64_FORMAT ")",
               sequence, self->sequence);
      return TRUE;
    }
  if (sequence != self->sequence + 1)
    {
      g_set_error (error, GW_MODEL_ERROR, GW_MODEL_ERROR_GAP,
                   "gap in the feed: expected event %" G_GUINT64_FORMAT
                   ", received %" G_GUINT64_FORMAT "; resubscribe after %" G_GUINT64_FORMAT,
                   self->sequence + 1, sequence, self->sequence);
      g_message ("%s", (*error)->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_case_store_apply_events:
 * @self: a store
 * @events: (element-type GwEvent): decoded events, in feed order
 * @error: where to put a GW_MODEL_ERROR
 *
 * Applies @events as one batch. An event at or below the sequence is a
 * duplicate: counted, no change. A case event whose version is not newer than
 * the case held advances the sequence and changes nothing. A newer one updates
 * the held GwCase in place. At the end of the batch the store emits one
 * items-changed per run of changed positions, one for the appended cases,
 * ::alert per alert, and ::changed if the sequence moved.
 *
 * It stops at a gap (GW_MODEL_ERROR_GAP; resubscribe after the sequence) or at
 * an event that contradicts the model (GW_MODEL_ERROR_INVALID: counted as
 * rejected and skipped, the sequence moves past it). What came before stays
 * applied; an event is never half-applied.
 *
 * Returns: the number of events applied (duplicates not included)
 */
guint
gw_case_store_apply_events (GwCaseStore  *self,
                            GPtrArray    *events,
                            GError      **error)
{
  Batch batch = { 0 };
  guint applied = 0;
  guint64 start_sequence;
  GError *local = NULL;

  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (events != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  batch.changed = g_array_new (FALSE, FALSE, sizeof (guint));
  batch.alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  start_sequence = self->sequence;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < events->len && local == NULL; i++)
    {
      GwEvent *event = g_ptr_array_index (events, i);
      gboolean duplicate;

      if (!check_sequence (self, event, &duplicate, &local) || duplicate)
        continue;

      if (gw_event_get_kind (event) == GW_EVENT_CASE && !check_case_event (event, &local))
        {
          gw_case_store_count_rejected (self, local);
          self->sequence = gw_event_get_sequence (event);
          continue;
        }

      apply_one (self, event, &batch);
      self->sequence = gw_event_get_sequence (event);
      self->n_applied++;
      applied++;
    }

  announce (self, &batch);
  if (self->sequence != start_sequence)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQUENCE]);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->sequence != start_sequence)
    g_signal_emit (self, signals[CHANGED], 0);

  g_array_unref (batch.changed);
  g_ptr_array_unref (batch.alerts);
  if (local != NULL)
    g_propagate_error (error, local);
  return applied;
}

/* Pruning */

/* The snapshot's rule (src/center/gw-center-engine.c): a case is closed when
 * its status_detail is closed (the reference centre derives status from it;
 * either one saying closed is enough here), and it goes once closed_datetime
 * is before the horizon. A closed case without closed_datetime is old to the
 * centre (it never sends one); here it ages from updated_datetime instead, so
 * a centre that leaves the field out does not lose today's closed cases. */
static gboolean
closed_before (GwCase    *item,
               GDateTime *before)
{
  GDateTime *closed;

  if (gw_case_is_open (item) && gw_case_get_step (item) != GW_STEP_CLOSED)
    return FALSE;
  closed = gw_case_get_closed (item);
  if (closed == NULL)
    closed = gw_case_get_updated (item);
  return g_date_time_compare (closed, before) < 0;
}

static guint
find_closed_before (GwCaseStore *self,
                    GDateTime   *before)
{
  for (guint i = 0; i < self->cases->len; i++)
    if (closed_before (g_ptr_array_index (self->cases, i), before))
      return i;
  return G_MAXUINT;
}

/* Moves the survivors from @first on down over the pruned cases; the pruned
 * cases' references go to @gone and their ids leave the positions. Returns
 * the old position of the last pruned case. */
static guint
compact_from (GwCaseStore *self,
              guint        first,
              GDateTime   *before,
              GPtrArray   *gone)
{
  guint n = self->cases->len, kept = first, last = first;

  for (guint i = first; i < n; i++)
    {
      GwCase *item = g_ptr_array_index (self->cases, i);

      if (closed_before (item, before))
        {
          /* The key is the case's own id: remove it while the case lives. */
          g_hash_table_remove (self->positions, gw_case_get_id (item));
          g_ptr_array_add (gone, item);
          last = i;
          continue;
        }
      self->cases->pdata[kept++] = item;
    }
  /* The tail holds pointers that moved down or went to @gone: no unref. */
  g_ptr_array_set_free_func (self->cases, NULL);
  g_ptr_array_set_size (self->cases, kept);
  g_ptr_array_set_free_func (self->cases, g_object_unref);
  return last;
}

/* Every case after the last pruned one moved down by @by: shifting the
 * stored positions in place costs a walk over the table, where putting each
 * id again would hash it (an hourly prune takes a few cases near the start
 * and moves nearly all the others). Then the survivors between the first and
 * the last pruned case, which moved by less, are put again. */
static void
fix_positions (GwCaseStore *self,
               guint        first,
               guint        last,
               guint        by)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_UINT (value) > last + 1)
      g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) - by));

  for (guint i = first; i < last + 1 - by; i++)
    {
      GwCase *item = g_ptr_array_index (self->cases, i);

      g_hash_table_insert (self->positions, (gpointer) gw_case_get_id (item),
                           GUINT_TO_POINTER (i + 1));
    }
}

/**
 * gw_case_store_prune_closed:
 * @self: a store
 * @before: the horizon: usually now - GW_CASE_STORE_CLOSED_KEPT
 *
 * Drops every case that is closed (status or status_detail closed) with a
 * closed_datetime before @before (a closed case without one: its
 * updated_datetime), so that a client running for months holds what a fresh
 * snapshot would give it: the centre leaves out of its snapshot each case
 * closed more than 30 days ago. Open cases stay, however old.
 *
 * The survivors keep their order. The change is announced as one
 * items-changed, from the first pruned position to the last, that removes
 * every case in that span and adds back its survivors: followers that rebuild
 * on anything but an append or an in-place change do so once, not once per
 * pruned case. Then "n-items" and ::changed (the figures are recomputed).
 * Nothing is emitted when nothing goes.
 *
 * A GwCase held elsewhere (a dialog, the case detail) stays valid but is no
 * longer updated by the store. A later event for a pruned case (an update of
 * a case closed long ago) finds no case with that id and adds the case anew
 * at the end, as it would in a fresh client that never held it; the sequence
 * keeps duplicates out, so no older state of it can come back.
 *
 * Call it between batches, on the main thread, like every other change.
 *
 * Returns: the number of cases dropped
 */
guint
gw_case_store_prune_closed (GwCaseStore *self,
                            GDateTime   *before)
{
  g_autoptr(GPtrArray) gone = NULL;
  guint first, last, span;

  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (before != NULL, 0);
  g_assert (self->n_visible == self->cases->len);

  first = find_closed_before (self, before);
  if (first == G_MAXUINT)
    return 0;

  gone = g_ptr_array_new_with_free_func (g_object_unref);
  last = compact_from (self, first, before, gone);
  fix_positions (self, first, last, gone->len);
  span = last - first + 1;
  self->n_visible = self->cases->len;
  self->n_pruned += gone->len;

  g_object_freeze_notify (G_OBJECT (self));
  g_list_model_items_changed (G_LIST_MODEL (self), first, span, span - gone->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);

  g_debug ("pruned %u closed cases of %u (positions %u to %u)",
           gone->len, self->n_visible + gone->len, first, last);
  return gone->len;
}

guint64
gw_case_store_get_sequence (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  return self->sequence;
}

/**
 * gw_case_store_lookup:
 * @self: a store
 * @id: a case id
 *
 * Returns: (transfer none) (nullable): the case, if the store announced it
 */
GwCase *
gw_case_store_lookup (GwCaseStore *self,
                      const char  *id)
{
  gpointer value;
  guint position;

  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!g_hash_table_lookup_extended (self->positions, id, NULL, &value))
    return NULL;
  position = GPOINTER_TO_UINT (value) - 1;
  if (position >= self->n_visible)
    return NULL;
  return g_ptr_array_index (self->cases, position);
}

/**
 * gw_case_store_get_departments:
 * @self: a store
 *
 * Returns: (transfer none): a GListModel of GwDepartment
 */
GListModel *
gw_case_store_get_departments (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  return G_LIST_MODEL (self->departments);
}

GwDepartment *
gw_case_store_lookup_department (GwCaseStore *self,
                                 const char  *code)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->department_positions, code);
}

GwMode
gw_case_store_get_mode (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), GW_MODE_NORMAL);
  return self->mode;
}

const char *
gw_case_store_get_mode_reason (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  return self->mode_reason;
}

const char *
gw_case_store_get_mode_case (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  return self->mode_case;
}

guint64
gw_case_store_get_n_applied (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  return self->n_applied;
}

guint64
gw_case_store_get_n_duplicates (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  return self->n_duplicates;
}

guint64
gw_case_store_get_n_rejected (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  return self->n_rejected;
}

guint64
gw_case_store_get_n_pruned (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), 0);
  return self->n_pruned;
}

/**
 * gw_case_store_count_rejected:
 * @self: a store
 * @error: why an event was rejected (by gw_event_decode or the store)
 *
 * Counts a rejected event and logs the reason with g_message.
 */
void
gw_case_store_count_rejected (GwCaseStore  *self,
                              const GError *error)
{
  g_return_if_fail (GW_IS_CASE_STORE (self));

  self->n_rejected++;
  g_message ("%s", error != NULL ? error->message : "event rejected");
}

/**
 * gw_case_store_get_case_types:
 * @self: a store
 *
 * Returns: (transfer none): a GListModel of GwCaseType, the snapshot's order
 */
GListModel *
gw_case_store_get_case_types (GwCaseStore *self)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  return G_LIST_MODEL (self->case_types);
}

GwCaseType *
gw_case_store_lookup_case_type (GwCaseStore *self,
                                const char  *service_code)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (self), NULL);
  return service_code ? g_hash_table_lookup (self->case_types_by_code, service_code) : NULL;
}
