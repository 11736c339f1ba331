/* gw-center.c: the reference centre, running in a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center.h"
#include "gw-center-engine.h"
#include "gw-center-feed.h"
#include "gw-center-server.h"
#include "gw-center-sim.h"

#include <libsoup/soup.h>

struct _GwCenter
{
  GObject          parent_instance;

  GwCenterOptions  options;      /* points into the fields below */
  char            *db_path;
  char            *address;
  GBytes          *grids;
  GBytes          *tokens;
  GTlsCertificate *tls_certificate;

  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GMutex           lock;
  GCond            cond;
  gboolean         started;
  GError          *start_error;
  char            *uri;

  /* Owned by the centre's thread. */
  GwCenterCatalog *catalog;
  GwCenterEngine  *engine;
  GwCenterSim     *sim;
  GwCenterFeed    *feed;
  SoupServer      *server;
};

G_DEFINE_FINAL_TYPE (GwCenter, gw_center, G_TYPE_OBJECT)

G_DEFINE_QUARK (gw-center-error-quark, gw_center_error)

/**
 * gw_center_options_init:
 * @options: options to fill with the defaults
 *
 * The demo's defaults: in-memory database, embedded grids, built-in tokens,
 * 127.0.0.1 on a free port, 20 reports a minute, seed 1, real-time workflow.
 */
void
gw_center_options_init (GwCenterOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (GwCenterOptions) { 0 };
  options->address = "127.0.0.1";
  options->rate = 20;
  options->seed = 1;
  options->speed = 1;
}

static void
gw_center_finalize (GObject *object)
{
  GwCenter *self = GW_CENTER (object);

  gw_center_stop (self);
  g_free (self->db_path);
  g_free (self->address);
  g_clear_pointer (&self->grids, g_bytes_unref);
  g_clear_pointer (&self->tokens, g_bytes_unref);
  g_clear_object (&self->tls_certificate);
  g_clear_error (&self->start_error);
  g_free (self->uri);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (gw_center_parent_class)->finalize (object);
}

static void
gw_center_class_init (GwCenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_center_finalize;
}

static void
gw_center_init (GwCenter *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/**
 * gw_center_new:
 * @options: the options, see #GwCenterOptions
 * @error: where an out-of-range option is reported
 *
 * Creates a centre; nothing runs until gw_center_start().
 *
 * Returns: (transfer full): the centre, or %NULL with @error set
 */
GwCenter *
gw_center_new (const GwCenterOptions  *options,
               GError                **error)
{
  GwCenter *self;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(options->speed > 0 && options->speed <= 1e6) ||
      !(options->rate >= 0 && options->rate <= 60000) || options->port > 65535)
    {
      g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_OPTIONS,
                           "speed must be in (0, 1000000], rate in [0, 60000] a minute and "
                           "port in [0, 65535]");
      return NULL;
    }

  self = g_object_new (GW_TYPE_CENTER, NULL);
  self->options = *options;
  self->db_path = g_strdup (options->db_path);
  self->address = g_strdup (options->address ? options->address : "127.0.0.1");
  self->grids = options->grids ? g_bytes_ref (options->grids) : NULL;
  self->tokens = options->tokens ? g_bytes_ref (options->tokens) : NULL;
  self->tls_certificate = options->tls_certificate ? g_object_ref (options->tls_certificate)
                                                   : NULL;
  self->options.db_path = self->db_path;
  self->options.address = self->address;
  self->options.grids = self->grids;
  self->options.tokens = self->tokens;
  self->options.tls_certificate = self->tls_certificate;
  return self;
}

static char *
listen_on (GwCenter  *self,
           GError   **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (self->address);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *host = NULL;
  SoupServerListenOptions flags = self->tls_certificate ? SOUP_SERVER_LISTEN_HTTPS : 0;
  int port;

  if (address == NULL)
    {
      g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_OPTIONS,
                   "%s is not an IP address", self->address);
      return NULL;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) self->options.port);
  if (!soup_server_listen (self->server, socket_address, flags, error))
    return NULL;
  uris = soup_server_get_uris (self->server);
  if (uris == NULL)
    {
      g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_NETWORK, "not listening");
      return NULL;
    }
  port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  host = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
         ? g_strdup_printf ("[%s]", self->address) : g_strdup (self->address);
  return g_strdup_printf ("%s://%s:%d/", self->tls_certificate ? "https" : "http", host, port);
}

static gboolean
setup (GwCenter  *self,
       GError   **error)
{
  self->catalog = gw_center_catalog_new (self->grids, self->tokens, error);
  if (self->catalog == NULL)
    return FALSE;
  self->engine = gw_center_engine_new (&self->options, self->catalog, error);
  if (self->engine == NULL)
    return FALSE;
  self->sim = gw_center_sim_new (self->engine);
  if (self->engine->sequence == 0 && self->engine->case_order->len == 0 &&
      self->options.seed_cases > 0 &&
      !gw_center_sim_seed (self->sim, self->options.seed_cases, error))
    return FALSE;

  self->server = soup_server_new ("server-header", "gridwall-center ", NULL);
  if (self->tls_certificate != NULL)
    soup_server_set_tls_certificate (self->server, self->tls_certificate);
  gw_center_server_setup (self->engine, self->server);
  self->feed = gw_center_feed_new (self->engine, self->server);
  self->uri = listen_on (self, error);
  if (self->uri == NULL)
    return FALSE;
  gw_center_sim_start (self->sim);
  return TRUE;
}

static void
teardown (GwCenter *self)
{
  g_clear_pointer (&self->feed, gw_center_feed_free);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  /* Let the close frames and the sockets' shutdowns go out. */
  for (guint i = 0; i < 100 && g_main_context_iteration (self->context, FALSE); i++)
    ;
  g_clear_object (&self->server);
  g_clear_pointer (&self->sim, gw_center_sim_free);
  g_clear_pointer (&self->engine, gw_center_engine_free);
  g_clear_pointer (&self->catalog, gw_center_catalog_free);
}

static gpointer
run (gpointer data)
{
  GwCenter *self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  ok = setup (self, &error);

  g_mutex_lock (&self->lock);
  self->started = TRUE;
  if (!ok)
    self->start_error = g_steal_pointer (&error);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok)
    g_main_loop_run (self->loop);
  teardown (self);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * gw_center_start:
 * @self: a #GwCenter
 * @error: where a failure to open the data, the database or the socket goes
 *
 * Starts the centre's thread and waits until it listens (seeding a new
 * database first, if asked).
 *
 * Returns: %TRUE when the centre is serving gw_center_get_uri()
 */
gboolean
gw_center_start (GwCenter  *self,
                 GError   **error)
{
  g_return_val_if_fail (GW_IS_CENTER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->started = FALSE;
  self->thread = g_thread_new ("gw-center", run, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      gw_center_stop (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_center_get_uri:
 * @self: a started #GwCenter
 *
 * Returns: the base URI, "http://127.0.0.1:PORT/", or %NULL when not started
 */
const char *
gw_center_get_uri (GwCenter *self)
{
  g_return_val_if_fail (GW_IS_CENTER (self), NULL);

  return self->uri;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/**
 * gw_center_stop:
 * @self: a #GwCenter
 *
 * Stops the server, closes the feed connections and the database, and
 * joins the centre's thread. Does nothing when not started.
 */
void
gw_center_stop (GwCenter *self)
{
  g_return_if_fail (GW_IS_CENTER (self));

  if (self->thread == NULL)
    return;
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}
