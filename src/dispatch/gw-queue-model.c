/* gw-queue-model.c
 *
 * GtkSortListModel (GTK 4.8) answers one changed item with one items-changed
 * spanning every position between its old and new place: a case that turns
 * major at the bottom of 100,000 makes the list view revisit 100,000 rows
 * (measured: hundreds of milliseconds). A GSequence keeps the order here, and a
 * change is told as a removal and an insertion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-queue-model.h"

/* Changes in one batch above this are cheaper to apply as a rebuild. */
#define MAX_SINGLE_CHANGES 512

struct _GwQueueModel
{
  GObject            parent_instance;

  GListModel        *source;
  GwQueueFilterFunc  filter;
  GCompareDataFunc   compare;
  gpointer           user_data;
  GSequence         *items;     /* GwCase, sorted (references held) */
  GHashTable        *iters;     /* GwCase -> GSequenceIter */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwQueueModel, gw_queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GW_TYPE_CASE;
}

static guint
get_n_items (GListModel *model)
{
  return g_sequence_get_length (GW_QUEUE_MODEL (model)->items);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GwQueueModel *self = GW_QUEUE_MODEL (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->items, position);

  return g_sequence_iter_is_end (iter) ? NULL : g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GwQueueModel *self = user_data;

  return self->compare (a, b, self->user_data);
}

static int
compare_pointers (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return compare_items (*(gconstpointer *) a, *(gconstpointer *) b, user_data);
}

static void
rebuild (GwQueueModel *self)
{
  guint old_n = g_sequence_get_length (self->items);
  guint n = g_list_model_get_n_items (self->source);
  g_autoptr(GPtrArray) passing = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      GwCase *gw_case = g_list_model_get_item (self->source, i);

      if (self->filter (gw_case, self->user_data))
        g_ptr_array_add (passing, gw_case);
      else
        g_object_unref (gw_case);
    }
  g_ptr_array_sort_with_data (passing, compare_pointers, self);
  g_hash_table_remove_all (self->iters);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->items),
                           g_sequence_get_end_iter (self->items));
  for (guint i = 0; i < passing->len; i++)
    {
      GwCase *gw_case = g_ptr_array_index (passing, i);

      g_hash_table_insert (self->iters, gw_case, g_sequence_append (self->items,
                                                                    g_object_ref (gw_case)));
    }
  if (old_n > 0 || passing->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, passing->len);
}

/* Whether @iter still sits between its neighbours. */
static gboolean
in_order (GwQueueModel  *self,
          GSequenceIter *iter)
{
  GSequenceIter *prev = g_sequence_iter_prev (iter);
  GSequenceIter *next = g_sequence_iter_next (iter);
  gpointer item = g_sequence_get (iter);

  if (prev != iter && compare_items (g_sequence_get (prev), item, self) > 0)
    return FALSE;
  return g_sequence_iter_is_end (next) || compare_items (item, g_sequence_get (next), self) <= 0;
}

static void
insert (GwQueueModel *self,
        GwCase       *gw_case)
{
  GSequenceIter *iter = g_sequence_insert_sorted (self->items, g_object_ref (gw_case),
                                                  compare_items, self);

  g_hash_table_insert (self->iters, gw_case, iter);
  g_list_model_items_changed (G_LIST_MODEL (self), g_sequence_iter_get_position (iter), 0, 1);
}

static void
update (GwQueueModel *self,
        GwCase       *gw_case)
{
  GSequenceIter *iter = g_hash_table_lookup (self->iters, gw_case);
  gboolean passes = self->filter (gw_case, self->user_data);
  guint position;

  if (iter == NULL)
    {
      if (passes)
        insert (self, gw_case);
      return;
    }
  position = g_sequence_iter_get_position (iter);
  /* In place: the cards follow their case; telling the view would only make a
   * selection forget the row. */
  if (passes && in_order (self, iter))
    return;
  g_hash_table_remove (self->iters, gw_case);
  g_sequence_remove (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  if (passes)
    insert (self, gw_case);
}

static void
on_source_changed (GwQueueModel *self,
                   guint         position,
                   guint         removed,
                   guint         added)
{
  /* The store replaces everything on a snapshot and otherwise only changes
   * cases in place (removed == added) or appends new ones (removed == 0). */
  if ((removed != 0 && removed != added) || added > MAX_SINGLE_CHANGES)
    {
      rebuild (self);
      return;
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (self->source, i);

      update (self, gw_case);
    }
}

static void
gw_queue_model_dispose (GObject *object)
{
  GwQueueModel *self = GW_QUEUE_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  G_OBJECT_CLASS (gw_queue_model_parent_class)->dispose (object);
}

static void
gw_queue_model_finalize (GObject *object)
{
  GwQueueModel *self = GW_QUEUE_MODEL (object);

  g_hash_table_unref (self->iters);
  g_sequence_free (self->items);
  G_OBJECT_CLASS (gw_queue_model_parent_class)->finalize (object);
}

static void
gw_queue_model_class_init (GwQueueModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_queue_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = gw_queue_model_finalize;
}

static void
gw_queue_model_init (GwQueueModel *self)
{
  self->items = g_sequence_new (g_object_unref);
  self->iters = g_hash_table_new (NULL, NULL);
}

GwQueueModel *
gw_queue_model_new (GListModel        *source,
                    GwQueueFilterFunc  filter,
                    GCompareDataFunc   compare,
                    gpointer           user_data)
{
  GwQueueModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (filter != NULL && compare != NULL, NULL);
  self = g_object_new (GW_TYPE_QUEUE_MODEL, NULL);
  self->source = g_object_ref (source);
  self->filter = filter;
  self->compare = compare;
  self->user_data = user_data;
  g_signal_connect_swapped (source, "items-changed", G_CALLBACK (on_source_changed), self);
  rebuild (self);
  return self;
}

void
gw_queue_model_refilter (GwQueueModel *self)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));
  rebuild (self);
}

guint
gw_queue_model_find (GwQueueModel *self,
                     GwCase       *gw_case)
{
  GSequenceIter *iter;

  g_return_val_if_fail (GW_IS_QUEUE_MODEL (self), G_MAXUINT);
  iter = gw_case ? g_hash_table_lookup (self->iters, gw_case) : NULL;
  return iter ? (guint) g_sequence_iter_get_position (iter) : G_MAXUINT;
}
