/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * png.c -- PNG files of rendered charts through libpng, tuned for speed:
 * cairo's own writer tries every row filter and deflates at level 6,
 * which was most of the time of publishing a site.  Charts are large flat
 * areas of a few colours, for which the SUB filter and a low zlib level
 * give nearly the same size several times faster.  Deterministic: no
 * time stamp or text chunk is written.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <cairo.h>
#include <png.h>

#include "chart.h"

int
qi_png_write(cairo_surface_t *surf, FILE *fp)
{
	png_structp png;
	png_infop info;
	int w = cairo_image_surface_get_width(surf);
	int h = cairo_image_surface_get_height(surf);
	int stride = cairo_image_surface_get_stride(surf);
	const unsigned char *data;
	unsigned char *row;
	int x, y;

	cairo_surface_flush(surf);
	data = cairo_image_surface_get_data(surf);
	if (data == NULL || w <= 0 || h <= 0 ||
	    cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24)
		return -1;
	if ((row = malloc((size_t)w * 3)) == NULL)
		return -1;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png == NULL ? NULL : png_create_info_struct(png);
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_set_compression_level(png, 3);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		/* RGB24: one native-endian 32-bit word per pixel, 0x00RRGGBB. */
		const uint32_t *px = (const uint32_t *)(const void *)
		    (data + (size_t)y * (size_t)stride);

		for (x = 0; x < w; x++) {
			row[3 * x] = (unsigned char)(px[x] >> 16);
			row[3 * x + 1] = (unsigned char)(px[x] >> 8);
			row[3 * x + 2] = (unsigned char)px[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return 0;
}
