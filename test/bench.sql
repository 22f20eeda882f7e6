-- bench.sql -- run by test/bench.sh in ONE session over the table articles:
-- alternating rounds of to_tsvector, quotes(), entities() and claims(),
-- each in a form that forces full evaluation of every document:
--
--   to_tsvector  SELECT sum(length(to_tsvector('english', body))) FROM articles
--   quotes       SELECT count(*) FROM articles, LATERAL quotes(body)
--   entities     SELECT count(*) FROM articles, LATERAL entities(body)
--   claims       SELECT count(*) FROM articles, LATERAL claims(body)
--
-- length(tsvector) needs the whole vector built but no text output; the
-- set-returning functions are materialised (every row's values are built)
-- whatever the outer query reads.  Serial plans and no JIT, so that ratios
-- compare per-core work.
\set ON_ERROR_STOP on
\pset footer off
SET max_parallel_workers_per_gather = 0;
SET jit = off;

CREATE TEMP TABLE bench_run (fn text, round int, ms float8);

CREATE FUNCTION pg_temp.bench_time(q text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	dummy bigint;
BEGIN
	t0 := clock_timestamp();
	EXECUTE q INTO dummy;
	RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

DO $$
DECLARE
	has_claims bool := to_regproc('claims') IS NOT NULL;
	forms text[][] := ARRAY[
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
				VALUES (forms[f][1], r, pg_temp.bench_time(forms[f][2]));
		END LOOP;
	END LOOP;
END $$;

\echo
\echo 'In SQL, one session, serial plans; median of the rounds after a warm-up round:'
WITH med AS (
	SELECT fn, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
		   min(ms) AS best, count(*) AS rounds
	FROM bench_run WHERE round > 0 GROUP BY fn),
bytes AS (SELECT sum(octet_length(body)) AS b, count(*) AS n FROM articles)
SELECT fn AS function,
	   round(med.ms::numeric, 1) AS median_ms,
	   round(best::numeric, 1) AS best_ms,
	   round((b / 1e6 / (med.ms / 1000))::numeric, 1) AS "MB/s",
	   round((med.ms / (SELECT ms FROM med WHERE fn = 'to_tsvector'))::numeric, 2)
		   AS "ratio to to_tsvector",
	   rounds
FROM med, bytes
ORDER BY array_position(ARRAY['to_tsvector', 'quotes', 'entities', 'claims'], fn);
