#!/usr/bin/env bash
# Jebi benchmarks against named peers on one generated corpus, same session, same machine.
#   bench/run.sh [COUNT]        (default 20000; results in bench/out/results-COUNT.md)
# Peers: mbsync (isync, PipelineDepth 50), openssl s_client (a raw pipelined UID FETCH), notmuch (count).
# Runs inside a private D-Bus session with gnome-keyring (the account password lives there).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-20000}"
RUNS="${RUNS:-3}"
OUT="$PWD/bench/out"
CORPUS="$OUT/corpus-$COUNT"
mkdir -p "$OUT"

if [ -z "${JEBI_BENCH_INNER:-}" ]; then
  for bin in mbsync notmuch hyperfine openssl dovecot gnome-keyring-daemon dbus-run-session; do
    command -v "$bin" >/dev/null || {
      echo "bench: $bin is missing; install: apt-get install -y isync notmuch hyperfine openssl dovecot-imapd gnome-keyring dbus-x11" >&2
      exit 2
    }
  done
  cargo build --release --locked
  [ -d "$CORPUS" ] || python3 bench/gen_corpus.py --out "$CORPUS" --count "$COUNT"
  export JEBI_BENCH_INNER=1
  exec tests/support/with-keyring.sh "$0" "$@"
fi

JEBI="$PWD/target/release/jebi"
WORK="$(mktemp -d /tmp/jebi-bench-XXXXXX)"
chmod 755 "$WORK"
STACK="$WORK/stack"
PASS="bench-pw-$$"
python3 tests/support/mailstack.py start --dir "$STACK" --user "alice:$PASS" \
  --fill "alice:INBOX:$CORPUS" --link </dev/null >"$WORK/stack.json"
trap 'python3 tests/support/mailstack.py stop --dir "$STACK" >/dev/null 2>&1 || true' EXIT
PORT=$(python3 -c "import json;print(json.load(open('$WORK/stack.json'))['imaps_port'])")
CA="$STACK/ca.pem"
DATA="$WORK/jebi"
printf '%s\n' "$PASS" | "$JEBI" --data-dir "$DATA" account add --name bench --email alice@example.test \
  --login alice --imap "127.0.0.1:$PORT" --imap-security tls --ca-file "$CA" --password-stdin

MAILDIR="$WORK/mbsync"
cat >"$WORK/mbsyncrc" <<RC
IMAPAccount bench
Host localhost
Port $PORT
User alice
Pass $PASS
SSLType IMAPS
CertificateFile $CA
PipelineDepth 50

IMAPStore remote
Account bench

MaildirStore local
Path $MAILDIR/
Inbox $MAILDIR/INBOX
SubFolders Verbatim

Channel bench
Far :remote:
Near :local:
Patterns *
Create Near
Sync Pull
SyncState *
RC

H="hyperfine --style basic --runs $RUNS --export-json"
echo "== full sync: jebi (bodies + FTS) vs mbsync"
$H "$WORK/full.json" \
  --prepare "rm -f $DATA/mail.sqlite $DATA/mail.sqlite-wal $DATA/mail.sqlite-shm" "$JEBI --data-dir $DATA sync" \
  --prepare "rm -rf $MAILDIR; mkdir -p $MAILDIR" "mbsync -q -c $WORK/mbsyncrc -a"

echo "== headers only: jebi vs a raw UID FETCH (openssl s_client, pipelined, output discarded)"
printf 'a LOGIN alice %s\r\nb EXAMINE INBOX\r\nc UID FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE)\r\nd LOGOUT\r\n' "$PASS" >"$WORK/raw-fetch.txt"
hyperfine --style basic --warmup 1 --runs 7 --export-json "$WORK/headers.json" \
  --prepare "rm -f $DATA/mail.sqlite $DATA/mail.sqlite-wal $DATA/mail.sqlite-shm" "$JEBI --data-dir $DATA sync --headers-only" \
  --prepare "true" "sh -c 'openssl s_client -quiet -ign_eof -CAfile $CA -connect 127.0.0.1:$PORT <$WORK/raw-fetch.txt >/dev/null 2>&1'"

echo "== peak RSS of a full jebi sync"
rm -f "$DATA"/mail.sqlite*
/usr/bin/time -f "%M" -o "$WORK/rss.txt" "$JEBI" --data-dir "$DATA" sync >/dev/null 2>&1
echo "peak RSS: $(cat "$WORK/rss.txt") KiB"
rm -rf "$MAILDIR"; mkdir -p "$MAILDIR"; mbsync -q -c "$WORK/mbsyncrc" -a

echo "== no-change resync: jebi vs mbsync"
hyperfine --style basic --warmup 1 --runs 10 --export-json "$WORK/resync.json" \
  "$JEBI --data-dir $DATA sync" "mbsync -q -c $WORK/mbsyncrc -a"

echo "== search: jebi search vs notmuch count, 10 queries"
cat >"$WORK/notmuch-config" <<NM
[database]
path=$MAILDIR
[new]
tags=
ignore=.mbsyncstate;.uidvalidity;.mbsyncstate.journal;.mbsyncstate.new;.mbsyncstate.lock
[search]
exclude_tags=
NM
export NOTMUCH_CONFIG="$WORK/notmuch-config"
notmuch new --quiet
: >"$WORK/counts.tsv"
i=0
while IFS= read -r q; do
  [ -n "$q" ] || continue
  i=$((i + 1))
  j=$("$JEBI" --data-dir "$DATA" search "$q" --json --limit 50 | python3 -c "import json,sys;print(json.load(sys.stdin)['total'])")
  n=$(notmuch count "$q")
  printf '%s\t%s\t%s\n' "$q" "$j" "$n" >>"$WORK/counts.tsv"
  hyperfine --style none --warmup 2 --runs 20 -N --export-json "$WORK/search-$i.json" \
    "$JEBI --data-dir $DATA search \"$q\" --json --limit 50" "notmuch count \"$q\"" >/dev/null
done <bench/queries.txt

python3 bench/summarise.py "$WORK" "$COUNT" | tee "$OUT/results-$COUNT.md"
