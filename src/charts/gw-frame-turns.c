/* gw-frame-turns.c: parts of a window take turns to change on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a GPU, GTK 4.8 draws with its cairo renderer, which on X11 paints
 * into a buffer the size of the box around everything that changed in a
 * frame, then copies it to the window. A KPI tile at the top left and the
 * ticker at the bottom changing in the same frame repaint all that lies
 * between them, the map included. So the wall's parts do not change when
 * their new content is ready: they ask for a turn, and each frame grants the
 * part that waited longest, with whatever else waits close enough to it that
 * the box around them all stays compact (two tiles side by side, not the two
 * sides of the wall). A part waiting for its turn keeps showing what it
 * showed, the same render nodes: nothing to repaint.
 *
 * First come, first served: a part waits at most as many frames as there are
 * parts waiting before it. While parts wait, a tick callback keeps frames
 * coming. A window without turns installed (the desk, tests of one chart)
 * changes at once.
 *
 * A neighbour that schedules its own changes (the map, which shows a live
 * feed a few cells of the screen at a time) can take part: in a frame in
 * which it repaints, the parts close enough to its area change with it; when
 * the oldest part is far from it, the neighbour waits one frame for that
 * part, and the next frame is the neighbour's, so that neither waits long.
 */
#define G_LOG_DOMAIN "gridwall-charts"

#include "config.h"

#include "gw-frame-turns.h"

/* How much bigger than the parts it holds a frame's box may be. */
#define SLACK 1.3
/* A frame's box beyond its first part, in px² (a side chart of a 4K wall is
 * about 0.5 Mpx). */
#define DEFAULT_MAX_AREA (600.0 * 1000.0)

typedef struct
{
  GtkWidget  *part;      /* weak: a part that goes is forgotten */
  GwTurnFunc  func;
  gpointer    user_data;
  guint64     since;     /* the frame count when it asked */
  gint64      since_usec;
} Request;

struct _GwFrameTurns
{
  GObject    parent_instance;

  GtkWidget *window;     /* not owned: the turns are its data */
  GQueue     requests;   /* Request, oldest first */
  guint      tick_id;
  guint64    frame;
  guint      max_wait;   /* frames the longest granted request waited */
  gint64     max_wait_usec;
  double     max_area;

  GwTurnsPeekFunc  peek;
  GwTurnsDeferFunc defer;
  gpointer         neighbour;
  gboolean         deferred;   /* the neighbour waited for us last frame */
};

G_DEFINE_FINAL_TYPE (GwFrameTurns, gw_frame_turns, G_TYPE_OBJECT)

static GQuark turns_quark;

static void on_part_gone (gpointer data, GObject *where_the_part_was);

static void
request_free (GwFrameTurns *self,
              Request      *request)
{
  if (request->part != NULL)
    g_object_weak_unref (G_OBJECT (request->part), on_part_gone, self);
  g_free (request);
}

static Request *
find (GwFrameTurns *self,
      GtkWidget    *part)
{
  for (GList *l = self->requests.head; l != NULL; l = l->next)
    if (((Request *) l->data)->part == part)
      return l->data;
  return NULL;
}

static void
on_part_gone (gpointer  data,
              GObject  *where_the_part_was)
{
  GwFrameTurns *self = data;
  Request *request = find (self, (GtkWidget *) where_the_part_was);

  if (request == NULL)
    return;
  g_queue_remove (&self->requests, request);
  request->part = NULL;
  request_free (self, request);
}

/* The part's box in the window, or FALSE when it shows nowhere. */
static gboolean
part_box (GwFrameTurns    *self,
          GtkWidget       *part,
          graphene_rect_t *box)
{
  return gtk_widget_get_mapped (part) &&
         gtk_widget_compute_bounds (part, self->window, box) &&
         box->size.width > 0 && box->size.height > 0;
}

static double
area_of (const graphene_rect_t *box)
{
  return (double) box->size.width * box->size.height;
}

/* Whether @box may join the frame's box @all (which holds @sum px² of
 * changes): the box must stay within @limit and grow by little more than @box. */
static gboolean
joins (const graphene_rect_t *all,
       double                 sum,
       double                 limit,
       const graphene_rect_t *box)
{
  graphene_rect_t both;

  graphene_rect_union (all, box, &both);
  return area_of (&both) <= limit && area_of (&both) <= SLACK * (sum + area_of (box));
}

/* Takes from the queue the requests that change in this frame, oldest
 * first: the oldest and those close enough to it, or, when the neighbour
 * repaints @next (not NULL), those close enough to it. */
static GPtrArray *
choose (GwFrameTurns          *self,
        const graphene_rect_t *next)
{
  GPtrArray *chosen = g_ptr_array_new ();
  graphene_rect_t all, box;
  double sum = 0, limit = self->max_area;
  gboolean any = FALSE;

  if (next != NULL)
    {
      all = *next;
      sum = area_of (next);
      limit = sum + self->max_area;
      any = TRUE;
    }
  for (GList *l = self->requests.head, *next_link; l != NULL; l = next_link)
    {
      Request *request = l->data;

      next_link = l->next;
      if (part_box (self, request->part, &box))
        {
          if (!any)
            {
              all = box;
              limit = MAX (limit, area_of (&box));
              any = TRUE;
            }
          if (!joins (&all, sum, limit, &box))
            continue;
          graphene_rect_union (&all, &box, &all);
          sum += area_of (&box);
        }
      /* A part that shows nowhere changes nothing on screen: at once. */
      g_queue_delete_link (&self->requests, l);
      g_ptr_array_add (chosen, request);
    }
  return chosen;
}

/* With a neighbour repainting in this frame: the parts near its area join
 * it; if the oldest part is far from it, every other frame the neighbour
 * waits for it. */
static GPtrArray *
choose_with_neighbour (GwFrameTurns *self)
{
  graphene_rect_t next, box;
  Request *oldest = g_queue_peek_head (&self->requests);
  gboolean far;

  if (self->peek == NULL || !self->peek (self->neighbour, &next))
    {
      self->deferred = FALSE;
      return choose (self, NULL);
    }
  far = part_box (self, oldest->part, &box) &&
        !joins (&next, area_of (&next), area_of (&next) + self->max_area, &box);
  if (!far || self->deferred)
    {
      self->deferred = FALSE;
      return choose (self, &next);
    }
  self->defer (self->neighbour);
  self->deferred = TRUE;
  return choose (self, NULL);
}

static void
grant (GwFrameTurns *self)
{
  g_autoptr(GPtrArray) chosen = choose_with_neighbour (self);
  gint64 now = g_get_monotonic_time ();

  /* Callbacks may ask again: the queue is consistent before any runs. */
  for (guint i = 0; i < chosen->len; i++)
    {
      Request *request = g_ptr_array_index (chosen, i);

      self->max_wait = MAX (self->max_wait, (guint) (self->frame - request->since));
      self->max_wait_usec = MAX (self->max_wait_usec, now - request->since_usec);
      request->func (request->part, request->user_data);
      request_free (self, request);
    }
}

static gboolean
on_tick (GtkWidget     *window,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GwFrameTurns *self = user_data;

  self->frame++;
  grant (self);
  if (!g_queue_is_empty (&self->requests))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
gw_frame_turns_dispose (GObject *object)
{
  GwFrameTurns *self = GW_FRAME_TURNS (object);
  Request *request;

  while ((request = g_queue_pop_head (&self->requests)) != NULL)
    request_free (self, request);
  /* The window is going: its tick callbacks go with it. */
  self->tick_id = 0;

  G_OBJECT_CLASS (gw_frame_turns_parent_class)->dispose (object);
}

static void
gw_frame_turns_class_init (GwFrameTurnsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_frame_turns_dispose;
  turns_quark = g_quark_from_static_string ("gw-frame-turns");
}

static void
gw_frame_turns_init (GwFrameTurns *self)
{
  g_queue_init (&self->requests);
  self->max_area = DEFAULT_MAX_AREA;
}

/**
 * gw_frame_turns_install:
 * @window: a toplevel widget (the wall's window)
 *
 * From now on, the parts of @window that ask for turns change one compact
 * area a frame.
 *
 * Returns: (transfer none): @window's turns, which live as long as it
 */
GwFrameTurns *
gw_frame_turns_install (GtkWidget *window)
{
  GwFrameTurns *self;

  g_return_val_if_fail (GTK_IS_ROOT (window), NULL);

  self = gw_frame_turns_get (window);
  if (self != NULL)
    return self;
  self = g_object_new (GW_TYPE_FRAME_TURNS, NULL);
  self->window = window;
  g_object_set_qdata_full (G_OBJECT (window), turns_quark, self, g_object_unref);
  return self;
}

/**
 * gw_frame_turns_get:
 * @widget: any widget
 *
 * Returns: (transfer none) (nullable): the turns of @widget's window, if
 *   installed
 */
GwFrameTurns *
gw_frame_turns_get (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  if (root == NULL || turns_quark == 0)
    return NULL;
  return g_object_get_qdata (G_OBJECT (root), turns_quark);
}

/**
 * gw_frame_turns_ask:
 * @part: a widget with a change to show
 * @func: makes the change
 * @user_data: for @func
 *
 * Calls @func in the frame that @part's turn comes, or now when its window
 * has no turns or @part shows nowhere. A part asking again before its turn
 * keeps its place in the queue, with the new @func.
 */
void
gw_frame_turns_ask (GtkWidget  *part,
                    GwTurnFunc  func,
                    gpointer    user_data)
{
  GwFrameTurns *self;
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (part));
  g_return_if_fail (func != NULL);

  self = gw_frame_turns_get (part);
  if (self == NULL || !gtk_widget_get_mapped (part))
    {
      func (part, user_data);
      return;
    }
  request = find (self, part);
  if (request == NULL)
    {
      request = g_new0 (Request, 1);
      request->part = part;
      request->since = self->frame;
      request->since_usec = g_get_monotonic_time ();
      g_object_weak_ref (G_OBJECT (part), on_part_gone, self);
      g_queue_push_tail (&self->requests, request);
    }
  request->func = func;
  request->user_data = user_data;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->window, on_tick, self, NULL);
}

/**
 * gw_frame_turns_withdraw:
 * @part: a widget that asked for a turn
 *
 * Forgets @part's request, if any (its change is no longer to be made).
 */
void
gw_frame_turns_withdraw (GtkWidget *part)
{
  GwFrameTurns *self;
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (part));

  self = gw_frame_turns_get (part);
  if (self == NULL || (request = find (self, part)) == NULL)
    return;
  g_queue_remove (&self->requests, request);
  request_free (self, request);
}

guint
gw_frame_turns_get_n_waiting (GwFrameTurns *self)
{
  g_return_val_if_fail (GW_IS_FRAME_TURNS (self), 0);
  return self->requests.length;
}

/**
 * gw_frame_turns_get_max_wait:
 * @self: turns
 *
 * Returns: the most frames a part waited for its turn so far (tests,
 *   benchmarks)
 */
guint
gw_frame_turns_get_max_wait (GwFrameTurns *self)
{
  g_return_val_if_fail (GW_IS_FRAME_TURNS (self), 0);
  return self->max_wait;
}

/* The longest a part waited for its turn so far, in µs. */
gint64
gw_frame_turns_get_max_wait_usec (GwFrameTurns *self)
{
  g_return_val_if_fail (GW_IS_FRAME_TURNS (self), 0);
  return self->max_wait_usec;
}

/**
 * gw_frame_turns_set_neighbour:
 * @self: turns
 * @peek: (nullable): tells where the neighbour repaints in the next frame
 * @defer: asks it to wait a frame
 * @user_data: the neighbour, for @peek and @defer; it must outlive @self or
 *   be unset first
 *
 * Takes a neighbour that schedules its own changes (the map) into the
 * turns: see the top of gw-frame-turns.c.
 */
void
gw_frame_turns_set_neighbour (GwFrameTurns     *self,
                              GwTurnsPeekFunc   peek,
                              GwTurnsDeferFunc  defer,
                              gpointer          user_data)
{
  g_return_if_fail (GW_IS_FRAME_TURNS (self));
  g_return_if_fail (peek == NULL || defer != NULL);

  self->peek = peek;
  self->defer = defer;
  self->neighbour = user_data;
  self->deferred = FALSE;
}

/**
 * gw_frame_turns_set_max_area:
 * @self: turns
 * @max_area: px² a frame's box of changes may cover (its first part always
 *   changes, whatever its size)
 */
void
gw_frame_turns_set_max_area (GwFrameTurns *self,
                             double        max_area)
{
  g_return_if_fail (GW_IS_FRAME_TURNS (self));
  self->max_area = max_area;
}
