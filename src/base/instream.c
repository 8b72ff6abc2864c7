/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * instream.c -- an input file as a stream of bytes: plain, gzip or
 * Zstandard, from a file, a pipe or a FIFO, hashed as it is read.
 *
 * The raw bytes come through one buffer (raw, RAW_SIZE bytes): the first
 * read fills it and decides the compression from its magic bytes.  Plain
 * content is then handed over from that buffer and afterwards read
 * straight into the caller's buffer; compressed content is decompressed
 * from it.  Every raw byte is hashed once, when it is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <zstd.h>

#include "instream.h"

#define RAW_SIZE	((size_t)1 << 17)	/* bytes per read(2) */

struct qi_instream {
	char			*path;
	int			 fd;
	int			 own_fd;	/* 0 for standard input */
	uint64_t		 file_size;	/* regular files; else 0 */
	enum qi_compression	 comp;
	EVP_MD_CTX		*md;
	uint64_t		 raw_bytes;
	unsigned char		*raw;		/* RAW_SIZE bytes */
	size_t			 rbeg, rlen;	/* raw[rbeg, rlen) not yet used */
	int			 raw_eof;
	int			 failed;	/* a failure was recorded */
	int			 done;		/* the content has ended */
	z_stream		 z;
	int			 z_init;
	int			 z_mid;		/* inside a gzip member */
	ZSTD_DStream		*zs;
	int			 zs_mid;	/* inside a zstd frame */
	struct qi_diag		*diag;
};

static void
fail(struct qi_instream *s, const char *fmt, const char *what)
{
	if (!s->failed)
		qi_diag_add(s->diag, QI_ERROR, s->path, 0, 0, NULL, fmt, what);
	s->failed = 1;
}

/* Read raw bytes into p (at most n), hashing them.  0 at end, -1 failed. */
static long
raw_read(struct qi_instream *s, unsigned char *p, size_t n)
{
	ssize_t k;

	do
		k = read(s->fd, p, n);
	while (k == -1 && errno == EINTR);
	if (k == -1) {
		fail(s, "read failed: %s", strerror(errno));
		return -1;
	}
	if (k > 0 && EVP_DigestUpdate(s->md, p, (size_t)k) != 1) {
		fail(s, "%s", "SHA-256 digest failed (libcrypto)");
		return -1;
	}
	s->raw_bytes += (uint64_t)k;
	return (long)k;
}

/* Refill raw[] when it is used up.  1 if bytes are there, 0 end, -1. */
static int
raw_fill(struct qi_instream *s)
{
	long k;

	if (s->rbeg < s->rlen)
		return 1;
	if (s->raw_eof)
		return 0;
	s->rbeg = s->rlen = 0;
	if ((k = raw_read(s, s->raw, RAW_SIZE)) < 0)
		return -1;
	if (k == 0) {
		s->raw_eof = 1;
		return 0;
	}
	s->rlen = (size_t)k;
	return 1;
}

enum qi_err
qi_instream_open(const char *path, struct qi_instream **out,
    struct qi_diag *diag)
{
	struct qi_instream *s;
	struct stat sb;
	size_t have = 0;
	long k;

	*out = NULL;
	s = g_new0(struct qi_instream, 1);
	s->path = g_strdup(path);
	s->diag = diag;
	s->fd = -1;
	s->raw = g_malloc(RAW_SIZE);
	if (strcmp(path, "-") == 0)
		s->fd = STDIN_FILENO;
	else {
		do
			s->fd = open(path, O_RDONLY | O_CLOEXEC);
		while (s->fd == -1 && errno == EINTR);
		if (s->fd == -1) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "cannot open: %s", strerror(errno));
			goto fail;
		}
		s->own_fd = 1;
	}
	if (fstat(s->fd, &sb) == 0 && S_ISREG(sb.st_mode))
		s->file_size = (uint64_t)sb.st_size;
	else if (fstat(s->fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "is a folder, not a file");
		goto fail;
	}
	if ((s->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot start a SHA-256 digest (libcrypto)");
		goto fail;
	}
	/* The first bytes decide the compression: up to four of them. */
	while (have < 4) {
		if ((k = raw_read(s, s->raw + have, RAW_SIZE - have)) < 0)
			goto fail;
		if (k == 0) {
			s->raw_eof = 1;
			break;
		}
		have += (size_t)k;
	}
	s->rlen = have;
	if (have >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
		s->comp = QI_COMP_GZIP;
		if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "cannot start gzip decompression (zlib)");
			goto fail;
		}
		s->z_init = 1;
	} else if (have >= 4 && s->raw[0] == 0x28 && s->raw[1] == 0xb5 &&
	    s->raw[2] == 0x2f && s->raw[3] == 0xfd) {
		s->comp = QI_COMP_ZSTD;
		if ((s->zs = ZSTD_createDStream()) == NULL ||
		    ZSTD_isError(ZSTD_initDStream(s->zs))) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "cannot start Zstandard decompression (libzstd)");
			goto fail;
		}
	}
	*out = s;
	return QI_OK;
fail:
	qi_instream_free(s);
	return QI_ESYS;
}

/* gzip: members one after another, as gzip(1) and zcat read them. */
static long
read_gzip(struct qi_instream *s, unsigned char *buf, size_t n)
{
	uInt n0 = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	int r, f;

	s->z.next_out = buf;
	s->z.avail_out = n0;
	while (s->z.avail_out == n0) {		/* until some output */
		if ((f = raw_fill(s)) < 0)
			return -1;
		if (f == 0) {
			if (s->z_mid) {
				fail(s, "%s", "truncated gzip data: the file "
				    "ends inside a compressed member");
				return -1;
			}
			break;
		}
		s->z.next_in = s->raw + s->rbeg;
		s->z.avail_in = (uInt)(s->rlen - s->rbeg);
		r = inflate(&s->z, Z_NO_FLUSH);
		s->rbeg = s->rlen - s->z.avail_in;
		if (r == Z_STREAM_END) {
			s->z_mid = 0;
			if (inflateReset(&s->z) != Z_OK) {
				fail(s, "%s", "gzip decompression failed");
				return -1;
			}
		} else if (r == Z_OK || r == Z_BUF_ERROR)
			s->z_mid = 1;
		else {
			fail(s, "corrupt gzip data: %s",
			    s->z.msg != NULL ? s->z.msg : "inflate failed");
			return -1;
		}
	}
	return (long)(n0 - s->z.avail_out);
}

static long
read_zstd(struct qi_instream *s, unsigned char *buf, size_t n)
{
	ZSTD_outBuffer o = { buf, n, 0 };
	ZSTD_inBuffer i;
	size_t r;
	int f;

	while (o.pos == 0) {
		if ((f = raw_fill(s)) < 0)
			return -1;
		if (f == 0) {
			if (s->zs_mid) {
				fail(s, "%s", "truncated Zstandard data: the "
				    "file ends inside a frame");
				return -1;
			}
			break;
		}
		i.src = s->raw + s->rbeg;
		i.size = s->rlen - s->rbeg;
		i.pos = 0;
		r = ZSTD_decompressStream(s->zs, &o, &i);
		s->rbeg += i.pos;
		if (ZSTD_isError(r)) {
			fail(s, "corrupt Zstandard data: %s",
			    ZSTD_getErrorName(r));
			return -1;
		}
		s->zs_mid = r != 0;
	}
	return (long)o.pos;
}

long
qi_instream_read(struct qi_instream *s, void *buf, size_t n)
{
	long k;

	if (s->failed)
		return -1;
	if (s->done || n == 0)
		return 0;
	switch (s->comp) {
	case QI_COMP_GZIP:
		k = read_gzip(s, buf, n);
		break;
	case QI_COMP_ZSTD:
		k = read_zstd(s, buf, n);
		break;
	default:
		if (s->rbeg < s->rlen) {
			k = (long)MIN(n, s->rlen - s->rbeg);
			memcpy(buf, s->raw + s->rbeg, (size_t)k);
			s->rbeg += (size_t)k;
		} else if (s->raw_eof)
			k = 0;
		else if ((k = raw_read(s, buf, n)) == 0)
			s->raw_eof = 1;
		break;
	}
	if (k == 0)
		s->done = 1;
	return k;
}

int
qi_instream_drain(struct qi_instream *s)
{
	unsigned char buf[1 << 16];
	long k;

	while ((k = qi_instream_read(s, buf, sizeof(buf))) > 0)
		;
	return k < 0 ? -1 : 0;
}

int
qi_instream_digest(struct qi_instream *s, char out[65])
{
	static const char digit[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdn = 0, i;
	EVP_MD_CTX *copy;
	int rc = -1;

	/* A copy, so that reading (and hashing) may go on afterwards. */
	if ((copy = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_MD_CTX_copy_ex(copy, s->md) == 1 &&
	    EVP_DigestFinal_ex(copy, md, &mdn) == 1 && mdn == 32) {
		for (i = 0; i < mdn; i++) {
			out[2 * i] = digit[md[i] >> 4];
			out[2 * i + 1] = digit[md[i] & 15];
		}
		out[64] = '\0';
		rc = 0;
	}
	EVP_MD_CTX_free(copy);
	return rc;
}

enum qi_compression
qi_instream_compression(const struct qi_instream *s)
{
	return s->comp;
}

uint64_t
qi_instream_raw_bytes(const struct qi_instream *s)
{
	return s->raw_bytes;
}

uint64_t
qi_instream_file_size(const struct qi_instream *s)
{
	return s->file_size;
}

const char *
qi_instream_path(const struct qi_instream *s)
{
	return s->path;
}

void
qi_instream_free(struct qi_instream *s)
{
	if (s == NULL)
		return;
	if (s->own_fd && s->fd != -1)
		close(s->fd);
	if (s->z_init)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zs);
	EVP_MD_CTX_free(s->md);
	g_free(s->raw);
	g_free(s->path);
	g_free(s);
}
