/* gw-department-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-department-tile.h"
#include "gw-desk-util.h"

struct _GwDepartmentTile
{
  GtkWidget     parent_instance;

  GwDepartment *department;
  char         *area_name;
  guint         rank;
  GwDepartmentLoad load;

  GtkWidget    *box;
  GtkLabel     *name_label;
  GtkLabel     *kind_label;
  GtkLabel     *open_label;
  GtkLabel     *overdue_label;
  GtkLabel     *average_label;
  GtkLabel     *reason_label;
};

G_DEFINE_FINAL_TYPE (GwDepartmentTile, gw_department_tile, GTK_TYPE_WIDGET)

static GtkLabel *
new_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static char *
format_average (const GwDepartmentLoad *load)
{
  double hours;

  if (load->n_handled == 0)
    return g_strdup (_("avg —"));
  hours = load->handled_seconds / load->n_handled / 3600.0;
  /* Translators: the average handling time of a department, in hours */
  return g_strdup_printf (_("avg %.1f h"), hours);
}

static void
update_accessible (GwDepartmentTile *self)
{
  g_autofree char *average = format_average (&self->load);
  g_autofree char *label = NULL;

  /* Translators: accessible name of a department tile: name, open cases,
   * overdue cases, average handling time; then why it is suggested */
  label = g_strdup_printf (_("%s, %u open, %u overdue, %s%s%s"),
                           gw_department_get_name (self->department),
                           self->load.open, self->load.overdue, average,
                           self->rank ? _(", suggested: ") : "",
                           self->rank ? gtk_label_get_text (self->reason_label) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
gw_department_tile_set_load (GwDepartmentTile       *self,
                             const GwDepartmentLoad *load)
{
  g_autofree char *open = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *average = NULL;

  g_return_if_fail (GW_IS_DEPARTMENT_TILE (self));
  if (memcmp (&self->load, load, sizeof *load) == 0 && gtk_label_get_text (self->open_label)[0])
    return;
  self->load = *load;
  /* Translators: open cases a department holds */
  open = g_strdup_printf (_("%u open"), load->open);
  /* Translators: overdue cases a department holds */
  overdue = g_strdup_printf (_("%u overdue"), load->overdue);
  average = format_average (load);
  gtk_label_set_text (self->open_label, open);
  gtk_label_set_text (self->overdue_label, overdue);
  gtk_label_set_text (self->average_label, average);
  if (load->overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->overdue_label), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->overdue_label), "overdue");
  update_accessible (self);
}

void
gw_department_tile_set_suggested (GwDepartmentTile *self,
                                  guint             rank,
                                  const char       *reason)
{
  g_return_if_fail (GW_IS_DEPARTMENT_TILE (self));
  self->rank = rank;
  gtk_label_set_text (self->reason_label, reason ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), rank > 0);
  if (rank > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "suggested");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "suggested");
  update_accessible (self);
}

guint
gw_department_tile_get_rank (GwDepartmentTile *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT_TILE (self), 0);
  return self->rank;
}

static void
build (GwDepartmentTile *self)
{
  GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  g_autofree char *kind = NULL;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->name_label = new_label ("tile-name");
  self->kind_label = new_label ("tile-kind");
  self->open_label = new_label ("tile-open");
  self->overdue_label = new_label ("tile-overdue");
  self->average_label = new_label ("tile-average");
  self->reason_label = new_label ("tile-reason");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);

  gtk_label_set_text (self->name_label, gw_department_get_name (self->department));
  kind = g_strdup_printf ("%s · %s", gw_desk_kind_label (gw_department_get_kind (self->department)),
                          self->area_name ? self->area_name : gw_department_get_area (self->department));
  gtk_label_set_text (self->kind_label, kind);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), gw_department_get_phone (self->department));

  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (self->open_label));
  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (self->overdue_label));
  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (self->average_label));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->kind_label));
  gtk_box_append (GTK_BOX (self->box), figures);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->reason_label));
}

static void
gw_department_tile_dispose (GObject *object)
{
  GwDepartmentTile *self = GW_DEPARTMENT_TILE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->department);
  G_OBJECT_CLASS (gw_department_tile_parent_class)->dispose (object);
}

static void
gw_department_tile_finalize (GObject *object)
{
  GwDepartmentTile *self = GW_DEPARTMENT_TILE (object);

  g_free (self->area_name);
  G_OBJECT_CLASS (gw_department_tile_parent_class)->finalize (object);
}

static void
gw_department_tile_class_init (GwDepartmentTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_department_tile_dispose;
  object_class->finalize = gw_department_tile_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "departmenttile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_department_tile_init (GwDepartmentTile *self)
{
}

GtkWidget *
gw_department_tile_new (GwDepartment *department,
                        const char   *area_name)
{
  GwDepartmentTile *self;
  static const GwDepartmentLoad empty = { 0 };

  g_return_val_if_fail (GW_IS_DEPARTMENT (department), NULL);
  self = g_object_new (GW_TYPE_DEPARTMENT_TILE, NULL);
  self->department = g_object_ref (department);
  self->area_name = g_strdup (area_name);
  build (self);
  gw_department_tile_set_load (self, &empty);
  return GTK_WIDGET (self);
}

GwDepartment *
gw_department_tile_get_department (GwDepartmentTile *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT_TILE (self), NULL);
  return self->department;
}
