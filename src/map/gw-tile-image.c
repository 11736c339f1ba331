/* gw-tile-image.c
 *
 * A tile is decoded by gdk-pixbuf on the main thread (ShumateRasterRenderer does it), and
 * gdk-pixbuf allocates whatever size the header claims: a 60,000-pixel-wide PNG of a few
 * KB would take gigabytes. So every tile's header is read here first, in microseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-tile-image"

#include "config.h"

#include <string.h>

#include "gw-tile-image.h"

static guint
be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint
le16 (const guint8 *p)
{
  return (guint) p[1] << 8 | p[0];
}

static guint32
le24 (const guint8 *p)
{
  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static gboolean
peek_png (const guint8 *d,
          gsize         n,
          guint32      *w,
          guint32      *h)
{
  if (n < 24 || memcmp (d + 12, "IHDR", 4) != 0)
    return FALSE;
  *w = be32 (d + 16);
  *h = be32 (d + 20);
  return TRUE;
}

/* Walks the JPEG markers up to the first start-of-frame. */
static gboolean
peek_jpeg (const guint8 *d,
           gsize         n,
           guint32      *w,
           guint32      *h)
{
  gsize i = 2;

  while (i + 9 < n)
    {
      guint8 marker;

      if (d[i] != 0xff)
        return FALSE;
      marker = d[i + 1];
      if (marker == 0xff)
        {
          i++;
          continue;
        }
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          *h = be16 (d + i + 5);
          *w = be16 (d + i + 7);
          return TRUE;
        }
      i += 2 + be16 (d + i + 2);
    }
  return FALSE;
}

static gboolean
peek_webp (const guint8 *d,
           gsize         n,
           guint32      *w,
           guint32      *h)
{
  if (n >= 30 && memcmp (d + 12, "VP8 ", 4) == 0)
    {
      *w = le16 (d + 26) & 0x3fff;
      *h = le16 (d + 28) & 0x3fff;
      return TRUE;
    }
  if (n >= 25 && memcmp (d + 12, "VP8L", 4) == 0)
    {
      guint32 bits = le24 (d + 21) | (guint32) d[24] << 24;

      *w = (bits & 0x3fff) + 1;
      *h = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }
  if (n >= 30 && memcmp (d + 12, "VP8X", 4) == 0)
    {
      *w = le24 (d + 24) + 1;
      *h = le24 (d + 27) + 1;
      return TRUE;
    }
  return FALSE;
}

/**
 * gw_tile_image_peek:
 * @bytes: an encoded tile
 * @width: (out) (optional): its width in pixels
 * @height: (out) (optional): its height in pixels
 * @problem: (out) (optional): why it was refused, in English, for a log or an error
 *
 * Reads the format and size of a PNG, JPEG or WebP image from its header, without
 * decoding it, and refuses data over %GW_TILE_IMAGE_MAX_BYTES, other formats and images
 * that are not 1 to %GW_TILE_IMAGE_MAX_PIXELS pixels on each side.
 *
 * Returns: (nullable): "png", "jpg" or "webp", or %NULL if refused
 */
const char *
gw_tile_image_peek (GBytes      *bytes,
                    int         *width,
                    int         *height,
                    const char **problem)
{
  gsize n = 0;
  const guint8 *d = g_bytes_get_data (bytes, &n);
  const char *format = NULL;
  guint32 w = 0, h = 0;
  const char *why = NULL;

  if (n == 0 || n > GW_TILE_IMAGE_MAX_BYTES)
    why = n == 0 ? "it is empty" : "it is larger than 2 MiB";
  else if (n >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    format = peek_png (d, n, &w, &h) ? "png" : NULL;
  else if (n >= 3 && memcmp (d, "\xff\xd8\xff", 3) == 0)
    format = peek_jpeg (d, n, &w, &h) ? "jpg" : NULL;
  else if (n >= 16 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    format = peek_webp (d, n, &w, &h) ? "webp" : NULL;
  else
    why = "it is not a PNG, JPEG or WebP image";

  if (why == NULL && format == NULL)
    why = "its image header is damaged";
  else if (why == NULL && (w < 1 || h < 1 || w > GW_TILE_IMAGE_MAX_PIXELS
                           || h > GW_TILE_IMAGE_MAX_PIXELS))
    {
      why = "its image is not 1 to 1024 pixels on each side";
      format = NULL;
    }
  if (width)
    *width = w;
  if (height)
    *height = h;
  if (problem)
    *problem = why;
  return format;
}
