#!/usr/bin/env bash
# POP3 download-and-delete of COUNT generated messages over POP3S: `jebi sync` of a POP3 account
# (the whole command: process start, keyring, TLS, every message stored durably in a new store)
# vs fetchmail (nokeep, an mda that discards the mail), same mailbox refilled before every run,
# same Dovecot. Runs inside a private D-Bus session with gnome-keyring (the password lives there).
#   bench/pop3.sh [COUNT]      (default 5000; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-5000}"
RUNS="${RUNS:-3}"
OUT="$PWD/bench/out"
CORPUS="$OUT/corpus-$COUNT"
if [ -z "${JEBI_BENCH_INNER:-}" ]; then
  for bin in fetchmail hyperfine dovecot gnome-keyring-daemon dbus-run-session; do
    command -v "$bin" >/dev/null || {
      echo "bench: $bin is missing; install: apt-get install -y fetchmail hyperfine dovecot-pop3d gnome-keyring dbus-x11" >&2
      exit 2
    }
  done
  cargo build --release --locked --bin jebi
  [ -d "$CORPUS" ] || python3 bench/gen_corpus.py --out "$CORPUS" --count "$COUNT"
  export JEBI_BENCH_INNER=1
  exec tests/support/with-keyring.sh "$0" "$@"
fi
JEBI="${JEBI_BIN:-$PWD/target/release/jebi}"
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
# A new store and account before every run (untimed): the timed command is the user's.
cat >"$WORK/fresh.sh" <<SH
#!/bin/sh
set -e
"$WORK/refill.sh"
rm -rf "$WORK/data"
printf '%s\\n' "$PASS" | "$JEBI" --data-dir "$WORK/data" account add --name home \\
  --email alice@example.test --login alice --pop3 "127.0.0.1:$PORT" --pop3-security tls \\
  --ca-file "$CA" --password-stdin --no-check >/dev/null
SH
chmod +x "$WORK/fresh.sh"
hyperfine --style basic --runs "$RUNS" --export-json "$WORK/pop3.json" \
  --prepare "$WORK/fresh.sh" \
  "$JEBI --data-dir $WORK/data sync" \
  --prepare "$WORK/refill.sh" \
  "fetchmail -f $WORK/fetchmailrc --nosyslog -s"
# Once more, to show what the user sees and check the server is empty after it.
"$WORK/fresh.sh"
"$JEBI" --data-dir "$WORK/data" sync
left=$(find "$MAILDIR/cur" "$MAILDIR/new" -type f | wc -l)
stored=$("$JEBI" --data-dir "$WORK/data" list --account home --folder Inbox --limit 1000000 --json | grep -c '"subject"')
echo "after the last run: $stored messages stored here, $left files left on the server"
python3 - "$WORK/pop3.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
j, f = r[0]["times"], r[1]["times"]
print("jebi runs (s):", ", ".join("%.3f" % t for t in j))
print("fetchmail runs (s):", ", ".join("%.3f" % t for t in f))
print("median jebi / fetchmail: %.3f / %.3f = %.2f (target <= 0.5)" % (
    statistics.median(j), statistics.median(f), statistics.median(j) / statistics.median(f)))
PY
