/* gw-assign-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-assign-form.h"
#include "gw-desk-util.h"

/* The centre accepts deadlines within a year and notes up to 1000 characters. */
#define MAX_DEADLINE_HOURS (365 * 24)
#define MAX_NOTE_CHARS 1000

struct _GwAssignForm
{
  GtkWidget       parent_instance;

  GwCase         *gw_case;
  gint64          version;         /* the version the dispatcher saw */
  GwDepartment   *department;
  GPtrArray      *co_candidates;   /* GwDepartment */
  GPtrArray      *co_checks;       /* GtkCheckButton, same order */

  GtkWidget      *box;
  GtkSpinButton  *hours_spin;
  GtkLabel       *unit_label;
  GtkLabel       *due_label;
  GtkEntry       *note_entry;
};

G_DEFINE_FINAL_TYPE (GwAssignForm, gw_assign_form, GTK_TYPE_WIDGET)

enum {
  CONFIRMED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GDateTime *
gw_assign_form_dup_deadline (GwAssignForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  double hours = gtk_spin_button_get_value (self->hours_spin);

  return g_date_time_add_seconds (now, hours * 3600.0);
}

static void
update_due (GwAssignForm *self)
{
  g_autoptr(GDateTime) deadline = gw_assign_form_dup_deadline (self);
  g_autofree char *when = gw_format_time (deadline);
  /* Translators: the deadline an assignment sets, e.g. "due 11-22 14:00" */
  g_autofree char *text = g_strdup_printf (_("due %s"), when);
  gulong hours = (gulong) gtk_spin_button_get_value_as_int (self->hours_spin);

  gtk_label_set_text (self->unit_label, g_dngettext (GETTEXT_PACKAGE, "hour", "hours", hours));
  gtk_label_set_text (self->due_label, text);
}

static gboolean
on_enter (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  gw_assign_form_confirm (GW_ASSIGN_FORM (widget));
  return TRUE;
}

static void
emit_cancelled (GwAssignForm *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  g_signal_emit (widget, signals[CANCELLED], 0);
  return TRUE;
}

static GtkWidget *
caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
build_title (GwAssignForm *self,
             const char   *verb)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Translators: the confirmation's title: "Assign to 东湖区城市管理局" */
  g_autofree char *title = g_strdup_printf (_("%s to %s"), verb,
                                            gw_department_get_name (self->department));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", gw_case_get_id (self->gw_case),
                                               gw_case_get_service_name (self->gw_case),
                                               gw_priority_get_label (gw_case_get_priority (self->gw_case)));
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);

  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (title_label), 36);
  gtk_widget_add_css_class (title_label, "title-4");
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), subtitle_label);
  return box;
}

static GtkWidget *
build_deadline (GwAssignForm *self,
                GTimeSpan     default_deadline)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spin = gtk_spin_button_new_with_range (1, MAX_DEADLINE_HOURS, 1);
  GtkWidget *unit = gtk_label_new (_("hours"));
  GtkWidget *due = gtk_label_new (NULL);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             MAX (1, (double) default_deadline / G_TIME_SPAN_HOUR));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Deadline in hours"), -1);
  self->hours_spin = GTK_SPIN_BUTTON (spin);
  self->unit_label = GTK_LABEL (unit);
  self->due_label = GTK_LABEL (due);
  gtk_widget_add_css_class (due, "numeric");
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (GTK_BOX (row), unit);
  gtk_box_append (GTK_BOX (row), due);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (update_due), self);
  update_due (self);
  return row;
}

static GtkWidget *
build_co_handlers (GwAssignForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < self->co_candidates->len; i++)
    {
      GwDepartment *d = g_ptr_array_index (self->co_candidates, i);
      GtkWidget *check = gtk_check_button_new_with_label (gw_department_get_name (d));

      g_ptr_array_add (self->co_checks, check);
      gtk_box_append (GTK_BOX (box), check);
    }
  return box;
}

static void
build (GwAssignForm *self,
       GTimeSpan     default_deadline,
       const char   *verb)
{
  GtkWidget *note = gtk_entry_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *ok = gtk_button_new_with_label (verb);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), build_title (self, verb));
  gtk_box_append (GTK_BOX (self->box), caption (_("Deadline")));
  gtk_box_append (GTK_BOX (self->box), build_deadline (self, default_deadline));
  gtk_box_append (GTK_BOX (self->box), caption (_("Note")));
  self->note_entry = GTK_ENTRY (note);
  gtk_entry_set_max_length (self->note_entry, MAX_NOTE_CHARS);
  gtk_entry_set_placeholder_text (self->note_entry, _("Instructions for the department"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), note);
  if (self->co_candidates->len > 0)
    {
      gtk_box_append (GTK_BOX (self->box), caption (_("Co-handling departments")));
      gtk_box_append (GTK_BOX (self->box), build_co_handlers (self));
    }

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_add_css_class (ok, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), ok);
  gtk_box_append (GTK_BOX (self->box), buttons);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (gw_assign_form_confirm), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (emit_cancelled), self);
  g_signal_connect_swapped (note, "activate", G_CALLBACK (gw_assign_form_confirm), self);
}

static void
gw_assign_form_dispose (GObject *object)
{
  GwAssignForm *self = GW_ASSIGN_FORM (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->gw_case);
  g_clear_object (&self->department);
  g_clear_pointer (&self->co_candidates, g_ptr_array_unref);
  g_clear_pointer (&self->co_checks, g_ptr_array_unref);
  G_OBJECT_CLASS (gw_assign_form_parent_class)->dispose (object);
}

static void
gw_assign_form_class_init (GwAssignFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_assign_form_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "assignform");

  /**
   * GwAssignForm::confirmed:
   *
   * Enter or the confirm button: read the fields with the getters.
   */
  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
add_key (GtkShortcutController *controller,
         guint                  keyval,
         GtkShortcutFunc        func)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                                          gtk_callback_action_new (func, NULL, NULL)));
}

static void
gw_assign_form_init (GwAssignForm *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->co_checks = g_ptr_array_new ();
  /* Enter confirms from any field: the capture phase runs before the focused
   * entry, spin button or check button can take the key for itself. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Return, on_enter);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Enter, on_enter);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_ISO_Enter, on_enter);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Escape, on_escape);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
gw_assign_form_new (GwCase       *gw_case,
                    GwDepartment *department,
                    GPtrArray    *co_candidates,
                    GTimeSpan     default_deadline,
                    const char   *verb)
{
  GwAssignForm *self;

  g_return_val_if_fail (GW_IS_CASE (gw_case), NULL);
  g_return_val_if_fail (GW_IS_DEPARTMENT (department), NULL);
  self = g_object_new (GW_TYPE_ASSIGN_FORM, NULL);
  self->gw_case = g_object_ref (gw_case);
  self->version = gw_case_get_version (gw_case);
  self->department = g_object_ref (department);
  self->co_candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; co_candidates != NULL && i < co_candidates->len; i++)
    {
      GwDepartment *d = g_ptr_array_index (co_candidates, i);

      if (d != department)
        g_ptr_array_add (self->co_candidates, g_object_ref (d));
    }
  build (self, default_deadline, verb ? verb : _("Assign"));
  return GTK_WIDGET (self);
}

GwCase *
gw_assign_form_get_case (GwAssignForm *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_FORM (self), NULL);
  return self->gw_case;
}

gint64
gw_assign_form_get_version (GwAssignForm *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_FORM (self), 0);
  return self->version;
}

GwDepartment *
gw_assign_form_get_department (GwAssignForm *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_FORM (self), NULL);
  return self->department;
}

const char *
gw_assign_form_get_note (GwAssignForm *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_FORM (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
}

char **
gw_assign_form_dup_co_codes (GwAssignForm *self)
{
  GPtrArray *codes = g_ptr_array_new ();

  g_return_val_if_fail (GW_IS_ASSIGN_FORM (self), NULL);
  for (guint i = 0; i < self->co_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->co_checks, i)))
      g_ptr_array_add (codes,
                       g_strdup (gw_department_get_code (g_ptr_array_index (self->co_candidates, i))));
  g_ptr_array_add (codes, NULL);
  return (char **) g_ptr_array_free (codes, FALSE);
}

void
gw_assign_form_focus (GwAssignForm *self)
{
  g_return_if_fail (GW_IS_ASSIGN_FORM (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

void
gw_assign_form_confirm (GwAssignForm *self)
{
  g_return_if_fail (GW_IS_ASSIGN_FORM (self));
  /* A value typed into the spin button counts even without Tab. */
  gtk_spin_button_update (self->hours_spin);
  g_signal_emit (self, signals[CONFIRMED], 0);
}
