/* gw-ticker.c: the wall's row of the newest cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One widget draws the row itself, rather than a box of labels: a label given
 * new text asks for a new size, and on a live wall that relaid out the
 * window once a second (7.6 ms at p95 at 4K, more than the rest of such a
 * frame). The ticker's size depends only on its font, never on its text, so
 * new items only repaint it. Their Pango layouts are made and shaped when
 * the items are set, outside any frame; they land on screen in the ticker's
 * turn (gw-frame-turns.c), as the charts' new drawings do. Items are plain
 * text (they come from the feed): never markup.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-frame-turns.h"
#include "gw-ticker.h"

/* Between two items, in px. */
#define SPACING 36
/* The narrowest an item may be, in characters of the font. */
#define MIN_CHARS 12

typedef struct
{
  char        *text;
  GwPriority   priority;
  PangoLayout *layout;
} Item;

struct _GwTicker
{
  GtkWidget             parent_instance;

  guint                 n_items;
  Item                 *shown;     /* n_items */
  Item                 *pending;   /* n_items, or NULL: waiting for the turn */
  PangoFontDescription *font;      /* what the layouts and sizes were made with */
  int                   line_height;
  int                   char_width;
  int                   item_width;
  guint                 n_shown;
};

G_DEFINE_FINAL_TYPE (GwTicker, gw_ticker, GTK_TYPE_WIDGET)

static void
items_free (Item  *items,
            guint  n)
{
  if (items == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_free (items[i].text);
      g_clear_object (&items[i].layout);
    }
  g_free (items);
}

static void
each_layout (GwTicker *self,
             void    (*func) (PangoLayout *layout, gpointer data),
             gpointer  data)
{
  for (guint i = 0; i < self->n_items; i++)
    {
      func (self->shown[i].layout, data);
      if (self->pending != NULL)
        func (self->pending[i].layout, data);
    }
}

static void
layout_context_changed (PangoLayout *layout,
                        gpointer     data)
{
  pango_layout_context_changed (layout);
}

static void
layout_set_width (PangoLayout *layout,
                  gpointer     data)
{
  pango_layout_set_width (layout, GPOINTER_TO_INT (data) * PANGO_SCALE);
}

/* The line's height and a character's width follow the font (CSS: the wall's
 * 4K class doubles it): measured again only when it changes. CJK text falls
 * back to another font than the Latin digits: both are in the sample. */
static void
update_font (GwTicker *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  g_autoptr(PangoLayout) sample = NULL;
  PangoFontMetrics *metrics;
  PangoRectangle logical;

  if (self->font != NULL && pango_font_description_equal (self->font, font))
    return;
  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = pango_font_description_copy (font);
  sample = pango_layout_new (context);
  pango_layout_set_text (sample, "09:59 国Ag", -1);
  pango_layout_get_pixel_extents (sample, NULL, &logical);
  self->line_height = logical.height;
  metrics = pango_context_get_metrics (context, font, NULL);
  self->char_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (metrics));
  pango_font_metrics_unref (metrics);
  each_layout (self, layout_context_changed, NULL);
}

/* The first item, the newest, and the urgent and major ones are bold. */
static PangoLayout *
make_layout (GwTicker   *self,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, MAX (self->item_width, 1) * PANGO_SCALE);
  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  /* Shaped now, outside the frame that shows it. */
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return layout;
}

/* A layout shown already for the same text in the same style, or NULL. */
static PangoLayout *
find_layout (GwTicker   *self,
             const char *text,
             GwPriority  priority,
             gboolean    first)
{
  for (guint i = 0; i < self->n_items; i++)
    {
      Item *item = &self->shown[i];

      if ((i == 0) == first && item->priority == priority && g_strcmp0 (item->text, text) == 0)
        return g_object_ref (item->layout);
    }
  return NULL;
}

static void
update_accessible (GwTicker *self)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < self->n_items; i++)
    if (*self->shown[i].text != '\0')
      g_string_append_printf (all, "%s%s", all->len > 0 ? "\n" : "", self->shown[i].text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, all->str, -1);
}

static void
show_pending (GtkWidget *widget,
              gpointer   user_data)
{
  GwTicker *self = GW_TICKER (widget);

  if (self->pending == NULL)
    return;
  items_free (self->shown, self->n_items);
  self->shown = g_steal_pointer (&self->pending);
  self->n_shown++;
  update_accessible (self);
  gtk_widget_queue_draw (widget);
}

static void
gw_ticker_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  GwTicker *self = GW_TICKER (widget);

  update_font (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = self->n_items * MIN_CHARS * self->char_width
                          + (self->n_items - 1) * SPACING;
  else
    *minimum = *natural = self->line_height;
}

static void
gw_ticker_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  GwTicker *self = GW_TICKER (widget);
  int item_width = MAX (1, (width - (int) (self->n_items - 1) * SPACING) / (int) self->n_items);

  if (item_width == self->item_width)
    return;
  self->item_width = item_width;
  each_layout (self, layout_set_width, GINT_TO_POINTER (item_width));
}

static void
item_color (GwTicker   *self,
            GwPriority  priority,
            GdkRGBA    *color)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, color);
  if (priority == GW_PRIORITY_MAJOR && !gtk_style_context_lookup_color (style, "error_color", color))
    gdk_rgba_parse (color, "#ff7b63");
  else if (priority == GW_PRIORITY_URGENT &&
           !gtk_style_context_lookup_color (style, "warning_color", color))
    gdk_rgba_parse (color, "#f8e45c");
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
gw_ticker_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  GwTicker *self = GW_TICKER (widget);
  int y = (gtk_widget_get_height (widget) - self->line_height) / 2;

  update_font (self);
  for (guint i = 0; i < self->n_items; i++)
    {
      GdkRGBA color;

      if (*self->shown[i].text == '\0')
        continue;
      item_color (self, self->shown[i].priority, &color);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (i * (self->item_width + SPACING), y));
      gtk_snapshot_append_layout (snapshot, self->shown[i].layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
gw_ticker_finalize (GObject *object)
{
  GwTicker *self = GW_TICKER (object);

  items_free (self->shown, self->n_items);
  items_free (self->pending, self->n_items);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (gw_ticker_parent_class)->finalize (object);
}

static void
gw_ticker_dispose (GObject *object)
{
  gw_frame_turns_withdraw (GTK_WIDGET (object));

  G_OBJECT_CLASS (gw_ticker_parent_class)->dispose (object);
}

static void
gw_ticker_class_init (GwTickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_ticker_dispose;
  object_class->finalize = gw_ticker_finalize;
  widget_class->measure = gw_ticker_measure;
  widget_class->size_allocate = gw_ticker_size_allocate;
  widget_class->snapshot = gw_ticker_snapshot;
  gtk_widget_class_set_css_name (widget_class, "ticker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_MARQUEE);
}

static void
gw_ticker_init (GwTicker *self)
{
}

/**
 * gw_ticker_new:
 * @n_items: how many items the row shows, side by side
 *
 * Returns: a ticker showing nothing yet
 */
GtkWidget *
gw_ticker_new (guint n_items)
{
  GwTicker *self;

  g_return_val_if_fail (n_items > 0, NULL);

  self = g_object_new (GW_TYPE_TICKER, NULL);
  self->n_items = n_items;
  self->shown = g_new0 (Item, n_items);
  for (guint i = 0; i < n_items; i++)
    {
      self->shown[i].text = g_strdup ("");
      self->shown[i].layout = make_layout (self, "", FALSE);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Newest cases"), -1);
  return GTK_WIDGET (self);
}

/**
 * gw_ticker_set_items:
 * @self: a ticker
 * @texts: (array length=n): the items, the first shown first; plain text
 * @priorities: (array length=n): their priorities (major and urgent items
 *   stand out)
 * @n: how many; items beyond the ticker's are left out, and places beyond
 *   @n show nothing
 *
 * Lays the items out now; they show in the ticker's next turn.
 */
void
gw_ticker_set_items (GwTicker           *self,
                     const char * const *texts,
                     const GwPriority   *priorities,
                     guint               n)
{
  Item *items;

  g_return_if_fail (GW_IS_TICKER (self));
  g_return_if_fail (n == 0 || (texts != NULL && priorities != NULL));

  update_font (self);
  items = g_new0 (Item, self->n_items);
  for (guint i = 0; i < self->n_items; i++)
    {
      const char *text = i < n && texts[i] != NULL ? texts[i] : "";
      GwPriority priority = i < n ? priorities[i] : GW_PRIORITY_NORMAL;

      items[i].text = g_strdup (text);
      items[i].priority = priority;
      items[i].layout = find_layout (self, text, priority, i == 0);
      if (items[i].layout == NULL)
        items[i].layout = make_layout (self, text, i == 0 || priority != GW_PRIORITY_NORMAL);
    }
  items_free (self->pending, self->n_items);
  self->pending = items;
  gw_frame_turns_ask (GTK_WIDGET (self), show_pending, NULL);
}

guint
gw_ticker_get_n_items (GwTicker *self)
{
  g_return_val_if_fail (GW_IS_TICKER (self), 0);
  return self->n_items;
}

/**
 * gw_ticker_get_item_text:
 * @self: a ticker
 * @index: an item's place, 0 first
 *
 * Returns: what the item shows ("" for nothing)
 */
const char *
gw_ticker_get_item_text (GwTicker *self,
                         guint     index)
{
  g_return_val_if_fail (GW_IS_TICKER (self), NULL);
  g_return_val_if_fail (index < self->n_items, NULL);
  return self->shown[index].text;
}

/* How many times new items reached the screen (tests). */
guint
gw_ticker_get_n_shown (GwTicker *self)
{
  g_return_val_if_fail (GW_IS_TICKER (self), 0);
  return self->n_shown;
}
