/* main.c: gridwall-center, the reference centre as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean
quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static GBytes *
read_file (const char  *path,
           const char  *what,
           GError     **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);

  if (file == NULL)
    {
      g_prefix_error (error, "%s: ", what);
      return NULL;
    }
  return g_mapped_file_get_bytes (file);
}

int
main (int   argc,
      char *argv[])
{
  int port = 0, rate = 20, seed_cases = 0, drop_every = 0, stall = 0;
  gint64 seed = 1, history = 0;
  double speed = 1;
  g_autofree char *address = NULL, *db = NULL, *grids = NULL, *tokens = NULL;
  g_autofree char *tls_cert = NULL, *tls_key = NULL;
  gboolean test_hooks = FALSE;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port (0: pick a free one)", "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "IP address to listen on (127.0.0.1)", "IP" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "SQLite database (default: in memory)", "PATH" },
    { "grids", 0, 0, G_OPTION_ARG_FILENAME, &grids, "grids GeoJSON (default: the demo city)", "FILE" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "new cases a minute (0: none; default 20)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "simulator seed (default 1)", "S" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "workflow time factor (default 1)", "F" },
    { "seed-cases", 0, 0, G_OPTION_ARG_INT, &seed_cases, "cases over the last 30 days in a new database", "N" },
    { "tokens", 0, 0, G_OPTION_ARG_FILENAME, &tokens, "JSON token -> {user, name, role}", "FILE" },
    { "history", 0, 0, G_OPTION_ARG_INT64, &history, "keep only the last N events (0: all)", "N" },
    { "drop-every", 0, 0, G_OPTION_ARG_INT, &drop_every, "test: drop feed connections after N frames", "N" },
    { "stall-timeout", 0, 0, G_OPTION_ARG_INT, &stall, "close feed clients that take nothing for S seconds (30)", "S" },
    { "test-hooks", 0, 0, G_OPTION_ARG_NONE, &test_hooks, "serve POST /v1/test/...", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "PEM certificate: serve https and wss", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "PEM private key of --tls-cert", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the Gridwall reference centre");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCenter) center = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GBytes) grids_bytes = NULL, tokens_bytes = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GwCenterOptions options;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;
  if (port < 0 || port > 65535 || rate < 0 || seed_cases < 0 || drop_every < 0 || stall < 0 ||
      history < 0 || seed < 0 || (tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "numbers must be >= 0, the port <= 65535, and --tls-cert goes "
                           "with --tls-key");
      goto fail;
    }
  if (grids && !(grids_bytes = read_file (grids, "--grids", &error)))
    goto fail;
  if (tokens && !(tokens_bytes = read_file (tokens, "--tokens", &error)))
    goto fail;
  if (tls_cert && !(certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)))
    goto fail;

  gw_center_options_init (&options);
  options.db_path = db;
  options.grids = grids_bytes;
  options.tokens = tokens_bytes;
  if (address)
    options.address = address;
  options.port = (guint) port;
  options.tls_certificate = certificate;
  options.rate = rate;
  options.seed = (guint64) seed;
  options.speed = speed;
  options.seed_cases = (guint) seed_cases;
  options.history = (guint64) history;
  options.drop_every = (guint) drop_every;
  options.test_hooks = test_hooks;
  options.feed_stall_seconds = (guint) stall;

  center = gw_center_new (&options, &error);
  if (center == NULL || !gw_center_start (center, &error))
    goto fail;

  printf ("gridwall-center: listening on %s\n", gw_center_get_uri (center));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit, loop);
  g_unix_signal_add (SIGINT, quit, loop);
  g_main_loop_run (loop);
  gw_center_stop (center);
  return EXIT_SUCCESS;

fail:
  g_printerr ("gridwall-center: %s\n", error->message);
  return EXIT_FAILURE;
}
