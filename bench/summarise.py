#!/usr/bin/env python3
"""Summarise a bench/run.sh work directory as Markdown: medians, ratios, search p95."""
import glob
import json
import os
import statistics
import sys

work, count = sys.argv[1], sys.argv[2]


def medians(name):
    with open(os.path.join(work, name)) as f:
        res = json.load(f)["results"]
    return [(r["command"], statistics.median(r["times"])) for r in res]


def p95(samples):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


print(f"### Corpus: {count} messages (bench/gen_corpus.py), Dovecot IMAPS on loopback\n")
print("| measure | jebi (median s) | peer | peer (median s) | ratio jebi/peer | target |")
print("|---|---|---|---|---|---|")
for name, peer, target in [
    ("full.json", "mbsync", "<= 0.5"),
    ("headers.json", "raw UID FETCH (openssl s_client)", "<= 2"),
    ("resync.json", "mbsync", "<= 1"),
]:
    (jc, jt), (_, pt) = medians(name)
    print(f"| {name[:-5]} | {jt:.3f} | {peer} | {pt:.3f} | {jt / pt:.2f} | {target} |")

jebi, notmuch = [], []
for path in sorted(glob.glob(os.path.join(work, "search-*.json"))):
    with open(path) as f:
        res = json.load(f)["results"]
    jebi += res[0]["times"]
    notmuch += res[1]["times"]
jp, np_ = p95(jebi) * 1000, p95(notmuch) * 1000
print(f"| search p95 (10 queries x 20 runs) | {jp:.1f} ms | notmuch count | {np_:.1f} ms | {jp / np_:.2f} | <= 1 |")
with open(os.path.join(work, "rss.txt")) as f:
    rss = int(f.read().split()[-1])
print(f"\nPeak RSS of a full jebi sync: {rss / 1024:.0f} MiB (target < 200 MiB)\n")
print("Hits per query (jebi total / notmuch count):\n")
with open(os.path.join(work, "counts.tsv")) as f:
    for line in f:
        q, j, n = line.rstrip("\n").split("\t")
        print(f"- `{q}`: {j} / {n}")
