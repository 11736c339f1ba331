/* gw-department-board.c
 *
 * A GtkFlowBox of tiles: a city has a few hundred departments, few enough for
 * real widgets (each one a drop target). The board narrows to the district of
 * the case at hand, and suggested departments sort first, lit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-department-board.h"
#include "gw-desk-util.h"

/* Scope drop-down positions before the counties. */
enum { SCOPE_AUTO, SCOPE_CITY, N_FIXED_SCOPES };

struct _GwDepartmentBoard
{
  GtkWidget     parent_instance;

  GwCaseStore  *store;
  GwGridSet    *grids;
  GwCase       *gw_case;
  GHashTable   *tiles;         /* code -> GwDepartmentTile */
  GPtrArray    *scope_codes;   /* drop-down position -> county code */
  char         *needle;
  gboolean      droppable;
  gboolean      dragging;

  GtkWidget    *box;
  GtkDropDown  *scope_dropdown;
  GtkSearchEntry *search_entry;
  GtkLabel     *hint_label;
  GtkFlowBox   *flow;
};

G_DEFINE_FINAL_TYPE (GwDepartmentBoard, gw_department_board, GTK_TYPE_WIDGET)

enum {
  CASE_DROPPED,
  TILE_ACTIVATED,
  DRAG_HOVER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The county code the board narrows to, or NULL for the whole city. */
static const char *
scope_county (GwDepartmentBoard *self,
              char               buffer[7])
{
  guint scope = gtk_drop_down_get_selected (self->scope_dropdown);

  if (scope == SCOPE_AUTO && self->gw_case != NULL)
    {
      g_strlcpy (buffer, gw_case_get_grid_code (self->gw_case), 7);
      return buffer;
    }
  if (scope >= N_FIXED_SCOPES && scope < self->scope_codes->len)
    return g_ptr_array_index (self->scope_codes, scope);
  return NULL;
}

static gboolean
filter_tile (GtkFlowBoxChild *child,
             gpointer         user_data)
{
  GwDepartmentBoard *self = user_data;
  GwDepartmentTile *tile = GW_DEPARTMENT_TILE (gtk_flow_box_child_get_child (child));
  const char *area = gw_department_get_area (gw_department_tile_get_department (tile));
  char buffer[7];
  const char *county;

  if (self->needle != NULL)
    return gw_desk_department_matches (gw_department_tile_get_department (tile), self->needle);
  if (gw_department_tile_get_rank (tile) > 0)
    return TRUE;
  county = scope_county (self, buffer);
  /* City-wide departments are in every district. */
  return county == NULL || strlen (area) < 6 || g_str_has_prefix (area, county);
}

static int
sort_tiles (GtkFlowBoxChild *a,
            GtkFlowBoxChild *b,
            gpointer         user_data)
{
  GwDepartmentTile *x = GW_DEPARTMENT_TILE (gtk_flow_box_child_get_child (a));
  GwDepartmentTile *y = GW_DEPARTMENT_TILE (gtk_flow_box_child_get_child (b));
  guint rx = gw_department_tile_get_rank (x), ry = gw_department_tile_get_rank (y);
  GwDepartment *dx = gw_department_tile_get_department (x);
  GwDepartment *dy = gw_department_tile_get_department (y);
  int order;

  if (rx != ry)
    return rx == 0 ? 1 : ry == 0 ? -1 : (int) rx - (int) ry;
  /* About a case, the nearest jurisdiction first (street, county, city); the
   * whole city's overview starts with the city's departments. */
  order = (int) strlen (gw_department_get_area (dx)) - (int) strlen (gw_department_get_area (dy));
  if (GW_DEPARTMENT_BOARD (user_data)->gw_case != NULL)
    order = -order;
  return order ? order : g_strcmp0 (gw_department_get_code (dx), gw_department_get_code (dy));
}

static void
refilter (GwDepartmentBoard *self)
{
  gtk_flow_box_invalidate_filter (self->flow);
}

static gboolean
on_drop (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         GwDepartmentBoard *self)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GwCase *gw_case = g_value_get_object (value);

  gtk_widget_remove_css_class (tile, "drop-hover");
  if (!self->droppable || !GW_IS_CASE (gw_case))
    return FALSE;
  g_signal_emit (self, signals[CASE_DROPPED], 0, gw_case,
                 gw_department_tile_get_department (GW_DEPARTMENT_TILE (tile)), tile);
  return TRUE;
}

static GdkDragAction
on_drop_enter (GtkDropTarget     *target,
               double             x,
               double             y,
               GwDepartmentBoard *self)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const GValue *value = gtk_drop_target_get_value (target);

  if (!self->droppable)
    return 0;
  gtk_widget_add_css_class (tile, "drop-hover");
  /* A case dragged from elsewhere (the map) lights up its departments here. */
  if (value != NULL && G_VALUE_HOLDS (value, GW_TYPE_CASE)
      && g_value_get_object (value) != (gpointer) self->gw_case)
    g_signal_emit (self, signals[DRAG_HOVER], 0, g_value_get_object (value));
  return GDK_ACTION_MOVE;
}

static void
on_drop_value (GtkDropTarget     *target,
               GParamSpec        *pspec,
               GwDepartmentBoard *self)
{
  const GValue *value = gtk_drop_target_get_value (target);

  if (self->droppable && value != NULL && G_VALUE_HOLDS (value, GW_TYPE_CASE)
      && g_value_get_object (value) != (gpointer) self->gw_case)
    g_signal_emit (self, signals[DRAG_HOVER], 0, g_value_get_object (value));
}

static void
on_drop_leave (GtkDropTarget *target)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)),
                               "drop-hover");
}

static void
add_drop_target (GwDepartmentBoard *self,
                 GtkWidget         *tile)
{
  GtkDropTarget *target = gtk_drop_target_new (GW_TYPE_CASE, GDK_ACTION_MOVE | GDK_ACTION_COPY);

  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_enter), self, 0);
  g_signal_connect_object (target, "notify::value", G_CALLBACK (on_drop_value), self, 0);
  g_signal_connect (target, "leave", G_CALLBACK (on_drop_leave), NULL);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (target));
}

static const char *
area_name (GwDepartmentBoard *self,
           const char        *area)
{
  const GwGridFeature *feature = self->grids ? gw_grid_set_lookup (self->grids, area) : NULL;

  if (feature != NULL)
    return feature->name;
  return strlen (area) <= 4 ? _("Whole city") : NULL;
}

static void
rebuild_tiles (GwDepartmentBoard *self)
{
  GListModel *departments = gw_case_store_get_departments (self->store);
  guint n = g_list_model_get_n_items (departments);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow))) != NULL)
    gtk_flow_box_remove (self->flow, child);
  g_hash_table_remove_all (self->tiles);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwDepartment) department = g_list_model_get_item (departments, i);
      const char *area = area_name (self, gw_department_get_area (department));
      GtkWidget *tile = gw_department_tile_new (department, area);

      add_drop_target (self, tile);
      gtk_flow_box_append (self->flow, tile);
      g_hash_table_insert (self->tiles, g_strdup (gw_department_get_code (department)), tile);
    }
}

static void
on_departments_changed (GwDepartmentBoard *self)
{
  /* Departments change rarely (a department.updated event): rebuild. */
  rebuild_tiles (self);
}

static void
on_child_activated (GwDepartmentBoard *self,
                    GtkFlowBoxChild   *child)
{
  GtkWidget *tile = gtk_flow_box_child_get_child (child);

  g_signal_emit (self, signals[TILE_ACTIVATED], 0,
                 gw_department_tile_get_department (GW_DEPARTMENT_TILE (tile)), tile);
}

static void
on_search_changed (GwDepartmentBoard *self)
{
  g_free (self->needle);
  self->needle = gw_desk_dup_needle (GTK_EDITABLE (self->search_entry));
  refilter (self);
}

static GtkWidget *
build_header (GwDepartmentBoard *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (_("Departments"));
  GtkWidget *search = gtk_search_entry_new ();
  const char *scopes[] = { _("The case's district"), _("Whole city"), NULL };
  g_autoptr(GtkStringList) list = gtk_string_list_new (scopes);

  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (row), title);
  self->scope_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)),
                                                           NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scope_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Departments of"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scope_dropdown), _("Departments of"));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->scope_dropdown));
  self->search_entry = GTK_SEARCH_ENTRY (search);
  g_object_set (search, "placeholder-text", _("Find a department"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a department"), -1);
  gtk_widget_set_hexpand (search, TRUE);
  gtk_box_append (GTK_BOX (row), search);

  g_signal_connect_swapped (search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->scope_dropdown, "notify::selected", G_CALLBACK (refilter), self);
  return row;
}

static void
build (GwDepartmentBoard *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *hint = gtk_label_new (_("Drag a case onto a department to assign it. Suggested departments light up."));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), build_header (self));

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "board-hint");
  self->hint_label = GTK_LABEL (hint);
  gtk_box_append (GTK_BOX (self->box), hint);

  self->flow = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->flow, TRUE);
  gtk_flow_box_set_min_children_per_line (self->flow, 2);
  gtk_flow_box_set_max_children_per_line (self->flow, 4);
  gtk_flow_box_set_column_spacing (self->flow, 6);
  gtk_flow_box_set_row_spacing (self->flow, 6);
  gtk_flow_box_set_activate_on_single_click (self->flow, FALSE);
  gtk_flow_box_set_filter_func (self->flow, filter_tile, self, NULL);
  gtk_flow_box_set_sort_func (self->flow, sort_tiles, self, NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->flow), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->flow), "department-board");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->flow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Departments"), -1);
  g_signal_connect_swapped (self->flow, "child-activated", G_CALLBACK (on_child_activated), self);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->flow));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);
}

static void
gw_department_board_dispose (GObject *object)
{
  GwDepartmentBoard *self = GW_DEPARTMENT_BOARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->gw_case);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  G_OBJECT_CLASS (gw_department_board_parent_class)->dispose (object);
}

static void
gw_department_board_finalize (GObject *object)
{
  GwDepartmentBoard *self = GW_DEPARTMENT_BOARD (object);

  g_hash_table_unref (self->tiles);
  g_ptr_array_unref (self->scope_codes);
  g_free (self->needle);
  G_OBJECT_CLASS (gw_department_board_parent_class)->finalize (object);
}

static void
gw_department_board_class_init (GwDepartmentBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_department_board_dispose;
  object_class->finalize = gw_department_board_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "departmentboard");

  /**
   * GwDepartmentBoard::case-dropped:
   * @case: the dropped case
   * @department: the department it was dropped on
   * @tile: the tile (to point a confirmation at)
   */
  signals[CASE_DROPPED] = g_signal_new ("case-dropped", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                        GW_TYPE_CASE, GW_TYPE_DEPARTMENT, GTK_TYPE_WIDGET);
  /**
   * GwDepartmentBoard::tile-activated:
   * @department: the department whose tile was activated (Enter, double click)
   * @tile: the tile
   */
  signals[TILE_ACTIVATED] = g_signal_new ("tile-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                          GW_TYPE_DEPARTMENT, GTK_TYPE_WIDGET);
  /**
   * GwDepartmentBoard::drag-hover:
   * @case: a case dragged over the board that is not the board's case
   */
  signals[DRAG_HOVER] = g_signal_new ("drag-hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_CASE);
}

static void
gw_department_board_init (GwDepartmentBoard *self)
{
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->scope_codes = g_ptr_array_new_with_free_func (g_free);
  self->droppable = TRUE;
  build (self);
}

GtkWidget *
gw_department_board_new (GwCaseStore *store)
{
  GwDepartmentBoard *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);
  self = g_object_new (GW_TYPE_DEPARTMENT_BOARD, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (gw_case_store_get_departments (store), "items-changed",
                           G_CALLBACK (on_departments_changed), self, G_CONNECT_SWAPPED);
  rebuild_tiles (self);
  return GTK_WIDGET (self);
}

static void
fill_scopes (GwDepartmentBoard *self)
{
  const char *fixed[] = { _("The case's district"), _("Whole city"), NULL };
  g_autoptr(GtkStringList) list = gtk_string_list_new (fixed);
  const GwGridFeature * const *counties = NULL;
  guint n = 0;

  g_ptr_array_set_size (self->scope_codes, 0);
  g_ptr_array_add (self->scope_codes, NULL);
  g_ptr_array_add (self->scope_codes, NULL);
  if (self->grids != NULL)
    counties = gw_grid_set_get_level (self->grids, GW_GRID_LEVEL_COUNTY, &n);
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (list, counties[i]->name);
      g_ptr_array_add (self->scope_codes, g_strdup (counties[i]->code));
    }
  gtk_drop_down_set_model (self->scope_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->scope_dropdown, SCOPE_AUTO);
}

void
gw_department_board_set_grids (GwDepartmentBoard *self,
                               GwGridSet         *grids)
{
  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids ? gw_grid_set_ref (grids) : NULL;
  fill_scopes (self);
  rebuild_tiles (self);
}

void
gw_department_board_update_loads (GwDepartmentBoard *self,
                                  GwDeskIndex       *index)
{
  GHashTableIter iter;
  gpointer code, tile;

  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, &code, &tile))
    gw_department_tile_set_load (tile, gw_desk_index_get_load (index, code));
}

void
gw_department_board_set_case (GwDepartmentBoard *self,
                              GwCase            *gw_case)
{
  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  if (!g_set_object (&self->gw_case, gw_case))
    return;
  gtk_flow_box_invalidate_sort (self->flow);
  refilter (self);
}

void
gw_department_board_set_suggestions (GwDepartmentBoard *self,
                                     GPtrArray         *suggestions)
{
  GHashTableIter iter;
  gpointer tile;

  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &tile))
    if (gw_department_tile_get_rank (tile) > 0)
      gw_department_tile_set_suggested (tile, 0, NULL);
  for (guint i = 0, rank = 0; suggestions != NULL && i < suggestions->len; i++)
    {
      GwSuggestion *s = g_ptr_array_index (suggestions, i);

      tile = g_hash_table_lookup (self->tiles, gw_department_get_code (s->department));
      if (tile != NULL && s->lit)
        gw_department_tile_set_suggested (tile, ++rank, s->reason);
    }
  gtk_flow_box_invalidate_sort (self->flow);
  refilter (self);
}

void
gw_department_board_set_dragging (GwDepartmentBoard *self,
                                  gboolean           dragging)
{
  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  /* State only: a style class on the board would restyle every tile at drag
   * start (measured: tens of milliseconds); the lit tiles say enough. */
  self->dragging = dragging;
}

gboolean
gw_department_board_get_dragging (GwDepartmentBoard *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT_BOARD (self), FALSE);
  return self->dragging;
}

void
gw_department_board_set_droppable (GwDepartmentBoard *self,
                                   gboolean           droppable)
{
  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  self->droppable = droppable;
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), droppable);
}

GwDepartmentTile *
gw_department_board_get_tile (GwDepartmentBoard *self,
                              const char        *code)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT_BOARD (self), NULL);
  return code ? g_hash_table_lookup (self->tiles, code) : NULL;
}

void
gw_department_board_focus (GwDepartmentBoard *self)
{
  g_return_if_fail (GW_IS_DEPARTMENT_BOARD (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->flow));
}
