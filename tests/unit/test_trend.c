/*
 * test_trend.c -- quarterly trends of the embedded sample against base R
 * (tests/oracle/gen_sample_trend.R): which quarters take part (the
 * published ones), rolling four-quarter sums only over four consecutive
 * published quarters, their intervals, p and Laney p' limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "oracle_csv.h"
#include "qi.h"
#include "sample_env.h"
#include "test_util.h"

#define ORACLE	QI_TEST_DATA "/oracle/sample_trend.csv"
#define HEADER	"indicator,scope,organisation,hospital,period,numerator," \
		"denominator,rolling_rate,rolling_lower,rolling_upper,cl," \
		"p_lower,p_upper,sigma_z,pp_lower,pp_upper,signal"

/* Compare, where the oracle has an empty cell expecting NaN. */
static void
check(const struct oracle_table *t, const struct oracle_row *r, size_t col,
    const char *what, double v, double *maxrel)
{
	if (r->cell[col][0] == '\0') {
		if (!isnan(v))
			fail_msg("%s:%zu: %s = %.17g, expected none", t->path,
			    r->lineno, what, v);
		return;
	}
	oracle_check(t, r, what, v, oracle_num(t, r, col), 1e-9, maxrel);
}

static void
test_sample_trends_match_r(void **state)
{
	struct sample_env *e = *state;
	struct oracle_table t;
	struct qi_trend *tr;
	const struct qi_registry *reg = e->reg;
	const struct qi_trend_point *p;
	const struct oracle_row *r;
	GHashTable *index = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	double maxrel = 0;
	size_t seen = 0, ind, s, i;
	static const char *sig[] = { "below", "within", "above" };
	char pbuf[16], *key;

	oracle_read(ORACLE, HEADER, &t);
	for (i = 0; i < t.nrows; i++)
		g_hash_table_insert(index, g_strdup_printf("%s %s %s %s %s",
		    t.rows[i].cell[0], t.rows[i].cell[1], t.rows[i].cell[2],
		    t.rows[i].cell[3], t.rows[i].cell[4]), &t.rows[i]);
	for (ind = 0; ind < e->defs->n; ind++)
		for (s = 0; s < 1 + reg->norgs + reg->nhosps; s++) {
			if (s == 0)
				assert_int_equal(qi_trend_compute(e->res, ind,
				    QI_SCOPE_ALL, -1, -1, &tr, NULL), QI_OK);
			else if (s <= reg->norgs)
				assert_int_equal(qi_trend_compute(e->res, ind,
				    QI_SCOPE_ORG, (long)s - 1, -1, &tr, NULL), QI_OK);
			else
				assert_int_equal(qi_trend_compute(e->res, ind,
				    QI_SCOPE_HOSPITAL, -1,
				    (long)(s - 1 - reg->norgs), &tr, NULL), QI_OK);
			for (i = 0; i < tr->n; i++) {
				p = &tr->v[i];
				qi_period_format(p->period, pbuf, sizeof(pbuf));
				key = g_strdup_printf("%s %s %s %s %s",
				    e->defs->v[ind].id,
				    qi_name_of(qi_scope_names, (int)tr->scope),
				    s == 0 ? "" : s <= reg->norgs ?
				    reg->orgs[s - 1].code :
				    reg->orgs[reg->hosps[tr->hospital].org].code,
				    tr->scope == QI_SCOPE_HOSPITAL ?
				    reg->hosps[tr->hospital].id : "", pbuf);
				r = g_hash_table_lookup(index, key);
				if (r == NULL)
					fail_msg("%s: not in the oracle", key);
				g_free(key);
				seen++;
				check(&t, r, 5, "numerator", p->x, &maxrel);
				check(&t, r, 6, "denominator", p->n, &maxrel);
				check(&t, r, 7, "rolling_rate", p->roll_rate, &maxrel);
				check(&t, r, 8, "rolling_lower", p->roll_lo, &maxrel);
				check(&t, r, 9, "rolling_upper", p->roll_hi, &maxrel);
				check(&t, r, 10, "cl", p->cl, &maxrel);
				check(&t, r, 11, "p_lower", p->p_lo, &maxrel);
				check(&t, r, 12, "p_upper", p->p_hi, &maxrel);
				check(&t, r, 13, "sigma_z", p->sigma_z, &maxrel);
				check(&t, r, 14, "pp_lower", p->pp_lo, &maxrel);
				check(&t, r, 15, "pp_upper", p->pp_hi, &maxrel);
				assert_string_equal(r->cell[16], tr->n < 2 ? "" :
				    sig[p->signal + 1]);
			}
			qi_trend_free(tr);
		}
	/* Every oracle row was produced, and no other. */
	assert_int_equal(seen, t.nrows);
	print_message("sample trends: %zu rows, max relative error %.2g\n",
	    seen, maxrel);
	g_hash_table_destroy(index);
	oracle_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_trends_match_r),
	};

	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
