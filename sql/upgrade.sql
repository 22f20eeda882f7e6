-- upgrade: every earlier version updated with ALTER EXTENSION ... UPDATE has
-- the catalog of a fresh install of the current version: the same objects,
-- signatures, properties, bodies, comments, privileges and dumped tables.
SET client_min_messages = warning;
CREATE DATABASE regress_said_upgrade;
\c regress_said_upgrade
SET client_min_messages = warning;
CREATE EXTENSION pg_said;

CREATE FUNCTION said_catalog() RETURNS TABLE (object text, detail text)
LANGUAGE sql AS $$
SELECT pg_describe_object(d.classid, d.objid, 0),
       concat_ws(' | ',
           obj_description(d.objid, d.classid::regclass::name),
           CASE d.classid
           WHEN 'pg_proc'::regclass THEN
               (SELECT concat_ws(' | ', p.prokind, p.provolatile, p.proisstrict, p.proparallel,
                                 p.prosecdef, p.procost, p.prorows, p.proretset, p.proleakproof,
                                 pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
                                 p.prosrc, p.probin, p.proconfig::text, p.proacl::text,
                                 pg_get_userbyid(p.proowner),
                                 (SELECT concat_ws(',', a.aggkind, a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                                   a.aggserialfn, a.aggdeserialfn, a.aggfinalmodify,
                                                   format_type(a.aggtranstype, NULL), a.aggtransspace,
                                                   a.agginitval)
                                    FROM pg_aggregate a WHERE a.aggfnoid = p.oid))
                  FROM pg_proc p WHERE p.oid = d.objid)
           WHEN 'pg_class'::regclass THEN
               (SELECT concat_ws(' | ', c.relkind, c.relacl::text, pg_get_userbyid(c.relowner),
                                 (SELECT string_agg(format('%s %s %s %s', a.attname,
                                                           format_type(a.atttypid, a.atttypmod),
                                                           a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid)),
                                                    ', ' ORDER BY a.attnum)
                                    FROM pg_attribute a
                                    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                                 (SELECT string_agg(pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
                                    FROM pg_constraint k WHERE k.conrelid = c.oid),
                                 (SELECT string_agg(pg_get_indexdef(i.indexrelid), ', ' ORDER BY 1)
                                    FROM pg_index i WHERE i.indrelid = c.oid),
                                 (SELECT string_agg(tg.tgname || ' ' || pg_get_triggerdef(tg.oid), ', ' ORDER BY 1)
                                    FROM pg_trigger tg WHERE tg.tgrelid = c.oid),
                                 pg_get_viewdef(c.oid))
                  FROM pg_class c WHERE c.oid = d.objid)
           WHEN 'pg_type'::regclass THEN
               (SELECT concat_ws(' | ', t.typtype, t.typinput, t.typoutput, t.typreceive, t.typsend,
                                 t.typlen, t.typalign, t.typstorage, t.typacl::text)
                  FROM pg_type t WHERE t.oid = d.objid)
           END)
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
 WHERE e.extname = 'pg_said' AND d.deptype = 'e'
UNION ALL
SELECT 'extension', concat_ws(' | ', e.extversion, e.extrelocatable,
                              (SELECT string_agg(c::regclass::text, ',' ORDER BY c::regclass::text)
                                 FROM unnest(e.extconfig) c),
                              array_to_string(e.extcondition, ','))
  FROM pg_extension e WHERE e.extname = 'pg_said'
$$;

CREATE TABLE fresh AS SELECT * FROM said_catalog();
DROP EXTENSION pg_said;

-- from each earlier version
CREATE EXTENSION pg_said VERSION '0.1';
ALTER EXTENSION pg_said UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'pg_said';
(SELECT 'only after update' AS "where", * FROM said_catalog() EXCEPT SELECT 'only after update', * FROM fresh)
UNION ALL
(SELECT 'only when fresh', * FROM fresh EXCEPT SELECT 'only when fresh', * FROM said_catalog())
ORDER BY 1, 2;
SELECT count(*) > 10 AS objects_compared FROM fresh;

-- the updated extension works
SELECT speaker, kind FROM claims('“We will win,” said John Kerry.');

\c contrib_regression
DROP DATABASE regress_said_upgrade;
