#!/usr/bin/env python3
"""Convert annotated attributions (JSONL) to the plain format tools/train_attr reads.

    python3 tools/attr_data.py ../shared/data/dev/polnear.jsonl > /tmp/attr.data

Each document becomes
    D <id><TAB><split><TAB><text bytes><TAB><attributions>\\n
    <the UTF-8 text, exactly that many bytes>\\n
    A <kind> <cue b0> <cue b1> <speaker b0> <speaker b1> <n> <b0> <b1> ...\\n   (one per attribution)
with byte offsets (the JSONL offsets are code points), -1 -1 for a missing cue
or speaker, kind one of direct / mixed / indirect, and the n content
fragments (a quote interrupted by narration has several).  The split is the
document's `split` field, else the part of its id after the corpus name
("polnear/dev/..." -> dev).  Python 3 standard library only.
"""
import json
import sys

from ner_data import byte_offsets  # tools/: the same conversion as the tagger's data



def span(boff, a, b):
    if a is None or b is None or b <= a:
        return -1, -1
    return boff[a], boff[b]


def convert(path, out):
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        d = json.loads(line)
        text = d["text"]
        boff = byte_offsets(text)
        split = d.get("split") or (d["id"].split("/")[1] if d["id"].count("/") >= 2 else "all")
        rows = []
        for q in d.get("quotes", []):
            frags = q.get("fragments") or [[q["start"], q["end"]]]
            frags = [span(boff, a, b) for a, b in frags]
            frags = [f for f in frags if f[0] >= 0]
            if not frags:
                continue
            cue = span(boff, q.get("cue_start"), q.get("cue_end"))
            spk = span(boff, q.get("speaker_start"), q.get("speaker_end"))
            rows.append("A %s %d %d %d %d %d %s\n" % (
                q.get("kind", "indirect"), cue[0], cue[1], spk[0], spk[1], len(frags),
                " ".join("%d %d" % f for f in frags)))
        data = text.encode("utf-8")
        ident = d["id"].replace("\t", " ").replace("\n", " ")
        out.write(("D %s\t%s\t%d\t%d\n" % (ident, split, len(data), len(rows))).encode("utf-8"))
        out.write(data + b"\n")
        for r in rows:
            out.write(r.encode("ascii"))


def main():
    out = sys.stdout.buffer
    for path in sys.argv[1:]:
        convert(path, out)


if __name__ == "__main__":
    main()
