#!/usr/bin/env python3
"""Convert annotated JSONL documents to the plain format tools/train_ner reads.

    python3 tools/ner_data.py ../shared/data/dev/conll2003.jsonl [more.jsonl ...] > /tmp/ner.data

Each document becomes
    D <id><TAB><text bytes><TAB><entities>\\n
    <the UTF-8 text, exactly that many bytes>\\n
    <b0> <b1> <TYPE>\\n          (one line per entity)
with byte offsets (the JSONL offsets are code points) and TYPE one of PER,
ORG, LOC, MISC (other kinds map to MISC; re3d entities that are not names
are dropped).  Ids keep their split ("conll2003/train/12", ".../dev/3").
Python 3 standard library only.
"""
import json
import sys

TYPE_MAP = {
    "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
    "product": "MISC", "creative-work": "MISC", "NORP": "MISC",
}


def convert(path, out):
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        text = d["text"]
        # code-point offset -> byte offset
        boff = [0] * (len(text) + 1)
        b = 0
        for i, ch in enumerate(text):
            boff[i] = b
            b += len(ch.encode("utf-8"))
        boff[len(text)] = b
        ents = []
        for e in d.get("entities", []):
            t = TYPE_MAP.get(e["type"])
            if t is None or e.get("named") is False:
                continue
            ents.append((boff[e["start"]], boff[e["end"]], t))
        data = text.encode("utf-8")
        out.write(("D %s\t%d\t%d\n" % (d["id"].replace("\t", " ").replace("\n", " "),
                                        len(data), len(ents))).encode("utf-8"))
        out.write(data + b"\n")
        for b0, b1, t in ents:
            out.write(("%d %d %s\n" % (b0, b1, t)).encode("ascii"))


def main():
    out = sys.stdout.buffer
    for path in sys.argv[1:]:
        convert(path, out)


if __name__ == "__main__":
    main()
