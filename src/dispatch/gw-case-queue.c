/* gw-case-queue.c
 *
 * The queue filters and sorts the store's own list model with a GwQueueModel,
 * so a changed case moves by itself, as one removal and one insertion. Cards
 * follow their case; their waiting counters tick once a second, and only the
 * cards the list view realised exist at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-case-queue.h"
#include "gw-desk-util.h"
#include "gw-queue-model.h"

struct _GwCaseQueue
{
  GtkWidget           parent_instance;

  GwCaseStore        *store;
  GwGridSet          *grids;
  GwQueueModel       *sorted;
  GtkSingleSelection *selection;
  guint               n_ticks;
  GHashTable         *cards;          /* GwCaseCard (bound) -> NULL */
  GPtrArray          *district_codes; /* position in the district drop-down -> code */
  guint               tick_id;
  gboolean            draggable;

  GwCaseStateFunc     state_func;
  gpointer            state_data;

  /* filter state */
  GwQueueView         view;
  char               *district;       /* county code prefix, or NULL */
  int                 category;       /* -1: all */
  int                 channel;        /* -1: all */
  char               *needle;         /* casefolded search text, or NULL */

  GtkWidget          *box;
  GtkLabel           *count_label;
  GtkDropDown        *view_dropdown;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *district_dropdown;
  GtkDropDown        *category_dropdown;
  GtkDropDown        *channel_dropdown;
  GtkStack           *stack;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (GwCaseQueue, gw_case_queue, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  DRAG_BEGIN,
  DRAG_END,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
place_of (GwCaseQueue *self,
          GwCase      *gw_case)
{
  const GwGridFeature *grid = self->grids ? gw_grid_set_lookup (self->grids,
                                                                gw_case_get_grid_code (gw_case))
                                          : NULL;

  return grid ? grid->name : NULL;
}

static gboolean
in_view (GwQueueView  view,
         GwCase      *gw_case,
         GDateTime   *now)
{
  GwStep step = gw_case_get_step (gw_case);

  if (!gw_case_is_open (gw_case))
    return FALSE;
  switch (view)
    {
    case GW_QUEUE_VIEW_WAITING: return gw_desk_case_is_waiting (gw_case);
    case GW_QUEUE_VIEW_RETURNED: return step == GW_STEP_RETURNED;
    case GW_QUEUE_VIEW_EXTENSION: return step == GW_STEP_EXTENDED;
    case GW_QUEUE_VIEW_OVERDUE: return gw_case_is_overdue (gw_case, now);
    case GW_QUEUE_VIEW_RESOLVED: return step == GW_STEP_RESOLVED || step == GW_STEP_REVIEWED;
    case GW_QUEUE_VIEW_OPEN: return TRUE;
    case GW_N_QUEUE_VIEWS:
    default: return FALSE;
    }
}

static gboolean
field_matches (const char *field,
               const char *needle)
{
  g_autofree char *folded = NULL;

  if (field == NULL || *field == '\0')
    return FALSE;
  folded = g_utf8_casefold (field, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
search_matches (GwCaseQueue *self,
                GwCase      *c)
{
  return field_matches (gw_case_get_id (c), self->needle)
         || field_matches (gw_case_get_service_name (c), self->needle)
         || field_matches (gw_case_get_address (c), self->needle)
         || field_matches (place_of (self, c), self->needle)
         || field_matches (gw_case_get_description (c), self->needle);
}

static gboolean
filter_case (GwCase   *c,
             gpointer  user_data)
{
  GwCaseQueue *self = user_data;
  g_autoptr(GDateTime) now = NULL;

  if (self->view == GW_QUEUE_VIEW_OVERDUE)
    now = g_date_time_new_now_utc ();
  if (!in_view (self->view, c, now))
    return FALSE;
  if (self->district != NULL && !g_str_has_prefix (gw_case_get_grid_code (c), self->district))
    return FALSE;
  if (self->category >= 0 && (int) gw_case_get_category (c) != self->category)
    return FALSE;
  if (self->channel >= 0 && (int) gw_case_get_channel (c) != self->channel)
    return FALSE;
  return self->needle == NULL || search_matches (self, c);
}

/* Most urgent first, then the longest waiting, then by id for a stable order. */
static int
compare_cases (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GwCase *x = (GwCase *) a, *y = (GwCase *) b;
  int order = (int) gw_case_get_priority (y) - (int) gw_case_get_priority (x);

  if (order != 0)
    return order;
  order = g_date_time_compare (gw_case_get_requested (x), gw_case_get_requested (y));
  return order ? order : g_strcmp0 (gw_case_get_id (x), gw_case_get_id (y));
}

static void
refilter (GwCaseQueue *self)
{
  gw_queue_model_refilter (self->sorted);
}

static void
update_count (GwCaseQueue *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  g_autofree char *text = g_strdup_printf ("%'u", n);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
apply_state (GwCaseQueue *self,
             GwCaseCard  *card)
{
  const char *text = NULL;
  gboolean duplicate = FALSE;
  GwCardState state = GW_CARD_STATE_NONE;

  if (self->state_func != NULL)
    state = self->state_func (gw_case_card_get_case (card), &text, &duplicate, self->state_data);
  gw_case_card_set_state (card, state, text);
  gw_case_card_set_duplicate (card, duplicate);
}

static gboolean
on_tick (gpointer user_data)
{
  GwCaseQueue *self = user_data;
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer card;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  /* Cases become overdue without an event. */
  if (self->view == GW_QUEUE_VIEW_OVERDUE && ++self->n_ticks % 30 == 0)
    refilter (self);
  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    gw_case_card_tick (card, now);
  return G_SOURCE_CONTINUE;
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GwCaseQueue   *self)
{
  GwCaseCard *card = GW_CASE_CARD (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)));
  GwCase *gw_case = gw_case_card_get_case (card);

  if (!self->draggable || gw_case == NULL)
    return NULL;
  return gdk_content_provider_new_typed (GW_TYPE_CASE, gw_case);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GwCaseQueue   *self)
{
  GtkWidget *card = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GwCase *gw_case = gw_case_card_get_case (GW_CASE_CARD (card));

  gw_case_card_set_drag_icon (drag, gw_case, place_of (self, gw_case), gtk_widget_get_width (card));
  gtk_widget_add_css_class (card, "dragged");
  /* The dragged case becomes the one the desk shows: its departments light up. */
  gw_case_queue_select (self, gw_case);
  g_signal_emit (self, signals[DRAG_BEGIN], 0, gw_case);
}

static void
on_drag_end (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             GwCaseQueue   *self)
{
  GtkWidget *card = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));

  gtk_widget_remove_css_class (card, "dragged");
  g_signal_emit (self, signals[DRAG_END], 0, gw_case_card_get_case (GW_CASE_CARD (card)));
}

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            GwCaseQueue              *self)
{
  GtkWidget *card = gw_case_card_new ();
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE | GDK_ACTION_COPY);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_drag_prepare), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_drag_begin), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (on_drag_end), self, 0);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (source));
  gtk_list_item_set_child (item, card);
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           GwCaseQueue              *self)
{
  GwCaseCard *card = GW_CASE_CARD (gtk_list_item_get_child (item));
  GwCase *gw_case = gtk_list_item_get_item (item);

  gw_case_card_set_case (card, gw_case, place_of (self, gw_case));
  apply_state (self, card);
  g_hash_table_add (self->cards, card);
}

static void
unbind_card (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             GwCaseQueue              *self)
{
  GwCaseCard *card = GW_CASE_CARD (gtk_list_item_get_child (item));

  g_hash_table_remove (self->cards, card);
  gw_case_card_set_case (card, NULL, NULL);
}

static void
on_selection_changed (GwCaseQueue *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0, gw_case_queue_get_selected (self));
}

static void
on_activate (GwCaseQueue *self,
             guint        position)
{
  g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (gw_case != NULL)
    g_signal_emit (self, signals[ACTIVATE], 0, gw_case);
}

static void
on_search_changed (GwCaseQueue *self)
{
  g_free (self->needle);
  self->needle = gw_desk_dup_needle (GTK_EDITABLE (self->search_entry));
  refilter (self);
}

static void
on_filters_changed (GwCaseQueue *self)
{
  guint district = gtk_drop_down_get_selected (self->district_dropdown);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  guint view = gtk_drop_down_get_selected (self->view_dropdown);

  self->view = view < GW_N_QUEUE_VIEWS ? (GwQueueView) view : GW_QUEUE_VIEW_WAITING;
  g_clear_pointer (&self->district, g_free);
  if (district != GTK_INVALID_LIST_POSITION && district > 0 && district < self->district_codes->len)
    self->district = g_strdup (g_ptr_array_index (self->district_codes, district));
  self->category = (category == GTK_INVALID_LIST_POSITION || category == 0) ? -1 : (int) category - 1;
  self->channel = (channel == GTK_INVALID_LIST_POSITION || channel == 0) ? -1 : (int) channel - 1;
  refilter (self);
}

static GtkDropDown *
add_dropdown (GtkWidget   *row,
              const char  *accessible_name,
              const char **labels,
              guint        n_labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (list, labels[i]);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  gtk_widget_set_hexpand (dropdown, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  gtk_widget_set_tooltip_text (dropdown, accessible_name);
  gtk_box_append (GTK_BOX (row), dropdown);
  return GTK_DROP_DOWN (dropdown);
}

static GtkWidget *
build_header (GwCaseQueue *self)
{
  const char *views[GW_N_QUEUE_VIEWS] = {
    [GW_QUEUE_VIEW_WAITING] = _("Waiting for assignment"),
    [GW_QUEUE_VIEW_RETURNED] = _("Returned by departments"),
    [GW_QUEUE_VIEW_EXTENSION] = _("Extension requests"),
    [GW_QUEUE_VIEW_OVERDUE] = _("Overdue"),
    [GW_QUEUE_VIEW_RESOLVED] = _("Resolved, to verify"),
    [GW_QUEUE_VIEW_OPEN] = _("All open cases"),
  };
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *count = gtk_label_new ("0");

  self->view_dropdown = add_dropdown (row, _("Queue"), views, GW_N_QUEUE_VIEWS);
  gtk_widget_add_css_class (GTK_WIDGET (self->view_dropdown), "queue-view");
  gtk_widget_add_css_class (count, "queue-count");
  gtk_accessible_update_property (GTK_ACCESSIBLE (count), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cases shown"), -1);
  self->count_label = GTK_LABEL (count);
  gtk_box_append (GTK_BOX (row), count);
  return row;
}

static GtkWidget *
build_filters (GwCaseQueue *self)
{
  const char *categories[GW_N_CATEGORIES + 1] = { _("All categories") };
  const char *channels[GW_N_CHANNELS + 1] = { _("All channels") };
  const char *districts[] = { _("All districts") };
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  for (guint i = 0; i < GW_N_CATEGORIES; i++)
    categories[i + 1] = gw_category_get_label (i);
  for (guint i = 0; i < GW_N_CHANNELS; i++)
    channels[i + 1] = gw_channel_get_label (i);
  self->district_dropdown = add_dropdown (row, _("District"), districts, 1);
  self->category_dropdown = add_dropdown (row, _("Category"), categories, GW_N_CATEGORIES + 1);
  self->channel_dropdown = add_dropdown (row, _("Channel"), channels, GW_N_CHANNELS + 1);
  return row;
}

static GtkWidget *
build_list (GwCaseQueue *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_card), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                      factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "case-queue");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Case queue"), -1);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_activate), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "object-select-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing to do here"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("No case in this queue matches the filters."));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  return GTK_WIDGET (self->stack);
}

static void
build_models (GwCaseQueue *self)
{
  self->sorted = gw_queue_model_new (G_LIST_MODEL (self->store), filter_case, compare_cases, self);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_count), self);
}

static void
build (GwCaseQueue *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *search = gtk_search_entry_new ();

  self->box = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (box), build_header (self));
  self->search_entry = GTK_SEARCH_ENTRY (search);
  g_object_set (search, "placeholder-text", _("Search cases: id, type, place, text"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search cases"), -1);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), build_filters (self));
  gtk_box_append (GTK_BOX (box), build_list (self));

  g_signal_connect_swapped (search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->view_dropdown, "notify::selected",
                            G_CALLBACK (on_filters_changed), self);
  g_signal_connect_swapped (self->district_dropdown, "notify::selected",
                            G_CALLBACK (on_filters_changed), self);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected",
                            G_CALLBACK (on_filters_changed), self);
  g_signal_connect_swapped (self->channel_dropdown, "notify::selected",
                            G_CALLBACK (on_filters_changed), self);
}

static void
gw_case_queue_dispose (GObject *object)
{
  GwCaseQueue *self = GW_CASE_QUEUE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->store);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  G_OBJECT_CLASS (gw_case_queue_parent_class)->dispose (object);
}

static void
gw_case_queue_finalize (GObject *object)
{
  GwCaseQueue *self = GW_CASE_QUEUE (object);

  g_hash_table_unref (self->cards);
  g_ptr_array_unref (self->district_codes);
  g_free (self->district);
  g_free (self->needle);
  G_OBJECT_CLASS (gw_case_queue_parent_class)->finalize (object);
}

static void
gw_case_queue_class_init (GwCaseQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_queue_dispose;
  object_class->finalize = gw_case_queue_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casequeue");

  /**
   * GwCaseQueue::selection-changed:
   * @case: (nullable): the selected case
   */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, GW_TYPE_CASE);
  /**
   * GwCaseQueue::drag-begin:
   * @case: the case a card of which is being dragged
   */
  signals[DRAG_BEGIN] = g_signal_new ("drag-begin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_CASE);
  signals[DRAG_END] = g_signal_new ("drag-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_CASE);
  /**
   * GwCaseQueue::activate:
   * @case: the case whose card was activated (Enter, double click)
   */
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_CASE);
}

static void
gw_case_queue_init (GwCaseQueue *self)
{
  self->cards = g_hash_table_new (NULL, NULL);
  self->district_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->district_codes, NULL);
  self->category = -1;
  self->channel = -1;
  self->draggable = TRUE;
}

GtkWidget *
gw_case_queue_new (GwCaseStore *store)
{
  GwCaseQueue *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);
  self = g_object_new (GW_TYPE_CASE_QUEUE, NULL);
  self->store = g_object_ref (store);
  build_models (self);
  build (self);
  update_count (self);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  return GTK_WIDGET (self);
}

static void
fill_districts (GwCaseQueue *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  const GwGridFeature * const *counties = NULL;
  guint n = 0;

  g_ptr_array_set_size (self->district_codes, 1);
  gtk_string_list_append (list, _("All districts"));
  if (self->grids != NULL)
    counties = gw_grid_set_get_level (self->grids, GW_GRID_LEVEL_COUNTY, &n);
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (list, counties[i]->name);
      g_ptr_array_add (self->district_codes, g_strdup (counties[i]->code));
    }
  gtk_drop_down_set_model (self->district_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->district_dropdown, 0);
}

void
gw_case_queue_set_grids (GwCaseQueue *self,
                         GwGridSet   *grids)
{
  GHashTableIter iter;
  gpointer card;

  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids ? gw_grid_set_ref (grids) : NULL;
  fill_districts (self);
  /* Names of places come from the grids. */
  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    {
      g_autoptr(GwCase) gw_case = g_object_ref (gw_case_card_get_case (card));

      gw_case_card_set_case (card, gw_case, place_of (self, gw_case));
    }
}

void
gw_case_queue_set_state_func (GwCaseQueue     *self,
                              GwCaseStateFunc  func,
                              gpointer         user_data)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  self->state_func = func;
  self->state_data = user_data;
}

GwCaseCard *
gw_case_queue_find_card (GwCaseQueue *self,
                         const char  *case_id)
{
  GHashTableIter iter;
  gpointer card;

  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), NULL);
  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    if (g_strcmp0 (gw_case_get_id (gw_case_card_get_case (card)), case_id) == 0)
      return card;
  return NULL;
}

void
gw_case_queue_refresh_case (GwCaseQueue *self,
                            const char  *case_id)
{
  GwCaseCard *card;

  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  if ((card = gw_case_queue_find_card (self, case_id)) != NULL)
    apply_state (self, card);
}

void
gw_case_queue_set_draggable (GwCaseQueue *self,
                             gboolean     draggable)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  self->draggable = draggable;
}

void
gw_case_queue_set_view (GwCaseQueue *self,
                        GwQueueView  view)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  g_return_if_fail (view < GW_N_QUEUE_VIEWS);
  gtk_drop_down_set_selected (self->view_dropdown, view);
}

GwCase *
gw_case_queue_get_selected (GwCaseQueue *self)
{
  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

gboolean
gw_case_queue_select (GwCaseQueue *self,
                      GwCase      *gw_case)
{
  guint position;

  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), FALSE);
  if (gw_case == gw_case_queue_get_selected (self))
    return gw_case != NULL;
  position = gw_queue_model_find (self->sorted, gw_case);
  gtk_single_selection_set_selected (self->selection,
                                     position == G_MAXUINT ? GTK_INVALID_LIST_POSITION : position);
  return position != G_MAXUINT;
}

void
gw_case_queue_focus_search (GwCaseQueue *self)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
gw_case_queue_focus_list (GwCaseQueue *self)
{
  guint selected;

  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION && g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

GListModel *
gw_case_queue_get_model (GwCaseQueue *self)
{
  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}
