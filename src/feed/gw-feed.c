/* gw-feed.c: keeps a GwCaseStore in step with a centre
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One attempt is: GET /v1/me (once per start), GET /v1/snapshot (when the store
 * must be reloaded), then the WebSocket feed after the store's sequence. Frames go
 * to one worker thread that decodes them in arrival order; the results come back
 * through a GSource on the feed's main context that folds them into the store in
 * batches, at most once per flush interval. Connection losses, gaps, lost history
 * and silence all end in the same place: drop the connection, then try again with
 * backoff, reloading the snapshot first when the feed cannot be resumed.
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-center-client-private.h"
#include "gw-feed.h"

#define FEED_PROTOCOL "cloudevents.json"

G_DEFINE_ENUM_TYPE (GwFeedState, gw_feed_state,
  G_DEFINE_ENUM_VALUE (GW_FEED_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (GW_FEED_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (GW_FEED_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (GW_FEED_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (GW_FEED_STATE_RESYNCING, "resyncing"),
  G_DEFINE_ENUM_VALUE (GW_FEED_STATE_FAILED, "failed"))

typedef enum
{
  ITEM_FRAME,     /* a text frame to decode */
  ITEM_BINARY,    /* a binary frame: a protocol violation */
  ITEM_EVENT,     /* a decoded event */
  ITEM_REJECTED,  /* a frame the decoder refused */
  ITEM_ERROR,     /* the connection reported an error */
  ITEM_CLOSED,    /* the connection closed */
} ItemKind;

/* What travels through the worker, in frame order. */
typedef struct
{
  ItemKind  kind;
  guint     epoch;     /* of the connection it came from */
  GBytes   *frame;
  GwEvent  *event;
  GError   *error;
  guint64   sequence;  /* of a rejected frame, 0 when unknown */
  guint     fingerprint;  /* of the frame's bytes */
} Item;

struct _GwFeed
{
  GObject          parent_instance;

  GwCaseStore     *store;
  GMainContext    *context;

  /* Configuration */
  char            *base_uri;
  char            *token;
  char            *ca_file;
  guint            keepalive_interval;  /* s */
  guint            liveness_timeout;    /* ms */
  guint            backoff_base;        /* ms */
  guint            backoff_cap;         /* ms */
  guint            healthy_time;        /* ms */
  guint            max_gap_retries;
  guint            flush_interval;      /* ms */

  /* One run, from start to stop */
  GwCenterClient  *client;
  GCancellable    *cancellable;
  gboolean         running;
  gboolean         have_identity;
  gboolean         need_snapshot;
  gboolean         fetching_grids;
  char            *loaded_uri;          /* the centre the store's contents came from */
  char            *loaded_code;
  guint            n_attempts;          /* failures since the last healthy connection */
  guint            n_gaps;              /* gaps in a row without progress */
  guint64          gap_sequence;
  GSource         *retry_source;

  /* The connection */
  SoupWebsocketConnection *connection;
  GCancellable    *connect_cancellable;
  GSource         *connect_timeout_source;
  gboolean         connect_timed_out;
  GSource         *liveness_source;
  GSource         *healthy_source;
  gint64           last_activity;       /* monotonic µs */
  guint            epoch;               /* bumped whenever a connection is abandoned */
  /* Resuming overlaps by one event: the centre must send the last one we applied
   * again, byte for byte, or its history changed under us (a centre that lost
   * events and reused their sequences) and only a snapshot is safe. */
  guint64          last_sequence;
  guint            last_fingerprint;
  gboolean         expect_overlap;
  GSource         *overlap_source;

  /* Decoding: the worker pushes results to @done under @lock and wakes @flush_source */
  GThreadPool     *pool;
  GMutex           lock;
  GQueue           done;
  GSource         *flush_source;
  gint64           next_flush;
  GArray          *batch_fingerprints;  /* guint, parallel to the batch being built */

  /* Properties */
  GwFeedState      state;
  GDateTime       *state_since;
  GDateTime       *last_event_time;
  char            *last_error;
  char            *role;
  char            *user_id;
  char            *user_name;
  char            *center_code;
  char            *center_name;
  guint            n_reconnects;
  guint            n_resyncs;
  GBytes          *grids;
  GPtrArray       *rejections;
};

G_DEFINE_FINAL_TYPE (GwFeed, gw_feed, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_STATE_SINCE,
  PROP_LAST_EVENT_TIME,
  PROP_LAST_ERROR,
  PROP_ROLE,
  PROP_USER_ID,
  PROP_USER_NAME,
  PROP_CENTER_CODE,
  PROP_CENTER_NAME,
  PROP_N_RECONNECTS,
  PROP_N_RESYNCS,
  PROP_GRIDS,
  PROP_KEEPALIVE_INTERVAL,
  PROP_LIVENESS_TIMEOUT,
  PROP_BACKOFF_BASE,
  PROP_BACKOFF_CAP,
  PROP_HEALTHY_TIME,
  PROP_MAX_GAP_RETRIES,
  PROP_FLUSH_INTERVAL,
  N_PROPS
};

enum {
  REJECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void begin_attempt (GwFeed *self);
static void fetch_grids   (GwFeed *self);

/* Items */

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->frame, g_bytes_unref);
  g_clear_pointer (&item->event, gw_event_unref);
  g_clear_error (&item->error);
  g_free (item);
}

static Item *
item_new (ItemKind kind,
          guint    epoch)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->epoch = epoch;
  return item;
}

/* Finds the envelope's "sequence" in a frame the decoder refused, so the
 * operator sees which event it was. A heuristic: the frame is not trusted. */
static guint64
sniff_sequence (GBytes *frame)
{
  gsize length;
  const char *data = g_bytes_get_data (frame, &length);
  const char *end = data + length;
  const char *p;
  char digits[21];
  guint n = 0;

  p = g_strstr_len (data, MIN (length, (gsize) GW_EVENT_MAX_SIZE), "\"sequence\"");
  if (p == NULL)
    return 0;
  p += strlen ("\"sequence\"");
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p++ != ':')
    return 0;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p++ != '"')
    return 0;
  while (p < end && g_ascii_isdigit (*p) && n < 20)
    digits[n++] = *p++;
  digits[n] = '\0';
  return n > 0 ? g_ascii_strtoull (digits, NULL, 10) : 0;
}

/* Runs in the worker thread: one at a time, in push order. */
static void
decode_item (gpointer data,
             gpointer user_data)
{
  GwFeed *self = user_data;
  Item *item = data;

  if (item->kind == ITEM_FRAME)
    {
      gsize length;
      const char *text = g_bytes_get_data (item->frame, &length);

      item->fingerprint = g_bytes_hash (item->frame);
      item->event = gw_event_decode (text, length, &item->error);
      item->kind = item->event ? ITEM_EVENT : ITEM_REJECTED;
      if (item->event == NULL)
        item->sequence = sniff_sequence (item->frame);
      g_clear_pointer (&item->frame, g_bytes_unref);
    }
  else if (item->kind == ITEM_BINARY)
    {
      item->kind = ITEM_REJECTED;
      item->sequence = 0;
      item->error = g_error_new (GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_SYNTAX,
                                 _("a binary frame of %zu bytes, where "
                                   "the protocol has only text frames"),
                                 g_bytes_get_size (item->frame));
      g_clear_pointer (&item->frame, g_bytes_unref);
    }

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->done, item);
  g_mutex_unlock (&self->lock);
  g_source_set_ready_time (self->flush_source, 0);
}

static void
push_item (GwFeed *self,
           Item   *item)
{
  g_thread_pool_push (self->pool, item, NULL);
}

/* Sources on the feed's context */

static GSource *
add_timeout (GwFeed      *self,
             guint        milliseconds,
             GSourceFunc  func)
{
  GSource *source = g_timeout_source_new (milliseconds);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs flush_source_funcs = {
  .dispatch = flush_source_dispatch,
};

/* Properties */

static void
set_string (GwFeed      *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (GwFeed      *self,
           GwFeedState  state)
{
  if (self->state == state)
    return;

  g_debug ("state %s → %s", g_enum_to_string (GW_TYPE_FEED_STATE, self->state),
           g_enum_to_string (GW_TYPE_FEED_STATE, state));
  self->state = state;
  g_clear_pointer (&self->state_since, g_date_time_unref);
  self->state_since = g_date_time_new_now_local ();
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_SINCE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_last_error (GwFeed     *self,
                const char *message)
{
  set_string (self, &self->last_error, message, PROP_LAST_ERROR);
}

static void
set_uint (GwFeed *self,
          guint  *field,
          guint   value,
          int     prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Rejections */

static void
record_rejection (GwFeed       *self,
                  guint64       sequence,
                  const GError *error)
{
  g_autofree char *name = g_strdup_printf ("event %" G_GUINT64_FORMAT, sequence);
  char *text;

  /* The decoder names the event when it could read its sequence. */
  if (sequence != 0 && strstr (error->message, name) == NULL)
    text = g_strdup_printf (_("event %" PRIu64 ": %s"), sequence, error->message);
  else
    text = g_strdup (error->message);

  g_warning ("Rejected a frame from %s: %s", self->base_uri, text);
  g_ptr_array_insert (self->rejections, 0, text);
  if (self->rejections->len > GW_FEED_N_RECENT_REJECTIONS)
    g_ptr_array_set_size (self->rejections, GW_FEED_N_RECENT_REJECTIONS);
  g_signal_emit (self, signals[REJECTED], 0, sequence, text);
}

static void
reject (GwFeed       *self,
        guint64       sequence,
        const GError *error)
{
  gw_case_store_count_rejected (self->store, error);
  record_rejection (self, sequence, error);
}

/* The connection */

static void
drop_connection (GwFeed *self)
{
  /* Whatever the worker still holds from this connection is stale now. */
  self->epoch++;

  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }
  clear_source (&self->connect_timeout_source);
  clear_source (&self->liveness_source);
  clear_source (&self->healthy_source);
  clear_source (&self->overlap_source);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->connection);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  GwFeed *self = user_data;

  clear_source (&self->retry_source);
  begin_attempt (self);
  return G_SOURCE_REMOVE;
}

/* Full jitter: a uniform delay in [0, min(cap, base * 2^attempts)]. */
static guint
backoff_delay (GwFeed *self)
{
  guint64 ceiling = (guint64) self->backoff_base << MIN (self->n_attempts, 20);

  ceiling = MIN (ceiling, self->backoff_cap);
  return (guint) g_random_int_range (0, (gint32) MIN (ceiling, G_MAXINT32 - 1) + 1);
}

static void
schedule_retry (GwFeed       *self,
                GwFeedState   state,
                const GError *error,
                gboolean      immediately)
{
  guint delay;

  drop_connection (self);
  clear_source (&self->retry_source);
  if (error != NULL)
    set_last_error (self, error->message);
  set_state (self, state);

  if (state == GW_FEED_STATE_FAILED)
    delay = self->backoff_cap;
  else if (immediately)
    delay = 0;
  else
    delay = backoff_delay (self);
  self->n_attempts++;
  set_uint (self, &self->n_reconnects, self->n_reconnects + 1, PROP_N_RECONNECTS);

  g_debug ("retrying in %u ms (attempt %u)", delay, self->n_attempts);
  self->retry_source = add_timeout (self, delay, retry_cb);
}

static GwFeedState
retry_state (GwFeed *self)
{
  return self->need_snapshot && self->state != GW_FEED_STATE_CONNECTING
         ? GW_FEED_STATE_RESYNCING : GW_FEED_STATE_RECONNECTING;
}

/* Every failed step of an attempt ends here. */
static void
handle_failure (GwFeed *self,
                GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_message ("Feed from %s: %s", self->base_uri, error->message);

  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG))
    {
      drop_connection (self);
      set_last_error (self, error->message);
      set_state (self, GW_FEED_STATE_FAILED);
      return;
    }

  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_UNAUTHORIZED)
      || g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_FORBIDDEN)
      || g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_TLS))
    {
      schedule_retry (self, GW_FEED_STATE_FAILED, error, FALSE);
      return;
    }

  if (g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_HISTORY_LOST)
      || g_error_matches (error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_SEQUENCE_AHEAD))
    {
      self->need_snapshot = TRUE;
      schedule_retry (self, GW_FEED_STATE_RESYNCING, error, self->n_attempts == 0);
      return;
    }

  schedule_retry (self, retry_state (self), error, FALSE);
}

static void
connection_lost (GwFeed       *self,
                 const GError *reason)
{
  g_autoptr(GError) error = NULL;

  if (reason != NULL)
    error = g_error_copy (reason);
  else
    error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                         _("The centre at %s closed the feed"), self->base_uri);
  handle_failure (self, error);
}

static void
handle_gap (GwFeed *self,
            GError *error)
{
  guint64 sequence = gw_case_store_get_sequence (self->store);

  if (sequence > self->gap_sequence)
    self->n_gaps = 0;
  self->gap_sequence = sequence;
  self->n_gaps++;

  g_message ("Feed from %s: %s (gap %u in a row)", self->base_uri, error->message,
             self->n_gaps);
  if (self->n_gaps > self->max_gap_retries)
    {
      self->need_snapshot = TRUE;
      self->n_gaps = 0;
      schedule_retry (self, GW_FEED_STATE_RESYNCING, error, FALSE);
    }
  else
    schedule_retry (self, GW_FEED_STATE_RECONNECTING, error, self->n_gaps == 1);
}

/* Applies @events from @start; returns FALSE when it stopped at a gap. */
static gboolean
apply_events (GwFeed    *self,
              GPtrArray *events)
{
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GError) error = NULL;
  guint64 consumed;
  guint applied;

  consumed = gw_case_store_get_n_applied (self->store)
             + gw_case_store_get_n_duplicates (self->store);
  applied = gw_case_store_apply_events (self->store, events, &error);
  consumed = gw_case_store_get_n_applied (self->store)
             + gw_case_store_get_n_duplicates (self->store) - consumed;

  if (applied > 0)
    {
      g_clear_pointer (&self->last_event_time, g_date_time_unref);
      self->last_event_time = g_date_time_new_now_local ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_TIME]);
    }
  if (gw_case_store_get_sequence (self->store) > self->gap_sequence)
    self->n_gaps = 0;

  if (error == NULL)
    return TRUE;

  if (g_error_matches (error, GW_MODEL_ERROR, GW_MODEL_ERROR_GAP))
    {
      handle_gap (self, error);
      return FALSE;
    }

  /* The store counted and skipped the invalid event; go on after it. */
  record_rejection (self, 0, error);
  consumed = MIN (consumed + 1, events->len);
  if (consumed >= events->len)
    return TRUE;
  rest = g_ptr_array_new_full (events->len - consumed, (GDestroyNotify) gw_event_unref);
  for (guint i = consumed; i < events->len; i++)
    g_ptr_array_add (rest, gw_event_ref (g_ptr_array_index (events, i)));
  return apply_events (self, rest);
}

static void
apply_batch (GwFeed    *self,
             GPtrArray *batch)
{
  guint64 sequence;

  if (batch->len == 0)
    return;
  apply_events (self, batch);

  /* Remember the fingerprint of the event the store now ends at. */
  sequence = gw_case_store_get_sequence (self->store);
  for (guint i = batch->len; i > 0; i--)
    {
      GwEvent *event = g_ptr_array_index (batch, i - 1);

      if (gw_event_get_sequence (event) == sequence)
        {
          self->last_sequence = sequence;
          self->last_fingerprint = g_array_index (self->batch_fingerprints, guint, i - 1);
          break;
        }
    }
  g_ptr_array_set_size (batch, 0);
  g_array_set_size (self->batch_fingerprints, 0);
}

/* The first event of a resumed connection: the one we applied last, unchanged. */
static gboolean
check_overlap (GwFeed *self,
               Item   *item)
{
  g_autoptr(GError) error = NULL;
  guint64 sequence = gw_event_get_sequence (item->event);

  self->expect_overlap = FALSE;
  clear_source (&self->overlap_source);
  if (sequence == self->last_sequence && item->fingerprint == self->last_fingerprint)
    return TRUE;

  error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_SEQUENCE_AHEAD,
                       _("The centre at %s resent event %" PRIu64 " differently "
                         "(got %" PRIu64 "): its history changed, reloading the "
                         "snapshot"), self->base_uri, self->last_sequence, sequence);
  g_warning ("%s", error->message);
  handle_failure (self, error);
  return FALSE;
}

static void
process_item (GwFeed    *self,
              Item      *item,
              GPtrArray *batch)
{
  if (item->kind == ITEM_EVENT)
    {
      /* The overlap event itself was applied before: do not count it again. */
      if (self->expect_overlap)
        {
          check_overlap (self, item);
          return;
        }
      g_ptr_array_add (batch, gw_event_ref (item->event));
      g_array_append_val (self->batch_fingerprints, item->fingerprint);
      return;
    }

  /* Anything else happens between events: apply what came before it first. */
  apply_batch (self, batch);
  if (item->epoch != self->epoch)
    return;

  switch (item->kind)
    {
    case ITEM_REJECTED:
      reject (self, item->sequence, item->error);
      break;
    case ITEM_ERROR:
      if (g_error_matches (item->error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
        {
          g_autoptr(GError) error = NULL;

          error = g_error_new (GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TOO_LARGE,
                               _("a frame over the bound of %d bytes"), GW_EVENT_MAX_SIZE);
          reject (self, 0, error);
        }
      else
        set_last_error (self, item->error->message);
      break;
    case ITEM_CLOSED:
      connection_lost (self, item->error);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  GwFeed *self = user_data;
  g_autoptr(GPtrArray) batch = NULL;
  gint64 now = g_get_monotonic_time ();
  GQueue items = G_QUEUE_INIT;
  Item *item;

  if (now < self->next_flush)
    {
      g_source_set_ready_time (self->flush_source, self->next_flush);
      return G_SOURCE_CONTINUE;
    }

  /* Cleared before taking the queue: a push after this wakes us again. */
  g_source_set_ready_time (self->flush_source, -1);
  g_mutex_lock (&self->lock);
  items = self->done;
  g_queue_init (&self->done);
  g_mutex_unlock (&self->lock);

  batch = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_event_unref);
  while ((item = g_queue_pop_head (&items)) != NULL)
    {
      if (item->epoch == self->epoch)
        process_item (self, item, batch);
      item_free (item);
    }
  apply_batch (self, batch);

  self->next_flush = now + (gint64) self->flush_interval * 1000;
  return G_SOURCE_CONTINUE;
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            GwFeed                  *self)
{
  Item *item = item_new (type == SOUP_WEBSOCKET_DATA_TEXT ? ITEM_FRAME : ITEM_BINARY,
                         self->epoch);

  self->last_activity = g_get_monotonic_time ();
  item->frame = g_bytes_ref (message);
  push_item (self, item);
}

static void
on_pong (SoupWebsocketConnection *connection,
         GBytes                  *message,
         GwFeed                  *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          GwFeed                  *self)
{
  Item *item = item_new (ITEM_ERROR, self->epoch);

  g_debug ("feed connection error: %s", error->message);
  item->error = g_error_copy (error);
  push_item (self, item);
}

static void
on_closed (SoupWebsocketConnection *connection,
           GwFeed                  *self)
{
  Item *item = item_new (ITEM_CLOSED, self->epoch);
  const char *data = soup_websocket_connection_get_close_data (connection);
  gushort code = soup_websocket_connection_get_close_code (connection);

  item->error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                             _("The centre at %s closed the feed (code %u%s%s)"),
                             self->base_uri, code, data && *data ? ": " : "",
                             data ? data : "");
  /* Through the worker, so that every frame before the close is applied first. */
  push_item (self, item);
}

static gboolean
liveness_cb (gpointer user_data)
{
  GwFeed *self = user_data;
  gint64 silent = (g_get_monotonic_time () - self->last_activity) / 1000;
  g_autoptr(GError) error = NULL;

  clear_source (&self->liveness_source);
  if (silent < self->liveness_timeout)
    {
      self->liveness_source = add_timeout (self, self->liveness_timeout - silent, liveness_cb);
      return G_SOURCE_REMOVE;
    }

  error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                       _("The centre at %s sent nothing, not even a pong, for %u s: "
                         "connection dropped"), self->base_uri,
                       (guint) (silent + 500) / 1000);
  handle_failure (self, error);
  return G_SOURCE_REMOVE;
}

/* A centre that lost the last event we applied accepts `after` one below it and
 * then has nothing to send: it is behind us, as if it had answered 400. */
static gboolean
overlap_timeout_cb (gpointer user_data)
{
  GwFeed *self = user_data;
  g_autoptr(GError) error = NULL;

  clear_source (&self->overlap_source);
  error = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_SEQUENCE_AHEAD,
                       _("The centre at %s did not resend event %" PRIu64
                         ": it lost events this client holds, reloading the snapshot"),
                       self->base_uri, self->last_sequence);
  g_warning ("%s", error->message);
  handle_failure (self, error);
  return G_SOURCE_REMOVE;
}

static gboolean
healthy_cb (gpointer user_data)
{
  GwFeed *self = user_data;

  clear_source (&self->healthy_source);
  self->n_attempts = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  GwFeed *self = user_data;

  clear_source (&self->connect_timeout_source);
  self->connect_timed_out = TRUE;
  g_cancellable_cancel (self->connect_cancellable);
  return G_SOURCE_REMOVE;
}

static void
connected (GwFeed                  *self,
           SoupWebsocketConnection *connection)
{
  self->connection = connection;
  soup_websocket_connection_set_max_incoming_payload_size (connection, GW_EVENT_MAX_SIZE);
  soup_websocket_connection_set_keepalive_interval (connection, self->keepalive_interval);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (connection, "pong", G_CALLBACK (on_pong), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_error), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);

  self->last_activity = g_get_monotonic_time ();
  self->liveness_source = add_timeout (self, self->liveness_timeout, liveness_cb);
  self->healthy_source = add_timeout (self, self->healthy_time, healthy_cb);
  if (self->expect_overlap)
    self->overlap_source = add_timeout (self, MIN (self->liveness_timeout, 5000),
                                        overlap_timeout_cb);
  set_state (self, GW_FEED_STATE_CONNECTED);
}

static GError *
handshake_error (GwFeed      *self,
                 SoupMessage *message,
                 GError      *error)
{
  guint status = soup_message_get_status (message);
  const char *what = "GET /v1/feed";
  GError *result = NULL;

  if (self->connect_timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_NETWORK,
                        _("%s: the centre at %s did not answer within %u s"), what,
                        self->base_uri, (self->liveness_timeout + 999) / 1000);

  if (status == SOUP_STATUS_GONE)
    return g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_HISTORY_LOST,
                        _("The centre at %s no longer holds the events after %"
                          PRIu64 ": reloading the snapshot"),
                        self->base_uri, gw_case_store_get_sequence (self->store));
  /* Our `after` is always well-formed: a 400 means it is ahead of the centre. */
  if (status == SOUP_STATUS_BAD_REQUEST)
    return g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_SEQUENCE_AHEAD,
                        _("The centre at %s has no event %" PRIu64 " (a restored "
                          "or different centre?): reloading the snapshot"),
                        self->base_uri, gw_case_store_get_sequence (self->store));
  if (status >= 300 || (status > 0 && status < 100))
    gw_center_client_check_status (self->client, message, what, NULL, &result);
  else if (status == SOUP_STATUS_SWITCHING_PROTOCOLS || status == 200)
    result = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                          _("%s: the centre at %s broke the WebSocket handshake: %s"), what,
                          self->base_uri, error->message);
  else
    gw_center_client_translate_error (self->client, message, what, error, &result);
  return result;
}

/* One WebSocket handshake; the feed knows its current one by its cancellable. */
typedef struct
{
  GwFeed       *self;
  SoupMessage  *message;
  GCancellable *cancellable;
} Handshake;

static void
handshake_free (Handshake *handshake)
{
  g_object_unref (handshake->self);
  g_object_unref (handshake->message);
  g_object_unref (handshake->cancellable);
  g_free (handshake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Handshake, handshake_free)

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Handshake) handshake = user_data;
  GwFeed *self = handshake->self;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (handshake->cancellable != self->connect_cancellable || !self->running)
    return;  /* abandoned */
  clear_source (&self->connect_timeout_source);
  g_clear_object (&self->connect_cancellable);

  if (connection == NULL)
    {
      g_autoptr(GError) translated = handshake_error (self, handshake->message, error);

      handle_failure (self, translated);
      return;
    }

  if (g_strcmp0 (soup_websocket_connection_get_protocol (connection), FEED_PROTOCOL) != 0)
    {
      g_autoptr(GError) bad = NULL;

      bad = g_error_new (GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_BAD_REPLY,
                         _("The centre at %s did not agree on the “%s” subprotocol"),
                         self->base_uri, FEED_PROTOCOL);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, NULL);
      handle_failure (self, bad);
      return;
    }

  connected (self, g_steal_pointer (&connection));
  if (self->grids == NULL && !self->fetching_grids)
    fetch_grids (self);
}

static void
subscribe (GwFeed *self)
{
  static char *protocols[] = { (char *) FEED_PROTOCOL, NULL };
  g_autofree char *path = NULL;
  guint64 after = gw_case_store_get_sequence (self->store);
  Handshake *handshake;

  drop_connection (self);
  self->expect_overlap = after > 0 && self->last_sequence == after;
  if (self->expect_overlap)
    after--;
  path = g_strdup_printf ("v1/feed?after=%" G_GUINT64_FORMAT, after);
  self->connect_cancellable = g_cancellable_new ();
  self->connect_timed_out = FALSE;
  self->connect_timeout_source = add_timeout (self, self->liveness_timeout, connect_timeout_cb);

  handshake = g_new0 (Handshake, 1);
  handshake->self = g_object_ref (self);
  handshake->message = gw_center_client_new_message (self->client, SOUP_METHOD_GET, path);
  handshake->cancellable = g_object_ref (self->connect_cancellable);

  g_debug ("subscribing after %" G_GUINT64_FORMAT, gw_case_store_get_sequence (self->store));
  soup_session_websocket_connect_async (gw_center_client_get_session (self->client),
                                        handshake->message, NULL, protocols,
                                        G_PRIORITY_DEFAULT, handshake->cancellable,
                                        connect_cb, handshake);
}

/* The REST steps of an attempt */

static void
grids_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwFeed) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) grids = NULL;

  grids = gw_center_client_get_grids_finish (GW_CENTER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching_grids = FALSE;
  if (grids == NULL)
    {
      /* Not fatal: the map waits, the cases flow; tried again on the next connection. */
      g_message ("Feed from %s: %s", self->base_uri, error->message);
      return;
    }

  g_clear_pointer (&self->grids, g_bytes_unref);
  self->grids = g_steal_pointer (&grids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRIDS]);
}

static void
fetch_grids (GwFeed *self)
{
  self->fetching_grids = TRUE;
  gw_center_client_get_grids_async (self->client, self->cancellable, grids_cb,
                                    g_object_ref (self));
}

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwFeed) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSnapshot) snapshot = NULL;

  snapshot = gw_center_client_get_snapshot_finish (GW_CENTER_CLIENT (object), result, &error);
  if (snapshot == NULL)
    {
      handle_failure (self, error);
      return;
    }

  g_debug ("snapshot at %" G_GUINT64_FORMAT ", %u cases", gw_snapshot_get_sequence (snapshot),
           gw_snapshot_get_cases (snapshot)->len);
  gw_case_store_load_snapshot (self->store, snapshot);
  g_free (self->loaded_uri);
  self->loaded_uri = g_strdup (self->base_uri);
  g_free (self->loaded_code);
  self->loaded_code = g_strdup (self->center_code);
  if (self->state != GW_FEED_STATE_CONNECTING)
    set_uint (self, &self->n_resyncs, self->n_resyncs + 1, PROP_N_RESYNCS);
  self->need_snapshot = FALSE;
  self->last_sequence = 0;
  self->n_gaps = 0;
  self->gap_sequence = gw_case_store_get_sequence (self->store);
  subscribe (self);
}

static void
me_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GwFeed) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwIdentity) identity = NULL;

  identity = gw_center_client_get_me_finish (GW_CENTER_CLIENT (object), result, &error);
  if (identity == NULL)
    {
      handle_failure (self, error);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->role, gw_identity_get_role (identity), PROP_ROLE);
  set_string (self, &self->user_id, gw_identity_get_user (identity), PROP_USER_ID);
  set_string (self, &self->user_name, gw_identity_get_name (identity), PROP_USER_NAME);
  set_string (self, &self->center_code, gw_identity_get_center_code (identity),
              PROP_CENTER_CODE);
  set_string (self, &self->center_name, gw_identity_get_center_name (identity),
              PROP_CENTER_NAME);
  g_object_thaw_notify (G_OBJECT (self));
  self->have_identity = TRUE;
  /* The same address may now serve another centre: its sequences mean nothing here. */
  if (g_strcmp0 (self->loaded_code, self->center_code) != 0)
    self->need_snapshot = TRUE;
  begin_attempt (self);
}

static void
begin_attempt (GwFeed *self)
{
  g_assert (self->running);

  if (!self->have_identity)
    gw_center_client_get_me_async (self->client, self->cancellable, me_cb, g_object_ref (self));
  else if (self->need_snapshot)
    {
      if (self->state == GW_FEED_STATE_RECONNECTING || self->state == GW_FEED_STATE_CONNECTED)
        set_state (self, GW_FEED_STATE_RESYNCING);
      gw_center_client_get_snapshot_async (self->client, self->cancellable, snapshot_cb,
                                           g_object_ref (self));
    }
  else
    subscribe (self);
}

/* Public API */

/**
 * gw_feed_new:
 * @store: the store to keep in step
 *
 * Creates an idle feed; gw_feed_set_center() then gw_feed_start() connect it.
 * It lives on the thread-default main context of the caller.
 */
GwFeed *
gw_feed_new (GwCaseStore *store)
{
  g_return_val_if_fail (GW_IS_CASE_STORE (store), NULL);
  return g_object_new (GW_TYPE_FEED, "store", store, NULL);
}

void
gw_feed_set_center (GwFeed     *self,
                    const char *base_uri,
                    const char *token,
                    const char *ca_file)
{
  gboolean was_running;

  g_return_if_fail (GW_IS_FEED (self));

  was_running = self->running;
  if (was_running)
    gw_feed_stop (self);

  g_free (self->base_uri);
  self->base_uri = g_strdup (base_uri);
  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);

  if (was_running)
    gw_feed_start (self);
}

/**
 * gw_feed_start:
 * @self: a #GwFeed
 *
 * Connects: identity, snapshot, then the live feed. When the store already
 * holds this centre's cases (a stop and a start), the snapshot is skipped and
 * the feed resumes after the store's sequence. Problems show in
 * #GwFeed:state and #GwFeed:last-error; the feed keeps trying until
 * gw_feed_stop().
 */
void
gw_feed_start (GwFeed *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GW_IS_FEED (self));

  if (self->running)
    return;

  g_clear_object (&self->client);
  if (self->base_uri == NULL)
    g_set_error (&error, GW_CENTER_CLIENT_ERROR, GW_CENTER_CLIENT_ERROR_CONFIG,
                 _("No centre is configured"));
  else
    self->client = gw_center_client_new (self->base_uri, self->token, self->ca_file, &error);
  if (self->client == NULL)
    {
      g_message ("Feed: %s", error->message);
      set_last_error (self, error->message);
      set_state (self, GW_FEED_STATE_FAILED);
      return;
    }

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  self->have_identity = FALSE;
  /* Back to the centre the store came from: resume after its sequence (a 410 or
   * 400 reloads the snapshot if that is no longer possible). */
  self->need_snapshot = gw_case_store_get_sequence (self->store) == 0
                        || g_strcmp0 (self->loaded_uri, self->base_uri) != 0;
  self->n_attempts = 0;
  self->n_gaps = 0;
  g_clear_pointer (&self->grids, g_bytes_unref);
  set_last_error (self, NULL);
  set_state (self, GW_FEED_STATE_CONNECTING);
  fetch_grids (self);
  begin_attempt (self);
}

/**
 * gw_feed_stop:
 * @self: a #GwFeed
 *
 * Closes the feed and cancels whatever is under way. The store keeps its cases.
 */
void
gw_feed_stop (GwFeed *self)
{
  g_return_if_fail (GW_IS_FEED (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->running = FALSE;
  self->fetching_grids = FALSE;
  clear_source (&self->retry_source);
  drop_connection (self);
  set_state (self, GW_FEED_STATE_IDLE);
}

GwCaseStore *
gw_feed_get_store (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->store;
}

GwCenterClient *
gw_feed_get_client (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->client;
}

GwFeedState
gw_feed_get_state (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), GW_FEED_STATE_IDLE);
  return self->state;
}

GDateTime *
gw_feed_get_state_since (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->state_since;
}

GDateTime *
gw_feed_get_last_event_time (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->last_event_time;
}

const char *
gw_feed_get_last_error (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->last_error;
}

const char *
gw_feed_get_role (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->role;
}

const char *
gw_feed_get_user_id (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->user_id;
}

const char *
gw_feed_get_user_name (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->user_name;
}

const char *
gw_feed_get_center_code (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->center_code;
}

const char *
gw_feed_get_center_name (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->center_name;
}

guint
gw_feed_get_n_reconnects (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), 0);
  return self->n_reconnects;
}

guint
gw_feed_get_n_resyncs (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), 0);
  return self->n_resyncs;
}

GBytes *
gw_feed_get_grids (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->grids;
}

GPtrArray *
gw_feed_get_recent_rejections (GwFeed *self)
{
  g_return_val_if_fail (GW_IS_FEED (self), NULL);
  return self->rejections;
}

/* GObject */

static void
gw_feed_dispose (GObject *object)
{
  GwFeed *self = (GwFeed *)object;

  if (self->running)
    gw_feed_stop (self);
  if (self->pool != NULL)
    {
      /* Waits for the frame being decoded; the queued ones are freed. */
      g_thread_pool_free (g_steal_pointer (&self->pool), TRUE, TRUE);
    }
  clear_source (&self->flush_source);
  g_queue_clear_full (&self->done, item_free);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_feed_parent_class)->dispose (object);
}

static void
gw_feed_finalize (GObject *object)
{
  GwFeed *self = (GwFeed *)object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->base_uri);
  g_free (self->token);
  g_free (self->ca_file);
  g_free (self->loaded_uri);
  g_free (self->loaded_code);
  g_clear_pointer (&self->state_since, g_date_time_unref);
  g_clear_pointer (&self->last_event_time, g_date_time_unref);
  g_free (self->last_error);
  g_free (self->role);
  g_free (self->user_id);
  g_free (self->user_name);
  g_free (self->center_code);
  g_free (self->center_name);
  g_clear_pointer (&self->grids, g_bytes_unref);
  g_clear_pointer (&self->rejections, g_ptr_array_unref);
  g_clear_pointer (&self->batch_fingerprints, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gw_feed_parent_class)->finalize (object);
}

static void
gw_feed_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GwFeed *self = GW_FEED (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_STATE_SINCE: g_value_set_boxed (value, self->state_since); break;
    case PROP_LAST_EVENT_TIME: g_value_set_boxed (value, self->last_event_time); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_ROLE: g_value_set_string (value, self->role); break;
    case PROP_USER_ID: g_value_set_string (value, self->user_id); break;
    case PROP_USER_NAME: g_value_set_string (value, self->user_name); break;
    case PROP_CENTER_CODE: g_value_set_string (value, self->center_code); break;
    case PROP_CENTER_NAME: g_value_set_string (value, self->center_name); break;
    case PROP_N_RECONNECTS: g_value_set_uint (value, self->n_reconnects); break;
    case PROP_N_RESYNCS: g_value_set_uint (value, self->n_resyncs); break;
    case PROP_GRIDS: g_value_set_boxed (value, self->grids); break;
    case PROP_KEEPALIVE_INTERVAL: g_value_set_uint (value, self->keepalive_interval); break;
    case PROP_LIVENESS_TIMEOUT: g_value_set_uint (value, self->liveness_timeout); break;
    case PROP_BACKOFF_BASE: g_value_set_uint (value, self->backoff_base); break;
    case PROP_BACKOFF_CAP: g_value_set_uint (value, self->backoff_cap); break;
    case PROP_HEALTHY_TIME: g_value_set_uint (value, self->healthy_time); break;
    case PROP_MAX_GAP_RETRIES: g_value_set_uint (value, self->max_gap_retries); break;
    case PROP_FLUSH_INTERVAL: g_value_set_uint (value, self->flush_interval); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_feed_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GwFeed *self = GW_FEED (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_KEEPALIVE_INTERVAL:
      set_uint (self, &self->keepalive_interval, g_value_get_uint (value), prop_id);
      break;
    case PROP_LIVENESS_TIMEOUT:
      set_uint (self, &self->liveness_timeout, g_value_get_uint (value), prop_id);
      break;
    case PROP_BACKOFF_BASE:
      set_uint (self, &self->backoff_base, g_value_get_uint (value), prop_id);
      break;
    case PROP_BACKOFF_CAP:
      set_uint (self, &self->backoff_cap, g_value_get_uint (value), prop_id);
      break;
    case PROP_HEALTHY_TIME:
      set_uint (self, &self->healthy_time, g_value_get_uint (value), prop_id);
      break;
    case PROP_MAX_GAP_RETRIES:
      set_uint (self, &self->max_gap_retries, g_value_get_uint (value), prop_id);
      break;
    case PROP_FLUSH_INTERVAL:
      set_uint (self, &self->flush_interval, g_value_get_uint (value), prop_id);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
tunable (const char *name,
         guint       minimum,
         guint       maximum,
         guint       value)
{
  return g_param_spec_uint (name, NULL, NULL, minimum, maximum, value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                            | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
readable_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                              | G_PARAM_STATIC_STRINGS);
}

static void
gw_feed_class_init (GwFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                               | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gw_feed_dispose;
  object_class->finalize = gw_feed_finalize;
  object_class->get_property = gw_feed_get_property;
  object_class->set_property = gw_feed_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GW_TYPE_CASE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GwFeed:state:
   *
   * Where the connection stands; #GwFeed:state-since says since when.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GW_TYPE_FEED_STATE, GW_FEED_STATE_IDLE, readable);
  properties[PROP_STATE_SINCE] =
    g_param_spec_boxed ("state-since", NULL, NULL, G_TYPE_DATE_TIME, readable);
  /**
   * GwFeed:last-event-time:
   *
   * Local time at which the feed last applied events to the store.
   */
  properties[PROP_LAST_EVENT_TIME] =
    g_param_spec_boxed ("last-event-time", NULL, NULL, G_TYPE_DATE_TIME, readable);
  /**
   * GwFeed:last-error:
   *
   * The last problem met, in words for the operator; kept after recovery (show
   * it when #GwFeed:state is not connected).
   */
  properties[PROP_LAST_ERROR] = readable_string ("last-error");
  properties[PROP_ROLE] = readable_string ("role");
  properties[PROP_USER_ID] = readable_string ("user-id");
  properties[PROP_USER_NAME] = readable_string ("user-name");
  properties[PROP_CENTER_CODE] = readable_string ("center-code");
  properties[PROP_CENTER_NAME] = readable_string ("center-name");
  properties[PROP_N_RECONNECTS] =
    g_param_spec_uint ("n-reconnects", NULL, NULL, 0, G_MAXUINT, 0, readable);
  properties[PROP_N_RESYNCS] =
    g_param_spec_uint ("n-resyncs", NULL, NULL, 0, G_MAXUINT, 0, readable);
  /**
   * GwFeed:grids:
   *
   * The GeoJSON bytes of `GET /v1/grids`, set once fetched after a start.
   */
  properties[PROP_GRIDS] =
    g_param_spec_boxed ("grids", NULL, NULL, G_TYPE_BYTES, readable);

  /* Tunables: defaults for production, shorter in tests. */
  properties[PROP_KEEPALIVE_INTERVAL] = tunable ("keepalive-interval", 1, 3600, 10);
  properties[PROP_LIVENESS_TIMEOUT] = tunable ("liveness-timeout", 100, 3600000, 25000);
  properties[PROP_BACKOFF_BASE] = tunable ("backoff-base", 1, 600000, 500);
  properties[PROP_BACKOFF_CAP] = tunable ("backoff-cap", 1, 3600000, 30000);
  properties[PROP_HEALTHY_TIME] = tunable ("healthy-time", 1, 3600000, 10000);
  properties[PROP_MAX_GAP_RETRIES] = tunable ("max-gap-retries", 0, 1000, 3);
  properties[PROP_FLUSH_INTERVAL] = tunable ("flush-interval", 0, 10000, 16);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwFeed::rejected:
   * @self: the feed
   * @sequence: the rejected event's sequence, 0 when unknown
   * @message: why, for the operator
   *
   * A frame or event was refused (and counted in the store).
   */
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_STRING);
}

static void
gw_feed_init (GwFeed *self)
{
  self->keepalive_interval = 10;
  self->liveness_timeout = 25000;
  self->backoff_base = 500;
  self->backoff_cap = 30000;
  self->healthy_time = 10000;
  self->max_gap_retries = 3;
  self->flush_interval = 16;

  self->context = g_main_context_ref_thread_default ();
  self->state_since = g_date_time_new_now_local ();
  self->rejections = g_ptr_array_new_with_free_func (g_free);
  self->batch_fingerprints = g_array_new (FALSE, FALSE, sizeof (guint));
  g_mutex_init (&self->lock);
  g_queue_init (&self->done);

  self->flush_source = g_source_new (&flush_source_funcs, sizeof (GSource));
  g_source_set_name (self->flush_source, "GwFeed flush");
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_set_ready_time (self->flush_source, -1);
  g_source_attach (self->flush_source, self->context);

  /* One thread: frames are decoded strictly in arrival order. */
  self->pool = g_thread_pool_new_full (decode_item, self, item_free, 1, FALSE, NULL);
}
