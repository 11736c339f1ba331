/* gw-window-wall.c: what the window does on a video wall (大屏)
 *
 * A wall runs unattended in a room that never sleeps: fullscreen, no cursor,
 * no screensaver, nothing that waits for a click. It announces what the room
 * must see: a ticker of the newest cases, an alarm for a major case (重大) or a
 * CAP alert until it times out (or a desk acknowledges it), and the centre's
 * emergency mode (战时).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>
#if HAVE_GSOUND
#include <gsound.h>
#endif

#include "gw-chart-panel.h"
#include "gw-frame-turns.h"
#include "gw-map-view.h"
#include "gw-ticker.h"
#include "gw-window-private.h"

/* How many of the newest cases the ticker shows: few enough that a case's
 * place is still there when read from 10 m. */
#define N_TICKER_ITEMS 4
/* A dispatcher's "show on wall" holds the tour this long. */
#define SHOW_HOLD_SECONDS 60
/* Cases reported longer ago than this are history, not news. */
#define NEWS_WINDOW_SECONDS (15 * 60)
/* The alarm card's two states alternate this often. */
#define PULSE_MS 800
/* An alarm shows at least this long before a newer one takes its place: at
 * a busy centre's rate a major case a second would be unreadable, and each
 * new text relayouts and repaints the card. */
#define ALARM_HOLD_MS 5000

/* What an alarm is for (@kind "case" or "alert" and @id, so that a desk can
 * acknowledge it) and what it says. */
typedef struct
{
  char *kind;
  char *id;
  char *title;
  char *body;
} Alarm;

static void
alarm_clear (Alarm *alarm)
{
  g_clear_pointer (&alarm->kind, g_free);
  g_clear_pointer (&alarm->id, g_free);
  g_clear_pointer (&alarm->title, g_free);
  g_clear_pointer (&alarm->body, g_free);
}

/* The alarm pulses in steps the wall's turns schedule (gw-frame-turns.c),
 * not in a CSS animation of its own: each step repaints the card and its
 * glow, and a step in the same frame as a chart's change would repaint all
 * that lies between them. */
static const char wall_css[] =
  "window.wall .alarm { animation: none; box-shadow: 0 0 0 4px alpha(@error_color, 0.9); }\n"
  "window.wall .alarm.pulse { box-shadow: 0 0 0 24px alpha(@error_color, 0.2); }\n"
  /* Figures that no longer move must not look live. */
  "window.wall.stale chartpanel { opacity: 0.45; }\n";

typedef struct
{
  GwWindow   *window;
  GtkOverlay *overlay;
  GtkWidget  *ticker;
  GPtrArray  *news;             /* GwCase, the newest last */
  guint       ticker_flush_id;
  GtkWidget  *alarm;
  GtkLabel   *alarm_title;
  GtkLabel   *alarm_body;
  GtkLabel   *mode_label;
  GtkWidget  *panels[2];
  guint       tour_id;
  gint64      tour_hold_until;  /* monotonic µs */
  Alarm       shown;            /* the alarm up, if alarm_up */
  Alarm       next;             /* a newer one waiting for the hold to end, or kind NULL */
  gint64      shown_at;         /* monotonic µs */
  guint       hold_id;
  guint       tour_next;     /* index into the tour: 0 the city, then each district */
  guint       alarm_timeout_id;
  guint       pulse_id;
  gboolean    alarm_up;         /* what the card is to show, in its next turn */
  gboolean    pulse_on;
  guint       inhibit_cookie;
  guint       n_cases;
  GSettings  *settings;
#if HAVE_GSOUND
  GSoundContext *sound;
#endif
} Wall;

static void
wall_free (Wall *wall)
{
  g_clear_handle_id (&wall->alarm_timeout_id, g_source_remove);
  g_clear_handle_id (&wall->pulse_id, g_source_remove);
  g_clear_handle_id (&wall->tour_id, g_source_remove);
  g_clear_handle_id (&wall->ticker_flush_id, g_source_remove);
  g_clear_pointer (&wall->news, g_ptr_array_unref);
  g_clear_object (&wall->settings);
  g_clear_handle_id (&wall->hold_id, g_source_remove);
  alarm_clear (&wall->shown);
  alarm_clear (&wall->next);
#if HAVE_GSOUND
  g_clear_object (&wall->sound);
#endif
  g_free (wall);
}

static void
play_alarm_sound (Wall *wall)
{
#if HAVE_GSOUND
  g_autoptr(GError) error = NULL;

  if (!g_settings_get_boolean (wall->settings, "alarm-sound"))
    return;
  if (wall->sound == NULL && (wall->sound = gsound_context_new (NULL, &error)) == NULL)
    {
      g_warning ("No alarm sound: %s", error->message);
      return;
    }
  gsound_context_play_simple (wall->sound, NULL, &error,
                              GSOUND_ATTR_EVENT_ID, "alarm-clock-elapsed",
                              GSOUND_ATTR_EVENT_DESCRIPTION, _("Alarm on the video wall"),
                              NULL);
  if (error != NULL)
    g_warning ("Could not play the alarm sound: %s", error->message);
#endif
}

static char *
describe_case (GwWindow *self,
               GwCase   *gw_case)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (gw_case_get_requested (gw_case));
  g_autofree char *time = g_date_time_format (local, "%H:%M");

  /* Most cases are normal: only a higher priority takes room from the place
   * (the ticker also sets those in bold and colour). */
  if (gw_case_get_priority (gw_case) == GW_PRIORITY_NORMAL)
    /* Translators: a case on the wall's ticker: time, type, address */
    return g_strdup_printf (_("%s  %s · %s"), time, gw_case_get_service_name (gw_case),
                            gw_case_get_address (gw_case));
  /* Translators: a case on the wall's ticker: time, type, priority, address */
  return g_strdup_printf (_("%s  %s · %s · %s"), time,
                          gw_case_get_service_name (gw_case),
                          gw_priority_get_label (gw_case_get_priority (gw_case)),
                          gw_case_get_address (gw_case));
}

/* The ticker changes at most once a second whatever the feed's rate, in a
 * frame of its own (its turn), and never changes size: a busy feed must not
 * relayout the wall. */
static gboolean
on_ticker_flush (gpointer user_data)
{
  Wall *wall = user_data;
  guint n = wall->news->len;
  g_auto(GStrv) texts = g_new0 (char *, n + 1);
  g_autofree GwPriority *priorities = g_new0 (GwPriority, n + 1);

  wall->ticker_flush_id = 0;
  for (guint i = 0; i < n; i++)
    {
      GwCase *gw_case = g_ptr_array_index (wall->news, n - 1 - i);

      texts[i] = describe_case (wall->window, gw_case);
      priorities[i] = gw_case_get_priority (gw_case);
    }
  gw_ticker_set_items (GW_TICKER (wall->ticker), (const char * const *) texts, priorities, n);
  return G_SOURCE_REMOVE;
}

static void
ticker_push (Wall   *wall,
             GwCase *gw_case)
{
  g_ptr_array_add (wall->news, g_object_ref (gw_case));
  if (wall->news->len > N_TICKER_ITEMS)
    g_ptr_array_remove_index (wall->news, 0);
  if (wall->ticker_flush_id == 0)
    wall->ticker_flush_id = g_timeout_add_seconds (1, on_ticker_flush, wall);
}

static void
build_ticker (Wall *wall)
{
  wall->ticker = gw_ticker_new (N_TICKER_ITEMS);
  gtk_widget_set_hexpand (wall->ticker, TRUE);
  gtk_widget_add_css_class (wall->ticker, "ticker");
  wall->news = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The card shows what the wall wants it to, in a frame of its own. It stays
 * mapped when down, at opacity 0 (GTK then skips it), so that its turns know
 * where it is: it appears and goes like any other change of the wall. */
static void
alarm_turn (GtkWidget *alarm,
            gpointer   user_data)
{
  Wall *wall = user_data;

  if (wall->alarm_up && g_strcmp0 (gtk_label_get_text (wall->alarm_title), wall->shown.title) != 0)
    gtk_label_set_text (wall->alarm_title, wall->shown.title);
  if (wall->alarm_up && g_strcmp0 (gtk_label_get_text (wall->alarm_body), wall->shown.body) != 0)
    gtk_label_set_text (wall->alarm_body, wall->shown.body);
  if (wall->pulse_on && wall->alarm_up)
    gtk_widget_add_css_class (alarm, "pulse");
  else
    gtk_widget_remove_css_class (alarm, "pulse");
  gtk_widget_set_opacity (alarm, wall->alarm_up ? 1 : 0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (alarm), GTK_ACCESSIBLE_STATE_HIDDEN,
                               !wall->alarm_up, -1);
}

static gboolean
on_pulse (gpointer user_data)
{
  Wall *wall = user_data;

  wall->pulse_on = !wall->pulse_on;
  gw_frame_turns_ask (wall->alarm, alarm_turn, wall);
  return G_SOURCE_CONTINUE;
}

static void show_next_alarm (Wall *wall);

/* The alarm goes, or gives its place to a newer one nobody saw yet. */
static void
hide_alarm (Wall *wall)
{
  if (wall->next.kind != NULL)
    {
      show_next_alarm (wall);
      return;
    }
  g_clear_handle_id (&wall->hold_id, g_source_remove);
  alarm_clear (&wall->shown);
  g_clear_handle_id (&wall->alarm_timeout_id, g_source_remove);
  g_clear_handle_id (&wall->pulse_id, g_source_remove);
  wall->alarm_up = FALSE;
  wall->pulse_on = FALSE;
  gw_frame_turns_ask (wall->alarm, alarm_turn, wall);
}

static gboolean
on_alarm_timeout (gpointer user_data)
{
  Wall *wall = user_data;

  wall->alarm_timeout_id = 0;
  hide_alarm (wall);
  return G_SOURCE_REMOVE;
}

static void
show_next_alarm (Wall *wall)
{
  g_clear_handle_id (&wall->hold_id, g_source_remove);
  alarm_clear (&wall->shown);
  wall->shown = wall->next;
  wall->next = (Alarm) { NULL };
  wall->shown_at = g_get_monotonic_time ();
  wall->alarm_up = TRUE;
  gw_frame_turns_ask (wall->alarm, alarm_turn, wall);
  if (wall->pulse_id == 0)
    wall->pulse_id = g_timeout_add (PULSE_MS, on_pulse, wall);
  g_clear_handle_id (&wall->alarm_timeout_id, g_source_remove);
  /* An alarm nobody acknowledges gives the room its screen back. */
  wall->alarm_timeout_id = g_timeout_add_seconds (g_settings_get_uint (wall->settings,
                                                                       "alarm-timeout"),
                                                  on_alarm_timeout, wall);
  play_alarm_sound (wall);
}

static gboolean
on_hold_over (gpointer user_data)
{
  Wall *wall = user_data;

  wall->hold_id = 0;
  if (wall->next.kind != NULL)
    show_next_alarm (wall);
  return G_SOURCE_REMOVE;
}

/* @kind and @id name what the alarm is for, so a desk can acknowledge it.
 * The newest alarm shows once the one up has shown for ALARM_HOLD_MS. */
static void
raise_alarm (Wall       *wall,
             const char *kind,
             const char *id,
             const char *title,
             const char *body)
{
  gint64 held = (g_get_monotonic_time () - wall->shown_at) / 1000;

  alarm_clear (&wall->next);
  wall->next = (Alarm) { g_strdup (kind), g_strdup (id), g_strdup (title), g_strdup (body) };
  if (!wall->alarm_up || held >= ALARM_HOLD_MS)
    show_next_alarm (wall);
  else if (wall->hold_id == 0)
    wall->hold_id = g_timeout_add (ALARM_HOLD_MS - held, on_hold_over, wall);
}

static gboolean
is_news (GwCase *gw_case)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_difference (now, gw_case_get_requested (gw_case))
         < NEWS_WINDOW_SECONDS * G_TIME_SPAN_SECOND;
}

/* The store appends cases as events report them; a snapshot replaces
 * everything at once and is not news. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GwWindow   *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");
  gboolean appended = removed == 0 && position == wall->n_cases;

  wall->n_cases = g_list_model_get_n_items (model);
  if (!appended || added > 100)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GwCase) gw_case = g_list_model_get_item (model, i);

      if (!is_news (gw_case))
        continue;
      ticker_push (wall, gw_case);
      if (gw_case_get_priority (gw_case) == GW_PRIORITY_MAJOR)
        {
          g_autofree char *body = describe_case (wall->window, gw_case);

          raise_alarm (wall, "case", gw_case_get_id (gw_case), _("Major Case"), body);
        }
    }
}

static void
on_alert (GwCaseStore *store,
          GwEvent     *event,
          GwWindow    *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");
  const char *headline = gw_event_get_alert_headline (event);
  const char *severity = gw_event_get_alert_severity (event);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("%s%s%s", headline ? headline : gw_event_get_alert_identifier (event),
                          severity ? " · " : "", severity ? severity : "");
  raise_alarm (wall, "alert", gw_event_get_alert_identifier (event), _("Alert"), body);
}

static void
on_alarm_acknowledged (GwCaseStore *store,
                       GwEvent     *event,
                       GwWindow    *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");

  const char *kind = gw_event_get_wall_kind (event);
  const char *code = gw_event_get_wall_code (event);

  /* One waiting its turn is acknowledged too: it never needs showing. */
  if (wall->next.kind != NULL && g_strcmp0 (wall->next.kind, kind) == 0 &&
      g_strcmp0 (wall->next.id, code) == 0)
    alarm_clear (&wall->next);
  if (!wall->alarm_up || g_strcmp0 (wall->shown.kind, kind) != 0 ||
      g_strcmp0 (wall->shown.id, code) != 0)
    return;
  g_debug ("alarm for %s %s acknowledged by %s", kind, code, gw_event_get_actor_name (event));
  hide_alarm (wall);
}

/* Linkage (大中小屏联动): a desk points every wall at a case, grid or area;
 * the tour resumes after a while. */
static void
on_wall_show (GwCaseStore *store,
              GwEvent     *event,
              GwWindow    *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");
  GtkWidget *map = gw_window_get_map_view (self);
  const char *code = gw_event_get_wall_code (event);

  if (g_strcmp0 (gw_event_get_wall_kind (event), "case") == 0)
    {
      GwCase *gw_case = gw_case_store_lookup (store, code);

      code = gw_case ? gw_case_get_grid_code (gw_case) : NULL;
    }
  if (map == NULL || code == NULL)
    return;
  wall->tour_hold_until = g_get_monotonic_time () + SHOW_HOLD_SECONDS * G_USEC_PER_SEC;
  gw_map_view_drill_to (GW_MAP_VIEW (map), code);
}

static void
on_mode_changed (GwCaseStore *store,
                 GParamSpec  *pspec,
                 GwWindow    *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");
  gboolean emergency = gw_case_store_get_mode (store) == GW_MODE_EMERGENCY;
  const char *reason = gw_case_store_get_mode_reason (store);
  g_autofree char *text = NULL;

  if (emergency)
    {
      gtk_widget_add_css_class (GTK_WIDGET (wall->window), "emergency");
      /* Translators: the centre switched to emergency mode (战时); %s is why */
      text = reason ? g_strdup_printf (_("Emergency mode: %s"), reason)
                    : g_strdup (_("Emergency mode"));
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (wall->window), "emergency");

  gtk_label_set_text (wall->mode_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (wall->mode_label), emergency);
}

static GtkWidget *
build_alarm (Wall *wall)
{
  GtkWidget *card = g_object_new (GTK_TYPE_BOX,
                                  "orientation", GTK_ORIENTATION_VERTICAL,
                                  "spacing", 12,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                  NULL);

  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (card, "alarm");

  wall->alarm_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (wall->alarm_title), "alarm-title");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (wall->alarm_title));

  wall->alarm_body = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (wall->alarm_body, TRUE);
  gtk_label_set_max_width_chars (wall->alarm_body, 40);
  gtk_label_set_justify (wall->alarm_body, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (wall->alarm_body), "alarm-body");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (wall->alarm_body));

  gtk_widget_set_opacity (card, 0);
  gtk_widget_set_can_target (card, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return card;
}

static void
add_wall_css (GtkWidget *window)
{
  static GtkCssProvider *provider;

  if (provider != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, wall_css, -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (window),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
}

/* The map shows a live feed a few cells of the screen at a time: its turns
 * and the rest of the wall's are taken together (gw-frame-turns.c), so that
 * a chart changes with the map's cells next to it, never with those across
 * the wall. A map at opacity 0 is skipped by GTK: it repaints nothing. */
static gboolean
peek_map (gpointer         user_data,
          graphene_rect_t *area)
{
  Wall *wall = user_data;
  GtkWidget *map = gw_window_get_map_view (wall->window);
  graphene_rect_t in_map;
  graphene_point_t origin;

  if (map == NULL || !gtk_widget_get_mapped (map) || gtk_widget_get_opacity (map) == 0 ||
      !gw_map_view_get_next_frame_area (GW_MAP_VIEW (map), &in_map) ||
      !gtk_widget_compute_point (map, GTK_WIDGET (wall->window), &in_map.origin, &origin))
    return FALSE;
  *area = in_map;
  area->origin = origin;
  return TRUE;
}

static void
defer_map (gpointer user_data)
{
  Wall *wall = user_data;
  GtkWidget *map = gw_window_get_map_view (wall->window);

  if (map != NULL)
    gw_map_view_defer_next_frame (GW_MAP_VIEW (map));
}

/* The lost-feed banner over the header (which says the same, shorter)
 * rather than above the map: appearing, it must not move the whole wall,
 * nor slide it down frame by frame. */
static void
float_banner (Wall *wall)
{
  GtkWidget *banner = GTK_WIDGET (wall->window->banner_revealer);

  g_object_ref (banner);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (banner)), banner);
  gtk_revealer_set_transition_type (GTK_REVEALER (banner), GTK_REVEALER_TRANSITION_TYPE_NONE);
  gtk_widget_set_valign (banner, GTK_ALIGN_START);
  gtk_overlay_add_overlay (wall->overlay, banner);
  g_object_unref (banner);
}

/* Wraps the window's content in an overlay for the alarm and the banner,
 * and adds the mode strip on top and the ticker below. */
static void
build_wall (Wall *wall)
{
  AdwApplicationWindow *window = ADW_APPLICATION_WINDOW (wall->window);
  g_autoptr(GtkWidget) content = g_object_ref (adw_application_window_get_content (window));

  adw_application_window_set_content (window, NULL);
  wall->overlay = GTK_OVERLAY (gtk_overlay_new ());
  gtk_overlay_set_child (wall->overlay, content);
  adw_application_window_set_content (window, GTK_WIDGET (wall->overlay));

  wall->alarm = build_alarm (wall);
  gtk_overlay_add_overlay (wall->overlay, wall->alarm);
  float_banner (wall);
  add_wall_css (GTK_WIDGET (window));
  /* The turns ask the map only from their tick callback, which goes with the
   * window's realization, before the window's data (the wall) is freed. */
  gw_frame_turns_set_neighbour (gw_frame_turns_install (GTK_WIDGET (window)),
                                peek_map, defer_map, wall);

  wall->mode_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (wall->mode_label), "mode-strip");
  gtk_widget_set_visible (GTK_WIDGET (wall->mode_label), FALSE);
  gtk_box_insert_child_after (GTK_BOX (content), GTK_WIDGET (wall->mode_label),
                              GTK_WIDGET (wall->window->header_bar));

  build_ticker (wall);
  gtk_box_insert_child_after (GTK_BOX (content), wall->ticker,
                              GTK_WIDGET (wall->window->content_box));

  /* The feed's counters are for a desk, and they change with every event at
   * both ends of the wall's bottom edge: without a GPU, a frame repaints the
   * box around all it changed, and the counters stretched that box over the
   * whole wall whenever anything else changed too. The header shows the
   * connection, the banner a lost feed. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (wall->window->cases_label)), FALSE);
}

/* The monitor the wall fills, or the union of all of them (-1) for a wall
 * spliced from several outputs. */
static void
fill_monitors (Wall      *wall,
               GtkWindow *window)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  guint n = g_list_model_get_n_items (monitors);
  int chosen = g_settings_get_int (wall->settings, "wall-monitor");
  GdkRectangle area = { 0 };

  /* A monitor that is gone (unplugged output): the first one. */
  if (chosen >= (int) n)
    chosen = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      if (chosen >= 0 && (guint) chosen != i)
        continue;
      gdk_monitor_get_geometry (monitor, &geometry);
      if (area.width == 0)
        area = geometry;
      else
        gdk_rectangle_union (&area, &geometry, &area);
      if (chosen >= 0)
        gtk_window_fullscreen_on_monitor (window, monitor);
    }

  /* Without a window manager (a bare X server driving the wall) nothing honours
   * fullscreen, and spreading over monitors is a plain window that size. */
  if (area.width > 0)
    gtk_window_set_default_size (window, area.width, area.height);

  /* The charts scale with the wall: each side takes a fifth of its width;
   * text outside them doubles on a 4K wall. */
  if (area.width >= 3000)
    gtk_widget_add_css_class (GTK_WIDGET (window), "wall-4k");
  if (area.width > 0)
    {
      gtk_widget_set_size_request (GTK_WIDGET (wall->window->start_slot), area.width / 5, -1);
      gtk_widget_set_size_request (GTK_WIDGET (wall->window->end_slot), area.width / 5, -1);
    }
}

static void
on_grids_changed (GwApplication *application,
                  GwWindow      *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");

  /* Grids come after each start of the feed: its client is the current centre's. */
  for (guint i = 0; i < G_N_ELEMENTS (wall->panels); i++)
    {
      gw_chart_panel_set_grids (GW_CHART_PANEL (wall->panels[i]),
                                gw_application_get_grids (application));
      gw_chart_panel_set_client (GW_CHART_PANEL (wall->panels[i]),
                                 gw_feed_get_client (gw_application_get_feed (application)));
    }
}

/* Figures and charts on both sides of the map; the case list gives way. */
static void
add_chart_panels (Wall *wall)
{
  GwWindow *self = wall->window;
  GtkBox *slots[] = { self->start_slot, self->end_slot };

  for (guint i = 0; i < G_N_ELEMENTS (wall->panels); i++)
    {
      wall->panels[i] = gw_chart_panel_new (self->store,
                                            i == 0 ? GW_CHART_PANEL_LEFT : GW_CHART_PANEL_RIGHT);
      gw_chart_panel_set_style (GW_CHART_PANEL (wall->panels[i]), 1);
      gtk_widget_set_vexpand (wall->panels[i], TRUE);
      gtk_box_append (slots[i], wall->panels[i]);
      gtk_widget_set_visible (GTK_WIDGET (slots[i]), TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->case_scroller), FALSE);
  g_signal_connect_object (self->application, "grids-changed", G_CALLBACK (on_grids_changed),
                           self, 0);
  on_grids_changed (self->application, self);
}

/* The charts follow what the map shows. */
static void
on_area_selected (GwMapView  *map,
                  const char *code,
                  GwWindow   *self)
{
  Wall *wall = g_object_get_data (G_OBJECT (self), "gw-wall");

  for (guint i = 0; i < G_N_ELEMENTS (wall->panels); i++)
    gw_chart_panel_set_area_filter (GW_CHART_PANEL (wall->panels[i]), code);
}

/* The tour: the whole city, then each district in turn. Returns NULL for the
 * city and a district's code otherwise. */
static const char *
tour_stop (GwGridSet *grids,
           guint      index)
{
  guint n = gw_grid_set_get_n_features (grids);
  guint seen = 0;

  for (guint i = 0; i < n && index > 0; i++)
    {
      const GwGridFeature *feature = gw_grid_set_get_feature (grids, i);

      if (feature->level == GW_GRID_LEVEL_COUNTY && ++seen == index)
        return feature->code;
    }
  return NULL;
}

static gboolean
on_tour_tick (gpointer user_data)
{
  Wall *wall = user_data;
  GtkWidget *map = gw_window_get_map_view (wall->window);
  GwGridSet *grids = gw_application_get_grids (wall->window->application);
  const char *code;

  /* An alarm, or what a desk asked the room to see, holds the tour. */
  if (map == NULL || grids == NULL || wall->alarm_up
      || g_get_monotonic_time () < wall->tour_hold_until)
    return G_SOURCE_CONTINUE;

  /* Past the last district the stop is the city again, and the round restarts. */
  code = tour_stop (grids, wall->tour_next);
  gw_map_view_drill_to (GW_MAP_VIEW (map), code);
  wall->tour_next = code == NULL ? 1 : wall->tour_next + 1;
  return G_SOURCE_CONTINUE;
}

static void
start_tour (Wall *wall)
{
  guint interval = g_settings_get_uint (wall->settings, "tour-interval");
  GtkWidget *map = gw_window_get_map_view (wall->window);

  g_clear_handle_id (&wall->tour_id, g_source_remove);
  if (map != NULL)
    g_signal_connect_object (map, "area-selected", G_CALLBACK (on_area_selected),
                             wall->window, 0);
  if (interval > 0)
    wall->tour_id = g_timeout_add_seconds (interval, on_tour_tick, wall);
}

static void
on_realize (GtkWidget *widget,
            Wall      *wall)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));

  fill_monitors (wall, GTK_WINDOW (widget));
  /* The room must never see a screensaver or a blanked wall. */
  wall->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (widget),
                                                  GTK_APPLICATION_INHIBIT_IDLE,
                                                  _("Showing the command centre's video wall"));
}

void
gw_window_setup_wall (GwWindow *self)
{
  Wall *wall;

  if (gw_application_get_layout (self->application) != GW_LAYOUT_WALL)
    return;

  wall = g_new0 (Wall, 1);
  wall->window = self;
  wall->settings = g_object_ref (gw_settings_get_gsettings (gw_application_get_settings (self->application)));
  wall->n_cases = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_object_set_data_full (G_OBJECT (self), "gw-wall", wall, (GDestroyNotify) wall_free);

  build_wall (wall);
  add_chart_panels (wall);
  start_tour (wall);
  gtk_widget_add_css_class (GTK_WIDGET (self), "wall");
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "none");
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), wall);
  gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);

  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_items_changed), self, 0);
  g_signal_connect_object (self->store, "alert", G_CALLBACK (on_alert), self, 0);
  g_signal_connect_object (self->store, "alarm-acknowledged", G_CALLBACK (on_alarm_acknowledged),
                           self, 0);
  g_signal_connect_object (self->store, "wall-show", G_CALLBACK (on_wall_show), self, 0);
  g_signal_connect_object (self->store, "notify::mode", G_CALLBACK (on_mode_changed), self, 0);
  on_mode_changed (self->store, NULL, self);
}

const char *
gw_window_get_alarm_text (GwWindow *self)
{
  Wall *wall;

  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  wall = g_object_get_data (G_OBJECT (self), "gw-wall");
  if (wall == NULL || gtk_widget_get_opacity (wall->alarm) == 0)
    return NULL;
  return gtk_label_get_text (wall->alarm_body);
}

const char *
gw_window_get_mode_text (GwWindow *self)
{
  Wall *wall;

  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  wall = g_object_get_data (G_OBJECT (self), "gw-wall");
  if (wall == NULL || !gtk_widget_get_visible (GTK_WIDGET (wall->mode_label)))
    return NULL;
  return gtk_label_get_text (wall->mode_label);
}
