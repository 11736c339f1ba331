/* gw-center-feed.c: GET /v1/feed, the event stream over WebSocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each client is a cursor into the event log, not a queue of frames: the
 * pump reads the events after the cursor from SQLite and sends a batch only
 * when the socket's kernel send queue is nearly empty. So a slow client
 * costs no memory; it only falls behind, and one that takes nothing for
 * feed_stall_seconds, or whose next event was pruned, is closed with a code
 * saying so, and resumes.
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-feed.h"
#include "gw-center-server.h"
#include "gw-center-util.h"
#include "gw-event.h"

#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define BATCH_EVENTS       128
#define BATCH_BYTES        (256 * 1024)
#define MAX_QUEUED_BYTES   (512 * 1024)
#define BLOCKED_RETRY_MS   25
#define KEEPALIVE_SECONDS  15
#define SILENT_SECONDS     (3 * KEEPALIVE_SECONDS + 5)
#define CLOSE_GRACE_SECONDS 3

typedef struct
{
  GwCenterFeed            *feed;
  SoupWebsocketConnection *conn;
  GSocket                 *socket;
  char                    *user;
  guint64                  cursor;
  guint64                  frames;
  guint                    pump_id;
  guint                    kill_id;
  gint64                   last_heard;
  gint64                   blocked_since;
  gboolean                 closing;
} FeedClient;

struct _GwCenterFeed
{
  GwCenterEngine *engine;
  GPtrArray      *clients;   /* FeedClient, owned */
  guint           watch_id;
};

static void pump_schedule (FeedClient *client);

static void
client_free (FeedClient *client)
{
  gw_center_source_clear (&client->pump_id);
  gw_center_source_clear (&client->kill_id);
  if (client->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "centre stopping");
    }
  g_clear_object (&client->conn);
  g_clear_object (&client->socket);
  g_free (client->user);
  g_free (client);
}

/* The peer read nothing of our close frame: cut the TCP connection. */
static gboolean
kill_connection (gpointer user_data)
{
  FeedClient *client = user_data;

  client->kill_id = 0;
  if (client->socket != NULL)
    g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
client_close (FeedClient *client,
              gushort     code,
              const char *reason)
{
  if (client->closing)
    return;
  client->closing = TRUE;
  g_debug ("feed: closing %s's connection at %" G_GUINT64_FORMAT ": %d %s",
           client->user, client->cursor, code, reason);
  gw_center_source_clear (&client->pump_id);
  if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->conn, code, reason);
  client->kill_id = gw_center_timeout_add (CLOSE_GRACE_SECONDS * 1000, G_PRIORITY_DEFAULT,
                                           kill_connection, client);
}

/* Bytes the kernel still holds for the peer; 0 when it cannot tell. */
static gsize
queued_bytes (FeedClient *client)
{
  int queued = 0;

  if (client->socket == NULL)
    return 0;
  if (ioctl (g_socket_get_fd (client->socket), TIOCOUTQ, &queued) != 0 || queued < 0)
    return 0;
  return (gsize) queued;
}

/* Abrupt on purpose (--drop-every): no close frame, just the end of TCP. */
static void
client_drop (FeedClient *client)
{
  client->closing = TRUE;
  gw_center_source_clear (&client->pump_id);
  if (client->socket != NULL)
    g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
}

static gboolean
check_history (FeedClient *client)
{
  guint64 oldest = gw_center_store_oldest_event (client->feed->engine->store);

  if (client->cursor < client->feed->engine->sequence &&
      (oldest == 0 || client->cursor + 1 < oldest))
    {
      g_autofree char *reason = g_strdup_printf ("history_lost: oldest %" G_GUINT64_FORMAT,
                                                 oldest);

      client_close (client, GW_FEED_CLOSE_HISTORY_LOST, reason);
      return FALSE;
    }
  return TRUE;
}

static gboolean
client_blocked (FeedClient *client)
{
  GwCenterOptions *options = &client->feed->engine->options;
  guint stall = options->feed_stall_seconds ? options->feed_stall_seconds : 30;
  gint64 now = g_get_monotonic_time ();

  if (queued_bytes (client) < MAX_QUEUED_BYTES)
    {
      client->blocked_since = 0;
      return FALSE;
    }
  if (client->blocked_since == 0)
    client->blocked_since = now;
  else if (now - client->blocked_since > (gint64) stall * G_USEC_PER_SEC)
    {
      g_autofree char *reason = g_strdup_printf ("lagging: resume after %" G_GUINT64_FORMAT,
                                                 client->cursor);

      client_close (client, GW_FEED_CLOSE_LAGGING, reason);
    }
  return TRUE;
}

static void
send_batch (FeedClient *client)
{
  GwCenterEngine *engine = client->feed->engine;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint drop_every = engine->options.drop_every;
  guint64 last;

  if (!gw_center_store_read_events (engine->store, client->cursor, BATCH_EVENTS, BATCH_BYTES,
                                    events, &last, &error))
    {
      g_warning ("feed: %s", error->message);
      client_close (client, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "database error");
      return;
    }
  for (guint i = 0; i < events->len; i++)
    {
      soup_websocket_connection_send_text (client->conn, g_ptr_array_index (events, i));
      client->cursor++;
      client->frames++;
      if (drop_every > 0 && client->frames >= drop_every)
        {
          client_drop (client);
          return;
        }
    }
  client->cursor = last;
}

static gboolean
pump (gpointer user_data)
{
  FeedClient *client = user_data;

  client->pump_id = 0;
  if (client->closing ||
      soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return G_SOURCE_REMOVE;
  if (client->cursor >= client->feed->engine->sequence)
    return G_SOURCE_REMOVE;
  if (!check_history (client))
    return G_SOURCE_REMOVE;
  if (client_blocked (client))
    {
      if (!client->closing)
        {
          client->pump_id = gw_center_timeout_add (BLOCKED_RETRY_MS, G_PRIORITY_DEFAULT_IDLE,
                                                   pump, client);
        }
      return G_SOURCE_REMOVE;
    }
  send_batch (client);
  pump_schedule (client);
  return G_SOURCE_REMOVE;
}

/* At idle priority: libsoup writes its queued frames at default priority,
 * so the pump only runs once they are in the kernel's hands. */
static void
pump_schedule (FeedClient *client)
{
  if (client->pump_id != 0 || client->closing ||
      client->cursor >= client->feed->engine->sequence)
    return;
  client->pump_id = gw_center_idle_add (G_PRIORITY_DEFAULT_IDLE, pump, client);
}

void
gw_center_feed_wake (GwCenterFeed *self)
{
  for (guint i = 0; i < self->clients->len; i++)
    pump_schedule (g_ptr_array_index (self->clients, i));
}

guint
gw_center_feed_get_n_clients (GwCenterFeed *self)
{
  return self->clients->len;
}

static gboolean
forget_client (gpointer user_data)
{
  FeedClient *client = user_data;

  client->pump_id = 0;
  g_ptr_array_remove_fast (client->feed->clients, client);
  return G_SOURCE_REMOVE;
}

/* libsoup still uses the connection after emitting "closed": drop our
 * reference (maybe the last) from an idle, not from inside the emission. */
static void
on_closed (SoupWebsocketConnection *conn,
           FeedClient              *client)
{
  g_debug ("feed: %s disconnected at %" G_GUINT64_FORMAT " (%u)", client->user, client->cursor,
           soup_websocket_connection_get_close_code (conn));
  client->closing = TRUE;
  gw_center_source_clear (&client->pump_id);
  gw_center_source_clear (&client->kill_id);
  g_signal_handlers_disconnect_by_data (conn, client);
  client->pump_id = gw_center_idle_add (G_PRIORITY_DEFAULT, forget_client, client);
}

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            FeedClient              *client)
{
  client->last_heard = g_get_monotonic_time ();
  client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                "clients send no messages on the feed");
}

static void
on_pong (SoupWebsocketConnection *conn,
         GBytes                  *message,
         FeedClient              *client)
{
  client->last_heard = g_get_monotonic_time ();
}

static void
on_error (SoupWebsocketConnection *conn,
          GError                  *error,
          FeedClient              *client)
{
  g_debug ("feed: %s: %s", client->user, error->message);
}

static gboolean
watch_clients (gpointer user_data)
{
  GwCenterFeed *self = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->clients->len; i++)
    {
      FeedClient *client = g_ptr_array_index (self->clients, i);

      if (now - client->last_heard > (gint64) SILENT_SECONDS * G_USEC_PER_SEC)
        client_close (client, GW_FEED_CLOSE_SILENT, "no pong");
    }
  return G_SOURCE_CONTINUE;
}

/* Before the upgrade: who, and from where. */
static void
feed_check (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GwCenterFeed *self = user_data;
  GwCenterEngine *engine = self->engine;
  const GwCenterUser *user;
  const char *after_text = query ? g_hash_table_lookup (query, "after") : NULL;
  guint64 after = 0, oldest;

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      gw_center_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request",
                             "the feed is a GET (a WebSocket upgrade)");
      return;
    }
  if ((user = gw_center_authenticate (engine, msg)) == NULL)
    return;
  if (after_text != NULL && !gw_event_parse_sequence (after_text, TRUE, &after, NULL))
    {
      gw_center_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "after must be 1 to 20 decimal digits");
      return;
    }
  if (after > engine->sequence)
    {
      g_autofree char *body = g_strdup_printf ("{\"error\":\"sequence_ahead\",\"message\":"
                                               "\"after %" G_GUINT64_FORMAT " is past the "
                                               "centre's last sequence %" G_GUINT64_FORMAT
                                               "\",\"last\":\"%020" G_GUINT64_FORMAT "\"}",
                                               after, engine->sequence, engine->sequence);

      gw_center_reply_json (msg, SOUP_STATUS_BAD_REQUEST, body);
      return;
    }
  oldest = gw_center_store_oldest_event (engine->store);
  if (after > 0 && after < engine->sequence && (oldest == 0 || after + 1 < oldest))
    {
      guint64 held = oldest ? oldest : engine->sequence;
      g_autofree char *body = g_strdup_printf ("{\"error\":\"history_lost\",\"message\":"
                                               "\"events after %" G_GUINT64_FORMAT " were "
                                               "pruned\",\"oldest\":\"%020" G_GUINT64_FORMAT
                                               "\"}", after, held);

      gw_center_reply_json (msg, SOUP_STATUS_GONE, body);
      return;
    }
  /* 0: from the oldest event held. */
  if (after == 0 && oldest > 0)
    after = oldest - 1;
  g_object_set_data_full (G_OBJECT (msg), "gw-feed-after", g_memdup2 (&after, sizeof after),
                          g_free);
  g_object_set_data_full (G_OBJECT (msg), "gw-feed-user", g_strdup (user->user), g_free);
  if (soup_server_message_get_socket (msg) != NULL)
    g_object_set_data_full (G_OBJECT (msg), "gw-feed-socket",
                            g_object_ref (soup_server_message_get_socket (msg)),
                            g_object_unref);
}

static void
feed_open (SoupServer              *server,
           SoupServerMessage       *msg,
           const char              *path,
           SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  GwCenterFeed *self = user_data;
  FeedClient *client = g_new0 (FeedClient, 1);
  guint64 *after = g_object_get_data (G_OBJECT (msg), "gw-feed-after");
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "gw-feed-socket");

  client->feed = self;
  client->conn = g_object_ref (conn);
  client->socket = socket ? g_object_ref (socket) : NULL;
  client->user = g_strdup (g_object_get_data (G_OBJECT (msg), "gw-feed-user"));
  client->cursor = after ? *after : 0;
  client->last_heard = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (conn, GW_FEED_MAX_INCOMING);
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), client);
  g_signal_connect (conn, "message", G_CALLBACK (on_message), client);
  g_signal_connect (conn, "pong", G_CALLBACK (on_pong), client);
  g_signal_connect (conn, "error", G_CALLBACK (on_error), client);
  g_ptr_array_add (self->clients, client);
  g_debug ("feed: %s subscribed after %" G_GUINT64_FORMAT, client->user, client->cursor);
  pump_schedule (client);
}

GwCenterFeed *
gw_center_feed_new (GwCenterEngine *engine,
                    SoupServer     *server)
{
  GwCenterFeed *self = g_new0 (GwCenterFeed, 1);
  char *protocols[] = { (char *) "cloudevents.json", NULL };

  self->engine = engine;
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  /* No permessage-deflate: a small compressed frame could inflate past any
   * bound we set on incoming payloads (the bound applies before inflating). */
  soup_server_remove_websocket_extension (server, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_handler (server, "/v1/feed", feed_check, self, NULL);
  soup_server_add_websocket_handler (server, "/v1/feed", NULL, protocols, feed_open, self, NULL);
  self->watch_id = gw_center_timeout_add (5000, G_PRIORITY_DEFAULT, watch_clients, self);
  engine->feed = self;
  return self;
}

void
gw_center_feed_free (GwCenterFeed *self)
{
  if (self == NULL)
    return;
  self->engine->feed = NULL;
  gw_center_source_clear (&self->watch_id);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_free (self);
}
