/* outbox-sender.c: a dispatcher process for test-feed-outbox, to be killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   outbox-sender URI TOKEN OUTBOX LOG [CASE VERSION DEPARTMENT]
 *
 * Opens the outbox, queues an assignment when given one, and sends whatever is
 * pending with GwDispatcher, appending "<state> <attempts>" to LOG (flushed)
 * at every change. Exits 0 once nothing is pending, after a line
 * "done <state> <outcome>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gw-dispatcher.h"

static FILE *log_file;
static GMainLoop *loop;

static void
on_changed (GwDispatcher *dispatcher,
            GwCommand    *command,
            gpointer      user_data)
{
  GwCommandState state = gw_command_get_state (command);

  fprintf (log_file, "%s %u\n", g_enum_get_value (g_type_class_peek (GW_TYPE_COMMAND_STATE),
                                                  state)->value_nick,
           gw_command_get_attempts (command));
  if (gw_dispatcher_get_n_pending (dispatcher) == 0)
    {
      fprintf (log_file, "done %s %s\n",
               g_enum_get_value (g_type_class_peek (GW_TYPE_COMMAND_STATE), state)->value_nick,
               gw_command_get_outcome (command));
      g_main_loop_quit (loop);
    }
  fflush (log_file);
  fsync (fileno (log_file));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwOutbox) outbox = NULL;
  g_autoptr(GwCenterClient) client = NULL;
  g_autoptr(GwDispatcher) dispatcher = NULL;

  if (argc != 5 && argc != 8)
    {
      fprintf (stderr, "usage: outbox-sender URI TOKEN OUTBOX LOG [CASE VERSION DEPARTMENT]\n");
      return 2;
    }
  g_type_class_ref (GW_TYPE_COMMAND_STATE);
  log_file = fopen (argv[4], "a");
  loop = g_main_loop_new (NULL, FALSE);
  outbox = gw_outbox_new (argv[3], &error);
  client = outbox ? gw_center_client_new (argv[1], argv[2], NULL, &error) : NULL;
  if (client == NULL)
    {
      fprintf (stderr, "outbox-sender: %s\n", error->message);
      return 1;
    }
  gw_center_client_set_timeout (client, 60);
  dispatcher = gw_dispatcher_new (outbox, client);
  gw_dispatcher_set_backoff (dispatcher, 100, 800);
  g_signal_connect (dispatcher, "command-changed", G_CALLBACK (on_changed), NULL);
  if (!gw_dispatcher_start (dispatcher, &error))
    {
      fprintf (stderr, "outbox-sender: %s\n", error->message);
      return 1;
    }
  if (argc == 8)
    {
      GwCommandArgs args = { .department = argv[7] };
      g_autoptr(GwCommand) command = gw_dispatcher_submit (dispatcher, argv[5],
                                                           g_ascii_strtoll (argv[6], NULL, 10),
                                                           GW_ACTION_ASSIGN, &args, &error);

      if (command == NULL)
        {
          fprintf (stderr, "outbox-sender: %s\n", error->message);
          return 1;
        }
    }
  if (gw_dispatcher_get_n_pending (dispatcher) > 0)
    g_main_loop_run (loop);
  fclose (log_file);
  return 0;
}
