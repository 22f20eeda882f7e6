#!/usr/bin/env python3
"""bench_corpus.py -- the benchmark corpus: news articles, one per row.

    bench_corpus.py OUT_DIR [TEXT_FILE ...]

Sources, first found: the PolNeAR texts (../shared/data/dev/polnear.jsonl
next to the checkout), else the text files given, else the seed article
repeated.  Writes OUT_DIR/corpus.tsv (id, body: for psql \\copy, text
format) and OUT_DIR/corpus.docs (the same bodies separated by NUL bytes, for
the core-only benchmark test/bench/said_bench.c).  Standard library only.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
POLNEAR = os.path.join(TOP, "..", "shared", "data", "dev", "polnear.jsonl")
SEED = os.path.join(TOP, "test", "data", "seed-article.txt")


def documents(files):
    if os.path.exists(POLNEAR) and not files:
        with open(POLNEAR, encoding="utf-8") as f:
            docs = [json.loads(line)["text"] for line in f if line.strip()]
        return "PolNeAR (%s)" % os.path.normpath(POLNEAR), docs
    if files:
        docs = []
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                docs.append(f.read())
        return "%d text files" % len(files), docs
    with open(SEED, encoding="utf-8") as f:
        seed = f.read()
    return "the seed article x 1000", [seed] * 1000


def copy_escape(s):
    """psql \\copy text format: backslash, tab, newline, carriage return."""
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def main():
    out = sys.argv[1]
    name, docs = documents(sys.argv[2:])
    docs = [d.replace("\0", "") for d in docs if d.strip()]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "corpus.tsv"), "w", encoding="utf-8") as f:
        for i, d in enumerate(docs, 1):
            f.write("%d\t%s\n" % (i, copy_escape(d)))
    with open(os.path.join(out, "corpus.docs"), "wb") as f:
        f.write(b"\0".join(d.encode("utf-8") for d in docs))
    size = sum(len(d.encode("utf-8")) for d in docs)
    print("corpus: %s, %d documents, %.2f MB" % (name, len(docs), size / 1e6))


if __name__ == "__main__":
    main()
