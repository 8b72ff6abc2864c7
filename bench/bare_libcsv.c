/*
 * bare_libcsv.c -- the speed floor of the benchmark: libcsv over the same
 * files, fed 1 MiB blocks, counting rows and fields and nothing else.
 * Usage: bare_libcsv FILE...   Prints "rows fields bytes" per file.
 * Run by hand through bench/run.sh; not a test.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <csv.h>

struct count {
	unsigned long long	 rows, fields;
};

static void
field(void *s, size_t len, void *arg)
{
	(void)s;
	(void)len;
	((struct count *)arg)->fields++;
}

static void
row(int c, void *arg)
{
	(void)c;
	((struct count *)arg)->rows++;
}

int
main(int argc, char *argv[])
{
	static char buf[1 << 20];
	int i;

	for (i = 1; i < argc; i++) {
		struct csv_parser p;
		struct count c = { 0, 0 };
		unsigned long long bytes = 0;
		ssize_t n;
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0 || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
			perror(argv[i]);
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			if (csv_parse(&p, buf, (size_t)n, field, row, &c) !=
			    (size_t)n) {
				fprintf(stderr, "%s: %s\n", argv[i],
				    csv_strerror(csv_error(&p)));
				return 1;
			}
			bytes += (unsigned long long)n;
		}
		csv_fini(&p, field, row, &c);
		csv_free(&p);
		close(fd);
		printf("%s %llu %llu %llu\n", argv[i], c.rows, c.fields, bytes);
	}
	return 0;
}
