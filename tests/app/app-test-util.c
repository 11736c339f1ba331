/* app-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "app-test-util.h"

void
app_test_init (int    *argc,
               char ***argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gw_test_init (argc, argv);
}

void
app_test_post (const char *base_uri,
               const char *path,
               const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (base_uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg),
                               "Authorization", "Bearer " TOKEN_DISPATCHER);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_error ("POST %s answered %u: %.*s", path, soup_message_get_status (msg),
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
}

char *
app_test_token_file (const char *dir,
                     const char *token)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "token", NULL);

  g_file_set_contents (path, token, -1, &error);
  g_assert_no_error (error);
  return path;
}
