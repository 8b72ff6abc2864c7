/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_instream.c -- an input read as a stream: plain, gzip (several
 * members) and Zstandard (several frames) give the same content, read in
 * any piece size; a pipe gives what a file gives; the digest is the
 * SHA-256 of the bytes on disk; truncated or corrupt data is one error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "instream.h"
#include "qi.h"
#include "fixture.h"

/* Some content of n bytes that compresses but is not all one byte. */
static char *
content(size_t n)
{
	char *s = g_malloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = (char)("0123456789\t\r\nabcdef"[(i * 7 + i / 13) % 19]);
	s[n] = '\0';
	return s;
}

/* gzip of text as `parts` members one after another (as `cat a.gz b.gz`). */
static GByteArray *
gzip_members(const char *text, size_t n, int parts)
{
	GByteArray *out = g_byte_array_new();
	size_t at = 0, piece = n / (size_t)parts + 1;

	while (at < n || out->len == 0) {
		size_t k = MIN(piece, n - at);
		z_stream z = { 0 };
		unsigned char buf[1 << 16];
		int r;

		assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY), Z_OK);
		z.next_in = (unsigned char *)(uintptr_t)(text + at);
		z.avail_in = (uInt)k;
		do {
			z.next_out = buf;
			z.avail_out = sizeof(buf);
			r = deflate(&z, Z_FINISH);
			g_byte_array_append(out, buf, sizeof(buf) - z.avail_out);
		} while (r == Z_OK);
		assert_int_equal(r, Z_STREAM_END);
		deflateEnd(&z);
		at += k;
		if (k == 0)
			break;
	}
	return out;
}

static GByteArray *
zstd_frames(const char *text, size_t n, int parts)
{
	GByteArray *out = g_byte_array_new();
	size_t at = 0, piece = n / (size_t)parts + 1;

	while (at < n) {
		size_t k = MIN(piece, n - at), bound = ZSTD_compressBound(k), r;
		unsigned char *buf = g_malloc(bound);

		r = ZSTD_compress(buf, bound, text + at, k, 3);
		assert_false(ZSTD_isError(r));
		g_byte_array_append(out, buf, (guint)r);
		g_free(buf);
		at += k;
	}
	return out;
}

/* All of path's content, read in pieces of `piece` bytes. */
static GString *
read_whole(const char *path, size_t piece, char digest[65], int *ok,
    char **diagtext)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_instream *s = NULL;
	GString *out = g_string_new(NULL);
	char *buf = g_malloc(piece);
	long k = -1;

	*ok = 0;
	if (qi_instream_open(path, &s, d) == QI_OK) {
		while ((k = qi_instream_read(s, buf, piece)) > 0)
			g_string_append_len(out, buf, k);
		*ok = k == 0 && qi_instream_digest(s, digest) == 0;
	}
	qi_instream_free(s);
	*diagtext = fixture_diag_text(d);
	qi_diag_free(d);
	g_free(buf);
	return out;
}

static void
sha256_of(const void *p, size_t n, char out[65])
{
	assert_int_equal(qi_sha256_hex(p, n, out), 0);
}

static void
test_instream_plain_gzip_zstd_give_the_same_content(void **state)
{
	static const size_t pieces[] = { 1, 7, 4096, 1 << 20 };
	size_t n = 300000, i, f;
	char *text = content(n), *dir = fixture_dir(), *dt;
	char digest[65], want[65];
	GByteArray *gz = gzip_members(text, n, 3), *zs = zstd_frames(text, n, 4);
	char *paths[3];
	const void *raw[3] = { text, gz->data, zs->data };
	size_t rawn[3] = { n, gz->len, zs->len };
	int ok;

	(void)state;
	paths[0] = fixture_bytes(dir, "a.txt", text, n);
	/* The names say nothing: the first bytes decide. */
	paths[1] = fixture_bytes(dir, "b.txt", (char *)gz->data, gz->len);
	paths[2] = fixture_bytes(dir, "c.gz", (char *)zs->data, zs->len);
	for (f = 0; f < 3; f++) {
		sha256_of(raw[f], rawn[f], want);
		for (i = 0; i < G_N_ELEMENTS(pieces); i++) {
			GString *got = read_whole(paths[f], pieces[i], digest,
			    &ok, &dt);

			assert_true(ok);
			assert_string_equal(dt, "");
			assert_int_equal(got->len, n);
			assert_memory_equal(got->str, text, n);
			/* the digest is of the bytes on disk */
			assert_string_equal(digest, want);
			g_string_free(got, TRUE);
			g_free(dt);
		}
		g_free(paths[f]);
	}
	g_byte_array_free(gz, TRUE);
	g_byte_array_free(zs, TRUE);
	g_free(text);
	fixture_rmdir(dir);
}

static void
test_instream_pipe_gives_what_the_file_gives(void **state)
{
	size_t n = 200000;
	char *text = content(n), *dir = fixture_dir(), *dt, digest[65],
	    want[65], *fifo;
	GString *got;
	pid_t pid;
	int ok;

	(void)state;
	fifo = g_build_filename(dir, "fifo", NULL);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	if ((pid = fork()) == 0) {
		FILE *fp = fopen(fifo, "wb");

		/* written in small pieces, as a decompressing pipe does */
		for (size_t at = 0; fp != NULL && at < n; at += 1000)
			fwrite(text + at, 1, MIN(1000, n - at), fp);
		_exit(fp != NULL && fclose(fp) == 0 ? 0 : 1);
	}
	got = read_whole(fifo, 65536, digest, &ok, &dt);
	waitpid(pid, NULL, 0);
	assert_true(ok);
	assert_int_equal(got->len, n);
	assert_memory_equal(got->str, text, n);
	sha256_of(text, n, want);
	assert_string_equal(digest, want);
	g_string_free(got, TRUE);
	g_free(dt);
	g_free(fifo);
	g_free(text);
	fixture_rmdir(dir);
}

static void
test_instream_truncated_or_corrupt_data_is_one_error(void **state)
{
	size_t n = 100000;
	char *text = content(n), *dir = fixture_dir(), *dt, digest[65], *p;
	GByteArray *gz = gzip_members(text, n, 1), *zs = zstd_frames(text, n, 1);
	GString *got;
	int ok;

	(void)state;
	p = fixture_bytes(dir, "t.gz", (char *)gz->data, gz->len / 2);
	got = read_whole(p, 4096, digest, &ok, &dt);
	assert_false(ok);
	assert_non_null(strstr(dt, "truncated gzip data"));
	assert_null(strstr(strstr(dt, "error") + 1, "error"));	/* once */
	g_string_free(got, TRUE);
	g_free(dt);
	g_free(p);

	p = fixture_bytes(dir, "t.zst", (char *)zs->data, zs->len - 5);
	got = read_whole(p, 4096, digest, &ok, &dt);
	assert_false(ok);
	assert_non_null(strstr(dt, "truncated Zstandard data"));
	g_string_free(got, TRUE);
	g_free(dt);
	g_free(p);

	gz->data[gz->len / 2] ^= 0x55;
	gz->data[gz->len / 2 + 1] ^= 0xaa;
	p = fixture_bytes(dir, "c.gz", (char *)gz->data, gz->len);
	got = read_whole(p, 4096, digest, &ok, &dt);
	assert_false(ok);
	assert_non_null(strstr(dt, "c.gz: error:"));
	g_string_free(got, TRUE);
	g_free(dt);
	g_free(p);

	got = read_whole(dir, 4096, digest, &ok, &dt);
	assert_false(ok);
	assert_non_null(strstr(dt, "is a folder"));
	g_string_free(got, TRUE);
	g_free(dt);

	g_byte_array_free(gz, TRUE);
	g_byte_array_free(zs, TRUE);
	g_free(text);
	fixture_rmdir(dir);
}

static void
test_instream_empty_file_is_empty(void **state)
{
	char *dir = fixture_dir(), *p = fixture_file(dir, "e.txt", ""), *dt,
	    digest[65], want[65];
	GString *got;
	int ok;

	(void)state;
	got = read_whole(p, 10, digest, &ok, &dt);
	assert_true(ok);
	assert_int_equal(got->len, 0);
	sha256_of("", 0, want);
	assert_string_equal(digest, want);
	g_string_free(got, TRUE);
	g_free(dt);
	g_free(p);
	fixture_rmdir(dir);
}

/*
 * A file rewritten while it is read (finding 8 of the reliability
 * campaign): the digest names the bytes the reader was given, not the
 * file as it was at the start nor as it is at the end.
 */
static void
test_instream_digest_is_of_the_bytes_read_when_the_file_changes(void **state)
{
	char *dir = fixture_dir(), *text = content(1 << 20), *p, digest[65],
	    want[65], before[65], buf[4096];
	struct qi_instream *s = NULL;
	GString *got = g_string_new(NULL);
	FILE *fp;
	long k;
	size_t i;

	(void)state;
	p = g_build_filename(dir, "c.csv", NULL);
	assert_true(g_file_set_contents(p, text, 1 << 20, NULL));
	sha256_of(text, 1 << 20, before);
	assert_int_equal(qi_instream_open(p, &s, NULL), QI_OK);
	k = qi_instream_read(s, buf, sizeof(buf));
	assert_true(k > 0);
	g_string_append_len(got, buf, k);
	/* the rest of the file changes under the reader, in place */
	for (i = 512 * 1024; i < (1 << 20); i++)
		text[i] = text[i] == 'x' ? 'y' : 'x';
	assert_non_null(fp = fopen(p, "r+"));
	assert_int_equal(fseek(fp, 512 * 1024, SEEK_SET), 0);
	assert_int_equal(fwrite(text + 512 * 1024, 1, 512 * 1024, fp),
	    512 * 1024);
	assert_int_equal(fclose(fp), 0);
	while ((k = qi_instream_read(s, buf, sizeof(buf))) > 0)
		g_string_append_len(got, buf, k);
	assert_int_equal(k, 0);
	assert_int_equal(qi_instream_digest(s, digest), 0);
	sha256_of(got->str, got->len, want);
	assert_string_equal(digest, want);
	/* and the change was seen, so the test tells the two apart */
	assert_string_not_equal(digest, before);
	qi_instream_free(s);
	g_string_free(got, TRUE);
	g_free(text);
	g_free(p);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instream_plain_gzip_zstd_give_the_same_content),
		cmocka_unit_test(test_instream_pipe_gives_what_the_file_gives),
		cmocka_unit_test(test_instream_truncated_or_corrupt_data_is_one_error),
		cmocka_unit_test(test_instream_empty_file_is_empty),
		cmocka_unit_test(test_instream_digest_is_of_the_bytes_read_when_the_file_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
