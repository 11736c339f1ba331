/* gw-window-dispatch.c: the window's dispatch desk
 *
 * On the dispatch layout (or AUTO with a dispatcher's token) the queue takes
 * the start slot and the department board over the case detail the end slot;
 * the map, when there is one, stays in the middle. The desk's toasts cover the
 * whole working area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include "gw-desk.h"
#include "gw-map-view.h"
#include "gw-settings.h"
#include "gw-window-private.h"

#define QUEUE_WIDTH 380
#define END_WIDTH 580

static void
on_grids_changed (GwWindow *self)
{
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));

  gw_desk_set_grids (desk, gw_application_get_grids (self->application));
}

/* Any case of the window's case list can be opened on the desk. */
static void
on_case_list_activate (GwWindow *self,
                       guint     position)
{
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));
  g_autoptr(GwCase) gw_case = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (gw_case != NULL)
    gw_desk_show_case (desk, gw_case);
}

/* The toast overlay takes the content box's place in the window's column. */
static void
wrap_in_toasts (GwWindow        *self,
                AdwToastOverlay *toasts)
{
  GtkWidget *content = GTK_WIDGET (self->content_box);
  GtkWidget *column = gtk_widget_get_parent (content);
  GtkWidget *before = gtk_widget_get_prev_sibling (content);

  g_object_ref (content);
  gtk_box_remove (GTK_BOX (column), content);
  adw_toast_overlay_set_child (toasts, content);
  gtk_box_insert_child_after (GTK_BOX (column), GTK_WIDGET (toasts), before);
  gtk_widget_set_vexpand (GTK_WIDGET (toasts), TRUE);
  g_object_unref (content);
}

/* A case clicked on the map opens on the desk. */
static void
on_map_case_activated (GwWindow *self,
                       GwCase   *gw_case)
{
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));

  if (gw_case != NULL)
    gw_desk_show_case (desk, gw_case);
}

/* Drag a case from the map onto a department. A drag source on the map view,
 * in the capture phase, claims a press on a single case the desk may assign,
 * so libshumate's own drag gesture never pans the map under it; a press
 * elsewhere is left to the map. Claiming takes the press from the map's click
 * too: a press and release on the case without a drag opens it here, as the
 * map's click would. */
static GdkContentProvider *
on_map_drag_prepare (GtkDragSource *source,
                     double         x,
                     double         y,
                     GwWindow      *self)
{
  GwCase *gw_case = g_object_get_data (G_OBJECT (source), "gw-case");

  if (gw_case == NULL)
    return NULL;
  g_object_set_data (G_OBJECT (source), "gw-dragged", GINT_TO_POINTER (TRUE));
  return gdk_content_provider_new_typed (GW_TYPE_CASE, gw_case);
}

static void
on_map_press (GtkGesture       *gesture,
              GdkEventSequence *sequence,
              GwWindow         *self)
{
  GtkWidget *map = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));
  g_autoptr(GwCase) gw_case = NULL;
  double x, y;

  g_object_set_data (G_OBJECT (gesture), "gw-case", NULL);
  g_object_set_data (G_OBJECT (gesture), "gw-dragged", NULL);
  if (desk == NULL || !gtk_gesture_get_point (gesture, sequence, &x, &y))
    return;
  gw_case = gw_map_view_case_at (GW_MAP_VIEW (map), x, y);
  if (gw_case == NULL || !gw_desk_can_assign (desk, gw_case))
    return;
  g_object_set_data_full (G_OBJECT (gesture), "gw-case", g_object_ref (gw_case), g_object_unref);
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_map_press_end (GtkGesture       *gesture,
                  GdkEventSequence *sequence,
                  GwWindow         *self)
{
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));
  GwCase *gw_case = g_object_get_data (G_OBJECT (gesture), "gw-case");

  if (desk != NULL && gw_case != NULL
      && !g_object_get_data (G_OBJECT (gesture), "gw-dragged"))
    gw_desk_show_case (desk, gw_case);
}

static void
on_map_drag_begin (GtkDragSource *source,
                   GdkDrag       *drag,
                   GwWindow      *self)
{
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));
  GwCase *gw_case = g_object_get_data (G_OBJECT (source), "gw-case");

  if (desk == NULL || gw_case == NULL || !gw_desk_begin_drag (desk, gw_case, drag))
    gtk_drag_source_drag_cancel (source);
}

static void
on_map_drag_end (GtkDragSource *source,
                 GdkDrag       *drag,
                 gboolean       delete_data,
                 GwWindow      *self)
{
  GwDesk *desk = gw_desk_get_for_window (GTK_WINDOW (self));

  g_object_set_data (G_OBJECT (source), "gw-case", NULL);
  if (desk != NULL)
    gw_desk_end_drag (desk);
}

static void
add_map_drag_source (GwWindow  *self,
                     GtkWidget *map)
{
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE | GDK_ACTION_COPY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (source), GTK_PHASE_CAPTURE);
  g_signal_connect_object (source, "begin", G_CALLBACK (on_map_press), self, 0);
  g_signal_connect_object (source, "end", G_CALLBACK (on_map_press_end), self, 0);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_map_drag_prepare), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_map_drag_begin), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (on_map_drag_end), self, 0);
  gtk_widget_add_controller (map, GTK_EVENT_CONTROLLER (source));
}

/* The desk's three columns leave the map a sliver of a 1280-px window, so a
 * first start takes the screen. A window manager maximizes the window; without
 * one (a kiosk X server) the maximize request goes unheard, so the window is
 * also sized to its monitor. */
static void
take_the_screen (GwWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  g_autoptr(GdkMonitor) first = NULL;
  GdkMonitor *monitor = NULL;
  GdkRectangle area;

  gtk_window_maximize (GTK_WINDOW (self));
  if (surface != NULL)
    monitor = gdk_display_get_monitor_at_surface (display, surface);
  if (monitor == NULL)
    monitor = first = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_set_default_size (GTK_WINDOW (self), area.width, area.height);
}

static void
build_desk (GwWindow *self)
{
  GtkWidget *map = gw_window_get_map_view (self);
  GwDesk *desk = gw_desk_new (self->feed);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *queue = GTK_WIDGET (gw_desk_get_queue (desk));

  gw_desk_attach_to_window (desk, GTK_WINDOW (self));
  gtk_widget_set_size_request (queue, QUEUE_WIDTH, -1);
  gtk_widget_set_vexpand (queue, TRUE);
  gtk_box_append (self->start_slot, queue);
  gtk_widget_set_visible (GTK_WIDGET (self->start_slot), TRUE);

  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (gw_desk_get_board (desk)));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (gw_desk_get_detail (desk)));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 330);
  gtk_widget_set_size_request (paned, END_WIDTH, -1);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (self->end_slot, paned);
  gtk_widget_set_visible (GTK_WIDGET (self->end_slot), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "desk");
  /* On a first start only: the size the dispatcher leaves is kept. */
  if (!gw_settings_has_window_size (gw_application_get_settings (self->application)))
    take_the_screen (self);
  /* A desk found after the map was styled (AUTO, once the centre names the role). */
  if (map != NULL)
    gw_map_view_set_style (GW_MAP_VIEW (map), GW_MAP_STYLE_LIGHT);
  /* The queue is the desk's list of cases: the map takes the case list's room. */
  gtk_widget_set_visible (GTK_WIDGET (self->case_scroller), FALSE);

  wrap_in_toasts (self, gw_desk_get_toast_overlay (desk));
  gw_desk_set_grids (desk, gw_application_get_grids (self->application));
  g_signal_connect_object (self->application, "grids-changed", G_CALLBACK (on_grids_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_view, "activate", G_CALLBACK (on_case_list_activate), self,
                           G_CONNECT_SWAPPED);
  if (map != NULL)
    {
      g_signal_connect_object (map, "case-activated", G_CALLBACK (on_map_case_activated), self,
                               G_CONNECT_SWAPPED);
      add_map_drag_source (self, map);
    }
}

static void
on_role_known (GwWindow *self)
{
  if (gw_desk_get_for_window (GTK_WINDOW (self)) != NULL
      || g_strcmp0 (gw_feed_get_role (self->feed), "dispatcher") != 0)
    return;
  build_desk (self);
}

void
gw_window_setup_dispatch (GwWindow *self)
{
  switch (gw_application_get_layout (self->application))
    {
    case GW_LAYOUT_DISPATCH:
      build_desk (self);
      break;
    case GW_LAYOUT_AUTO:
      /* A dispatcher's token turns the desk on once the centre says so. */
      g_signal_connect_object (self->feed, "notify::role", G_CALLBACK (on_role_known), self,
                               G_CONNECT_SWAPPED);
      on_role_known (self);
      break;
    case GW_LAYOUT_WALL:
    default:
      break;
    }
}
