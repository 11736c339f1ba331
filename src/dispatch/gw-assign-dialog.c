/* gw-assign-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-assign-dialog.h"
#include "gw-desk-util.h"

struct _GwAssignDialog
{
  AdwWindow       parent_instance;

  GwCase         *gw_case;
  GPtrArray      *suggestions;    /* GwSuggestion, borrowed departments kept by the rows */
  GPtrArray      *co_candidates;  /* GwDepartment */
  GTimeSpan       deadline;
  char           *verb;
  char           *needle;

  GtkStack       *stack;
  GtkSearchEntry *entry;
  GtkListBox     *list;
  GtkWidget      *form;
};

G_DEFINE_FINAL_TYPE (GwAssignDialog, gw_assign_dialog, ADW_TYPE_WINDOW)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GwDepartment *
row_department (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "department");
}

static guint
row_rank (GtkListBoxRow *row)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "rank"));
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  GwAssignDialog *self = user_data;

  return self->needle == NULL || gw_desk_department_matches (row_department (row), self->needle);
}

static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  guint ra = row_rank (a), rb = row_rank (b);

  if (ra != rb)
    return ra == 0 ? 1 : rb == 0 ? -1 : (int) ra - (int) rb;
  return g_strcmp0 (gw_department_get_code (row_department (a)),
                    gw_department_get_code (row_department (b)));
}

/* The next row the filter shows from @index on, stepping by @step (+1 or -1). */
static GtkListBoxRow *
visible_row_from (GwAssignDialog *self,
                  int             index,
                  int             step)
{
  GtkListBoxRow *row;

  for (; index >= 0 && (row = gtk_list_box_get_row_at_index (self->list,
                                                             index)) != NULL; index += step)
    if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
      return row;
  return NULL;
}

static GtkListBoxRow *
first_visible_row (GwAssignDialog *self)
{
  return visible_row_from (self, 0, 1);
}

static void
on_form_confirmed (GwAssignDialog *self,
                   GwAssignForm   *form)
{
  g_signal_emit (self, signals[CONFIRMED], 0, form);
  gtk_window_close (GTK_WINDOW (self));
}

static void
pick (GwAssignDialog *self,
      GtkListBoxRow  *row)
{
  GwDepartment *department;

  if (row == NULL)
    return;
  department = row_department (row);
  self->form = gw_assign_form_new (self->gw_case, department, self->co_candidates,
                                   self->deadline, self->verb);
  g_signal_connect_swapped (self->form, "confirmed", G_CALLBACK (on_form_confirmed), self);
  g_signal_connect_swapped (self->form, "cancelled", G_CALLBACK (gtk_window_close), self);
  gtk_stack_add_named (self->stack, self->form, "confirm");
  gtk_stack_set_visible_child (self->stack, self->form);
  gw_assign_form_focus (GW_ASSIGN_FORM (self->form));
}

static void
on_search_changed (GwAssignDialog *self)
{
  g_free (self->needle);
  self->needle = gw_desk_dup_needle (GTK_EDITABLE (self->entry));
  gtk_list_box_invalidate_filter (self->list);
  gtk_list_box_select_row (self->list, first_visible_row (self));
}

static void
on_entry_activate (GwAssignDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  pick (self, row ? row : first_visible_row (self));
}

/* Up and Down move through the matches while typing continues in the entry. */
static gboolean
on_entry_key (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GwAssignDialog        *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int step = keyval == GDK_KEY_Down ? 1 : -1;
  GtkListBoxRow *next;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up)
    return FALSE;
  next = row ? visible_row_from (self, gtk_list_box_row_get_index (row) + step, step)
             : first_visible_row (self);
  if (next != NULL)
    gtk_list_box_select_row (self->list, next);
  return TRUE;
}

static GtkWidget *
make_row (GwDepartment *department,
          guint         rank,
          const char   *reason)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (gw_department_get_name (department));
  g_autofree char *detail = g_strdup_printf ("%s%s%s",
                                             gw_desk_kind_label (gw_department_get_kind (department)),
                                             reason ? " · " : "", reason ? reason : "");
  GtkWidget *sub = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "dim-label");
  if (rank > 0)
    gtk_widget_add_css_class (row, "suggested");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "department", g_object_ref (department), g_object_unref);
  g_object_set_data (G_OBJECT (row), "rank", GUINT_TO_POINTER (rank));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gw_department_get_name (department), -1);
  return row;
}

static void
fill (GwAssignDialog *self,
      GListModel     *departments,
      const char     *exclude)
{
  guint n = g_list_model_get_n_items (departments);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwDepartment) d = g_list_model_get_item (departments, i);
      guint rank = 0;
      const char *reason = NULL;

      if (g_strcmp0 (gw_department_get_code (d), exclude) == 0)
        continue;
      for (guint j = 0; j < self->suggestions->len && rank == 0; j++)
        {
          GwSuggestion *s = g_ptr_array_index (self->suggestions, j);

          if (s->department == d || g_strcmp0 (gw_department_get_code (s->department),
                                               gw_department_get_code (d)) == 0)
            {
              rank = j + 1;
              reason = s->reason;
            }
        }
      gtk_list_box_append (self->list, make_row (d, rank, reason));
    }
  gtk_list_box_select_row (self->list, first_visible_row (self));
}

static GtkWidget *
build_pick_page (GwAssignDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *title = g_strdup_printf (_("%s %s to …"), self->verb,
                                            gw_case_get_id (self->gw_case));
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("Type a department's name or kind"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Department"), -1);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_entry_activate), self);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  gtk_list_box_set_sort_func (self->list, sort_rows, self, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (pick), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), scroller);
  return box;
}

static void
gw_assign_dialog_dispose (GObject *object)
{
  GwAssignDialog *self = GW_ASSIGN_DIALOG (object);

  g_clear_object (&self->gw_case);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->co_candidates, g_ptr_array_unref);
  G_OBJECT_CLASS (gw_assign_dialog_parent_class)->dispose (object);
}

static void
gw_assign_dialog_finalize (GObject *object)
{
  GwAssignDialog *self = GW_ASSIGN_DIALOG (object);

  g_free (self->verb);
  g_free (self->needle);
  G_OBJECT_CLASS (gw_assign_dialog_parent_class)->finalize (object);
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

static void
gw_assign_dialog_class_init (GwAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_assign_dialog_dispose;
  object_class->finalize = gw_assign_dialog_finalize;
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape, NULL);

  /**
   * GwAssignDialog::confirmed:
   * @form: the confirmed form: department, deadline, note, co-handlers
   */
  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_ASSIGN_FORM);
}

static void
gw_assign_dialog_init (GwAssignDialog *self)
{
}

GwAssignDialog *
gw_assign_dialog_new (GtkWindow  *parent,
                      GwCase     *gw_case,
                      GListModel *departments,
                      GPtrArray  *suggestions,
                      GTimeSpan   default_deadline,
                      const char *verb,
                      const char *exclude)
{
  GwAssignDialog *self;
  GtkWidget *page;

  g_return_val_if_fail (GW_IS_CASE (gw_case), NULL);
  self = g_object_new (GW_TYPE_ASSIGN_DIALOG, "transient-for", parent, "modal", TRUE,
                       "default-width", 480, "default-height", 560,
                       "title", verb, NULL);
  self->gw_case = g_object_ref (gw_case);
  self->suggestions = g_ptr_array_ref (suggestions);
  self->co_candidates = g_ptr_array_new_with_free_func (g_object_unref);
  /* A handful of co-handlers: the form is a confirmation, not a directory. */
  for (guint i = 0; i < suggestions->len && self->co_candidates->len < 6; i++)
    g_ptr_array_add (self->co_candidates,
                     g_object_ref (((GwSuggestion *) g_ptr_array_index (suggestions, i))->department));
  self->deadline = default_deadline;
  self->verb = g_strdup (verb);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  page = build_pick_page (self);
  gtk_stack_add_named (self->stack, page, "pick");
  gtk_widget_set_margin_top (GTK_WIDGET (self->stack), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->stack), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->stack), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->stack), 12);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->stack));
  fill (self, departments, exclude);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

GtkEditable *
gw_assign_dialog_get_entry (GwAssignDialog *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_DIALOG (self), NULL);
  return GTK_EDITABLE (self->entry);
}
