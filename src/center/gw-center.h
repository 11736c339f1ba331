/* gw-center.h: the reference comprehensive-governance centre (docs/protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GwCenter owns a SQLite database, a libsoup server and the case simulator.
 * gw_center_start() runs all three in a thread of their own with its own
 * GMainContext, so the thread that calls it (a GTK main loop, say) never
 * waits on SQLite or on the network.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_CENTER_ERROR (gw_center_error_quark ())

/**
 * GwCenterError:
 * @GW_CENTER_ERROR_OPTIONS: an option is out of range or inconsistent
 * @GW_CENTER_ERROR_DATA: a data file (grids, tokens, case types) is wrong
 * @GW_CENTER_ERROR_DATABASE: the database cannot be opened or written
 * @GW_CENTER_ERROR_NETWORK: the server cannot listen
 */
typedef enum
{
  GW_CENTER_ERROR_OPTIONS,
  GW_CENTER_ERROR_DATA,
  GW_CENTER_ERROR_DATABASE,
  GW_CENTER_ERROR_NETWORK,
} GwCenterError;

GQuark gw_center_error_quark (void);

/**
 * GwCenterOptions:
 * @db_path: the SQLite database; %NULL for a private in-memory one
 * @grids: (nullable): the grids GeoJSON; %NULL for the embedded demo city
 * @tokens: (nullable): a JSON object token -> {user, name, role}; %NULL for
 *   the built-in demo tokens
 * @address: the address to listen on; %NULL for 127.0.0.1
 * @port: the TCP port; 0 picks a free one
 * @tls_certificate: (nullable): serve https/wss with this certificate
 * @rate: new simulated cases per minute (real time); 0 turns the simulator's
 *   reports off (cases already open still move on)
 * @seed: the simulator's seed; the same seed gives the same cases
 * @speed: time factor of the workflow (600: a simulated minute lasts 0.1 s)
 * @seed_cases: cases to create, spread over the last 30 days, when the
 *   database is new
 * @history: keep only the last @history events (0: keep all)
 * @drop_every: test hook: drop each feed connection after this many frames
 *   (0: never)
 * @test_hooks: serve POST /v1/test/report and /v1/test/mode
 * @feed_stall_seconds: close a feed client that accepts no data for this
 *   long (0: 30 s)
 *
 * Initialise with gw_center_options_init().
 */
typedef struct
{
  const char      *db_path;
  GBytes          *grids;
  GBytes          *tokens;
  const char      *address;
  guint            port;
  GTlsCertificate *tls_certificate;
  double           rate;
  guint64          seed;
  double           speed;
  guint            seed_cases;
  guint64          history;
  guint            drop_every;
  gboolean         test_hooks;
  guint            feed_stall_seconds;

  /*< private >*/
  gpointer         padding[8];
} GwCenterOptions;

void gw_center_options_init (GwCenterOptions *options);

#define GW_TYPE_CENTER (gw_center_get_type ())
G_DECLARE_FINAL_TYPE (GwCenter, gw_center, GW, CENTER, GObject)

GwCenter   *gw_center_new     (const GwCenterOptions *options,
                               GError               **error);
gboolean    gw_center_start   (GwCenter              *self,
                               GError               **error);
const char *gw_center_get_uri (GwCenter              *self);
void        gw_center_stop    (GwCenter              *self);

G_END_DECLS
