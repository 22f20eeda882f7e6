-- Bad and odd input: no error, no crash, a correct (often empty) answer.
SELECT count(*) FROM quotes(NULL);
SELECT count(*) FROM entities(NULL);
SELECT count(*) FROM speakers(NULL);
SELECT count(*) FROM quotes('');
SELECT count(*) FROM entities('');
SELECT count(*) FROM quotes('No quotes here at all, just a plain sentence.');
SELECT count(*) FROM quotes(repeat('“', 100000));
SELECT count(*) FROM quotes(repeat('"a" ', 50000));
SELECT count(*) FROM quotes(repeat('‘“«', 20000));
SELECT count(*) FROM quotes(repeat('x', 5000000));
SELECT count(*) FROM quotes(repeat(E'\n', 1000000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat('said said he said ', 20000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat('President Minister Mr. ', 20000));
-- control characters, BOM, zero-width and bidirectional text
-- without a header: its rule's length is the column's width, and psql's width
-- of a zero-width space changed in 17 (the last column is not padded)
\pset tuples_only on
SELECT kind, quote FROM quotes(E'\uFEFF“Zero\u200Bwidth and control\u0001 chars are fine here,” he said.');
\pset tuples_only off
SELECT kind, quote FROM quotes(E'«مرحبا بكم في المدينة الجديدة» said the mayor.');
SELECT kind, quote FROM quotes(E'“Combining marks: cafe\u0301 and nai\u0308ve are words,” she said.');
SELECT kind, quote FROM quotes(E'“Emoji 🎉🎉 do not break the quote at all,” he said.');
SELECT kind, quote FROM quotes(E'“Line\u2028separator inside a quote is kept,” she said.');
-- positions count characters, not bytes
SELECT quote_span, substr(d, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote AS exact
  FROM (SELECT 'Ünïcödé café: “Ça va très bien aujourd’hui,” said José Müller.'::text AS d) s, quotes(d);
-- cancellation: statement_timeout stops a long call
SET statement_timeout = '200ms';
SELECT count(*) FROM quotes(repeat('“He said this is a quote,” the official said. ', 2000000));
RESET statement_timeout;
