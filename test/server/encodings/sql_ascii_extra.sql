-- SQL_ASCII only: text the server takes as bytes, positions in bytes, curly
-- marks and all.
SELECT kind, quote, quote_span,
       substr(d, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote AS quote_exact
  FROM (VALUES ('“Ça va très bien aujourd’hui, merci,” said José Müller.')) v(d), quotes(d);
-- bytes that are not UTF-8 at all: no error, spans still exact
SELECT count(*) >= 0 AS ok,
       coalesce(bool_and(substr(d, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote), true) AS spans_exact
  FROM (VALUES (convert_from(decode('ab4365636920657374206475204c6174696e2d3120e0206c612066696e2c20706173206465206c275554462d3820647520746f7574bb2c206469742d696c2e', 'hex'), 'SQL_ASCII'))) v(d),
       quotes(d);
