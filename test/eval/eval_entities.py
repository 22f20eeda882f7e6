#!/usr/bin/env python3
"""Score entities() on annotated JSONL sets without a server.

  eval_entities.py --cli test/bin/said_cli --score ../shared/eval/score.py SET.jsonl...

Runs the core through said_cli --batch-entities (the rows entities() returns)
and scores them with score.py's own entity scorer.  Only the held-out dev
documents of each set are scored (tools/ner_data.py's split_of, as
test/eval/eval.sh does; --all: every document).  Prints score.py's figures
per set: exact-span F1 and name-core F1 (the prediction ends with the
annotated span, inside it: what counts for re3d and GUM, whose spans hold
titles and whole noun phrases).
"""
import argparse, importlib.util, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
from ner_data import split_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cli', required=True)
    ap.add_argument('--score', required=True)
    ap.add_argument('--all', action='store_true', help='score every document, not the dev split')
    ap.add_argument('sets', nargs='+')
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location('said_score', a.score)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    for path in a.sets:
        name = os.path.basename(path)
        docs = [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]
        if not a.all:
            docs = [d for d in docs if split_of(d) == 'dev']
        with tempfile.NamedTemporaryFile('wb', delete=False) as f:
            f.write(b'\0'.join(d['text'].encode('utf-8') for d in docs))
            tmp = f.name
        try:
            out = subprocess.run([a.cli, '--batch-entities', tmp], capture_output=True,
                                 text=True, check=True).stdout
        finally:
            os.unlink(tmp)
        rows = []
        for line in out.splitlines():
            i, t, s, e = line.split('\t')
            rows.append({'i': int(i), 'type': t, 's': int(s), 'e': int(e)})
        res = score.score_entities(docs, rows)
        print('entities %-16s F1 %.3f (P %.3f R %.3f, name-core %.3f)  person %.3f  organization %.3f  location %.3f'
              % (name + ':', res['f1'], res['p'], res['r'], res['end_f1'], res.get('person', {}).get('f1', 0),
                 res.get('organization', {}).get('f1', 0), res.get('location', {}).get('f1', 0)))


if __name__ == '__main__':
    main()
