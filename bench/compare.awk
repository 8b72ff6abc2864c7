# compare.awk -- DuckDB's rows (hospital,period,indicator,den,num,exposure)
# against qi's tallies.csv (default variant, all patterns), key by key.
# Usage: awk -F, -f compare.awk tallies.csv duck.csv
# Prints "agree N" or each difference and "differ N".  Indicators that
# DuckDB does not compute (aggregated counts only) are left out.
FNR == 1 { next }
FNR == NR {
	if ($1 == "tally" && $5 == "" && $7 == "")
		q[$2 "," $6 "," $3] = ($8 + 0) "," ($9 + 0) "," ($10 + 0)
	next
}
{
	k = $1 "," $2 "," $3
	v = ($4 + 0) "," ($5 + 0) "," ($6 + 0)
	if (!(k in q))
		q[k] = "0,0,0"
	if (q[k] != v) {
		if (bad++ < 10)
			print "differ " k ": qi " q[k] " duckdb " v
	} else
		ok++
	seen[k] = 1
	ind[$3] = 1
}
END {
	for (k in q) {
		split(k, f, ",")
		if (!(k in seen) && (f[3] in ind) && q[k] !~ /^0,/) {
			if (bad++ < 10)
				print "only in qi " k ": " q[k]
		}
	}
	if (bad)
		print "differ " bad + 0 " agree " ok + 0
	else
		print "agree " ok + 0
}
