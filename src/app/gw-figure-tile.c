/* gw-figure-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-figure-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-figure-tile.h"

struct _GwFigureTile
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  GtkLabel  *value;
  GtkLabel  *title;
};

G_DEFINE_FINAL_TYPE (GwFigureTile, gw_figure_tile, GTK_TYPE_WIDGET)

static void
gw_figure_tile_dispose (GObject *object)
{
  GwFigureTile *self = (GwFigureTile *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_figure_tile_parent_class)->dispose (object);
}

static void
gw_figure_tile_class_init (GwFigureTileClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gw_figure_tile_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "figuretile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_figure_tile_init (GwFigureTile *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->value = GTK_LABEL (gtk_label_new ("–"));
  gtk_widget_add_css_class (GTK_WIDGET (self->value), "figure-value");
  gtk_label_set_xalign (self->value, 0);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->value));

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "figure-title");
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "figure-tile");
}

GtkWidget *
gw_figure_tile_new (const char *title)
{
  GwFigureTile *self = g_object_new (GW_TYPE_FIGURE_TILE, NULL);

  gtk_label_set_text (self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return GTK_WIDGET (self);
}

static void
set_value (GwFigureTile *self,
           const char   *text)
{
  g_autofree char *description = NULL;

  gtk_label_set_text (self->value, text);
  description = g_strdup_printf ("%s: %s", gtk_label_get_text (self->title), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

void
gw_figure_tile_set_count (GwFigureTile *self,
                          guint         count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GW_IS_FIGURE_TILE (self));

  text = g_strdup_printf ("%'u", count);
  set_value (self, text);
}

void
gw_figure_tile_set_rate (GwFigureTile *self,
                         double        rate)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GW_IS_FIGURE_TILE (self));

  if (rate < 0 || rate != rate)
    {
      set_value (self, "–");
      return;
    }
  /* Translators: a percentage, e.g. "96.2 %" */
  text = g_strdup_printf (_("%.1f %%"), rate * 100.0);
  set_value (self, text);
}

void
gw_figure_tile_set_alert (GwFigureTile *self,
                          gboolean      alert)
{
  g_return_if_fail (GW_IS_FIGURE_TILE (self));

  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (self), "alert");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "alert");
}

const char *
gw_figure_tile_get_value_text (GwFigureTile *self)
{
  g_return_val_if_fail (GW_IS_FIGURE_TILE (self), NULL);

  return gtk_label_get_text (self->value);
}
