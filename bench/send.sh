#!/usr/bin/env bash
# Sending benchmark: flushing COUNT queued messages through one connection (jebi outbox flush)
# against one msmtp run per message, same Postfix (STARTTLS + AUTH) and the same messages.
#   bench/send.sh [COUNT]     (default 200; RUNS=5 by default)
# Runs inside a private D-Bus session with gnome-keyring (the account password lives there).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-200}"
RUNS="${RUNS:-5}"

if [ -z "${JEBI_BENCH_INNER:-}" ]; then
  for bin in msmtp hyperfine postfix dovecot gnome-keyring-daemon dbus-run-session; do
    command -v "$bin" >/dev/null || [ -x "/usr/sbin/$bin" ] || {
      echo "bench: $bin is missing; install: apt-get install -y msmtp hyperfine postfix dovecot-imapd dovecot-lmtpd gnome-keyring dbus-x11" >&2
      exit 2
    }
  done
  cargo build --release --locked
  export JEBI_BENCH_INNER=1
  exec tests/support/with-keyring.sh "$0" "$@"
fi

JEBI="$PWD/target/release/jebi"
WORK="$(mktemp -d /tmp/jebi-sendbench-XXXXXX)"
chmod 755 "$WORK"
STACK="$WORK/stack"
PASS="bench-pw-$$"
python3 tests/support/mailstack.py start --dir "$STACK" --user "alice:$PASS" --user "bob:bob-$PASS" --smtp \
  </dev/null >"$WORK/stack.json"
trap 'python3 tests/support/mailstack.py stop --dir "$STACK" >/dev/null 2>&1 || true' EXIT
get() { python3 -c "import json;print(json.load(open('$WORK/stack.json'))['$1'])"; }
IMAPS=$(get imaps_port)
SMTP=$(get smtp_port)
CA="$STACK/ca.pem"

# The messages: the same text for both (about 3 KB each).
mkdir -p "$WORK/msgs"
python3 - "$WORK/msgs" "$COUNT" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
body = ("The quarterly numbers are in; see the figures below.\n" * 50)
for i in range(n):
    with open(f"{out}/body-{i:04d}.txt", "w") as f:
        f.write(f"Message {i}\n\n{body}")
    with open(f"{out}/msg-{i:04d}.eml", "w") as f:
        f.write(f"From: Alice <alice@example.test>\nTo: bob@example.test\nSubject: bench {i}\n"
                f"Message-ID: <bench-{i}@example.test>\nDate: Sun, 29 Nov 2026 10:00:00 +0000\n"
                f"Content-Type: text/plain; charset=utf-8\n\nMessage {i}\n\n{body}")
PY

# A data dir with COUNT queued messages; each run starts from a copy of it. No Sent copy here,
# so both sides do the same work (the Sent copy is measured separately below).
TEMPLATE="$WORK/template"
add_account() {
  printf '%s\n' "$PASS" | "$JEBI" --data-dir "$1" account add --name bench --email alice@example.test \
    --login alice --imap "127.0.0.1:$IMAPS" --imap-security tls --ca-file "$CA" \
    --smtp "127.0.0.1:$SMTP" --smtp-security starttls $2 --password-stdin >/dev/null
}
add_account "$TEMPLATE" --no-sent-copy
for i in $(seq -f %04g 0 $((COUNT - 1))); do
  "$JEBI" --data-dir "$TEMPLATE" send --queue-only --to bob@example.test --subject "bench $i" \
    --body-file "$WORK/msgs/body-$i.txt" >/dev/null
done
TEMPLATE_SENT="$WORK/template-sent"
add_account "$TEMPLATE_SENT" ""
for i in $(seq -f %04g 0 $((COUNT - 1))); do
  "$JEBI" --data-dir "$TEMPLATE_SENT" send --queue-only --to bob@example.test --subject "bench $i" \
    --body-file "$WORK/msgs/body-$i.txt" >/dev/null
done

cat >"$WORK/msmtprc" <<RC
account bench
host 127.0.0.1
port $SMTP
tls on
tls_starttls on
tls_trust_file $CA
auth plain
user alice
password $PASS
from alice@example.test
account default : bench
RC
chmod 600 "$WORK/msmtprc"
cat >"$WORK/msmtp-all.sh" <<SH
#!/bin/sh
for f in $WORK/msgs/msg-*.eml; do msmtp -C $WORK/msmtprc -t < "\$f" || exit 1; done
SH
chmod +x "$WORK/msmtp-all.sh"

D="$WORK/run"
echo "== $COUNT messages: jebi outbox flush (one connection) vs one msmtp run per message"
hyperfine --style basic --runs "$RUNS" --export-json "$WORK/send.json" \
  --prepare "rm -rf $D && cp -a $TEMPLATE $D" "$JEBI --data-dir $D outbox flush" \
  --prepare "true" "$WORK/msmtp-all.sh"
echo "== the same with a Sent copy of each message (IMAP APPEND)"
hyperfine --style basic --runs "$RUNS" --export-json "$WORK/send-sent.json" \
  --prepare "rm -rf $D && cp -a $TEMPLATE_SENT $D" "$JEBI --data-dir $D outbox flush"
python3 - "$WORK" <<'PY'
import json, sys, statistics
w = sys.argv[1]
r = json.load(open(f"{w}/send.json"))["results"]
s = json.load(open(f"{w}/send-sent.json"))["results"][0]
j, m = statistics.median(r[0]["times"]), statistics.median(r[1]["times"])
print(f"median of {len(r[0]['times'])} runs: jebi outbox flush {j:.3f} s, one msmtp run per message {m:.3f} s, "
      f"ratio {m/j:.1f}x; jebi with Sent copies {statistics.median(s['times']):.3f} s")
PY
