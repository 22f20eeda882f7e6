#!/usr/bin/env python3
"""Error analysis of direct quotes: missed, false and boundary-wrong quotes and
wrong speakers, counted by kind, with score.py's matching (its 'direct' subset).

  direct_errors.py --data polnear.jsonl --score ../shared/eval/score.py
                   --cli test/bin/said_cli [--split train] [--show CATEGORY] [--n N]

A gold direct quote is missed when no predicted direct row matches it at
overlap >= 0.8; a predicted direct row is false when it matches no gold direct
quote at 0.8 (rows lying inside a gold mixed or indirect attribution are not
counted, as score.py does not); a speaker is wrong when the row matches at
>= 0.5 and its speaker shares no word with the gold one.  Each error gets the
first category of a fixed list that describes it; --show prints examples of a
category.  Tune on the train split only.
"""
import argparse, os, re, sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_quotes  # noqa: E402

PRONOUNS = {'he', 'she', 'they', 'it', 'i', 'we', 'you'}
QUOTE_CHARS = '"“”‘’\'«»'


def para_of(text, pos):
    return text.count('\n', 0, pos)


def sent_gap(text, a, b):
    """Number of sentence ends ('. ', '? ', '! ' and line breaks) between positions a < b."""
    seg = text[a:b]
    return len(re.findall(r'[.?!]["”’]?\s+(?=[A-Z“"])|\n', seg))


def classify_missed(d, g, preds_over, text):
    """preds_over: [(pred, overlap)] of any kind, overlapping the gold quote."""
    frags = g.get('fragments') or [(g['start'], g['end'])]
    cue = (g.get('cue') or '').lower()
    direct_over = [(p, ov) for p, ov in preds_over if p['kind'] == 'direct']
    other_over = [(p, ov) for p, ov in preds_over if p['kind'] != 'direct']
    gs, ge = frags[0][0], frags[-1][1]
    if direct_over:
        p, ov = max(direct_over, key=lambda x: x[1])
        pparts = len(eval_quotes_parts(p))
        ps, pe = p['qs'] - 1, p['qe'] - 1
        if para_of(text, gs) != para_of(text, ge) and pe < ge:
            return 'boundary: quote continued across paragraphs, pred stops early'
        if pe < ge - 3 and len(frags) > pparts:
            return 'boundary: gold has more parts (continuation missed)'
        if pe > ge + 3 and ps <= gs + 3:
            return 'boundary: pred runs past gold end (took in the next quote)'
        if ps < gs - 3:
            return 'boundary: pred starts before gold'
        if ps > gs + 3:
            return 'boundary: pred starts after gold (gold includes a lead-in)'
        if pe < ge - 3:
            return 'boundary: pred ends before gold'
        return 'boundary: other (%.1f)' % ov
    if other_over:
        p, ov = max(other_over, key=lambda x: x[1])
        return 'kind: gold direct, pred %s (%s)' % (p['kind'], p['rule'].split('.')[0] + '.' + p['rule'].split('.')[1])
    if gs < 200 and para_of(text, gs) == 0:
        return 'missed: headline / first line'
    if cue.startswith('according'):
        return 'missed: "according to"'
    words = len(re.findall(r'\w+', text[gs:ge]))
    before = text[max(0, gs - 2):gs]
    if not any(c in before for c in QUOTE_CHARS) and not any(c in text[max(0, gs - 8):gs] for c in QUOTE_CHARS):
        return 'missed: no quote mark at gold start'
    if words <= 3:
        return 'missed: short quote (<= 3 words)'
    return 'missed: other'


def eval_quotes_parts(p):
    from_qp = re.findall(r'[\[(](\d+),(\d+)[\])]', p.get('qp') or '')
    return from_qp or [(p['qs'], p['qe'])]


def classify_false(d, p, golds_over, text):
    if golds_over:
        g, ov = max(golds_over, key=lambda x: x[1])
        if g.get('kind') != 'direct':
            return 'false: matches a gold %s (kind)' % g.get('kind')
        return 'false: boundary (best gold direct overlap %.1f)' % (int(ov * 10) / 10)
    return 'false: no gold attribution (%s)' % p['rule']


def classify_speaker(d, g, p, text):
    gsp = (g.get('speaker') or '').strip()
    psp = text[p['ss'] - 1:p['se'] - 1] if p['ss'] else ''
    gs = (g.get('fragments') or [(g['start'], g['end'])])[0][0]
    if not psp:
        return 'speaker: none given (%s)' % p['rule']
    if gsp.lower() in PRONOUNS:
        if p['ss'] - 1 >= gs and g.get('speaker_start', 0) >= gs:
            return 'speaker: gold pronoun, pred other mention near (%s)' % p['rule']
        return 'speaker: gold pronoun (%s)' % p['rule']
    if psp.lower() in PRONOUNS:
        return 'speaker: pred pronoun, gold names (%s)' % p['rule']
    if g.get('speaker_start') is not None and abs(sent_gap(text, min(p['ss'] - 1, g['speaker_start']),
                                                      max(p['ss'] - 1, g['speaker_start']))) >= 1:
        return 'speaker: gold speaker in another sentence (%s)' % p['rule']
    return 'speaker: same sentence, other mention (%s)' % p['rule']


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--score', required=True)
    ap.add_argument('--cli', required=True)
    ap.add_argument('--split', default='train')
    ap.add_argument('--show', help='print examples of the categories containing this text')
    ap.add_argument('--n', type=int, default=15)
    a = ap.parse_args()
    score = eval_quotes.load_score(a.score)
    docs = [d for d in score.load_docs(a.data) if eval_quotes.split_of(d) == a.split]
    rows = eval_quotes.rows_from_cli(a.cli, docs)
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[r['i']].append(r)
    cats = Counter()
    examples = defaultdict(list)
    for i, d in enumerate(docs):
        text = d['text']
        W = score.Words(text)
        preds = by_doc.get(i, [])
        p_tok = [W.drop_first(W.tokens(score.parts(p.get('qp')) or [score.span0(p['qs'], p['qe'])]), text, 'that')
                 for p in preds]
        p_spk = [W.tokens([score.span0(p['ss'], p['se'])]) for p in preds]
        golds = d['quotes']
        g_tok = [W.drop_first(W.tokens(g.get('fragments') or [(g['start'], g['end'])]), text, 'that') for g in golds]
        g_spk = [W.tokens(g.get('speaker_fragments') or [(g.get('speaker_start'), g.get('speaker_end'))])
                 for g in golds]
        inside = [any(len(p & g_tok[k]) >= 0.9 * len(p) for k, g in enumerate(golds)
                      if g.get('kind') != 'direct' and p) for p in p_tok]
        gsel = [k for k, g in enumerate(golds) if g.get('kind') == 'direct']
        psel = [k for k, p in enumerate(preds) if p['kind'] == 'direct' and not inside[k]]
        m = score.greedy_match([g_tok[k] for k in gsel], [p_tok[k] for k in psel])
        matched_p = {}
        for a_, (b_, ov) in m.items():
            matched_p[psel[b_]] = (gsel[a_], ov)

        def ovl(x, y):
            return len(x & y) / max(len(x), len(y)) if x and y else 0.0
        for a_, gk in enumerate(gsel):
            g = golds[gk]
            if a_ in m and m[a_][1] >= 0.8 - 1e-9:
                pk = psel[m[a_][0]]
                if g_spk[gk] and not (p_spk[pk] & g_spk[gk]):
                    c = classify_speaker(d, g, preds[pk], text)
                    cats[c] += 1
                    examples[c].append((d, g, preds[pk]))
                continue
            if a_ in m and m[a_][1] >= 0.5:
                pk = psel[m[a_][0]]
                if g_spk[gk] and not (p_spk[pk] & g_spk[gk]):
                    c = classify_speaker(d, g, preds[pk], text)
                    cats[c] += 1
                    examples[c].append((d, g, preds[pk]))
            over = [(preds[k], ovl(g_tok[gk], p_tok[k])) for k in range(len(preds)) if g_tok[gk] & p_tok[k]]
            c = classify_missed(d, g, over, text)
            cats[c] += 1
            examples[c].append((d, g, max(over, key=lambda x: x[1])[0] if over else None))
        for pk in psel:
            if pk in matched_p and matched_p[pk][1] >= 0.8 - 1e-9:
                continue
            over = [(golds[k], ovl(g_tok[k], p_tok[pk])) for k in range(len(golds)) if g_tok[k] & p_tok[pk]]
            c = classify_false(d, preds[pk], over, text)
            cats[c] += 1
            examples[c].append((d, max(over, key=lambda x: x[1])[0] if over else None, preds[pk]))
    ngold = sum(1 for d in docs for g in d['quotes'] if g.get('kind') == 'direct')
    print('split %s: %d docs, %d gold direct quotes' % (a.split, len(docs), ngold))
    for c, n in sorted(cats.items(), key=lambda kv: (kv[0].split(':')[0], -kv[1])):
        print('  %5d  %s' % (n, c))
    if a.show:
        for c in sorted(examples):
            if a.show not in c:
                continue
            print('\n== %s' % c)
            for d, g, p in examples[c][:a.n]:
                t = d['text']
                print('-- %s' % d['id'][-50:])
                if g:
                    fr = g.get('fragments') or [(g['start'], g['end'])]
                    s0 = max(0, fr[0][0] - 150)
                    print('   gold %s spk=[%s] cue=[%s] frags=%d: %s[[%s]]%s' % (
                        g.get('kind'), g.get('speaker'), g.get('cue'), len(fr),
                        t[s0:fr[0][0]].replace('\n', ' | '), t[fr[0][0]:fr[-1][1]][:300].replace('\n', ' | '),
                        t[fr[-1][1]:fr[-1][1] + 100].replace('\n', ' | ')))
                if p:
                    print('   pred %s %s spk=[%s] parts=%s: [[%s]]' % (
                        p['kind'], p['rule'], t[p['ss'] - 1:p['se'] - 1] if p['ss'] else '', p.get('qp'),
                        t[p['qs'] - 1:p['qe'] - 1][:300].replace('\n', ' | ')))


if __name__ == '__main__':
    main()
