// duckdb.mjs -- the DuckDB side of the benchmark: bench/indicators.sql over
// the same stays.csv and events.csv, with a fixed number of threads.
// Usage: node duckdb.mjs STAYS EVENTS CODES_DIR THREADS [OUT.csv]
// Prints the number of result rows; writes them as CSV to OUT if given.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [stays, events, codes, threads, out] = process.argv.slice(2);
if (!threads) {
	console.error('usage: node duckdb.mjs STAYS EVENTS CODES_DIR THREADS [OUT]');
	process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const sql = readFileSync(join(here, 'indicators.sql'), 'utf8')
	.replaceAll('@STAYS@', stays).replaceAll('@EVENTS@', events)
	.replaceAll('@CODES@', codes);
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
const reader = await con.runAndReadAll(sql);
const rows = reader.getRows();
if (out) {
	const lines = ['hospital,period,indicator,den,num,exposure'];
	for (const r of rows)
		lines.push(r.map((v) => (v === null ? '' : String(v))).join(','));
	writeFileSync(out, lines.join('\n') + '\n');
}
console.log(`rows ${rows.length}`);
