/* bench-cluster.c: GwClusterIndex build and query times; see bench-cluster.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-cluster POINTS_FILE [ROUNDS [DUMP_FILE]]
 *
 * POINTS_FILE has one point a line: "lon lat flags category". Prints the build
 * time (after one warm-up build; best and median of ROUNDS, default 7) with
 * supercluster's default options, plain, with overdue flags, and with flags and
 * a 6-category histogram; then getClusters times at a few zooms. DUMP_FILE gets
 * getClusters of the whole world at zooms 0..18 in bench-cluster.mjs's format,
 * for bench-cluster.sh to compare with supercluster's. Last, the heatmap of the
 * same points over Nanchang at 1080p and 4K (CPU time, best of ROUNDS).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gw-cluster.h"
#include "gw-coord.h"
#include "gw-heatmap.h"

#define N_CATEGORIES 6

typedef struct
{
  GArray *lon;
  GArray *lat;
  GArray *flags;
  GArray *categories;
} Points;

static void
read_points (const char *path,
             Points     *p)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);

  p->lon = g_array_new (FALSE, FALSE, sizeof (double));
  p->lat = g_array_new (FALSE, FALSE, sizeof (double));
  p->flags = g_array_new (FALSE, FALSE, sizeof (guint8));
  p->categories = g_array_new (FALSE, FALSE, sizeof (guint8));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 4);
      double lon, lat;
      guint8 flags, category;

      if (g_strv_length (f) != 4)
        g_error ("%s:%u: expected lon lat flags category", path, i + 1);
      lon = g_ascii_strtod (f[0], NULL);
      lat = g_ascii_strtod (f[1], NULL);
      flags = (guint8) atoi (f[2]);
      category = (guint8) atoi (f[3]);
      g_array_append_val (p->lon, lon);
      g_array_append_val (p->lat, lat);
      g_array_append_val (p->flags, flags);
      g_array_append_val (p->categories, category);
    }
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static GwClusterIndex *
build (const Points *p,
       gboolean      flags,
       gboolean      categories)
{
  g_autoptr(GError) error = NULL;
  GwClusterOptions options;
  GwClusterIndex *index;

  gw_cluster_options_init (&options);
  options.n_categories = categories ? N_CATEGORIES : 0;
  index = gw_cluster_index_new (&options, (double *) p->lon->data, (double *) p->lat->data,
                                flags ? (guint8 *) p->flags->data : NULL,
                                categories ? (guint8 *) p->categories->data : NULL,
                                p->lon->len, NULL, &error);
  if (index == NULL)
    g_error ("%s", error->message);
  return index;
}

static double
cpu_ms (void)
{
  return (double) clock () * 1000 / CLOCKS_PER_SEC;
}

/* Wall-clock best and median, and the best CPU time, which a loaded machine
 * disturbs less. */
static void
time_build (const char   *label,
            const Points *p,
            guint         rounds,
            gboolean      flags,
            gboolean      categories)
{
  g_autofree double *ms = g_new (double, rounds);
  double cpu_best = G_MAXDOUBLE;

  gw_cluster_index_unref (build (p, flags, categories));  /* warm-up */
  for (guint r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      GwClusterIndex *index = build (p, flags, categories);

      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      cpu_best = MIN (cpu_best, cpu_ms () - cpu_start);
      gw_cluster_index_unref (index);
    }
  qsort (ms, rounds, sizeof (double), cmp_double);
  printf ("%s, ms wall best, median, CPU best: %.1f %.1f %.1f\n", label, ms[0], ms[rounds / 2],
          cpu_best);
}

/* getClusters over the whole world, and over a 1920x1080 view of Nanchang at
 * the zoom (256-pixel tiles), repeated to get above the clock's resolution. */
static void
time_queries (GwClusterIndex *index)
{
  static const int zooms[] = { 3, 8, 11, 14, 17 };
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      int z = zooms[i];
      double half_w = 1920.0 / 2 / (256.0 * (1 << z)) * 360;
      double half_h = half_w * 1080 / 1920 * 0.88;  /* cos 28.7° */
      gint64 start;
      guint n_world, n_view;

      start = g_get_monotonic_time ();
      for (int r = 0; r < 10; r++)
        {
          g_array_set_size (items, 0);
          gw_cluster_index_get_clusters (index, -180, -90, 180, 90, z, items);
        }
      n_world = items->len;
      printf ("getClusters z%-2d world: %6u items %8.3f ms", z, n_world,
              (g_get_monotonic_time () - start) / 10000.0);

      start = g_get_monotonic_time ();
      for (int r = 0; r < 100; r++)
        {
          g_array_set_size (items, 0);
          gw_cluster_index_get_clusters (index, 115.89 - half_w, 28.68 - half_h,
                                         115.89 + half_w, 28.68 + half_h, z, items);
        }
      n_view = items->len;
      printf ("   1080p view: %6u items %7.3f ms\n", n_view,
              (g_get_monotonic_time () - start) / 100000.0);
    }
}

static void
time_heatmap (const Points *p,
              guint         width,
              guint         height,
              int           zoom,
              double        radius,
              guint         rounds)
{
  guint n = p->lon->len;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree float *grid = g_new (float, (gsize) width * height);
  double pixel = 1.0 / (256.0 * (1 << zoom));
  double cx, cy, best_density = G_MAXDOUBLE, best_colour = G_MAXDOUBLE;
  GwHeatmapView view;

  for (guint i = 0; i < n; i++)
    gw_coord_mercator_project (g_array_index (p->lon, double, i),
                               g_array_index (p->lat, double, i), &x[i], &y[i]);
  gw_coord_mercator_project (115.89, 28.68, &cx, &cy);
  view = (GwHeatmapView) { cx - width / 2.0 * pixel, cy - height / 2.0 * pixel, pixel,
                           width, height };

  for (guint r = 0; r < rounds; r++)
    {
      double start = cpu_ms ();
      g_autoptr(GBytes) rgba = NULL;

      if (!gw_heatmap_density (&view, x, y, NULL, n, radius, grid, NULL))
        g_error ("heatmap failed");
      best_density = MIN (best_density, cpu_ms () - start);
      start = cpu_ms ();
      rgba = gw_heatmap_colorize (grid, width, height, 0, 1);
      best_colour = MIN (best_colour, cpu_ms () - start);
    }
  printf ("heatmap %ux%u z%d radius %.0f px: density %.1f ms, colours %.1f ms (CPU, best)\n",
          width, height, zoom, radius, best_density, best_colour);
}

static void
dump (GwClusterIndex *index,
      const char     *path)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (GwClusterItem));
  FILE *out = fopen (path, "w");

  if (out == NULL)
    g_error ("cannot write %s", path);
  for (int z = 0; z <= 18; z++)
    {
      g_array_set_size (items, 0);
      gw_cluster_index_get_clusters (index, -180, -90, 180, 90, z, items);
      for (guint i = 0; i < items->len; i++)
        {
          const GwClusterItem *item = &g_array_index (items, GwClusterItem, i);

          if (item->point_count == 1)
            fprintf (out, "%d %u 1\n", z, item->id);
          else
            fprintf (out, "%d %u %u %lld %lld\n", z, item->id, item->point_count,
                     (long long) llround ((item->x - 0.5) * 1073741824.0),
                     (long long) llround ((item->y - 0.5) * 1073741824.0));
        }
    }
  fclose (out);
}

int
main (int   argc,
      char *argv[])
{
  Points p;
  guint rounds;
  g_autoptr(GwClusterIndex) index = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s POINTS_FILE [ROUNDS [DUMP_FILE]]\n", argv[0]);
      return 2;
    }
  read_points (argv[1], &p);
  rounds = argc > 2 ? MAX (1, atoi (argv[2])) : 7;
  printf ("%u points\n", p.lon->len);

  time_build ("GwClusterIndex build", &p, rounds, FALSE, FALSE);
  time_build ("GwClusterIndex build with overdue counts", &p, rounds, TRUE, FALSE);
  time_build ("GwClusterIndex build with overdue counts and categories", &p, rounds, TRUE, TRUE);

  index = build (&p, TRUE, TRUE);
  time_queries (index);
  if (argc > 3)
    dump (index, argv[3]);
  time_heatmap (&p, 1920, 1080, 11, 30, rounds);
  time_heatmap (&p, 3840, 2160, 12, 40, rounds);

  g_array_unref (p.lon);
  g_array_unref (p.lat);
  g_array_unref (p.flags);
  g_array_unref (p.categories);
  return 0;
}
