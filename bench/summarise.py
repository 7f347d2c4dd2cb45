#!/usr/bin/env python3
"""Summarise a bench/run.sh work directory as Markdown: every full-sync run (jebi, bare fetch, mbsync),
medians, the issue-15 ratios with their targets marked met / not met, search p95, peak RSS.

    summarise.py WORK COUNT [PROFILE [CORPUS_DIR]]

Targets: full sync jebi/bare fetch <= 1.4 (every run and the medians), jebi/min(mbsync) <= 0.5 (every
jebi run against mbsync's fastest run), headers-only jebi/raw UID FETCH <= 1.5 (medians), no-change
resync jebi/mbsync <= 0.7 (medians), search p95 jebi/notmuch <= 0.6, peak RSS of a full jebi sync
< 150 MiB.  Work directories of the older run.sh (no bare fetch in full.json) still summarise; the
bare-fetch rows then read "-".
"""
import glob
import json
import os
import statistics
import sys

work, count = sys.argv[1], sys.argv[2]
profile = sys.argv[3] if len(sys.argv) > 3 else "standard"
corpus = sys.argv[4] if len(sys.argv) > 4 else None

T_BARE, T_MBSYNC, T_HEADERS, T_RESYNC, T_SEARCH, T_RSS_MIB = 1.4, 0.5, 1.5, 0.7, 0.6, 150


def results(name):
    with open(os.path.join(work, name)) as f:
        return json.load(f)["results"]


def verdict(ok):
    return "not measured" if ok is None else "met" if ok else "**not met**"


def p95(samples):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def corpus_line():
    if not corpus or not os.path.isdir(corpus):
        return f"{count} messages"
    d = os.path.join(corpus, "cur") if os.path.isdir(os.path.join(corpus, "cur")) else corpus
    sizes = [e.stat().st_size for e in os.scandir(d) if e.is_file()]
    if not sizes:
        return f"{count} messages"
    mib = 1 << 20
    return (f"{len(sizes)} messages, {sum(sizes) / mib:.0f} MiB ({sum(sizes) / 1e9:.2f} GB), "
            f"largest {max(sizes) / mib:.1f} MiB, {sum(s > mib for s in sizes)} over 1 MiB, "
            f"median {statistics.median(sizes) / 1024:.1f} KiB")


print(f"### Corpus: {corpus_line()}; `bench/gen_corpus.py --profile {profile}`; "
      "Dovecot IMAPS on loopback\n")

# -- full sync: every run ------------------------------------------------------------------------
full = {"jebi": None, "bare": None, "mbsync": None}
for r in results("full.json"):
    cmd = r["command"]
    key = "bare" if "bare_fetch" in cmd else "mbsync" if cmd.startswith("mbsync") else "jebi"
    full[key] = r["times"]
jebi, bare, mbsync = full["jebi"], full["bare"], full["mbsync"]
min_mb = min(mbsync)
fmt = lambda x: "-" if x is None else f"{x:.3f}"

print("Full sync, every run (s; hyperfine runs each command back to back, run i of jebi is paired "
      "with run i of the bare fetch):\n")
print(f"| run | jebi | bare fetch | mbsync | jebi / bare (<= {T_BARE}) | "
      f"jebi / min(mbsync) (<= {T_MBSYNC}) |")
print("|---|---|---|---|---|---|")
n = max(len(jebi), len(bare or []), len(mbsync))
bare_ok_runs = 0
for i in range(n):
    j = jebi[i] if i < len(jebi) else None
    b = bare[i] if bare and i < len(bare) else None
    m = mbsync[i] if i < len(mbsync) else None
    rb = f"{j / b:.2f} {verdict(j / b <= T_BARE)}" if j and b else "-"
    bare_ok_runs += bool(j and b and j / b <= T_BARE)
    rm = f"{j / min_mb:.2f} {verdict(j / min_mb <= T_MBSYNC)}" if j else "-"
    print(f"| {i + 1} | {fmt(j)} | {fmt(b)} | {fmt(m)} | {rb} | {rm} |")
mj, mm = statistics.median(jebi), statistics.median(mbsync)
mbare = statistics.median(bare) if bare else None
print(f"| median | {mj:.3f} | {fmt(mbare)} | {mm:.3f} | "
      + (f"{mj / mbare:.2f} {verdict(mj / mbare <= T_BARE)}" if mbare else "-")
      + f" | {mj / min_mb:.2f} {verdict(mj / min_mb <= T_MBSYNC)} |")
print(f"| min | {min(jebi):.3f} | {fmt(min(bare) if bare else None)} | {min_mb:.3f} | | |")
print(f"| max | {max(jebi):.3f} | {fmt(max(bare) if bare else None)} | {max(mbsync):.3f} | | |")
print()
path = os.path.join(work, "bare-verify.txt")
if os.path.exists(path):
    with open(path) as f:
        print(f"Bare fetch receives the whole corpus: {f.read().strip()}\n")

# -- targets --------------------------------------------------------------------------------------
rows = []
if bare:
    rows.append(("full sync, jebi / bare fetch, medians", f"{mj:.3f} s", "bare fetch",
                 f"{mbare:.3f} s", mj / mbare, f"<= {T_BARE}", mj / mbare <= T_BARE))
    wj, wb = max(zip(jebi, bare), key=lambda jb: jb[0] / jb[1])
    rows.append((f"full sync, jebi / bare fetch, every run ({bare_ok_runs} of {min(len(jebi), len(bare))} "
                 "within; worst pair shown)", f"{wj:.3f} s", "bare fetch", f"{wb:.3f} s",
                 wj / wb, f"<= {T_BARE}", bare_ok_runs == min(len(jebi), len(bare))))
else:
    rows.append(("full sync, jebi / bare fetch", f"{mj:.3f} s", "bare fetch (not measured)", "-",
                 None, f"<= {T_BARE}", None))
rows.append(("full sync, every jebi run / fastest mbsync run", f"max {max(jebi):.3f} s", "mbsync",
             f"min {min_mb:.3f} s", max(jebi) / min_mb, f"<= {T_MBSYNC}", max(jebi) / min_mb <= T_MBSYNC))
for name, label, peer, target in [
    ("headers.json", "headers only, medians", "raw UID FETCH (openssl s_client)", T_HEADERS),
    ("resync.json", "no-change resync, medians", "mbsync", T_RESYNC),
]:
    (jr, pr) = results(name)[:2]
    jt, pt = statistics.median(jr["times"]), statistics.median(pr["times"])
    rows.append((label, f"{jt:.3f} s", peer, f"{pt:.3f} s", jt / pt, f"<= {target}", jt / pt <= target))

sj, sn = [], []
for path in sorted(glob.glob(os.path.join(work, "search-*.json"))):
    res = results(os.path.basename(path))
    sj += res[0]["times"]
    sn += res[1]["times"]
jp, np_ = p95(sj) * 1000, p95(sn) * 1000
rows.append(("search p95 (10 queries x 20 runs)", f"{jp:.1f} ms", "notmuch count", f"{np_:.1f} ms",
             jp / np_, f"<= {T_SEARCH}", jp / np_ <= T_SEARCH))
with open(os.path.join(work, "rss.txt")) as f:
    rss_kib = int(f.read().split()[-1])
rss_mib = rss_kib / 1024
rows.append(("peak RSS of a full jebi sync", f"{rss_mib:.0f} MiB ({rss_kib * 1024 / 1e6:.0f} MB)",
             "", "", None, f"< {T_RSS_MIB} MiB", rss_mib < T_RSS_MIB))

print("| measure | jebi | peer | peer | ratio jebi/peer | target | |")
print("|---|---|---|---|---|---|---|")
for label, jv, peer, pv, ratio, target, ok in rows:
    print(f"| {label} | {jv} | {peer} | {pv} | {'-' if ratio is None else f'{ratio:.2f}'} | {target} "
          f"| {verdict(ok)} |")
met = sum(r[-1] is True for r in rows)
print(f"\n{met} of {sum(r[-1] is not None for r in rows)} targets met.\n")

path = os.path.join(work, "mbsync-rss.txt")
if os.path.exists(path):
    with open(path) as f:
        secs, kib = f.read().split()[-2:]
    print(f"For reference, one mbsync full pull under /usr/bin/time (the maildir for notmuch): {float(secs):.2f} s, "
          f"peak RSS {int(kib) / 1024:.0f} MiB.\n")

print("Hits per query (jebi total / notmuch count):\n")
with open(os.path.join(work, "counts.tsv")) as f:
    for line in f:
        q, j, n = line.rstrip("\n").split("\t")
        print(f"- `{q}`: {j} / {n}")
