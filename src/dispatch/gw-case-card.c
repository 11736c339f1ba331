/* gw-case-card.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-card.h"
#include "gw-desk-util.h"

struct _GwCaseCard
{
  GtkWidget    parent_instance;

  GwCase      *gw_case;
  char        *place;
  GwCardState  state;
  char        *state_text;
  gboolean     duplicate;

  GtkWidget   *grid;
  GtkLabel    *priority_label;
  GtkLabel    *type_label;
  GtkLabel    *waiting_label;
  GtkLabel    *place_label;
  GtkLabel    *meta_label;
  GtkLabel    *badge_label;
  GtkLabel    *state_label;
};

G_DEFINE_FINAL_TYPE (GwCaseCard, gw_case_card, GTK_TYPE_WIDGET)

static GtkLabel *
add_label (GwCaseCard *self,
           const char *css_class,
           int         column,
           int         row,
           int         width)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (GTK_GRID (self->grid), label, column, row, width, 1);
  return GTK_LABEL (label);
}

static void
update_accessible (GwCaseCard *self,
                   const char *waiting)
{
  g_autofree char *label = NULL;

  if (self->gw_case == NULL)
    return;
  /* Translators: the accessible name of a queue card: id, type, priority,
   * step, waiting time, place; then the desk's state, if any */
  label = g_strdup_printf (_("Case %s, %s, %s, %s, waiting %s, %s%s%s"),
                           gw_case_get_id (self->gw_case),
                           gw_case_get_service_name (self->gw_case),
                           gw_priority_get_label (gw_case_get_priority (self->gw_case)),
                           gw_step_get_label (gw_case_get_step (self->gw_case)),
                           waiting,
                           self->place ? self->place : gw_case_get_grid_code (self->gw_case),
                           self->state_text ? ", " : "",
                           self->state_text ? self->state_text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
gw_case_card_tick (GwCaseCard *self,
                   gint64      now_us)
{
  g_autofree char *waiting = NULL;

  g_return_if_fail (GW_IS_CASE_CARD (self));
  if (self->gw_case == NULL)
    return;
  waiting = gw_desk_format_duration (gw_desk_case_waiting (self->gw_case, now_us));
  if (g_strcmp0 (gtk_label_get_text (self->waiting_label), waiting) == 0)
    return;
  gtk_label_set_text (self->waiting_label, waiting);
  update_accessible (self, waiting);
}

static void
update_badges (GwCaseCard *self)
{
  GString *badges = g_string_new (NULL);

  if (self->gw_case != NULL && gw_case_get_step (self->gw_case) == GW_STEP_RETURNED)
    g_string_append (badges, _("Returned"));
  if (self->duplicate)
    g_string_append_printf (badges, "%s%s", badges->len ? " · " : "", _("Likely duplicate"));
  gtk_label_set_text (self->badge_label, badges->str);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), badges->len > 0);
  g_string_free (badges, TRUE);
}

static void
update_state (GwCaseCard *self)
{
  static const char *suffixes[] = { NULL, "pending", "conflict", "rejected" };

  gtk_label_set_text (self->state_label, self->state_text ? self->state_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), self->state != GW_CARD_STATE_NONE);
  gw_desk_set_class_variant (GTK_WIDGET (self), "card-state-", suffixes[self->state]);
}

static void
refresh (GwCaseCard *self)
{
  static const char *priorities[] = { "normal", "urgent", "major" };
  GwCase *c = self->gw_case;
  g_autofree char *meta = NULL;
  g_autofree char *place = NULL;

  if (c == NULL)
    return;
  /* Feed text is plain text: set_text only, never markup. */
  gtk_label_set_text (self->priority_label, gw_priority_get_label (gw_case_get_priority (c)));
  gw_desk_set_class_variant (GTK_WIDGET (self), "urgency-", priorities[gw_case_get_priority (c)]);
  gtk_label_set_text (self->type_label, gw_case_get_service_name (c));
  place = g_strdup_printf ("%s · %s", self->place ? self->place : gw_case_get_grid_code (c),
                           gw_case_get_address (c));
  gtk_label_set_text (self->place_label, place);
  meta = g_strdup_printf ("%s · %s · %s", gw_channel_get_label (gw_case_get_channel (c)),
                          gw_category_get_label (gw_case_get_category (c)), gw_case_get_id (c));
  gtk_label_set_text (self->meta_label, meta);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), gw_case_get_description (c));
  update_badges (self);
  update_state (self);
  gtk_label_set_text (self->waiting_label, "");
  gw_case_card_tick (self, g_get_real_time ());
}

static void
gw_case_card_dispose (GObject *object)
{
  GwCaseCard *self = GW_CASE_CARD (object);

  gw_case_card_set_case (self, NULL, NULL);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (gw_case_card_parent_class)->dispose (object);
}

static void
gw_case_card_finalize (GObject *object)
{
  GwCaseCard *self = GW_CASE_CARD (object);

  g_free (self->place);
  g_free (self->state_text);
  G_OBJECT_CLASS (gw_case_card_parent_class)->finalize (object);
}

static void
gw_case_card_class_init (GwCaseCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_card_dispose;
  object_class->finalize = gw_case_card_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casecard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_case_card_init (GwCaseCard *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 2);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  self->priority_label = add_label (self, "card-priority", 0, 0, 1);
  self->type_label = add_label (self, "card-type", 1, 0, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->type_label), TRUE);
  self->waiting_label = add_label (self, "card-waiting", 2, 0, 1);
  gtk_label_set_xalign (self->waiting_label, 1);
  gtk_label_set_ellipsize (self->waiting_label, PANGO_ELLIPSIZE_NONE);
  self->place_label = add_label (self, "card-place", 0, 1, 3);
  self->meta_label = add_label (self, "card-meta", 0, 2, 2);
  self->badge_label = add_label (self, "card-badge", 2, 2, 1);
  gtk_label_set_xalign (self->badge_label, 1);
  self->state_label = add_label (self, "card-state", 0, 3, 3);
  gtk_label_set_wrap (self->state_label, TRUE);
  gtk_label_set_single_line_mode (self->state_label, FALSE);
  gtk_label_set_ellipsize (self->state_label, PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), FALSE);
}

GtkWidget *
gw_case_card_new (void)
{
  return g_object_new (GW_TYPE_CASE_CARD, NULL);
}

void
gw_case_card_set_case (GwCaseCard *self,
                       GwCase     *gw_case,
                       const char *place)
{
  g_return_if_fail (GW_IS_CASE_CARD (self));

  if (self->gw_case != NULL)
    g_signal_handlers_disconnect_by_data (self->gw_case, self);
  g_set_object (&self->gw_case, gw_case);
  g_free (self->place);
  self->place = g_strdup (place);
  if (gw_case == NULL)
    return;
  /* A list view keeps a row bound when its item only changed inside. */
  /* Every change of a case raises its version, notified after all its fields
   * are set: one refresh per change, not one per field. */
  g_signal_connect_swapped (gw_case, "notify::version", G_CALLBACK (refresh), self);
  refresh (self);
}

/**
 * gw_case_card_set_drag_icon:
 * @drag: a drag carrying @gw_case
 * @gw_case: the case
 * @place: (nullable): the grid's name
 * @width: the card's width in the queue
 *
 * Gives @drag a card of @gw_case as its icon, held near its top left corner.
 * A card of its own rather than a picture of the queue's: that one is dimmed
 * while it is dragged, and a drag from the map has no card to picture.
 */
void
gw_case_card_set_drag_icon (GdkDrag    *drag,
                            GwCase     *gw_case,
                            const char *place,
                            int         width)
{
  GtkWidget *card = gw_case_card_new ();

  gw_case_card_set_case (GW_CASE_CARD (card), gw_case, place);
  gtk_widget_set_size_request (card, width, -1);
  gtk_drag_icon_set_child (GTK_DRAG_ICON (gtk_drag_icon_get_for_drag (drag)), card);
  gdk_drag_set_hotspot (drag, 24, 16);
}

GwCase *
gw_case_card_get_case (GwCaseCard *self)
{
  g_return_val_if_fail (GW_IS_CASE_CARD (self), NULL);
  return self->gw_case;
}

void
gw_case_card_set_state (GwCaseCard  *self,
                        GwCardState  state,
                        const char  *text)
{
  g_return_if_fail (GW_IS_CASE_CARD (self));

  self->state = state;
  g_free (self->state_text);
  self->state_text = g_strdup (text);
  update_state (self);
  update_accessible (self, gtk_label_get_text (self->waiting_label));
}

GwCardState
gw_case_card_get_state (GwCaseCard *self)
{
  g_return_val_if_fail (GW_IS_CASE_CARD (self), GW_CARD_STATE_NONE);
  return self->state;
}

const char *
gw_case_card_get_state_text (GwCaseCard *self)
{
  g_return_val_if_fail (GW_IS_CASE_CARD (self), NULL);
  return self->state_text;
}

void
gw_case_card_set_duplicate (GwCaseCard *self,
                            gboolean    duplicate)
{
  g_return_if_fail (GW_IS_CASE_CARD (self));
  self->duplicate = duplicate;
  update_badges (self);
}
