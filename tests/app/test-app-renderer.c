/* test-app-renderer.c: which GSK renderer the real app's window gets under
 * Xvfb (whose GL is llvmpipe, software): the wall draws with cairo, the desk
 * keeps GTK's choice, and GSK_RENDERER, --renderer and the setting are
 * honoured in that order.
 *
 * GTK reads GSK_RENDERER once per process, when it makes the first renderer:
 * each case runs the app in a subprocess of its own, against a real centre.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "app-test-util.h"
#include "gw-application.h"

typedef struct
{
  GwApplication *app;
  char          *renderer;   /* the type name of the window's renderer */
  gint64         deadline;
} Run;

static gboolean
poll_renderer (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

  if (window != NULL && gtk_widget_get_realized (GTK_WIDGET (window)))
    run->renderer = g_strdup (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  else if (g_get_monotonic_time () < run->deadline)
    return G_SOURCE_CONTINUE;
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

/* Runs the app with @layout ("--wall", "--dispatch") and @option (or NULL)
 * until its window is realized; returns the type name of its renderer. */
static char *
run_app (const char *layout,
         const char *option)
{
  g_autoptr(GwTestCenter) center = gw_test_center_new ();
  g_autofree char *token_file = NULL;
  char *argv[8] = { "gridwall", (char *) layout, "--center", NULL, "--token-file", NULL, NULL };
  Run run = { 0 };

  g_assert_nonnull (center);
  gw_test_center_start (center, "--rate", "0", "--seed-cases", "20", NULL);
  token_file = app_test_token_file (center->dir, g_str_equal (layout, "--wall") ? TOKEN_WALL
                                                                               : TOKEN_DISPATCHER);
  argv[3] = center->uri;
  argv[5] = token_file;
  argv[6] = (char *) option;
  run.app = gw_application_new ();
  run.deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_timeout_add (50, poll_renderer, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), option ? 7 : 6, argv), ==, 0);
  g_clear_object (&run.app);
  g_assert_nonnull (run.renderer);
  return run.renderer;
}

typedef struct
{
  const char *path;
  const char *layout;     /* --wall or --dispatch */
  const char *option;     /* (nullable) --renderer=... */
  const char *env;        /* (nullable) GSK_RENDERER; unset when NULL */
  const char *setting;    /* the renderer setting */
  const char *expected;   /* the window's renderer */
  const char *log;        /* (nullable) what the app's log must say */
} Case;

static const Case cases[] = {
  /* No GSK_RENDERER, a wall on llvmpipe: the app picks cairo and says why. */
  { "/app/renderer/wall-auto", "--wall", NULL, NULL, "auto", "GskCairoRenderer",
    "*Drawing with GTK’s cairo renderer: the wall’s GL is software (*" },
  /* GTK's own switch is honoured on a wall too. */
  { "/app/renderer/environment", "--wall", NULL, "gl", "auto", "GskGLRenderer", NULL },
  /* --renderer goes before GSK_RENDERER. */
  { "/app/renderer/option", "--wall", "--renderer=gl", "cairo", "auto", "GskGLRenderer",
    "*Drawing with GTK’s gl renderer: --renderer*" },
  /* The desk keeps GTK's choice unless the setting says otherwise. */
  { "/app/renderer/desk", "--dispatch", NULL, NULL, "auto", "GskGLRenderer", NULL },
  { "/app/renderer/setting", "--dispatch", NULL, NULL, "cairo", "GskCairoRenderer",
    "*Drawing with GTK’s cairo renderer: the renderer setting*" },
};

/* GTK reads GSK_RENDERER once per process: each case runs in a subprocess. */
static void
test_renderer (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *renderer = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      if (c->log != NULL)
        g_test_trap_assert_stderr (c->log);
      return;
    }
  if (c->env != NULL)
    g_setenv ("GSK_RENDERER", c->env, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  /* The memory backend is shared within the process: the app sees it. */
  settings = g_settings_new ("io.github.gridwall.Gridwall");
  g_settings_set_string (settings, "renderer", c->setting);
  renderer = run_app (c->layout, c->option);
  g_assert_cmpstr (renderer, ==, c->expected);
}

/* A name GTK 4.8 does not know is refused before anything starts. */
static void
test_bad_option (void)
{
  g_autoptr(GwApplication) app = gw_application_new ();
  char *argv[] = { "gridwall", "--wall", "--renderer=vulkan", NULL };

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_renderer);
  g_test_add_func ("/app/renderer/bad-option", test_bad_option);

  return g_test_run ();
}
