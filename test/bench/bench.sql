-- bench.sql -- run by test/bench.sh in ONE session over the table articles:
-- alternating rounds of to_tsvector, quotes(), entities() and claims(),
-- each in a form that forces full evaluation of every document:
--
--   to_tsvector  SELECT sum(length(to_tsvector('english', body))) FROM articles
--   quotes       SELECT count(*) FROM articles, LATERAL quotes(body)
--   entities     SELECT count(*) FROM articles, LATERAL entities(body)
--   claims       SELECT count(*) FROM articles, LATERAL claims(body)
--
--   (reading) SELECT sum(length(body)) FROM articles
--
-- The reading row is the floor every function pays: fetching, detoasting and
-- decompressing the bodies (length() counts characters, so it must).
-- length(tsvector) needs the whole vector built but no text output; the
-- set-returning functions are materialised (every row's values are built)
-- whatever the outer query reads.  Serial plans and no JIT, so that ratios
-- compare per-core work.
\set ON_ERROR_STOP on
\pset footer off
SET max_parallel_workers_per_gather = 0;
SET jit = off;

CREATE TEMP TABLE bench_run (fn text, round int, ms float8, cpu_ms float8);

-- CPU time of this backend, in ms, from /proc (clock ticks of 1/bench.hz s):
-- on a shared machine the time spent waiting for a core does not count
CREATE FUNCTION pg_temp.cpu_ms() RETURNS float8
LANGUAGE sql AS $$
	SELECT (f[12]::float8 + f[13]::float8) * 1000 / current_setting('bench.hz')::float8
	FROM string_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ') AS f
$$;

CREATE FUNCTION pg_temp.bench_time(q text, OUT ms float8, OUT cpu_ms float8)
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	c0 float8;
	dummy bigint;
BEGIN
	c0 := pg_temp.cpu_ms();
	t0 := clock_timestamp();
	EXECUTE q INTO dummy;
	ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
	cpu_ms := pg_temp.cpu_ms() - c0;
END $$;

DO $$
DECLARE
	has_claims bool := to_regproc('claims') IS NOT NULL;
	forms text[][] := ARRAY[
		['(reading)', 'SELECT sum(length(body)) FROM articles'],
		['to_tsvector', $q$SELECT sum(length(to_tsvector('english', body))) FROM articles$q$],
		['quotes', 'SELECT count(*) FROM articles, LATERAL quotes(body)'],
		['entities', 'SELECT count(*) FROM articles, LATERAL entities(body)'],
		['claims', 'SELECT count(*) FROM articles, LATERAL claims(body)']];
	rounds int := current_setting('bench.rounds')::int;
BEGIN
	IF NOT has_claims THEN
		RAISE NOTICE 'claims() does not exist in this build: skipped';
	END IF;
	-- round 0 warms the caches and the backend's one-time initialisation
	FOR r IN 0..rounds LOOP
		FOR f IN 1..array_length(forms, 1) LOOP
			CONTINUE WHEN forms[f][1] = 'claims' AND NOT has_claims;
			INSERT INTO bench_run
				SELECT forms[f][1], r, b.ms, b.cpu_ms FROM pg_temp.bench_time(forms[f][2]) b;
		END LOOP;
	END LOOP;
END $$;

\echo
\echo 'In SQL, one session, serial plans, rounds alternating; medians of the rounds after a warm-up.'
\echo 'cpu: CPU time of the backend (/proc, 10 ms ticks), the steadier figure on a shared machine;'
\echo 'wall: elapsed time.  MB/s and ratios from CPU time.'
WITH med AS (
	SELECT fn, percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms) AS cpu,
		   percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS wall,
		   count(*) AS rounds
	FROM bench_run WHERE round > 0 GROUP BY fn),
bytes AS (SELECT sum(octet_length(body)) AS b FROM articles)
SELECT fn AS function,
	   round(cpu::numeric, 0) AS cpu_ms,
	   round(wall::numeric, 0) AS wall_ms,
	   round((b / 1e6 / (greatest(cpu, 1) / 1000))::numeric, 1) AS "MB/s",
	   round((cpu / (SELECT cpu FROM med WHERE fn = 'to_tsvector'))::numeric, 2)
		   AS "ratio to to_tsvector",
	   round((wall / (SELECT wall FROM med WHERE fn = 'to_tsvector'))::numeric, 2)
		   AS "wall ratio",
	   rounds
FROM med, bytes
ORDER BY array_position(ARRAY['(reading)', 'to_tsvector', 'quotes', 'entities', 'claims'], fn);
