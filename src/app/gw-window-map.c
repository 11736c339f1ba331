/* gw-window-map.c: the window's map area
 *
 * The map fills the map slot, above the case list in the same paned. The area
 * selected on the map filters the list; a case clicked on the map is
 * selected in the list. The wall's map is dark, the desk's light.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include "gw-map-view.h"
#include "gw-window-private.h"

#define MAP_KEY "gw-map-view"

static gboolean
case_in_area (gpointer item,
              gpointer user_data)
{
  const char *grid = gw_case_get_grid_code (item);

  /* Division codes nest: a grid's code starts with its every ancestor's. */
  return grid != NULL && g_str_has_prefix (grid, user_data);
}

void
gw_window_set_area_filter (GwWindow   *self,
                           const char *code)
{
  g_autoptr(GtkCustomFilter) filter = NULL;

  g_return_if_fail (GW_IS_WINDOW (self));

  if (code != NULL)
    filter = gtk_custom_filter_new (case_in_area, g_strdup (code), g_free);
  gtk_filter_list_model_set_filter (self->area_filter, GTK_FILTER (filter));
}

static void
on_area_selected (GwMapView  *map,
                  const char *code,
                  GwWindow   *self)
{
  gw_window_set_area_filter (self, code);
}

static guint
find_case (GwWindow *self,
           GwCase   *gw_case)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) item = g_list_model_get_item (model, i);

      if (item == gw_case)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* GTK 4.8's column view has no scroll_to; its list view has the action. */
static void
scroll_list_to (GwWindow *self,
                guint     position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->case_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
on_case_activated (GwMapView *map,
                   GwCase    *gw_case,
                   GwWindow  *self)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (self->case_view);
  guint position = find_case (self, gw_case);

  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Outside the selected area: show the whole city's list again. */
      gw_map_view_select_area (map, NULL);
      position = find_case (self, gw_case);
    }
  if (position == GTK_INVALID_LIST_POSITION || selection == NULL)
    return;
  gtk_selection_model_select_item (selection, position, TRUE);
  scroll_list_to (self, position);
}

static void
on_grids_changed (GwWindow *self)
{
  GwMapView *map = g_object_get_data (G_OBJECT (self), MAP_KEY);

  gw_map_view_set_grids (map, gw_application_get_grids (self->application));
}

/* The desk sets itself up after the map; its class decides the map's style. */
static gboolean
choose_style (gpointer user_data)
{
  GwWindow *self = user_data;
  GwMapView *map = g_object_get_data (G_OBJECT (self), MAP_KEY);
  GwLayout layout = gw_application_get_layout (self->application);
  gboolean desk = layout == GW_LAYOUT_DISPATCH
                  || (layout != GW_LAYOUT_WALL && gtk_widget_has_css_class (GTK_WIDGET (self), "desk"));

  gw_map_view_set_style (map, desk ? GW_MAP_STYLE_LIGHT : GW_MAP_STYLE_DARK);
  return G_SOURCE_REMOVE;
}

void
gw_window_setup_map (GwWindow *self)
{
  GtkWidget *map = gw_map_view_new ();

  g_object_set_data (G_OBJECT (self), MAP_KEY, map);
  gtk_widget_set_size_request (map, 320, 240);
  gw_map_view_set_store (GW_MAP_VIEW (map), self->store);
  gw_map_view_set_grids (GW_MAP_VIEW (map), gw_application_get_grids (self->application));
  gw_window_apply_map_settings (self);
  g_signal_connect_object (map, "area-selected", G_CALLBACK (on_area_selected), self, 0);
  g_signal_connect_object (map, "case-activated", G_CALLBACK (on_case_activated), self, 0);
  g_signal_connect_object (self->application, "grids-changed", G_CALLBACK (on_grids_changed), self,
                           G_CONNECT_SWAPPED);

  gtk_box_append (self->map_slot, map);
  gtk_widget_set_visible (GTK_WIDGET (self->map_slot), TRUE);
  /* The map is the centre of the screen; the list keeps a few rows. */
  gtk_paned_set_resize_end_child (self->main_paned, FALSE);
  choose_style (self);
  g_idle_add_full (G_PRIORITY_DEFAULT, choose_style, g_object_ref (self), g_object_unref);
}

/**
 * gw_window_get_map_view:
 * @self: a window
 *
 * Returns: (transfer none): the window's map, for tests
 */
GtkWidget *
gw_window_get_map_view (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return g_object_get_data (G_OBJECT (self), MAP_KEY);
}
