/* gw-case-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-case-detail.h"
#include "gw-desk-util.h"
#include "gw-grid-sketch.h"

#define PHOTO_WIDTH 220
#define PHOTO_HEIGHT 150

/* The desk's actions; a button shows while its action is enabled (it applies
 * to the case at its step, and the role may act). */
static const struct {
  const char  *action;
  const char  *label;
  gboolean     suggested;
} actions[] = {
  { "desk.assign", N_("_Assign…"), TRUE },
  { "desk.accept-return", N_("Accept _Return…"), TRUE },
  { "desk.reassign", N_("Rea_ssign…"), FALSE },
  { "desk.approve-extension", N_("Appro_ve Extension…"), TRUE },
  { "desk.refuse-extension", N_("Re_fuse Extension…"), FALSE },
  { "desk.supervise", N_("Su_pervise…"), FALSE },
  { "desk.escalate", N_("_Escalate…"), FALSE },
  { "desk.close", N_("_Close Case…"), TRUE },
  { "desk.merge", N_("_Merge Duplicate…"), FALSE },
};

struct _GwCaseDetail
{
  GtkWidget      parent_instance;

  GwCaseStore   *store;
  GwGridSet     *grids;
  GwCase        *gw_case;
  GwPhotoCache  *photos;
  GCancellable  *photo_cancellable;
  char          *photo_url;
  const char    *photo_state;
  gboolean       controls_visible;
  gboolean       has_duplicates;
  guint          tick_id;

  GtkWidget     *scroller;
  GtkStack      *stack;
  GtkLabel      *id_label;
  GtkLabel      *priority_label;
  GtkLabel      *step_label;
  GtkLabel      *supervised_label;
  GtkLabel      *type_label;
  GtkLabel      *notice_label;
  GtkWidget     *actions_box;
  GtkWidget     *action_buttons[G_N_ELEMENTS (actions)];
  GtkLabel      *countdown_label;
  GtkLabel      *reported_value;
  GtkLabel      *channel_value;
  GtkLabel      *department_value;
  GtkLabel      *co_value;
  GtkLabel      *deadline_value;
  GtkLabel      *address_value;
  GtkLabel      *grid_value;
  GtkLabel      *leader_value;
  GtkLabel      *workers_value;
  GtkLabel      *description_label;
  GtkWidget     *sketch;
  GtkStack      *photo_stack;
  GtkPicture    *photo_picture;
  GtkLabel      *photo_error;
  GtkWidget     *duplicates_box;
  GtkListBox    *duplicates_list;
  GtkListBox    *timeline_list;
};

G_DEFINE_FINAL_TYPE (GwCaseDetail, gw_case_detail, GTK_TYPE_WIDGET)

GwTimelineEntry *
gw_timeline_entry_new (GDateTime  *time,
                       const char *what,
                       const char *who,
                       const char *detail)
{
  GwTimelineEntry *entry = g_new0 (GwTimelineEntry, 1);

  entry->time = time ? g_date_time_ref (time) : NULL;
  entry->what = g_strdup (what);
  entry->who = g_strdup (who);
  entry->detail = g_strdup (detail);
  return entry;
}

void
gw_timeline_entry_free (GwTimelineEntry *entry)
{
  g_clear_pointer (&entry->time, g_date_time_unref);
  g_free (entry->what);
  g_free (entry->who);
  g_free (entry->detail);
  g_free (entry);
}

static GtkLabel *
value_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  return GTK_LABEL (label);
}

static GtkLabel *
add_fact (GtkGrid    *grid,
          int         row,
          const char *caption)
{
  GtkWidget *key = gtk_label_new (caption);
  GtkLabel *value = value_label ();

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_grid_attach (grid, key, 0, row, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (value), 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  key, NULL, -1);
  return value;
}

static const char *
department_name (GwCaseDetail *self,
                 const char   *code)
{
  GwDepartment *d = code ? gw_case_store_lookup_department (self->store, code) : NULL;

  return d ? gw_department_get_name (d) : code;
}

static void
update_countdown (GwCaseDetail *self)
{
  GwCase *c = self->gw_case;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *expected;
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;
  const char *state = "waiting";

  if (c == NULL)
    return;
  expected = gw_case_get_expected (c);
  if (!gw_case_is_open (c) || gw_step_is_done (gw_case_get_step (c)))
    {
      text = g_strdup (gw_step_get_label (gw_case_get_step (c)));
      state = "done";
    }
  else if (expected == NULL)
    {
      span = gw_desk_format_duration (gw_desk_case_waiting (c, g_get_real_time ()));
      /* Translators: a case with no deadline yet: how long it has waited */
      text = g_strdup_printf (_("Waiting %s"), span);
    }
  else if (g_date_time_compare (expected, now) > 0)
    {
      span = gw_desk_format_duration (g_date_time_difference (expected, now));
      /* Translators: the deadline countdown */
      text = g_strdup_printf (_("Due in %s"), span);
      state = g_date_time_difference (expected, now) < G_TIME_SPAN_HOUR ? "soon" : "due";
    }
  else
    {
      span = gw_desk_format_duration (g_date_time_difference (now, expected));
      /* Translators: the deadline countdown of an overdue case */
      text = g_strdup_printf (_("Overdue by %s"), span);
      state = "overdue";
    }
  if (g_strcmp0 (text, gtk_label_get_text (self->countdown_label)) != 0)
    gtk_label_set_text (self->countdown_label, text);
  gw_desk_set_class_variant (GTK_WIDGET (self->countdown_label), "countdown-", state);
}

static gboolean
on_tick (gpointer user_data)
{
  GwCaseDetail *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_countdown (self);
  return G_SOURCE_CONTINUE;
}

static void
set_photo_state (GwCaseDetail *self,
                 const char   *state,
                 const char   *message)
{
  self->photo_state = state;
  gtk_stack_set_visible_child_name (self->photo_stack, state);
  if (message != NULL)
    gtk_label_set_text (self->photo_error, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->photo_stack), message);
}

static void
on_photo_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GwCaseDetail *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gw_photo_cache_load_finish (GW_PHOTO_CACHE (object), result,
                                                              &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (texture == NULL)
    {
      g_message ("case photo: %s", error->message);
      set_photo_state (self, "broken", error->message);
    }
  else
    {
      gtk_picture_set_paintable (self->photo_picture, GDK_PAINTABLE (texture));
      set_photo_state (self, "shown", NULL);
    }
  g_object_unref (self);
}

static void
update_photo (GwCaseDetail *self)
{
  const char *url = self->gw_case ? gw_case_get_media_url (self->gw_case) : NULL;

  if (g_strcmp0 (url, self->photo_url) == 0)
    return;
  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  g_free (self->photo_url);
  self->photo_url = g_strdup (url);
  gtk_picture_set_paintable (self->photo_picture, NULL);
  if (url == NULL)
    {
      set_photo_state (self, "none", NULL);
      return;
    }
  set_photo_state (self, "loading", NULL);
  self->photo_cancellable = g_cancellable_new ();
  gw_photo_cache_load_async (self->photos, url, self->photo_cancellable, on_photo_loaded,
                             g_object_ref (self));
}

static char *
format_person (const GwGridPerson *person)
{
  return g_strdup_printf ("%s  %s", person->name, person->phone ? person->phone : "");
}

static void
update_grid (GwCaseDetail *self)
{
  GwCase *c = self->gw_case;
  const GwGridFeature *grid = self->grids ? gw_grid_set_lookup (self->grids,
                                                                gw_case_get_grid_code (c)) : NULL;
  g_autoptr(GString) place = g_string_new (NULL);
  g_autoptr(GString) workers = g_string_new (NULL);
  g_autofree char *leader = NULL;

  for (const GwGridFeature *f = grid; f != NULL; f = f->parent)
    g_string_append_printf (place, "%s%s", place->len ? " · " : "", f->name);
  if (place->len == 0)
    g_string_append (place, gw_case_get_grid_code (c));
  gtk_label_set_text (self->grid_value, place->str);
  leader = grid && grid->leader ? format_person (grid->leader) : g_strdup ("—");
  gtk_label_set_text (self->leader_value, leader);
  for (guint i = 0; grid && i < grid->n_workers; i++)
    {
      g_autofree char *person = format_person (&grid->workers[i]);

      g_string_append_printf (workers, "%s%s", workers->len ? "\n" : "", person);
    }
  gtk_label_set_text (self->workers_value, workers->len ? workers->str : "—");
  gw_grid_sketch_set (GW_GRID_SKETCH (self->sketch), self->grids, gw_case_get_grid_code (c),
                      gw_case_get_long (c), gw_case_get_lat (c));
}

static void
update_actions (GwCaseDetail *self)
{
  gtk_widget_set_visible (self->actions_box, self->controls_visible && self->gw_case != NULL);
}

static void
update_header (GwCaseDetail *self)
{
  static const char *priorities[] = { "normal", "urgent", "major" };
  GwCase *c = self->gw_case;

  gtk_label_set_text (self->id_label, gw_case_get_id (c));
  gtk_label_set_text (self->type_label, gw_case_get_service_name (c));
  gtk_label_set_text (self->priority_label, gw_priority_get_label (gw_case_get_priority (c)));
  gw_desk_set_class_variant (GTK_WIDGET (self->priority_label), "pill-",
                             priorities[gw_case_get_priority (c)]);
  gtk_label_set_text (self->step_label, gw_step_get_label (gw_case_get_step (c)));
  gtk_widget_set_visible (GTK_WIDGET (self->supervised_label), gw_case_get_supervised (c));
}

static void
update_facts (GwCaseDetail *self)
{
  GwCase *c = self->gw_case;
  g_autofree char *reported = gw_format_time (gw_case_get_requested (c));
  g_autofree char *deadline = gw_format_time (gw_case_get_expected (c));
  const char * const *co = gw_case_get_co_agencies (c);
  g_autoptr(GString) co_names = g_string_new (NULL);

  gtk_label_set_text (self->reported_value, reported);
  gtk_label_set_text (self->channel_value, gw_channel_get_label (gw_case_get_channel (c)));
  gtk_label_set_text (self->department_value,
                      gw_case_get_agency (c) ? department_name (self, gw_case_get_agency (c))
                                             : "—");
  for (guint i = 0; co != NULL && co[i] != NULL; i++)
    g_string_append_printf (co_names, "%s%s", i ? ", " : "", department_name (self, co[i]));
  gtk_label_set_text (self->co_value, co_names->len ? co_names->str : "—");
  gtk_label_set_text (self->deadline_value, deadline);
  gtk_label_set_text (self->address_value, gw_case_get_address (c));
  gtk_label_set_text (self->description_label, gw_case_get_description (c));
}

static void
refresh (GwCaseDetail *self)
{
  if (self->gw_case == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "case");
  update_header (self);
  update_facts (self);
  update_grid (self);
  update_countdown (self);
  update_actions (self);
  update_photo (self);
}

static GtkWidget *
section_title (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static GtkLabel *
header_label (GtkWidget  *box,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static GtkWidget *
build_header (GwCaseDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *type = gtk_label_new (NULL);

  self->id_label = header_label (row, "detail-id");
  gtk_label_set_selectable (self->id_label, TRUE);
  self->priority_label = header_label (row, "pill");
  self->step_label = header_label (row, "pill");
  self->supervised_label = header_label (row, "pill");
  gtk_label_set_text (self->supervised_label, _("Supervised"));
  gtk_widget_add_css_class (GTK_WIDGET (self->supervised_label), "pill-supervised");
  self->type_label = GTK_LABEL (type);
  gtk_label_set_xalign (self->type_label, 0);
  gtk_label_set_wrap (self->type_label, TRUE);
  gtk_widget_add_css_class (type, "title-2");
  self->countdown_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->countdown_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "countdown");
  self->notice_label = value_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "detail-notice");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);

  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), type);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->countdown_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->notice_label));
  return box;
}

static GtkWidget *
build_actions (GwCaseDetail *self)
{
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 5);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(actions[i].label));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), actions[i].action);
      if (actions[i].suggested)
        gtk_widget_add_css_class (button, "suggested-action");
      self->action_buttons[i] = button;
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
      /* Only the actions that apply are shown, and their flow box cells with them. */
      g_object_bind_property (button, "sensitive", gtk_widget_get_parent (button), "visible",
                              G_BINDING_SYNC_CREATE);
    }
  self->actions_box = flow;
  return flow;
}

static GtkWidget *
build_facts (GwCaseDetail *self)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  int row = 0;

  gtk_grid_set_column_spacing (grid, 12);
  gtk_grid_set_row_spacing (grid, 4);
  self->reported_value = add_fact (grid, row++, _("Reported"));
  self->channel_value = add_fact (grid, row++, _("Channel"));
  self->department_value = add_fact (grid, row++, _("Department"));
  self->co_value = add_fact (grid, row++, _("Co-handling"));
  self->deadline_value = add_fact (grid, row++, _("Deadline"));
  self->address_value = add_fact (grid, row++, _("Address"));
  self->grid_value = add_fact (grid, row++, _("Grid"));
  self->leader_value = add_fact (grid, row++, _("Grid leader"));
  self->workers_value = add_fact (grid, row++, _("Grid workers"));
  return GTK_WIDGET (grid);
}

static GtkWidget *
build_media (GwCaseDetail *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *none = gtk_label_new (_("No photo"));
  GtkWidget *loading = gtk_spinner_new ();
  GtkWidget *broken = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *broken_icon = gtk_image_new_from_icon_name ("image-missing-symbolic");

  self->sketch = gw_grid_sketch_new ();
  gtk_widget_set_size_request (self->sketch, PHOTO_WIDTH, PHOTO_HEIGHT);
  gtk_widget_add_css_class (self->sketch, "card");
  gtk_box_append (GTK_BOX (row), self->sketch);

  self->photo_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->photo_stack), PHOTO_WIDTH, PHOTO_HEIGHT);
  gtk_widget_add_css_class (GTK_WIDGET (self->photo_stack), "card");
  gtk_widget_add_css_class (none, "dim-label");
  gtk_spinner_start (GTK_SPINNER (loading));
  gtk_widget_set_halign (loading, GTK_ALIGN_CENTER);
  self->photo_picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_content_fit (self->photo_picture, GTK_CONTENT_FIT_COVER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->photo_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The reporter's photo"), -1);
  gtk_image_set_pixel_size (GTK_IMAGE (broken_icon), 32);
  self->photo_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->photo_error, TRUE);
  gtk_label_set_wrap_mode (self->photo_error, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (self->photo_error, 24);
  gtk_label_set_lines (self->photo_error, 4);
  gtk_label_set_ellipsize (self->photo_error, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->photo_error), "caption");
  gtk_box_append (GTK_BOX (broken), broken_icon);
  gtk_box_append (GTK_BOX (broken), gtk_label_new (_("Photo unavailable")));
  gtk_box_append (GTK_BOX (broken), GTK_WIDGET (self->photo_error));
  gtk_widget_set_valign (broken, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (broken, "photo-broken");
  gtk_stack_add_named (self->photo_stack, none, "none");
  gtk_stack_add_named (self->photo_stack, loading, "loading");
  gtk_stack_add_named (self->photo_stack, GTK_WIDGET (self->photo_picture), "shown");
  gtk_stack_add_named (self->photo_stack, broken, "broken");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->photo_stack));
  return row;
}

static GtkListBox *
new_list (const char *accessible_name)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return list;
}

static GtkWidget *
build_case_page (GwCaseDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), build_actions (self));
  gtk_box_append (GTK_BOX (box), build_facts (self));
  self->description_label = value_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->description_label), "detail-description");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->description_label));
  gtk_box_append (GTK_BOX (box), build_media (self));

  self->duplicates_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->duplicates_box), section_title (_("Likely duplicates")));
  self->duplicates_list = new_list (_("Likely duplicates"));
  gtk_box_append (GTK_BOX (self->duplicates_box), GTK_WIDGET (self->duplicates_list));
  gtk_widget_set_visible (self->duplicates_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->duplicates_box);

  gtk_box_append (GTK_BOX (box), section_title (_("Timeline")));
  self->timeline_list = new_list (_("Timeline"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->timeline_list));
  return box;
}

static void
build (GwCaseDetail *self)
{
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *clamp = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No case selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Select a case in the queue to see its details."));
  gtk_widget_add_css_class (empty, "compact");
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, build_case_page (self), "case");
  gtk_box_append (GTK_BOX (clamp), GTK_WIDGET (self->stack));
  gtk_widget_set_margin_start (clamp, 6);
  gtk_widget_set_margin_end (clamp, 6);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

static void
gw_case_detail_dispose (GObject *object)
{
  GwCaseDetail *self = GW_CASE_DETAIL (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  gw_case_detail_set_case (self, NULL);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->photos);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  G_OBJECT_CLASS (gw_case_detail_parent_class)->dispose (object);
}

static void
gw_case_detail_finalize (GObject *object)
{
  g_free (GW_CASE_DETAIL (object)->photo_url);
  G_OBJECT_CLASS (gw_case_detail_parent_class)->finalize (object);
}

static void
gw_case_detail_class_init (GwCaseDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_detail_dispose;
  object_class->finalize = gw_case_detail_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casedetail");
}

static void
gw_case_detail_init (GwCaseDetail *self)
{
  self->controls_visible = TRUE;
  self->photo_state = "none";
  build (self);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
}

GtkWidget *
gw_case_detail_new (GwCaseStore  *store,
                    GwPhotoCache *photos)
{
  GwCaseDetail *self;

  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_PHOTO_CACHE (photos), NULL);
  self = g_object_new (GW_TYPE_CASE_DETAIL, NULL);
  self->store = g_object_ref (store);
  self->photos = g_object_ref (photos);
  refresh (self);
  return GTK_WIDGET (self);
}

void
gw_case_detail_set_grids (GwCaseDetail *self,
                          GwGridSet    *grids)
{
  g_return_if_fail (GW_IS_CASE_DETAIL (self));
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids ? gw_grid_set_ref (grids) : NULL;
  refresh (self);
}

void
gw_case_detail_set_case (GwCaseDetail *self,
                         GwCase       *gw_case)
{
  g_return_if_fail (GW_IS_CASE_DETAIL (self));
  if (self->gw_case == gw_case)
    return;
  if (self->gw_case != NULL)
    g_signal_handlers_disconnect_by_data (self->gw_case, self);
  g_set_object (&self->gw_case, gw_case);
  if (gw_case != NULL)
    /* Every change of a case raises its version, notified after all its fields
   * are set: one refresh per change, not one per field. */
  g_signal_connect_swapped (gw_case, "notify::version", G_CALLBACK (refresh), self);
  if (gtk_widget_get_realized (GTK_WIDGET (self)) || gw_case != NULL)
    {
      gw_case_detail_set_notice (self, NULL, FALSE);
      gw_case_detail_set_duplicates (self, NULL);
      refresh (self);
    }
}

GwCase *
gw_case_detail_get_case (GwCaseDetail *self)
{
  g_return_val_if_fail (GW_IS_CASE_DETAIL (self), NULL);
  return self->gw_case;
}

static GtkWidget *
timeline_row (GwTimelineEntry *entry)
{
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *when = gw_format_time (entry->time);
  GtkWidget *time = gtk_label_new (when);
  GtkWidget *what = gtk_label_new (entry->what);
  GtkLabel *detail = value_label ();
  g_autofree char *text = g_strdup_printf ("%s%s%s", entry->who ? entry->who : "",
                                           entry->who && entry->detail ? " · " : "",
                                           entry->detail ? entry->detail : "");
  g_autofree char *accessible = g_strdup_printf ("%s %s %s", when, entry->what, text);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  gtk_widget_set_margin_top (grid, 4);
  gtk_widget_set_margin_bottom (grid, 4);
  gtk_widget_set_margin_start (grid, 8);
  gtk_widget_set_margin_end (grid, 8);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (what, "heading");
  gtk_label_set_xalign (GTK_LABEL (what), 0);
  gtk_label_set_text (detail, text);
  gtk_widget_add_css_class (GTK_WIDGET (detail), "dim-label");
  gtk_grid_attach (GTK_GRID (grid), time, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), what, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (detail), 2, 0, 1, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return grid;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

void
gw_case_detail_set_timeline (GwCaseDetail *self,
                             GPtrArray    *entries)
{
  g_return_if_fail (GW_IS_CASE_DETAIL (self));
  clear_list (self->timeline_list);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    gtk_list_box_append (self->timeline_list, timeline_row (g_ptr_array_index (entries, i)));
}

static GtkWidget *
duplicate_row (GwDuplicate *dup)
{
  g_autofree char *when = gw_format_time (gw_case_get_requested (dup->gw_case));
  /* Translators: a likely duplicate: id, distance in metres, report time, address */
  g_autofree char *text = g_strdup_printf (_("%s · %.0f m · %s · %s"),
                                           gw_case_get_id (dup->gw_case),
                                           dup->meters, when, gw_case_get_address (dup->gw_case));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 8);
  return label;
}

void
gw_case_detail_set_duplicates (GwCaseDetail *self,
                               GPtrArray    *duplicates)
{
  g_return_if_fail (GW_IS_CASE_DETAIL (self));
  clear_list (self->duplicates_list);
  for (guint i = 0; duplicates != NULL && i < duplicates->len; i++)
    gtk_list_box_append (self->duplicates_list, duplicate_row (g_ptr_array_index (duplicates, i)));
  self->has_duplicates = duplicates != NULL && duplicates->len > 0;
  gtk_widget_set_visible (self->duplicates_box, self->has_duplicates);
  update_actions (self);
}

void
gw_case_detail_set_controls_visible (GwCaseDetail *self,
                                     gboolean      visible)
{
  g_return_if_fail (GW_IS_CASE_DETAIL (self));
  self->controls_visible = visible;
  update_actions (self);
}

void
gw_case_detail_set_notice (GwCaseDetail *self,
                           const char   *notice,
                           gboolean      error)
{
  g_return_if_fail (GW_IS_CASE_DETAIL (self));
  gtk_label_set_text (self->notice_label, notice ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->notice_label), "error");
}

const char *
gw_case_detail_get_countdown_text (GwCaseDetail *self)
{
  g_return_val_if_fail (GW_IS_CASE_DETAIL (self), NULL);
  return gtk_label_get_text (self->countdown_label);
}

const char *
gw_case_detail_get_photo_state (GwCaseDetail *self)
{
  g_return_val_if_fail (GW_IS_CASE_DETAIL (self), NULL);
  return self->photo_state;
}
