#!/usr/bin/env bash
# POP3 download-and-delete of COUNT generated messages over POP3S: Jebi's POP3 engine (every
# message stored durably in a new store; examples/pop3_download.rs) vs fetchmail (nokeep, an mda
# that discards the mail), same mailbox refilled before every run, same Dovecot.
#   bench/pop3.sh [COUNT]      (default 5000; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-5000}"
RUNS="${RUNS:-3}"
OUT="$PWD/bench/out"
CORPUS="$OUT/corpus-$COUNT"
for bin in fetchmail hyperfine dovecot; do
  command -v "$bin" >/dev/null || {
    echo "bench: $bin is missing; install: apt-get install -y fetchmail hyperfine dovecot-pop3d" >&2
    exit 2
  }
done
cargo build --release --locked --example pop3_download
[ -d "$CORPUS" ] || python3 bench/gen_corpus.py --out "$CORPUS" --count "$COUNT"
WORK="$(mktemp -d /tmp/jebi-pop3-bench-XXXXXX)"
chmod 755 "$WORK"
PASS="pop3-bench-$$"
python3 tests/support/mailstack.py start --dir "$WORK/stack" --user "alice:$PASS" </dev/null >"$WORK/stack.json"
trap 'python3 tests/support/mailstack.py stop --dir "$WORK/stack" >/dev/null 2>&1 || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
read -r PORT CA MAILDIR < <(python3 -c "
import json; s=json.load(open('$WORK/stack.json'))
print(s['pop3s_port'], s['ca_file'], s['users']['alice']['maildir'])")
# Refill: hard links into the Maildir (Dovecot finds them at the next login).
cat >"$WORK/refill.sh" <<SH
#!/bin/sh
python3 - <<'PY'
import os
src, dst = "$CORPUS", "$MAILDIR/cur"
for name in os.listdir(dst):
    os.unlink(os.path.join(dst, name))
for i, name in enumerate(sorted(os.listdir(src))):
    path = os.path.join(src, name)
    os.link(path, os.path.join(dst, "bench%06d.%d,S=%d:2," % (i, os.getpid(), os.path.getsize(path))))
PY
SH
chmod +x "$WORK/refill.sh"
cat >"$WORK/fetchmailrc" <<RC
set no bouncemail
poll localhost protocol pop3 port $PORT:
  user "alice" password "$PASS" ssl sslcertfile "$CA" sslcertck
  nokeep fetchall mda "cat >/dev/null"
RC
chmod 600 "$WORK/fetchmailrc"
export FETCHMAILHOME="$WORK"
JEBI_POP3="$PWD/target/release/examples/pop3_download"
hyperfine --style basic --runs "$RUNS" --export-json "$WORK/pop3.json" \
  --prepare "$WORK/refill.sh; rm -rf $WORK/data; mkdir -p $WORK/data" \
  "$JEBI_POP3 localhost:$PORT $CA alice $PASS $WORK/data" \
  --prepare "$WORK/refill.sh" \
  "fetchmail -f $WORK/fetchmailrc --nosyslog -s"
"$WORK/refill.sh"; rm -rf "$WORK/data"; mkdir -p "$WORK/data"
"$JEBI_POP3" localhost:"$PORT" "$CA" alice "$PASS" "$WORK/data"
python3 - "$WORK/pop3.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
j, f = r[0]["times"], r[1]["times"]
print("jebi runs (s):", ", ".join("%.3f" % t for t in j))
print("fetchmail runs (s):", ", ".join("%.3f" % t for t in f))
print("median jebi / fetchmail: %.3f / %.3f = %.2f (target <= 0.5)" % (
    statistics.median(j), statistics.median(f), statistics.median(j) / statistics.median(f)))
PY
