/* bench-desk.c: the dispatch desk with a queue of 100,000 cases
 *
 *  1. time to the first frame of the queue (filter + sort of every case, cards
 *     for the visible rows), against a plain GtkListView of 100,000 labels;
 *  2. time from a new event (one case changes priority) to the frame that shows
 *     the queue re-sorted, against a frame with no change;
 *  3. the same with a list of ids over GwQueueModel, against the same list over
 *     GtkFilterListModel + GtkSortListModel (the model the queue replaced);
 *  4. time from a drag's start to the frame with the suggested tiles lit,
 *     against a frame that only toggles one tile's style.
 *
 * Frame times are GdkFrameClock ::after-paint; run under Xvfb (llvmpipe).
 * Usage: bench-desk [N_CASES]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "bench-gen.h"
#include "gw-desk.h"
#include "gw-queue-model.h"

#define ROUNDS 5

static const char *kinds[] = { "police", "urban_management", "civil_affairs", "fire",
                               "market_supervision", "emergency_management", "environment",
                               "housing", "water", "transport", "health", "human_resources",
                               "justice" };
static const char *areas[] = { "3601", "360102", "360103", "360104", "360111", "360112", "360113" };
static const char *types[][2] = {
  { "fire_lane_blocked", "fire" }, { "neighbour_noise", "justice" }, { "illegal_parking", "police" },
  { "garbage_overflow", "urban_management" }, { "elderly_assistance", "civil_affairs" },
  { "street_fight", "police" }, { "road_damage", "transport" }, { "wage_arrears", "human_resources" },
  { "gas_leak_risk", "emergency_management" }, { "sewage_discharge", "environment" },
};

/* Every case reported (version 1): all of them wait in the queue. */
static GBytes *
make_snapshot (guint n_cases)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GString *out = g_string_sized_new ((gsize) n_cases * 1200);

  g_string_append (out, "{\"sequence\": \"00000000000000500000\","
                        " \"generated\": \"2026-11-21T14:03:12+08:00\","
                        " \"mode\": {\"mode\": \"normal\", \"reason\": null, \"case\": null},"
                        " \"departments\": [");
  for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      g_string_append_printf (out, "%s{\"code\": \"%s-%u\", \"name\": \"%s %s\", \"kind\": \"%s\","
                                   " \"area\": \"%s\", \"phone\": \"12345\"}",
                              a + k ? ", " : "", areas[a], k, areas[a], kinds[k], kinds[k], areas[a]);
  g_string_append (out, "], \"case_types\": [");
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    g_string_append_printf (out,
                            "%s{\"service_code\": \"%s\", \"service_name\": \"%s\", \"category\": \"other\","
                                 " \"department_kind\": \"%s\", \"deadline_hours\": 24}",
                            t ? ", " : "", types[t][0], types[t][0], types[t][1]);
  g_string_append (out, "],\n \"cases\": [\n");
  for (guint i = 0; i < n_cases; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n");
      bench_append_case (out, rand, i, 1);
    }
  g_string_append (out, "]}\n");
  return g_string_free_to_bytes (out);
}

/* Frames */

typedef struct
{
  GMainLoop *loop;
  gint64     start;
  gint64     painted;
  guint      handler;
  GdkFrameClock *clock;
} Frame;

static void
on_after_paint (GdkFrameClock *clock,
                Frame         *frame)
{
  frame->painted = g_get_monotonic_time ();
  g_main_loop_quit (frame->loop);
}

/* Runs @change, then waits for the next painted frame of @window; returns ms. */
static double
time_frame (GtkWidget *window,
            void     (*change) (gpointer),
            gpointer   data)
{
  Frame frame = { 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  frame.loop = g_main_loop_new (NULL, FALSE);
  frame.handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &frame);
  frame.start = g_get_monotonic_time ();
  change (data);
  if (g_getenv ("BENCH_VERBOSE"))
    g_printerr ("  (synchronous part %.1f ms)\n", (g_get_monotonic_time () - frame.start) / 1000.0);
  gtk_widget_queue_draw (window);
  g_main_loop_run (frame.loop);
  g_signal_handler_disconnect (clock, frame.handler);
  g_main_loop_unref (frame.loop);
  return (frame.painted - frame.start) / 1000.0;
}

static gboolean
on_settled (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run (idle, not spinning) for @ms. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_settled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* First frame of a window holding @child, from creation (done by @make) on. */
typedef GtkWidget *(*MakeFunc) (gpointer data);

static double
first_frame (MakeFunc  make,
             gpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  gint64 start = g_get_monotonic_time ();
  Frame frame = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 1000);
  gtk_window_set_child (GTK_WINDOW (window), make (data));
  frame.loop = g_main_loop_new (NULL, FALSE);
  gtk_widget_realize (window);
  frame.handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                    G_CALLBACK (on_after_paint), &frame);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (frame.loop);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), frame.handler);
  g_main_loop_unref (frame.loop);
  gtk_window_destroy (GTK_WINDOW (window));
  settle (100);
  return (frame.painted - start) / 1000.0;
}

static void
setup_label (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_label (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static GtkWidget *
make_plain_list (gpointer data)
{
  GwCaseStore *store = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GtkStringList *list;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCase) c = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_ptr_array_add (ids, (gpointer) gw_case_get_id (c));
    }
  g_ptr_array_add (ids, NULL);
  list = gtk_string_list_new ((const char * const *) ids->pdata);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (list))),
                                                    factory));
  return scroller;
}

static GtkWidget *
make_queue (gpointer data)
{
  return gw_case_queue_new (data);
}

/* Drag start to lit tiles */

typedef struct
{
  GwDesk *desk;
  GwCase *kase;
  GtkWidget *tile;   /* or card: the widget a baseline frame restyles */
} Drag;

/* The queue's order (gw-case-queue.c) */
static int
compare_cases (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GwCase *x = (GwCase *) a, *y = (GwCase *) b;
  int order = (int) gw_case_get_priority (y) - (int) gw_case_get_priority (x);

  if (order != 0)
    return order;
  order = g_date_time_compare (gw_case_get_requested (x), gw_case_get_requested (y));
  return order ? order : g_strcmp0 (gw_case_get_id (x), gw_case_get_id (y));
}

static gboolean
open_case (GwCase   *c,
           gpointer  user_data)
{
  return gw_case_is_open (c);
}

static gboolean
open_item (gpointer item,
           gpointer user_data)
{
  return gw_case_is_open (item);
}

static void
bind_id (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gw_case_get_id (gtk_list_item_get_item (item)));
}

static GtkWidget *
id_list_window (GListModel *model)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *window = gtk_window_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_id), NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (model)),
                                                    factory));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 1000);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Re-sort after one event */

typedef struct
{
  GwCaseStore *store;
  guint64      sequence;
  guint        n;
} Events;

/* One case turns major: it jumps to the top of the queue. */
static void
apply_one_event (gpointer data)
{
  Events *e = data;
  g_autoptr(GwCase) c = g_list_model_get_item (G_LIST_MODEL (e->store),
                                               (e->n * 7919u) % g_list_model_get_n_items (G_LIST_MODEL (e->store)));
  g_autoptr(JsonNode) node = gw_case_to_json (c);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *case_json = NULL;
  g_autofree char *frame = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  g_autoptr(GError) error = NULL;
  GwEvent *event;

  json_object_set_string_member (object, "priority", "major");
  json_object_set_int_member (object, "version", gw_case_get_version (c) + 1);
  json_generator_set_root (generator, node);
  case_json = json_generator_to_data (generator, NULL);
  e->sequence++;
  e->n++;
  frame = g_strdup_printf ("{\"specversion\": \"1.0\", \"id\": \"360100-%" G_GUINT64_FORMAT "\","
                           " \"source\": \"/centers/360100\", \"type\": \"cn.gridwall.case.updated\","
                           " \"sequence\": \"%020" G_GUINT64_FORMAT "\", \"datacontenttype\": \"application/json\","
                           " \"data\": {\"case\": %s, \"actor\": {\"id\": \"x\", \"name\": \"x\"},"
                           " \"note\": null, \"department\": null}}",
                           e->sequence, e->sequence, case_json);
  event = gw_event_decode (frame, strlen (frame), &error);
  g_assert_no_error (error);
  g_ptr_array_add (events, event);
  gw_case_store_apply_events (e->store, events, &error);
  g_assert_no_error (error);
}

static void
start_drag (gpointer data)
{
  Drag *d = data;

  g_signal_emit_by_name (gw_desk_get_queue (d->desk), "drag-begin", d->kase);
}

static void
end_drag (gpointer data)
{
  Drag *d = data;

  g_signal_emit_by_name (gw_desk_get_queue (d->desk), "drag-end", d->kase);
  gw_desk_show_case (d->desk, NULL);
}

static void
toggle_tile (gpointer data)
{
  Drag *d = data;

  if (gtk_widget_has_css_class (d->tile, "drop-hover"))
    gtk_widget_remove_css_class (d->tile, "drop-hover");
  else
    gtk_widget_add_css_class (d->tile, "drop-hover");
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return v[n / 2];
}

static void
report (const char *what,
        double     *ours,
        double     *base,
        const char *base_what)
{
  double m = median (ours, ROUNDS), b = median (base, ROUNDS);

  g_print ("%-44s %9.1f ms   baseline (%s) %8.1f ms   ratio %6.2f\n", what, m, base_what, b, m / b);
}

int
main (int   argc,
      char *argv[])
{
  guint n_cases = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCaseStore) store = gw_case_store_new ();
  double ours[ROUNDS], base[ROUNDS];

  adw_init ();
  g_print ("desk benchmark: %u waiting cases, %d rounds, medians\n", n_cases, ROUNDS);
  bytes = make_snapshot (n_cases);
  snapshot = gw_snapshot_decode (bytes, &error);
  g_assert_no_error (error);
  gw_case_store_load_snapshot (store, snapshot);

  /* 1. first frame */
  for (guint r = 0; r < ROUNDS; r++)
    {
      base[r] = first_frame (make_plain_list, store);
      ours[r] = first_frame (make_queue, store);
    }
  report ("queue: first frame", ours, base, "plain list of ids");

  /* 3. the model alone, ours against GTK's */
  {
    Events events = { store, 400000, 1 };
    GtkFilterListModel *filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                                              GTK_FILTER (gtk_custom_filter_new (open_item, NULL, NULL)));
    GtkSortListModel *gtk_sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                                            GTK_SORTER (gtk_custom_sorter_new (compare_cases, NULL, NULL)));
    GtkWidget *theirs = id_list_window (G_LIST_MODEL (gtk_sorted));
    GtkWidget *mine;

    settle (2000);
    for (guint r = 0; r < ROUNDS; r++)
      {
        base[r] = time_frame (theirs, apply_one_event, &events);
        settle (200);
      }
    gtk_window_destroy (GTK_WINDOW (theirs));
    mine = id_list_window (G_LIST_MODEL (gw_queue_model_new (G_LIST_MODEL (store), open_case,
                                                             compare_cases, NULL)));
    settle (2000);
    for (guint r = 0; r < ROUNDS; r++)
      {
        ours[r] = time_frame (mine, apply_one_event, &events);
        settle (200);
      }
    gtk_window_destroy (GTK_WINDOW (mine));
    settle (500);
    report ("ids over GwQueueModel: event to frame", ours, base, "GtkSortListModel");
  }

  /* 2 and 4 in one desk window: queue and board. */
  {
    g_autoptr(GwFeed) feed = gw_feed_new (store);
    g_autoptr(GwDesk) desk = gw_desk_new (feed);
    GtkWidget *window = gtk_window_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    Events events = { store, 500000, 0 };
    Drag drag = { desk, NULL, NULL };

    gtk_box_append (GTK_BOX (box), GTK_WIDGET (gw_desk_get_queue (desk)));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (gw_desk_get_board (desk)));
    gtk_widget_set_size_request (GTK_WIDGET (gw_desk_get_queue (desk)), 420, -1);
    gtk_widget_set_hexpand (GTK_WIDGET (gw_desk_get_board (desk)), TRUE);
    gtk_window_set_default_size (GTK_WINDOW (window), 1200, 1000);
    gtk_window_set_child (GTK_WINDOW (window), box);
    gtk_window_present (GTK_WINDOW (window));
    settle (3000);

    for (guint r = 0; r < ROUNDS; r++)
      {
        g_autoptr(GwCase) top = g_list_model_get_item (gw_case_queue_get_model (gw_desk_get_queue (desk)), 0);
        GwCaseCard *card = gw_case_queue_find_card (gw_desk_get_queue (desk), gw_case_get_id (top));
        Drag restyle = { desk, NULL, card ? GTK_WIDGET (card) : GTK_WIDGET (gw_desk_get_queue (desk)) };

        base[r] = time_frame (window, toggle_tile, &restyle);
        ours[r] = time_frame (window, apply_one_event, &events);
        settle (200);
      }
    report ("queue: new event to re-sorted frame", ours, base, "frame, one card restyled");

    drag.kase = g_list_model_get_item (gw_case_queue_get_model (gw_desk_get_queue (desk)), 0);
    drag.tile = GTK_WIDGET (gw_department_board_get_tile (gw_desk_get_board (desk), "360102-0"));
    for (guint r = 0; r < ROUNDS; r++)
      {
        base[r] = time_frame (window, toggle_tile, &drag);
        ours[r] = time_frame (window, start_drag, &drag);
        time_frame (window, end_drag, &drag);
        settle (200);
      }
    report ("drag start to suggested tiles lit", ours, base, "frame, one tile restyled");
    g_clear_object (&drag.kase);
    gtk_window_destroy (GTK_WINDOW (window));
  }
  return 0;
}
