#!/usr/bin/env python3
"""Score quotes() on an annotated JSONL set, per split, per rule and per confidence.

  eval_quotes.py --data polnear.jsonl --score ../shared/eval/score.py
                 (--psql "psql ..." | --cli test/bin/said_cli) [--limit N]
                 [--split train|dev] [--errors N] [--json OUT]

Matching is score.py's own (imported from --score), so the split figures are
the ones score.py would print on those documents.  On top of them:

  per rule     -- for each provenance (quotes().rule): rows, the share whose
                  content matches a gold attribution at overlap >= 0.5, and the
                  share of those whose speaker is right;
  calibration  -- rows bucketed by confidence: the share that are right, where
                  right means content matched at >= 0.5 and speaker right (or
                  no gold speaker);
  ceiling      -- the share of gold direct quotes that one contiguous range
                  can match at 0.8 at all (quotes in parts, see direct_ceiling).

--cli scores the core through test/bin/said_cli --batch, without a server:
the same code as the extension, handy while iterating.
"""
import argparse, importlib.util, json, os, subprocess, sys, tempfile
from collections import Counter, defaultdict

BUCKETS = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.01))


def load_score(path):
    spec = importlib.util.spec_from_file_location('said_score', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def rows_from_cli(cli, docs):
    with tempfile.NamedTemporaryFile('wb', delete=False) as f:
        f.write(b'\0'.join(d['text'].encode('utf-8') for d in docs))
        path = f.name
    try:
        out = subprocess.run([cli, '--batch', path], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    rows = []
    for line in out.splitlines():
        i, kind, qs, qe, ss, se, conf, rule, qp = line.split('\t')
        rows.append({'i': int(i), 'kind': kind, 'qs': int(qs), 'qe': int(qe),
                     'ss': int(ss) if ss else None, 'se': int(se) if se else None,
                     'confidence': float(conf), 'rule': rule, 'qp': qp or None})
    return rows


def rows_from_psql(score, psql, docs):
    rows, _ = score.fetch(psql, docs, 'SELECT d.i, q.kind, lower(q.quote_span) qs, upper(q.quote_span) qe, '
                                      'lower(q.speaker_span) ss, upper(q.speaker_span) se, '
                                      'q.confidence, q.rule, to_jsonb(q) ->> \'quote_parts\' qp '
                                      'FROM said_eval_docs d, LATERAL quotes(d.body) q')
    return rows


def judge_rows(score, docs, rows):
    """For every row: (matched content at >= 0.5, speaker right or not asked)."""
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[r['i']].append(r)
    verdict = {}
    for i, d in enumerate(docs):
        W = score.Words(d['text'])
        preds = by_doc.get(i, [])
        p_tok = [W.tokens([score.span0(p['qs'], p['qe'])]) for p in preds]
        p_spk = [W.tokens([score.span0(p['ss'], p['se'])]) for p in preds]
        golds = d['quotes']
        g_tok = [W.tokens(g.get('fragments') or [(g['start'], g['end'])]) for g in golds]
        g_spk = [W.tokens(g.get('speaker_fragments') or [(g.get('speaker_start'), g.get('speaker_end'))])
                 for g in golds]
        m = score.greedy_match(g_tok, p_tok)
        got = {pi: (gi, ov) for gi, (pi, ov) in m.items()}
        for pi, p in enumerate(preds):
            gi, ov = got.get(pi, (None, 0.0))
            hit = ov >= 0.5
            spk = hit and (not g_spk[gi] or bool(p_spk[pi] & g_spk[gi]))
            verdict[id(p)] = (hit, spk, gi)
    return verdict


def direct_ceiling(score, docs):
    """The best recall@0.8 on direct quotes that any system giving one contiguous
    quote_span per attribution can reach under score.py: a gold quote in parts
    is the union of its parts, so a single range either takes in the narration
    between them ("“…,” said X, a professor at …. “…”") or leaves parts out.
    For each gold direct quote, the best overlap over every range from the
    start of one part to the end of another."""
    reach = total = 0
    for d in docs:
        W = score.Words(d['text'])
        for g in d['quotes']:
            if g.get('kind') != 'direct':
                continue
            parts = sorted(g.get('fragments') or [(g['start'], g['end'])])
            gold = W.tokens(parts)
            total += 1
            best = 0.0
            for a in range(len(parts)):
                for b in range(a, len(parts)):
                    span = W.tokens([(parts[a][0], parts[b][1])])
                    if gold and span:
                        best = max(best, len(gold & span) / max(len(gold), len(span)))
            reach += best >= 0.8 - 1e-9
    return reach, total


def split_of(doc):
    for s in ('train', 'dev', 'test', 'valid'):
        if '/%s/' % s in doc['id']:
            return s
    return 'all'


def pct(a, b):
    return '%5.1f%%' % (100.0 * a / b) if b else '    - '


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--score', required=True, help='path of score.py')
    ap.add_argument('--psql')
    ap.add_argument('--cli')
    ap.add_argument('--limit', type=int)
    ap.add_argument('--split', help='only documents of this split')
    ap.add_argument('--errors', type=int, default=0, help='print this many wrong rows and missed golds')
    ap.add_argument('--json', help='write the figures as JSON here')
    a = ap.parse_args()
    score = load_score(a.score)
    docs = score.load_docs(a.data, None)
    if a.split:
        docs = [d for d in docs if split_of(d) == a.split]
    if a.limit:
        docs = docs[:a.limit]
    rows = rows_from_cli(a.cli, docs) if a.cli else rows_from_psql(score, a.psql or 'psql', docs)
    name = os.path.basename(a.data)
    report = {'data': name, 'splits': {}}

    # score.py's figures, one split at a time
    by_split = defaultdict(list)
    for i, d in enumerate(docs):
        by_split[split_of(d)].append(i)
    for split, idx in sorted(by_split.items()):
        remap = {old: new for new, old in enumerate(idx)}
        sub = [dict(r, i=remap[r['i']]) for r in rows if r['i'] in remap]
        res = score.score_quotes([docs[i] for i in idx], sub)
        report['splits'][split] = res
        print('%-12s %-6s docs %4d  all F1@0.5 %.3f (P %.3f R %.3f) speaker %.3f | '
              'direct F1@0.8 %.3f (P %.3f R %.3f) speaker %.3f | recall by kind %s'
              % (name, split, len(idx), res['all']['f1@0.5'], res['all']['p@0.5'], res['all']['r@0.5'],
                 res['all']['speaker_acc'], res['direct']['f1@0.8'], res['direct']['p@0.8'],
                 res['direct']['r@0.8'], res['direct']['speaker_acc'],
                 ' '.join('%s %.2f' % kv for kv in sorted(res['recall@0.5_by_gold_kind'].items()))))

    reach, total = direct_ceiling(score, docs)
    if total:
        print('%-12s ceiling: %d of %d gold direct quotes (%.3f) can be matched at 0.8 by one range; '
              'a system that still gives every quote its row is bounded there in direct F1@0.8'
              % (name, reach, total, reach / total))
        report['direct_ceiling_recall@0.8'] = round(reach / total, 4)

    verdict = judge_rows(score, docs, rows)
    per_rule = defaultdict(Counter)
    cal = defaultdict(Counter)
    for r in rows:
        hit, spk, _ = verdict[id(r)]
        c = per_rule[r['rule']]
        c['rows'] += 1; c['hit'] += hit; c['spk'] += spk; c['conf'] += r['confidence']
        for lo, hi in BUCKETS:
            if lo <= r['confidence'] < hi:
                cal[(lo, hi)]['rows'] += 1; cal[(lo, hi)]['right'] += spk
                part = 'learned' if r['rule'].startswith('learned.') else 'rules'
                cal[(lo, hi)][part + '_rows'] += 1; cal[(lo, hi)][part + '_right'] += spk
    print('\nper rule (%s): rows, content precision@0.5, speaker right among matched, '
          'right (both) per row, mean confidence' % name)
    for rule, c in sorted(per_rule.items(), key=lambda kv: -kv[1]['rows']):
        print('  %-30s %6d  %s  %s  %s  %.2f' % (rule, c['rows'], pct(c['hit'], c['rows']), pct(c['spk'], c['hit']),
                                             pct(c['spk'], c['rows']), c['conf'] / c['rows']))
    print('\ncalibration (%s): rows by confidence, share right (content@0.5 and speaker); '
          'the learned stage\'s rows, the rules\'' % name)
    for (lo, hi) in BUCKETS:
        c = cal[(lo, hi)]
        c['rows'] += 0
        print('  [%.1f, %.1f)  %6d  %s | learned %6d  %s | rules %6d  %s'
              % (lo, min(hi, 1.0), c['rows'], pct(c['right'], c['rows']),
                 c['learned_rows'], pct(c['learned_right'], c['learned_rows']),
                 c['rules_rows'], pct(c['rules_right'], c['rules_rows'])))
    report['per_rule'] = {k: dict(v) for k, v in per_rule.items()}
    report['calibration'] = {'%.1f-%.1f' % k: dict(v) for k, v in cal.items()}

    if a.errors:
        shown = 0
        by_doc = defaultdict(list)
        for r in rows:
            by_doc[r['i']].append(r)
        for i, d in enumerate(docs):
            t = d['text']
            matched = set()
            for r in by_doc.get(i, []):
                hit, spk, gi = verdict[id(r)]
                if gi is not None and hit:
                    matched.add(gi)
                if not spk and shown < a.errors:
                    shown += 1
                    g = d['quotes'][gi] if gi is not None else None
                    print('\n-- %s %s %s %.2f speaker=[%s] gold=%s' % (
                        'WRONG SPEAKER' if hit else 'FALSE', r['rule'], r['kind'], r['confidence'],
                        t[r['ss'] - 1:r['se'] - 1] if r['ss'] else '',
                        g and (g.get('kind'), g.get('speaker'), t[g['start']:g['end']][:100])))
                    print('   pred: %s' % t[r['qs'] - 1:r['qe'] - 1][:200].replace('\n', ' '))
            for gi, g in enumerate(d['quotes']):
                if gi not in matched and shown < a.errors:
                    shown += 1
                    s0 = max(0, g['start'] - 120)
                    print('\n-- MISSED %s speaker=%s cue=%s\n   %s[[%s]]%s' % (
                        g.get('kind'), g.get('speaker'), g.get('cue'), t[s0:g['start']].replace('\n', ' '),
                        t[g['start']:g['end']][:200].replace('\n', ' '), t[g['end']:g['end'] + 60].replace('\n', ' ')))
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(report, f, indent=1)


if __name__ == '__main__':
    main()
