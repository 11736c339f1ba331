/* app-test-util.h: driving the real app against the real centre in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "feed-test-util.h"

G_BEGIN_DECLS

/* GTest's init for the app's tests; the window's texts are compared in
 * English. */
void  app_test_init        (int        *argc,
                            char     ***argv);

/* POSTs @json to @path of the centre (a test hook) as a dispatcher and
 * asserts a 200 answer. */
void  app_test_post        (const char *base_uri,
                            const char *path,
                            const char *json);

/* A token file holding @token in @dir; free the path. */
char *app_test_token_file  (const char *dir,
                            const char *token);

G_END_DECLS
