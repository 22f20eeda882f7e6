#!/usr/bin/env python3
"""Annotated JSONL documents -> the plain format tools/train_ner reads, and the
train/dev splits of every corpus, defined here once.

    python3 tools/ner_data.py ../shared/data/dev/conll2003.jsonl [more.jsonl ...] > /tmp/ner.data
    python3 tools/ner_data.py --split dev ../shared/data/dev/btc.jsonl > /tmp/btc.dev.jsonl
    python3 tools/ner_data.py --text ../shared/data/dev/polnear.jsonl ... > /tmp/clusters.txt

The first form writes each document as
    D <id><TAB><text bytes><TAB><entities>\\n
    <the UTF-8 text, exactly that many bytes>\\n
    <b0> <b1> <TYPE>\\n          (one line per entity)
with byte offsets (the JSONL offsets are code points), TYPE one of PER, ORG,
LOC, MISC, and the id "<corpus>/<split>/<rest>" (tools/train_ner trains on
"/train/" ids).  --split SPLIT writes the JSONL lines of that split unchanged
(test/eval/eval.sh and eval_entities.py score the "dev" ones).  --text writes
the texts of the training documents (every document of a set that has no
split, PolNeAR's), separated by NUL bytes: tools/word_clusters' input.

Splits (deterministic; dev is never trained on):
  conll2003, wnut17  their own (train; dev = CoNLL-2003 testa, WNUT-17 dev)
  btc                dev when crc32(id) % 5 == 0 (a fifth of each section)
  gum                dev when crc32(id) % 3 == 0 (23 of 57 documents)
  re3d               dev when crc32(id) % 2 == 0 (29 of 72 documents)

Corpora whose spans are whole noun phrases (gum, re3d) are cut to the name
the extension reports (entities.c keeps titles and "the" out of a span):
leading determiners, lower-case words, titles (data/lexicon.tsv) and a
possessor ("Iraq 's famed") go; a mention that is then not a name
(lower-case words other than connectors, commas, a lower-case last word:
"ISIL tactical units", "Evansville , Indiana , United States") takes its
sentence out of the training text, as does a description that holds an
unannotated capitalised word ("the second most visited city in England":
GUM annotates one layer of nested mentions).  GUM's `named` mentions of
events, objects and ideas, and nationalities (NORP), are MISC; re3d's
entities that are not names are dropped.  --no-clean keeps them as given.
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

TYPE_MAP = {
    "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
    "product": "MISC", "creative-work": "MISC", "NORP": "MISC",
}
# GUM's named mentions of other kinds that CoNLL-2003 would call MISC
GUM_MISC = {"event", "object", "abstract", "NORP"}
# words that may stand inside a name in lower case
CONNECTORS = {"of", "and", "the", "for", "de", "du", "des", "la", "le", "al", "el", "bin", "ibn",
              "van", "von", "der", "den", "da", "di", "do", "dos", "y", "&", "-", "'s", "’s",
              "on", "in", "at", "to", "upon", "a"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her",
               "their", "our", "my", "your"}



def byte_offsets(text):
    """Code-point offset -> byte offset, for every offset 0..len(text)."""
    boff = [0] * (len(text) + 1)
    b = 0
    for i, ch in enumerate(text):
        boff[i] = b
        b += len(ch.encode("utf-8"))
    boff[len(text)] = b
    return boff

def corpus_of(doc_id):
    return doc_id.split("/", 1)[0]


def split_of(doc):
    """'train' or 'dev' (see the module's docstring)."""
    doc_id = doc["id"]
    corpus = corpus_of(doc_id)
    if corpus in ("conll2003", "wnut17"):
        return "dev" if "/dev/" in doc_id else "train"
    mod = {"btc": 5, "gum": 3, "re3d": 2}.get(corpus)
    if mod is None:
        return "train"
    return "dev" if zlib.crc32(doc_id.encode("utf-8")) % mod == 0 else "train"


def split_id(doc_id, split):
    """"btc/A/12" -> "btc/train/A/12"; ids that name their split stay."""
    if "/train/" in doc_id or "/dev/" in doc_id:
        return doc_id
    corpus, _, rest = doc_id.partition("/")
    return "%s/%s/%s" % (corpus, split, rest)


def load_titles():
    titles = set()
    path = os.path.join(HERE, "..", "data", "lexicon.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and not line.startswith("#") and "TITLE" in parts[1].split("|"):
                titles.add(parts[0].lower())
    return titles


WORD = re.compile(r"\S+")


def words_in(text, s, e):
    """[(start, end, word)] of the white-space separated words of text[s:e],
    a clitic "'s" apart ("Iraq's" -> "Iraq", "'s")."""
    out = []
    for m in WORD.finditer(text, s, e):
        w0, w1 = m.span()
        w = m.group()
        for cl in ("'s", "’s"):
            if len(w) > 2 and w.endswith(cl):
                out.append((w0, w1 - 2, w[:-2]))
                out.append((w1 - 2, w1, cl))
                break
        else:
            out.append((w0, w1, w))
    return out


def capitalised(w):
    return w[:1].isupper() or (w[:1].isdigit())


def name_core(text, s, e, titles, person=False):
    """The name inside the mention text[s:e] as (s, e), or None when the
    mention is not a name that can be cut out.  A person's name is the
    capitalised words after the last title or connector ("Minister for the
    Middle East Tobias Ellwood" -> "Tobias Ellwood"), and none when a
    connector comes right before them ("Secretary for Plans")."""
    ws = words_in(text, s, e)
    if person:
        k = len(ws)
        while k > 0 and (capitalised(ws[k - 1][2]) and ws[k - 1][2].lower() not in titles and
                         ws[k - 1][2].lower() not in CONNECTORS):
            k -= 1
        if k > 0 and k < len(ws) and ws[k - 1][2].lower() in CONNECTORS:
            return None
        ws = ws[k:]
    # trailing punctuation of tokenized tweets ("Frank .")
    while ws and not any(c.isalnum() for c in ws[-1][2]):
        ws.pop()
    # a possessor: everything up to the last "'s" that has a name after it
    for k in range(len(ws) - 1, -1, -1):
        if ws[k][2] in ("'s", "’s") and k + 1 < len(ws):
            ws = ws[k + 1:]
            break
    while ws and (ws[0][2].lower() in DETERMINERS or ws[0][2].lower() in titles or
                  not capitalised(ws[0][2])):
        ws = ws[1:]
    if not ws:
        return None
    if not capitalised(ws[-1][2]):
        return None
    for w0, w1, w in ws:
        if w in (",", ";", "(", ")") or (not capitalised(w) and w.lower() not in CONNECTORS):
            return None
    return ws[0][0], ws[-1][1]


def sentences(text):
    """[(start, end)] of the document's sentences: its lines, split again
    after . ! ? before a capital (re3d has paragraphs, GUM a sentence a line)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a = m.start()
        for b in re.finditer(r"[.!?][\"”’']?\s+(?=[\"“‘'(]?[A-Z])", m.group()):
            out.append((a, m.start() + b.end()))
            a = m.start() + b.end()
        out.append((a, m.end()))
    return out


def clean_doc(d, titles):
    """Entities [(start, end, TYPE)] in code points, and the text with the
    sentences that cannot be trusted taken out."""
    text = d["text"]
    corpus = corpus_of(d["id"])
    keep, bad = [], []
    for e in d.get("entities", []):
        t = e["type"]
        named = e.get("named") is not False
        if corpus == "gum" and named and t in GUM_MISC:
            t = "MISC"
        t = TYPE_MAP.get(t)
        if not named:
            # a description holding a capitalised word past its first:
            # a name this layer does not annotate
            ws = words_in(text, e["start"], e["end"])
            if any(capitalised(w) and w != "I" for _, _, w in ws[1:]):
                bad.append((e["start"], e["end"]))
            continue
        if t is None:
            if corpus == "gum" and e["type"] not in ("time", "quantity"):
                bad.append((e["start"], e["end"]))
            continue
        core = name_core(text, e["start"], e["end"], titles, t == "PER")
        if core is None:
            bad.append((e["start"], e["end"]))
        else:
            keep.append((core[0], core[1], t))
    # nested annotations (re3d): the outer one, when both are kept
    keep.sort(key=lambda x: (x[0], -x[1]))
    flat = []
    for x in keep:
        if flat and x[0] < flat[-1][1]:
            continue
        flat.append(x)
    out_text, ents, shift = [], [], 0
    pos = 0
    for s, e in sentences(text):
        if any(a < e and s < b for a, b in bad):
            continue
        piece = text[s:e].rstrip()
        if not piece:
            continue
        base = pos - s
        for a, b, t in flat:
            if a >= s and b <= s + len(piece):
                ents.append((a + base, b + base, t))
        out_text.append(piece)
        pos += len(piece) + 1
    return "\n".join(out_text), ents


def convert(path, out, titles, clean):
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        split = split_of(d)
        if clean and corpus_of(d["id"]) in ("gum", "re3d"):
            text, ents = clean_doc(d, titles)
        else:
            text = d["text"]
            ents = []
            for e in d.get("entities", []):
                t = TYPE_MAP.get(e["type"])
                if t is None or e.get("named") is False:
                    continue
                s, x = e["start"], e["end"]
                # trailing punctuation of tokenized tweets ("blink 182 .")
                k = text.rfind(" ", s, x)
                while k > s and not any(c.isalnum() for c in text[k + 1:x]):
                    x = k
                    k = text.rfind(" ", s, x)
                if not any(c.isalnum() for c in text[s:x]):
                    continue
                ents.append((s, x, t))
        boff = byte_offsets(text)
        data = text.encode("utf-8")
        doc_id = split_id(d["id"], split).replace("\t", " ").replace("\n", " ")
        out.write(("D %s\t%d\t%d\n" % (doc_id, len(data), len(ents))).encode("utf-8"))
        out.write(data + b"\n")
        for s, x, t in ents:
            out.write(("%d %d %s\n" % (boff[s], boff[x], t)).encode("ascii"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=("train", "dev"),
                    help="write the JSONL documents of this split instead")
    ap.add_argument("--text", action="store_true",
                    help="write the training texts, NUL-separated, instead")
    ap.add_argument("--no-clean", action="store_true",
                    help="keep gum and re3d mentions as annotated")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.split:
        for path in a.files:
            for line in open(path, encoding="utf-8"):
                if line.strip() and split_of(json.loads(line)) == a.split:
                    sys.stdout.write(line)
        return
    out = sys.stdout.buffer
    if a.text:
        first = True
        for path in a.files:
            for line in open(path, encoding="utf-8"):
                if not line.strip():
                    continue
                d = json.loads(line)
                if split_of(d) == "train":
                    out.write((b"" if first else b"\0") + d["text"].encode("utf-8"))
                    first = False
        return
    titles = load_titles()
    for path in a.files:
        convert(path, out, titles, not a.no_clean)


if __name__ == "__main__":
    main()
