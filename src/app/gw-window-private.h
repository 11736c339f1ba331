/* gw-window-private.h: GwWindow's parts, shared by the files it is split into
 *
 * The window is one class in several files: gw-window.c (connection, figures,
 * case list) and one file per area it hosts (the map, the dispatch desk, the
 * wall's charts). Each area fills its slot of the template and is set up from
 * gw_window_attach().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-window.h"

G_BEGIN_DECLS

typedef enum
{
  FIGURE_ACCEPTED,
  FIGURE_CLOSED,
  FIGURE_OPEN,
  FIGURE_OVERDUE,
  FIGURE_CLOSURE,
  FIGURE_SATISFACTION,
  FIGURE_ON_TIME,
  FIGURE_LOCAL,
  N_FIGURES
} Figure;

typedef enum
{
  COLUMN_ID,
  COLUMN_REPORTED,
  COLUMN_TYPE,
  COLUMN_PRIORITY,
  COLUMN_STEP,
  COLUMN_GRID,
  COLUMN_DEPARTMENT,
  COLUMN_DEADLINE,
  COLUMN_ADDRESS,
  N_COLUMNS
} Column;

struct _GwWindow
{
  AdwApplicationWindow  parent_instance;

  GwApplication        *application;
  GwCaseStore          *store;
  GwStats              *stats;
  GwFeed               *feed;
  GtkFilterListModel   *area_filter;    /* under sorted, owned by it */
  GtkSortListModel     *sorted;
  GtkWidget            *figures[N_FIGURES];
  guint                 tick_id;

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkWidget            *connection_box;
  int                   connection_shown;   /* the GwFeedState the box shows; -1: none yet */
  GtkImage             *connection_icon;
  GtkLabel             *connection_label;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkBox               *figures_box;
  GtkBox               *content_box;
  GtkBox               *start_slot;     /* the desk's queue */
  GtkPaned             *main_paned;
  GtkBox               *map_slot;       /* the map */
  GtkScrolledWindow    *case_scroller;
  GtkColumnView        *case_view;
  GtkBox               *end_slot;       /* departments and detail, or charts */
  GtkLabel             *cases_label;
  GtkLabel             *counters_label;
  GtkMenuButton        *rejected_button;
  GtkLabel             *rejected_label;
};

/* Each area's set-up, called once the window is attached to its application. */
void gw_window_setup_map      (GwWindow *self);  /* gw-window-map.c */
/* Shows only the cases in the area @code (any level), or all for NULL. */
void gw_window_set_area_filter (GwWindow   *self,
                                const char *code);  /* gw-window-map.c */
GtkWidget *gw_window_get_map_view (GwWindow *self); /* gw-window-map.c, for tests */
/* The map's base tiles, coordinate system and colouring from the settings, followed. */
void gw_window_apply_map_settings (GwWindow *self);  /* gw-window-map-source.c */
void gw_window_setup_dispatch (GwWindow *self);  /* gw-window-dispatch.c */
void gw_window_setup_wall     (GwWindow *self);  /* gw-window-wall.c */

/* gw-window-export.c: win.export-png */
void gw_window_export_png_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);

G_END_DECLS
