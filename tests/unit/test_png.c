/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_png.c -- qi_png_write(): an image of few colours is written as a
 * palette image of the fewest bits a pixel, any other as RGB, and both
 * read back (through cairo's own PNG reader) to exactly the pixels drawn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cairo.h>

#include "chart.h"

/* Write surf to a temporary file; *ct and *depth from its IHDR; read back. */
static cairo_surface_t *
round_trip(cairo_surface_t *surf, int *ct, int *depth)
{
	unsigned char ihdr[26];
	char path[] = "test_png_XXXXXX";
	cairo_surface_t *back;
	FILE *fp;
	int fd;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w+b"));
	assert_int_equal(qi_png_write(surf, fp), 0);
	rewind(fp);
	assert_int_equal(fread(ihdr, 1, sizeof(ihdr), fp), sizeof(ihdr));
	fclose(fp);
	assert_memory_equal(ihdr + 12, "IHDR", 4);
	*depth = ihdr[24];
	*ct = ihdr[25];
	back = cairo_image_surface_create_from_png(path);
	unlink(path);
	assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	return back;
}

/* Same size and the same RGB in every pixel. */
static void
assert_same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
	int w = cairo_image_surface_get_width(a);
	int h = cairo_image_surface_get_height(a);
	int x, y;

	assert_int_equal(cairo_image_surface_get_width(b), w);
	assert_int_equal(cairo_image_surface_get_height(b), h);
	cairo_surface_flush(a);
	cairo_surface_flush(b);
	for (y = 0; y < h; y++) {
		const uint32_t *pa = (const uint32_t *)(const void *)
		    (cairo_image_surface_get_data(a) +
		    (size_t)y * (size_t)cairo_image_surface_get_stride(a));
		const uint32_t *pb = (const uint32_t *)(const void *)
		    (cairo_image_surface_get_data(b) +
		    (size_t)y * (size_t)cairo_image_surface_get_stride(b));

		for (x = 0; x < w; x++)
			assert_int_equal(pa[x] & 0xffffff, pb[x] & 0xffffff);
	}
}

/* n vertical stripes of distinct colours on a 101 x 7 image. */
static cairo_surface_t *
stripes(int n)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    101, 7);
	cairo_t *cr = cairo_create(s);
	int i;

	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	for (i = 0; i < n; i++) {
		cairo_set_source_rgb(cr, (i % 7) / 6.0, (i / 7 % 7) / 6.0,
		    (i / 49 % 7) / 6.0);
		cairo_rectangle(cr, 101.0 * i / n, 0, 101.0 / n + 1, 7);
		cairo_fill(cr);
	}
	cairo_destroy(cr);
	return s;
}

static void
few_colours_make_a_palette_image_of_fewest_bits(void **state)
{
	static const struct { int n, depth; } c[] = {
		{ 2, 1 }, { 4, 2 }, { 5, 4 }, { 16, 4 }, { 17, 8 }, { 101, 8 },
	};
	cairo_surface_t *s, *back;
	size_t i;
	int ct, depth;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		s = stripes(c[i].n);
		back = round_trip(s, &ct, &depth);
		assert_int_equal(ct, 3);	/* palette */
		assert_int_equal(depth, c[i].depth);
		assert_same_pixels(s, back);
		cairo_surface_destroy(back);
		cairo_surface_destroy(s);
	}
}

static void
many_colours_stay_rgb(void **state)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    300, 3), *back;
	uint32_t *px;
	int x, y, ct, depth;

	(void)state;
	cairo_surface_flush(s);
	for (y = 0; y < 3; y++) {
		px = (uint32_t *)(void *)(cairo_image_surface_get_data(s) +
		    (size_t)y * (size_t)cairo_image_surface_get_stride(s));
		for (x = 0; x < 300; x++)	/* 900 colours */
			px[x] = ((uint32_t)(y * 300 + x) * 40503u) & 0xffffffu;
	}
	cairo_surface_mark_dirty(s);
	back = round_trip(s, &ct, &depth);
	assert_int_equal(ct, 2);	/* RGB */
	assert_int_equal(depth, 8);
	assert_same_pixels(s, back);
	cairo_surface_destroy(back);
	cairo_surface_destroy(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(few_colours_make_a_palette_image_of_fewest_bits),
		cmocka_unit_test(many_colours_stay_rgb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
