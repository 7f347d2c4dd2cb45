#!/usr/bin/env bash
# Acting on many messages: `jebi flag ID... --seen` and `jebi move ID... --to Other` on COUNT
# messages (each returns once the server has the change), against a raw `UID STORE` / `UID MOVE`
# of the same messages by a Python imaplib script, same Dovecot, same session.
#   bench/actions.sh [COUNT]     (default 10000; RUNS=3 by default)
# Every run has mailboxes of its own, filled alike (Jebi's user jN, the raw client's rN) and both
# synced once by jebi (so Dovecot holds the same index and cache for both), so each command
# meets a fresh INBOX of COUNT unseen messages and an empty folder Other. Odd runs act with Jebi
# first, even runs with the raw client first. JEBI_REPLAY_TRACE shows where Jebi's time went.
# Runs inside a private D-Bus session with gnome-keyring (the account password lives there).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-10000}"
RUNS="${RUNS:-3}"
OUT="$PWD/bench/out"
CORPUS="$OUT/actions-corpus-$COUNT"

if [ -z "${JEBI_BENCH_INNER:-}" ]; then
  for bin in python3 dovecot gnome-keyring-daemon dbus-run-session; do
    command -v "$bin" >/dev/null || [ -x "/usr/sbin/$bin" ] || {
      echo "bench: $bin is missing; install: apt-get install -y python3 dovecot-imapd gnome-keyring dbus-x11" >&2
      exit 2
    }
  done
  cargo build --release --locked
  if [ ! -d "$CORPUS" ]; then
    # Small plain messages (~1.5 KB), all unseen (no ":2,S" in the names), unique Message-IDs.
    mkdir -p "$CORPUS.tmp"
    python3 - "$CORPUS.tmp" "$COUNT" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
body = "The figures for this week are attached below; nothing needs an answer.\r\n" * 18
for i in range(n):
    with open(f"{out}/m{i:06d}", "w", newline="") as f:
        f.write(f"From: Sender {i % 97} <sender{i % 97}@example.test>\r\nTo: alice@example.test\r\n"
                f"Subject: Weekly note {i}\r\nDate: Mon, {1 + i % 28:02d} Nov 2026 10:00:00 +0000\r\n"
                f"Message-ID: <actions-{i}@example.test>\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"\r\nNote {i}.\r\n{body}")
PY
    mv "$CORPUS.tmp" "$CORPUS"
  fi
  export JEBI_BENCH_INNER=1
  exec tests/support/with-keyring.sh "$0" "$@"
fi

JEBI="$PWD/target/release/jebi"
WORK="$(mktemp -d /tmp/jebi-actionbench-XXXXXX)"
chmod 755 "$WORK"
STACK="$WORK/stack"
PASS="bench-pw-$$"
mkdir -p "$WORK/empty"
ARGS=()
for i in $(seq 1 "$RUNS"); do
  for who in j r; do
    ARGS+=(--user "$who$i:$PASS" --fill "$who$i:INBOX:$CORPUS" --fill "$who$i:Other:$WORK/empty")
  done
done
python3 tests/support/mailstack.py start --dir "$STACK" "${ARGS[@]}" --link </dev/null >"$WORK/stack.json"
trap 'python3 tests/support/mailstack.py stop --dir "$STACK" >/dev/null 2>&1 || true' EXIT
PORT=$(python3 -c "import json;print(json.load(open('$WORK/stack.json'))['imaps_port'])")
CA="$STACK/ca.pem"

# The raw client: log in, SELECT INBOX, one command, log out (what a script would do by hand).
# It prints the milliseconds from before connecting to after logging out: Python's own start
# (~0.25 s for imaplib and ssl here) is left out of the comparison, Jebi's process start is in.
cat >"$WORK/raw.py" <<'PY'
import imaplib, ssl, sys, time
started = time.monotonic()
port, ca, user, password, what, count = sys.argv[1:7]
ctx = ssl.create_default_context(cafile=ca)
ctx.check_hostname = False
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
m.login(user, password)
m.select("INBOX")
uids = "1:%s" % count
if what == "store":
    typ, data = m.uid("STORE", uids, "+FLAGS.SILENT", "(\\Seen)")
elif what == "move":
    typ, data = m.uid("MOVE", uids, "Other")
else:
    # count: "INBOX-messages INBOX-seen Other-messages"
    typ, data = m.uid("SEARCH", "ALL")
    inbox = len(data[0].split())
    typ, data = m.uid("SEARCH", "SEEN")
    seen = len(data[0].split())
    m.select("Other", readonly=True)
    typ, data = m.uid("SEARCH", "ALL")
    print(inbox, seen, len(data[0].split()))
if typ != "OK":
    sys.exit("%s: %s %r" % (what, typ, data))
m.logout()
if what != "count":
    print(round((time.monotonic() - started) * 1000))
PY
raw() { python3 "$WORK/raw.py" "$PORT" "$CA" "$1" "$PASS" "$2" "$COUNT"; }
ms() { date +%s%N; }
expect() {
  local got
  got=$(raw "$1" count)
  [ "$got" = "$2" ] || { echo "bench: $1 holds (INBOX, seen, Other) = $got, expected $2" >&2; exit 1; }
}

took() { echo $(( ($2 - $1) / 1000000 )); }
s=$(ms); python3 -c "import imaplib, ssl"; e=$(ms)
echo "(starting python3 with imaplib and ssl: $(took "$s" "$e") ms; raw figures leave it out, walls include it)"
: >"$WORK/times.tsv"
for i in $(seq 1 "$RUNS"); do
  D="$WORK/jebi-$i"
  for who in j r; do
    printf '%s\n' "$PASS" | "$JEBI" --data-dir "$WORK/jebi-$who$i" account add --name bench \
      --email alice@example.test --login "$who$i" --imap "127.0.0.1:$PORT" --imap-security tls \
      --ca-file "$CA" --password-stdin >/dev/null
    s=$(ms); "$JEBI" --data-dir "$WORK/jebi-$who$i" sync >/dev/null 2>&1; e=$(ms)
    echo "run $i: jebi sync of $COUNT messages ($who$i): $(took "$s" "$e") ms"
  done
  D="$WORK/jebi-j$i"
  IDS=$("$JEBI" --data-dir "$D" list --folder INBOX --limit $((COUNT * 2)) --json |
    python3 -c "import json,sys;print(' '.join(str(m['id']) for m in json.load(sys.stdin)))")
  [ "$(echo "$IDS" | wc -w)" = "$COUNT" ] || { echo "bench: jebi did not list $COUNT messages" >&2; exit 1; }

  jebi_flag() {
    s=$(ms); JEBI_REPLAY_TRACE=1 "$JEBI" --data-dir "$D" flag $IDS --seen >/dev/null 2>"$WORK/flag-$i.trace"; e=$(ms)
    flag_jebi=$(took "$s" "$e")
    expect "j$i" "$COUNT $COUNT 0"
  }
  raw_flag() {
    s=$(ms); flag_raw=$(raw "r$i" store); e=$(ms)
    flag_raw_wall=$(took "$s" "$e")
    expect "r$i" "$COUNT $COUNT 0"
  }
  jebi_move() {
    s=$(ms); JEBI_REPLAY_TRACE=1 "$JEBI" --data-dir "$D" move $IDS --to Other >/dev/null 2>"$WORK/move-$i.trace"; e=$(ms)
    move_jebi=$(took "$s" "$e")
    expect "j$i" "0 0 $COUNT"
  }
  raw_move() {
    s=$(ms); move_raw=$(raw "r$i" move); e=$(ms)
    move_raw_wall=$(took "$s" "$e")
    expect "r$i" "0 0 $COUNT"
  }
  if [ $((i % 2)) = 1 ]; then
    jebi_flag; raw_flag; jebi_move; raw_move
  else
    raw_flag; jebi_flag; raw_move; jebi_move
  fi
  [ "$("$JEBI" --data-dir "$D" pending)" = "Nothing is waiting for the server." ] ||
    { echo "bench: jebi still has changes queued" >&2; exit 1; }

  echo "run $i: flag: jebi $flag_jebi ms, raw UID STORE $flag_raw ms (wall $flag_raw_wall);" \
    "move: jebi $move_jebi ms, raw UID MOVE $move_raw ms (wall $move_raw_wall)"
  sed 's/^/  flag /' "$WORK/flag-$i.trace" | grep 'replay:' || true
  sed 's/^/  move /' "$WORK/move-$i.trace" | grep 'replay:' || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$flag_jebi" "$flag_raw" "$move_jebi" "$move_raw" \
    "$flag_raw_wall" "$move_raw_wall" >>"$WORK/times.tsv"
done

python3 - "$WORK/times.tsv" "$COUNT" <<'PY'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
fj, fr, mj, mr, frw, mrw = (statistics.median(c) for c in zip(*rows))
n = sys.argv[2]
print(f"median of {len(rows)} runs, {n} messages (raw: in-process; wall: with python3's start):")
print(f"  jebi flag ID... --seen      {fj:5.0f} ms   raw UID STORE 1:{n} +FLAGS.SILENT (\\Seen) {fr:5.0f} ms"
      f" (wall {frw:.0f})   ratio {fj / fr:.2f}")
print(f"  jebi move ID... --to Other  {mj:5.0f} ms   raw UID MOVE 1:{n} Other              {mr:5.0f} ms"
      f" (wall {mrw:.0f})   ratio {mj / mr:.2f}")
PY
