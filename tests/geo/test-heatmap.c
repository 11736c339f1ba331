/* test-heatmap.c: kernel density grids and their colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gw-heatmap.h"

#include <math.h>

/* A 1 px = 1e-6 grid (about zoom 12) whose pixel (i, j) has its centre at
 * ORIGIN + (i + 0.5, j + 0.5) px. */
#define ORIGIN 0.8
#define PX 1e-6

static GwHeatmapView
view_of (guint width,
         guint height)
{
  return (GwHeatmapView) { ORIGIN, ORIGIN, PX, width, height };
}

static double
at_px (double px)
{
  return ORIGIN + px * PX;
}

static double
sum (const float *values,
     gsize        n)
{
  double s = 0;

  for (gsize i = 0; i < n; i++)
    s += values[i];
  return s;
}

static float *
density (const GwHeatmapView *view,
         const double        *x,
         const double        *y,
         const float         *w,
         guint                n,
         double               radius)
{
  g_autoptr(GError) error = NULL;
  float *out = g_new (float, (gsize) view->width * view->height);

  g_assert_true (gw_heatmap_density (view, x, y, w, n, radius, out, &error));
  g_assert_no_error (error);
  return out;
}

/* Points well inside the view keep their total weight, whatever the radius. */
static void
test_mass (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GwHeatmapView view = view_of (400, 300);
  double x[2000], y[2000];
  float w[2000];
  double total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    {
      x[i] = at_px (g_rand_double_range (rand, 100, 300));
      y[i] = at_px (g_rand_double_range (rand, 100, 200));
      w[i] = (float) g_rand_double_range (rand, 0.1, 3);
      total += w[i];
    }

  for (double radius = 0; radius <= 90; radius += 15)
    {
      g_autofree float *out = density (&view, x, y, w, G_N_ELEMENTS (x), radius);

      g_assert_cmpfloat_with_epsilon (sum (out, 400 * 300) / total, 1.0, 1e-4);
    }
}

/* One point on a pixel centre spreads alike in every direction, falling off
 * with distance, with about the variance of the Gaussian asked for. */
static void
test_symmetry (void)
{
  const guint n = 121, c = 60;
  GwHeatmapView view = view_of (n, n);
  double x = at_px (c + 0.5), y = at_px (c + 0.5);
  double radius = 30, sigma = radius / 3, second = 0;
  g_autofree float *out = density (&view, &x, &y, NULL, 1, radius);

  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      {
        float v = out[j * n + i];

        g_assert_cmpfloat_with_epsilon (v, out[(n - 1 - j) * n + (n - 1 - i)], 1e-7);
        g_assert_cmpfloat_with_epsilon (v, out[i * n + j], 1e-7);
        second += v * (double) ((int) i - (int) c) * ((int) i - (int) c);
      }
  for (guint i = c; i + 1 < n; i++)
    g_assert_cmpfloat (out[c * n + i], >=, out[c * n + i + 1]);
  g_assert_cmpfloat (out[c * n + c], ==, gw_heatmap_max (out, n * n));
  g_assert_cmpfloat (out[c * n + c], >, 0);
  g_assert_cmpfloat (fabs (second - sigma * sigma) / (sigma * sigma), <, 0.1);
}

static void
test_empty (void)
{
  GwHeatmapView view = view_of (64, 48);
  g_autofree float *out = density (&view, NULL, NULL, NULL, 0, 20);
  g_autoptr(GBytes) rgba = gw_heatmap_colorize (out, 64, 48, 0, 1);
  gsize size;
  const guint8 *bytes = g_bytes_get_data (rgba, &size);

  g_assert_cmpfloat (gw_heatmap_max (out, 64 * 48), ==, 0);
  g_assert_cmpuint (size, ==, 64 * 48 * 4);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpuint (bytes[i], ==, 0);
}

/* What lies beyond the kernel's reach stays out; what lies just outside the view
 * warms its edge; points that are not numbers or weigh nothing are left out. */
static void
test_bounds (void)
{
  GwHeatmapView view = view_of (100, 100);
  double x[] = { at_px (-40), at_px (140), at_px (50), at_px (50), NAN, at_px (50), at_px (50) };
  double y[] = { at_px (50), at_px (50), at_px (-40), at_px (1e9), at_px (50), NAN, at_px (50) };
  float w[] = { 1, 1, 1, 1, 1, 1, 0 };
  g_autofree float *far = density (&view, x, y, w, G_N_ELEMENTS (x), 30);
  double near_x = at_px (-5), near_y = at_px (50);
  g_autofree float *near = density (&view, &near_x, &near_y, NULL, 1, 30);

  g_assert_cmpfloat (gw_heatmap_max (far, 100 * 100), ==, 0);
  g_assert_cmpfloat (near[50 * 100], >, 0);
  g_assert_cmpfloat (near[50 * 100 + 99], ==, 0);
  g_assert_cmpfloat (sum (near, 100 * 100), <, 0.5);
}

static void
expect_rejected (GwHeatmapView view,
                 double        radius,
                 int           code)
{
  g_autoptr(GError) error = NULL;
  float out[4];

  g_assert_false (gw_heatmap_density (&view, NULL, NULL, NULL, 0, radius, out, &error));
  g_assert_error (error, GW_HEATMAP_ERROR, code);
}

static void
test_rejected (void)
{
  expect_rejected ((GwHeatmapView) { 0, 0, PX, 0, 2 }, 10, GW_HEATMAP_ERROR_VIEW);
  expect_rejected ((GwHeatmapView) { 0, 0, PX, 100000, 100000 }, 10, GW_HEATMAP_ERROR_VIEW);
  expect_rejected ((GwHeatmapView) { 0, 0, 0, 2, 2 }, 10, GW_HEATMAP_ERROR_VIEW);
  expect_rejected ((GwHeatmapView) { NAN, 0, PX, 2, 2 }, 10, GW_HEATMAP_ERROR_VIEW);
  expect_rejected ((GwHeatmapView) { 0, INFINITY, PX, 2, 2 }, 10, GW_HEATMAP_ERROR_VIEW);
  expect_rejected ((GwHeatmapView) { 0, 0, PX, 2, 2 }, -1, GW_HEATMAP_ERROR_RADIUS);
  expect_rejected ((GwHeatmapView) { 0, 0, PX, 2, 2 }, NAN, GW_HEATMAP_ERROR_RADIUS);
  expect_rejected ((GwHeatmapView) { 0, 0, PX, 2, 2 }, 513, GW_HEATMAP_ERROR_RADIUS);
}

/* Premultiplied: no channel above alpha; 0 is transparent; the scale saturates;
 * opacity scales alpha. */
static void
test_colorize (void)
{
  float values[] = { 0, 0.25f, 0.5f, 1, 2, NAN };
  g_autoptr(GBytes) full = gw_heatmap_colorize (values, 6, 1, 1, 1);
  g_autoptr(GBytes) half = gw_heatmap_colorize (values, 6, 1, 1, 0.5f);
  const guint8 *f = g_bytes_get_data (full, NULL);
  const guint8 *h = g_bytes_get_data (half, NULL);

  for (guint i = 0; i < 6; i++)
    for (guint c = 0; c < 3; c++)
      g_assert_cmpuint (f[4 * i + c], <=, f[4 * i + 3]);
  g_assert_cmpuint (f[3], ==, 0);
  g_assert_cmpuint (f[4 * 5 + 3], ==, 0);
  g_assert_cmpuint (f[4 + 3], <, f[8 + 3]);
  g_assert_cmpuint (f[8 + 3], <, f[12 + 3]);
  g_assert_cmpmem (f + 12, 4, f + 16, 4);
  g_assert_cmpuint (f[12], >, f[14]);  /* the hottest is red */
  g_assert_cmpint (abs ((int) h[12 + 3] * 2 - f[12 + 3]), <=, 2);
}

typedef struct
{
  const double *x;
  const double *y;
  guint         n;
  float        *out;
} Job;

static gpointer
run_job (gpointer data)
{
  Job *job = data;
  GwHeatmapView view = view_of (300, 200);

  gw_heatmap_density (&view, job->x, job->y, NULL, job->n, 40, job->out, NULL);
  return NULL;
}

/* Two threads on the same input at once get the same grid. */
static void
test_threads (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  double x[5000], y[5000];
  g_autofree float *a = g_new (float, 300 * 200);
  g_autofree float *b = g_new (float, 300 * 200);
  Job ja = { x, y, G_N_ELEMENTS (x), a }, jb = { x, y, G_N_ELEMENTS (x), b };
  GThread *ta, *tb;

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    {
      x[i] = at_px (g_rand_double_range (rand, -50, 350));
      y[i] = at_px (g_rand_double_range (rand, -50, 250));
    }
  ta = g_thread_new ("heat-a", run_job, &ja);
  tb = g_thread_new ("heat-b", run_job, &jb);
  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_cmpmem (a, 300 * 200 * sizeof (float), b, 300 * 200 * sizeof (float));
  g_assert_cmpfloat (gw_heatmap_max (a, 300 * 200), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/heatmap/mass", test_mass);
  g_test_add_func ("/heatmap/symmetry", test_symmetry);
  g_test_add_func ("/heatmap/empty", test_empty);
  g_test_add_func ("/heatmap/bounds", test_bounds);
  g_test_add_func ("/heatmap/rejected", test_rejected);
  g_test_add_func ("/heatmap/colorize", test_colorize);
  g_test_add_func ("/heatmap/threads", test_threads);

  return g_test_run ();
}
