/* gw-heatmap.c: kernel density of points on a pixel grid, and its colour ramp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each point's weight is split between the four pixels around it (bilinear, so
 * sub-pixel positions count and the mass is kept), then three box blurs in each
 * direction approximate a Gaussian (the three box sizes are chosen so that their
 * variance is the Gaussian's). Each box blur is a running sum: the cost is
 * O(points + pixels) whatever the radius. The grid is padded by the blur's reach
 * so that points just outside the view still warm its edges.
 */
#define G_LOG_DOMAIN "gw-heatmap"

#include "gw-heatmap.h"

#include <math.h>
#include <string.h>

#define N_BOXES 3

G_DEFINE_QUARK (gw-heatmap-error-quark, gw_heatmap_error)

typedef struct
{
  guint   width;   /* padded */
  guint   height;
  guint   pad;
  float  *a;
  float  *b;
  double *acc;
  float  *zero;
} Grid;

/* Half-widths of three boxes whose combined variance is sigma² (Kutskir's
 * "fastest Gaussian blur", after Wells 1986). */
static void
box_radii (double sigma,
           guint  radii[N_BOXES])
{
  double ideal = sqrt (12 * sigma * sigma / N_BOXES + 1);
  int lower = (int) floor (ideal);
  int upper;
  int m;

  if (lower % 2 == 0)
    lower--;
  lower = MAX (lower, 1);
  upper = lower + 2;
  m = (int) round ((12 * sigma * sigma - N_BOXES * lower * lower - 4 * N_BOXES * lower - 3 * N_BOXES)
                   / (-4.0 * lower - 4));
  for (int i = 0; i < N_BOXES; i++)
    radii[i] = ((i < m ? lower : upper) - 1) / 2;
}

static gboolean
check_view (const GwHeatmapView  *view,
            double                radius,
            GError              **error)
{
  if (view->width == 0 || view->height == 0 ||
      (guint64) view->width * view->height > GW_HEATMAP_MAX_PIXELS)
    {
      g_set_error (error, GW_HEATMAP_ERROR, GW_HEATMAP_ERROR_VIEW,
                   "heatmap grid %u×%u rejected: it must have 1 to %u pixels",
                   view->width, view->height, GW_HEATMAP_MAX_PIXELS);
      return FALSE;
    }
  if (!isfinite (view->x) || !isfinite (view->y) ||
      !isfinite (view->pixel_size) || view->pixel_size <= 0)
    {
      g_set_error (error, GW_HEATMAP_ERROR, GW_HEATMAP_ERROR_VIEW,
                   "heatmap view rejected: origin (%g, %g) or pixel size %g is not a "
                   "finite number (the pixel size must be positive)",
                   view->x, view->y, view->pixel_size);
      return FALSE;
    }
  if (!(radius >= 0 && radius <= GW_HEATMAP_MAX_RADIUS))
    {
      g_set_error (error, GW_HEATMAP_ERROR, GW_HEATMAP_ERROR_RADIUS,
                   "heatmap radius %g px rejected: it must be within 0..%g",
                   radius, GW_HEATMAP_MAX_RADIUS);
      return FALSE;
    }
  return TRUE;
}

static void
splat (Grid                *grid,
       const GwHeatmapView *view,
       const double        *x,
       const double        *y,
       const float         *weights,
       guint                n_points)
{
  double limit_x = grid->width - 1;
  double limit_y = grid->height - 1;

  for (guint i = 0; i < n_points; i++)
    {
      /* continuous pixel coordinates, 0 at the centre of the first padded pixel */
      double u = (x[i] - view->x) / view->pixel_size - 0.5 + grid->pad;
      double v = (y[i] - view->y) / view->pixel_size - 0.5 + grid->pad;
      float w = weights != NULL ? weights[i] : 1.0f;
      double fu, fv;
      gsize i0, j0;
      float *p;

      /* also rejects NaN; a point off the padded grid cannot reach the view */
      if (!(u >= 0 && u < limit_x && v >= 0 && v < limit_y) || !(w > 0) || !isfinite (w))
        continue;
      fu = floor (u);
      fv = floor (v);
      i0 = (gsize) fu;
      j0 = (gsize) fv;
      fu = u - fu;
      fv = v - fv;
      p = grid->a + j0 * grid->width + i0;
      p[0] += (float) (w * (1 - fu) * (1 - fv));
      p[1] += (float) (w * fu * (1 - fv));
      p[grid->width] += (float) (w * (1 - fu) * fv);
      p[grid->width + 1] += (float) (w * fu * fv);
    }
}

#define ROWS_AT_ONCE 4

/* One box blur of @n rows (at most ROWS_AT_ONCE) from @in to @out; values beyond
 * the ends are zero. The rows are summed side by side so that their running sums
 * do not wait on each other. */
static void
blur_row_block (const float *in,
                float       *out,
                guint        w,
                guint        n,
                guint        r)
{
  double scale = 1.0 / (2 * r + 1);
  double sum[ROWS_AT_ONCE] = { 0 };
  guint i;

  for (i = 0; i < r; i++)
    for (guint k = 0; k < n; k++)
      sum[k] += in[k * w + i];
  for (i = 0; i <= r; i++)
    for (guint k = 0; k < n; k++)
      {
        sum[k] += in[k * w + i + r];
        out[k * w + i] = (float) (sum[k] * scale);
      }
  for (; i + r < w; i++)
    for (guint k = 0; k < n; k++)
      {
        sum[k] += in[k * w + i + r] - in[k * w + i - r - 1];
        out[k * w + i] = (float) (sum[k] * scale);
      }
  for (; i < w; i++)
    for (guint k = 0; k < n; k++)
      {
        sum[k] -= in[k * w + i - r - 1];
        out[k * w + i] = (float) (sum[k] * scale);
      }
}

static void
blur_rows (const Grid  *grid,
           const float *src,
           float       *dst,
           guint        r)
{
  guint w = grid->width;

  /* the padding is wider than any box, so a row is longer than 2r */
  g_assert (w > 2 * r);

  for (guint j = 0; j < grid->height; j += ROWS_AT_ONCE)
    blur_row_block (src + (gsize) j * w, dst + (gsize) j * w, w,
                    MIN (ROWS_AT_ONCE, grid->height - j), r);
}

/* One box blur down the columns, src to dst, a row at a time so that memory is
 * read in order; a row of zeros stands for the rows beyond the ends. */
static void
blur_columns (const Grid  *grid,
              const float *src,
              float       *dst,
              guint        r)
{
  double scale = 1.0 / (2 * r + 1);
  guint w = grid->width;
  guint h = grid->height;
  double *acc = grid->acc;

  memset (acc, 0, w * sizeof (double));
  for (guint j = 0; j < MIN (r, h); j++)
    for (guint i = 0; i < w; i++)
      acc[i] += src[(gsize) j * w + i];

  for (guint j = 0; j < h; j++)
    {
      const float *add = j + r < h ? src + (gsize) (j + r) * w : grid->zero;
      const float *sub = j >= r ? src + (gsize) (j - r) * w : grid->zero;
      float *out = dst + (gsize) j * w;

      for (guint i = 0; i < w; i++)
        {
          double a = acc[i] + add[i];

          out[i] = (float) (a * scale);
          acc[i] = a - sub[i];
        }
    }
}

/**
 * gw_heatmap_density:
 * @view: where the grid lies
 * @x: (array length=n_points): normalised Web Mercator x of each point
 * @y: (array length=n_points): normalised Web Mercator y of each point
 * @weights: (array length=n_points) (nullable): each point's weight (e.g. more for
 *   recent cases), or %NULL for 1 each; points of weight 0 or below, or not a
 *   number, are left out, as are points whose coordinates are not numbers
 * @n_points: number of points
 * @radius: the kernel's reach in pixels, three standard deviations of the
 *   Gaussian it approximates; 0 leaves each point's weight in its pixels
 * @out: (out caller-allocates) (array): @view's width × height floats, row by row
 *   from the top, that get the density: the weight per pixel, so that a point
 *   well inside the view adds its weight to the grid's sum
 * @error: return location for an error
 *
 * Kernel density of the points over the view, in O(points + pixels). Uses no
 * state but its arguments: any thread may call it. The view does not wrap
 * around the antimeridian.
 *
 * Returns: %FALSE with @error set when the view or the radius is out of range
 */
gboolean
gw_heatmap_density (const GwHeatmapView  *view,
                    const double         *x,
                    const double         *y,
                    const float          *weights,
                    guint                 n_points,
                    double                radius,
                    float                *out,
                    GError              **error)
{
  guint radii[N_BOXES] = { 0 };
  Grid grid = { 0 };

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (n_points == 0 || (x != NULL && y != NULL), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_view (view, radius, error))
    return FALSE;

  box_radii (radius / 3, radii);
  grid.pad = radii[0] + radii[1] + radii[2] + 1;
  grid.width = view->width + 2 * grid.pad;
  grid.height = view->height + 2 * grid.pad;
  grid.a = g_new0 (float, (gsize) grid.width * grid.height);
  grid.b = g_new (float, (gsize) grid.width * grid.height);
  grid.acc = g_new (double, grid.width);
  grid.zero = g_new0 (float, grid.width);

  splat (&grid, view, x, y, weights, n_points);
  for (int k = 0; k < N_BOXES; k++)
    {
      if (radii[k] == 0)
        continue;
      blur_rows (&grid, grid.a, grid.b, radii[k]);
      blur_columns (&grid, grid.b, grid.a, radii[k]);
    }

  for (guint j = 0; j < view->height; j++)
    memcpy (out + (gsize) j * view->width,
            grid.a + (gsize) (j + grid.pad) * grid.width + grid.pad,
            view->width * sizeof (float));

  g_free (grid.a);
  g_free (grid.b);
  g_free (grid.acc);
  g_free (grid.zero);
  return TRUE;
}

/**
 * gw_heatmap_max:
 * @values: (array length=n_values): densities
 * @n_values: how many
 *
 * Returns: the largest value, or 0 for none
 */
float
gw_heatmap_max (const float *values,
                gsize        n_values)
{
  float max = 0;

  g_return_val_if_fail (n_values == 0 || values != NULL, 0);

  for (gsize i = 0; i < n_values; i++)
    max = MAX (max, values[i]);
  return max;
}

typedef struct
{
  float t;
  guint8 r, g, b;
  float a;
} Stop;

/* For a dark wall: nothing where there is nothing, then a dim blue haze that
 * does not hide the map, through cyan and yellow to a red core. */
static const Stop ramp[] = {
  { 0.00f,   0,   0,   0, 0.00f },
  { 0.08f,  30,  60, 200, 0.30f },
  { 0.30f,   0, 170, 230, 0.55f },
  { 0.55f,  80, 225, 120, 0.70f },
  { 0.75f, 250, 225,  40, 0.82f },
  { 0.90f, 255, 130,  20, 0.90f },
  { 1.00f, 255,  45,  45, 0.95f },
};

#define RAMP_SIZE 256

static void
build_ramp (float  opacity,
            guint8 lut[RAMP_SIZE][4])
{
  for (guint i = 0; i < RAMP_SIZE; i++)
    {
      float t = i / (float) (RAMP_SIZE - 1);
      guint s = 1;
      float f, a;

      while (s < G_N_ELEMENTS (ramp) - 1 && ramp[s].t < t)
        s++;
      f = (t - ramp[s - 1].t) / (ramp[s].t - ramp[s - 1].t);
      f = CLAMP (f, 0, 1);
      a = (ramp[s - 1].a + f * (ramp[s].a - ramp[s - 1].a)) * opacity;
      /* premultiplied, as GDK_MEMORY_R8G8B8A8_PREMULTIPLIED wants */
      lut[i][0] = (guint8) lrintf ((ramp[s - 1].r + f * (ramp[s].r - ramp[s - 1].r)) * a);
      lut[i][1] = (guint8) lrintf ((ramp[s - 1].g + f * (ramp[s].g - ramp[s - 1].g)) * a);
      lut[i][2] = (guint8) lrintf ((ramp[s - 1].b + f * (ramp[s].b - ramp[s - 1].b)) * a);
      lut[i][3] = (guint8) lrintf (255 * a);
    }
}

/**
 * gw_heatmap_colorize:
 * @values: (array): width × height densities, row by row
 * @width: pixels across
 * @height: pixels down
 * @scale: the density shown at full heat (values above it saturate); 0 or less
 *   takes the grid's largest value. Keep it steady between frames, or the heat
 *   of a place changes as cases come and go elsewhere.
 * @opacity: 0..1, multiplies the ramp's alpha
 *
 * Colours densities with a ramp for a dark background: transparent at 0, blue,
 * cyan, green, yellow, orange, red, along the square root of density / @scale,
 * so that a town's outskirts show beside its dense centre.
 *
 * Returns: (transfer full): width × height RGBA pixels, 8 bits each, with
 *   premultiplied alpha, a stride of width × 4: for gdk_memory_texture_new() with
 *   %GDK_MEMORY_R8G8B8A8_PREMULTIPLIED
 */
GBytes *
gw_heatmap_colorize (const float *values,
                     guint        width,
                     guint        height,
                     float        scale,
                     float        opacity)
{
  gsize n = (gsize) width * height;
  guint8 lut[RAMP_SIZE][4];
  guint8 *rgba;
  float k;

  g_return_val_if_fail (n == 0 || values != NULL, NULL);
  g_return_val_if_fail (n <= GW_HEATMAP_MAX_PIXELS, NULL);

  if (!(scale > 0) || !isfinite (scale))
    scale = gw_heatmap_max (values, n);
  build_ramp (CLAMP (isfinite (opacity) ? opacity : 1, 0, 1), lut);
  k = scale > 0 ? 1 / scale : 0;

  rgba = g_malloc (MAX (n, 1) * 4);
  for (gsize i = 0; i < n; i++)
    {
      float v = values[i] * k;
      /* the square root lifts the outskirts of a dense city into view */
      guint idx = v >= 1 ? RAMP_SIZE - 1 : v > 0 ? (guint) (sqrtf (v) * (RAMP_SIZE - 1) + 0.5f) : 0;

      memcpy (rgba + 4 * i, lut[idx], 4);
    }

  return g_bytes_new_take (rgba, n * 4);
}
