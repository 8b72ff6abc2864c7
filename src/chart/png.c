/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * png.c -- PNG files of rendered charts through libpng, as small as
 * lossless encoding makes them without slowing publishing down:
 *
 *   - an image of at most 256 colours is written as a palette image
 *     (colour type 3) of 1, 2, 4 or 8 bits a pixel, the palette in order
 *     of first appearance (row by row), so equal images give equal bytes;
 *   - any other as 8-bit RGB.
 *
 * Both with no row filter and zlib level 3.  Charts are large flat areas
 * with antialiased text (a caterpillar chart has about 2,000 colours):
 * there the filters (SUB, as before, or libpng's adaptive choice) only
 * break up the long runs deflate finds, and the higher levels cost many
 * times the time for a few percent.  Measured on the sample's
 * caterpillar chart at 1x (900 x 2031 px): SUB at level 3 521 KB, 28 ms;
 * adaptive filters at 9 534 KB, 430 ms; none at 3 430 KB, 22 ms; none at
 * 9 398 KB, 400 ms.  Deterministic: no time stamp or text chunk.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <png.h>

#include "chart.h"

#define PNG_LEVEL	3	/* zlib level: see the top */
#define PAL_SLOTS	1024	/* hash slots for up to 256 colours */

/* The colours of an image, up to 256, and each one's palette index. */
struct palette {
	uint32_t	 key[PAL_SLOTS];	/* 0x01RRGGBB; 0: empty */
	unsigned char	 idx[PAL_SLOTS];
	png_color	 col[256];
	int		 n;
};

/* Slot of colour c (0x00RRGGBB), adding it if new; -1 if full. */
static int
pal_slot(struct palette *p, uint32_t c)
{
	uint32_t k = c | 0x01000000u;
	size_t h = (size_t)((k * 2654435761u) >> 22) & (PAL_SLOTS - 1);

	while (p->key[h] != 0 && p->key[h] != k)
		h = (h + 1) & (PAL_SLOTS - 1);
	if (p->key[h] == 0) {
		if (p->n == 256)
			return -1;
		p->key[h] = k;
		p->idx[h] = (unsigned char)p->n;
		p->col[p->n].red = (png_byte)(c >> 16);
		p->col[p->n].green = (png_byte)(c >> 8);
		p->col[p->n].blue = (png_byte)c;
		p->n++;
	}
	return (int)h;
}

/* A row of RGB24 pixels (0x00RRGGBB words, native endian). */
static const uint32_t *
px_row(const unsigned char *data, int stride, int y)
{
	return (const uint32_t *)(const void *)(data + (size_t)y *
	    (size_t)stride);
}

/* Fill p with the image's colours; 0 if they are 256 or fewer. */
static int
pal_build(struct palette *p, const unsigned char *data, int stride, int w,
    int h)
{
	const uint32_t *px;
	uint32_t last = 0xffffffffu;
	int x, y;

	memset(p, 0, sizeof(*p));
	for (y = 0; y < h; y++)
		for (px = px_row(data, stride, y), x = 0; x < w; x++) {
			if ((px[x] & 0xffffffu) == last)
				continue;
			last = px[x] & 0xffffffu;
			if (pal_slot(p, last) < 0)
				return -1;
		}
	return 0;
}

/*
 * libpng's errors and warnings: never printed (a stage reports through
 * its caller, which names the file and errno's reason); an error returns
 * to the setjmp in qi_png_write().
 */
static void
png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void
png_warned(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

int
qi_png_write(cairo_surface_t *surf, FILE *fp)
{
	png_structp png;
	png_infop info;
	struct palette *pal;
	int w = cairo_image_surface_get_width(surf);
	int h = cairo_image_surface_get_height(surf);
	int stride = cairo_image_surface_get_stride(surf);
	const unsigned char *data;
	unsigned char *row;
	int x, y, depth, per;
	size_t rowlen;

	cairo_surface_flush(surf);
	data = cairo_image_surface_get_data(surf);
	if (data == NULL || w <= 0 || h <= 0 ||
	    cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24)
		return -1;
	pal = g_new(struct palette, 1);
	if (pal_build(pal, data, stride, w, h) != 0)
		pal->n = 0;	/* more than 256 colours: RGB */
	depth = pal->n == 0 ? 8 : pal->n <= 2 ? 1 : pal->n <= 4 ? 2 :
	    pal->n <= 16 ? 4 : 8;
	rowlen = pal->n == 0 ? (size_t)w * 3 : ((size_t)w * depth + 7) / 8;
	row = g_malloc(rowlen);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail,
	    png_warned);
	info = png == NULL ? NULL : png_create_info_struct(png);
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		g_free(row);
		g_free(pal);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth,
	    pal->n == 0 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_PALETTE,
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	if (pal->n > 0)
		png_set_PLTE(png, info, pal->col, pal->n);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, PNG_LEVEL);
	png_write_info(png, info);
	per = 8 / depth;	/* palette pixels a byte */
	for (y = 0; y < h; y++) {
		const uint32_t *px = px_row(data, stride, y);

		if (pal->n == 0)
			for (x = 0; x < w; x++) {
				row[3 * x] = (unsigned char)(px[x] >> 16);
				row[3 * x + 1] = (unsigned char)(px[x] >> 8);
				row[3 * x + 2] = (unsigned char)px[x];
			}
		else {
			memset(row, 0, rowlen);
			for (x = 0; x < w; x++)
				row[x / per] |= (unsigned char)(pal->idx[
				    pal_slot(pal, px[x] & 0xffffffu)] <<
				    (8 - depth * (x % per + 1)));
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	g_free(row);
	g_free(pal);
	return 0;
}
