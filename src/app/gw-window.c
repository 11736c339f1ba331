/* gw-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "gw-figure-tile.h"
#include "gw-window-private.h"

/* How many recent rejections the status bar's popover lists. */
#define N_SHOWN_REJECTIONS 10

G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

/* Setters that leave a widget be when nothing changes. */
static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
update_connection (GwWindow *self)
{
  static const char *state_classes[] = { "idle", "connecting", "connected",
                                         "reconnecting", "resyncing", "failed" };
  GwFeedState state = gw_feed_get_state (self->feed);
  g_autofree char *since = gw_format_time (gw_feed_get_state_since (self->feed));
  g_autofree char *last = gw_format_time (gw_feed_get_last_event_time (self->feed));
  const char *error = gw_feed_get_last_error (self->feed);
  const char *setup_error = gw_application_get_setup_error (self->application);
  g_autofree char *text = NULL;
  g_autofree char *banner = NULL;
  const char *icon = "network-offline-symbolic";

  switch (state)
    {
    case GW_FEED_STATE_CONNECTED:
      text = g_strdup (_("Connected"));
      icon = "network-transmit-receive-symbolic";
      break;
    case GW_FEED_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      break;
    case GW_FEED_STATE_RECONNECTING:
      /* Translators: %s is a time of day, e.g. "Reconnecting since 14:03" */
      text = g_strdup_printf (_("Reconnecting since %s"), since);
      /* Translators: the feed is down; %s are times of day */
      banner = g_strdup_printf (_("Feed lost since %s, last data %s"), since, last);
      break;
    case GW_FEED_STATE_RESYNCING:
      text = g_strdup (_("Resynchronising…"));
      icon = "view-refresh-symbolic";
      break;
    case GW_FEED_STATE_FAILED:
      text = g_strdup (_("Connection failed"));
      banner = g_strdup_printf ("%s", error ? error : _("The centre refused the connection"));
      icon = "dialog-error-symbolic";
      break;
    case GW_FEED_STATE_IDLE:
    default:
      text = g_strdup (_("Not connected"));
      break;
    }

  if (setup_error != NULL)
    {
      g_free (banner);
      banner = g_strdup (setup_error);
    }

  /* This runs on every notify of the feed (many a second on a live wall): a
   * class or icon set again restyles and relayouts the window, so only what
   * changed is touched. */
  set_label_text (self->connection_label, text);
  if ((int) state != self->connection_shown)
    {
      self->connection_shown = state;
      gtk_image_set_from_icon_name (self->connection_icon, icon);
      for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
        if (i != (guint) state)
          gtk_widget_remove_css_class (self->connection_box, state_classes[i]);
      if ((guint) state < G_N_ELEMENTS (state_classes))
        gtk_widget_add_css_class (self->connection_box, state_classes[state]);
      /* Figures that no longer move must not look live. */
      if (state == GW_FEED_STATE_CONNECTED)
        gtk_widget_remove_css_class (GTK_WIDGET (self), "stale");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self), "stale");
    }
  set_tooltip (self->connection_box,
               error != NULL && state != GW_FEED_STATE_CONNECTED ? error : NULL);

  set_label_text (self->banner_label, banner ? banner : "");
  gtk_revealer_set_reveal_child (self->banner_revealer, banner != NULL);

  if (gw_feed_get_center_name (self->feed) != NULL)
    adw_window_title_set_subtitle (self->window_title, gw_feed_get_center_name (self->feed));
}

static void
update_figures (GwWindow *self)
{
  const GwFigures *figures = gw_stats_get_figures (self->stats);

  gw_figure_tile_set_count (GW_FIGURE_TILE (self->figures[FIGURE_ACCEPTED]),
                            figures->accepted_today);
  gw_figure_tile_set_count (GW_FIGURE_TILE (self->figures[FIGURE_CLOSED]),
                            figures->closed_today);
  gw_figure_tile_set_count (GW_FIGURE_TILE (self->figures[FIGURE_OPEN]), figures->open);
  gw_figure_tile_set_count (GW_FIGURE_TILE (self->figures[FIGURE_OVERDUE]), figures->overdue);
  gw_figure_tile_set_alert (GW_FIGURE_TILE (self->figures[FIGURE_OVERDUE]),
                            figures->overdue > 0);
  gw_figure_tile_set_rate (GW_FIGURE_TILE (self->figures[FIGURE_CLOSURE]),
                           figures->closure_rate);
  gw_figure_tile_set_rate (GW_FIGURE_TILE (self->figures[FIGURE_SATISFACTION]),
                           figures->satisfaction_rate);
  gw_figure_tile_set_rate (GW_FIGURE_TILE (self->figures[FIGURE_ON_TIME]),
                           figures->on_time_rate);
  gw_figure_tile_set_rate (GW_FIGURE_TILE (self->figures[FIGURE_LOCAL]),
                           figures->local_share);
}

static void
update_counters (GwWindow *self)
{
  g_autofree char *cases = NULL;
  g_autofree char *counters = NULL;
  guint64 rejected = gw_case_store_get_n_rejected (self->store);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  cases = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u case", "%'u cases", n), n);
  gtk_label_set_text (self->cases_label, cases);

  /* Translators: status bar counters of the event feed */
  counters = g_strdup_printf (_("Sequence %" PRIu64
                                " · applied %" PRIu64
                                " · duplicates %" PRIu64
                                " · rejected %" PRIu64),
                              gw_case_store_get_sequence (self->store),
                              gw_case_store_get_n_applied (self->store),
                              gw_case_store_get_n_duplicates (self->store),
                              rejected);
  gtk_label_set_text (self->counters_label, counters);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_button), rejected > 0);
}

static void
update_rejections (GwWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *recent = gw_feed_get_recent_rejections (self->feed);

  if (recent == NULL)
    return;
  for (guint i = 0; i < recent->len && i < N_SHOWN_REJECTIONS; i++)
    g_string_append_printf (text, "%s%s", i ? "\n" : "", (const char *)g_ptr_array_index (recent, i));
  gtk_label_set_text (self->rejected_label, text->str);
}

static void
on_store_changed (GwWindow *self)
{
  update_counters (self);
  update_rejections (self);
}

static gboolean
on_tick (gpointer user_data)
{
  GwWindow *self = user_data;

  /* Times in the header ("since 14:03") and deadlines age without events. */
  update_connection (self);
  gw_stats_refresh (self->stats);
  return G_SOURCE_CONTINUE;
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GwWindow *self = g_object_get_data (G_OBJECT (factory), "window");
  Column column = GPOINTER_TO_UINT (user_data);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  GwCase *gw_case = gtk_list_item_get_item (item);
  g_autofree char *owned = NULL;
  const char *text = NULL;

  gtk_widget_set_css_classes (GTK_WIDGET (label), NULL);
  switch (column)
    {
    case COLUMN_ID:
      text = gw_case_get_id (gw_case);
      break;
    case COLUMN_REPORTED:
      text = owned = gw_format_time (gw_case_get_requested (gw_case));
      break;
    case COLUMN_TYPE:
      text = gw_case_get_service_name (gw_case);
      break;
    case COLUMN_PRIORITY:
      text = gw_priority_get_label (gw_case_get_priority (gw_case));
      if (gw_case_get_priority (gw_case) == GW_PRIORITY_MAJOR)
        gtk_widget_add_css_class (GTK_WIDGET (label), "priority-major");
      else if (gw_case_get_priority (gw_case) == GW_PRIORITY_URGENT)
        gtk_widget_add_css_class (GTK_WIDGET (label), "priority-urgent");
      break;
    case COLUMN_STEP:
      text = gw_step_get_label (gw_case_get_step (gw_case));
      break;
    case COLUMN_GRID:
      {
        GwGridSet *grids = gw_application_get_grids (self->application);
        const GwGridFeature *grid = grids ? gw_grid_set_lookup (grids, gw_case_get_grid_code (gw_case)) : NULL;

        text = grid ? grid->name : gw_case_get_grid_code (gw_case);
      }
      break;
    case COLUMN_DEPARTMENT:
      {
        const char *code = gw_case_get_agency (gw_case);
        GwDepartment *department = code ? gw_case_store_lookup_department (self->store, code) : NULL;

        text = department ? gw_department_get_name (department) : code ? code : "—";
      }
      break;
    case COLUMN_DEADLINE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

        text = owned = gw_format_time (gw_case_get_expected (gw_case));
        if (gw_case_is_overdue (gw_case, now))
          gtk_widget_add_css_class (GTK_WIDGET (label), "overdue");
      }
      break;
    case COLUMN_ADDRESS:
      text = gw_case_get_address (gw_case);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  /* Feed text is plain text, never markup. */
  gtk_label_set_use_markup (label, FALSE);
  gtk_label_set_text (label, text ? text : "");
}

static void
add_column (GwWindow   *self,
            Column      column,
            const char *title,
            gboolean    expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "window", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GUINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->case_view, view_column);
  g_object_unref (view_column);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  GDateTime *ta = gw_case_get_requested ((GwCase *)a);
  GDateTime *tb = gw_case_get_requested ((GwCase *)b);
  int order = g_date_time_compare (tb, ta);

  return order ? order : g_strcmp0 (gw_case_get_id ((GwCase *)b), gw_case_get_id ((GwCase *)a));
}

/* Rows bind names through the grids; new grids mean binding them all again. */
static void
set_case_view_model (GwWindow *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  /* A single selection, none at first: the map selects the case clicked on it. */
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->case_view, GTK_SELECTION_MODEL (selection));
}

static void
setup_case_view (GwWindow *self)
{
  GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_newest_first, NULL, NULL);

  /* The map's selected area filters the list (gw_window_set_area_filter). */
  self->area_filter = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)), NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->area_filter), GTK_SORTER (sorter));
  set_case_view_model (self);

  add_column (self, COLUMN_ID, _("Case"), FALSE);
  add_column (self, COLUMN_REPORTED, C_("case list column", "Reported"), FALSE);
  add_column (self, COLUMN_TYPE, _("Type"), FALSE);
  add_column (self, COLUMN_PRIORITY, _("Priority"), FALSE);
  add_column (self, COLUMN_STEP, _("Status"), FALSE);
  add_column (self, COLUMN_GRID, _("Grid"), FALSE);
  add_column (self, COLUMN_DEPARTMENT, _("Department"), FALSE);
  add_column (self, COLUMN_DEADLINE, _("Deadline"), FALSE);
  add_column (self, COLUMN_ADDRESS, _("Address"), TRUE);
}

static void
setup_figures (GwWindow *self)
{
  const char *titles[N_FIGURES] = {
    [FIGURE_ACCEPTED] = _("Accepted today"),
    [FIGURE_CLOSED] = _("Closed today"),
    [FIGURE_OPEN] = _("Open"),
    [FIGURE_OVERDUE] = _("Overdue now"),
    [FIGURE_CLOSURE] = _("Closure rate"),
    [FIGURE_SATISFACTION] = _("Satisfaction"),
    [FIGURE_ON_TIME] = _("Closed on time"),
    [FIGURE_LOCAL] = _("Solved in town or village"),
  };

  for (guint i = 0; i < N_FIGURES; i++)
    {
      self->figures[i] = gw_figure_tile_new (titles[i]);
      gtk_box_append (self->figures_box, self->figures[i]);
    }
}

/* GtkWindow:application is set after construction, so the window is wired
 * to its application's model here rather than in constructed(). */
static void
gw_window_attach (GwWindow      *self,
                  GwApplication *application)
{
  self->application = application;
  self->store = g_object_ref (gw_application_get_store (self->application));
  self->stats = g_object_ref (gw_application_get_stats (self->application));
  self->feed = g_object_ref (gw_application_get_feed (self->application));

  setup_figures (self);
  setup_case_view (self);
  gw_window_setup_map (self);
  gw_window_setup_dispatch (self);
  gw_window_setup_wall (self);

  g_signal_connect_object (self->feed, "notify", G_CALLBACK (update_connection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stats, "changed", G_CALLBACK (update_figures), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "grids-changed", G_CALLBACK (set_case_view_model), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "grids-changed", G_CALLBACK (update_connection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::setup-error", G_CALLBACK (update_connection),
                           self, G_CONNECT_SWAPPED);
  self->tick_id = g_timeout_add_seconds (15, on_tick, self);

  gw_settings_track_window (gw_application_get_settings (self->application), GTK_WINDOW (self));
  update_connection (self);
  update_figures (self);
  update_counters (self);
}

static void
gw_window_dispose (GObject *object)
{
  GwWindow *self = (GwWindow *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WINDOW);
  g_clear_object (&self->sorted);
  g_clear_object (&self->feed);
  g_clear_object (&self->stats);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_window_parent_class)->dispose (object);
}

static void
gw_window_class_init (GwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, connection_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, figures_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, start_slot);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, map_slot);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, case_scroller);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, end_slot);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, cases_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, counters_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, rejected_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, rejected_label);

  gtk_widget_class_install_property_action (widget_class, "win.fullscreen", "fullscreened");
  gtk_widget_class_install_action (widget_class, "win.export-png", NULL,
                                   gw_window_export_png_action);
}

static void
gw_window_init (GwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->connection_shown = -1;
}

GwWindow *
gw_window_new (GwApplication *application)
{
  g_return_val_if_fail (GW_IS_APPLICATION (application), NULL);

  GwWindow *self = g_object_new (GW_TYPE_WINDOW, "application", application, NULL);

  gw_window_attach (self, application);
  return self;
}

const char *
gw_window_get_connection_text (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->connection_label);
}

const char *
gw_window_get_cases_text (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->cases_label);
}

guint
gw_window_get_n_rows (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const char *
gw_window_get_banner_text (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}
