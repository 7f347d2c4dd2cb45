#!/usr/bin/env bash
# Jebi benchmarks against named peers on one generated corpus, same session, same machine.
#   bench/run.sh [COUNT [PROFILE]]   COUNT default 20000; PROFILE standard (default) or attachments
#     (bench/gen_corpus.py --profile). Corpus bench/out/corpus-COUNT (standard) or
#     bench/out/corpus-PROFILE-COUNT; results bench/out/results-COUNT.md or results-PROFILE-COUNT.md.
#   RUNS=N       runs of each full-sync command (default 3)
#   JEBI_BIN=P   benchmark that jebi binary and skip `cargo build --release --locked`
# Peers: bench/bare_fetch.sh (one TLS connection, UID FETCH 1:* BODY.PEEK[], output discarded: the physical
# limit of a full sync), mbsync (isync, PipelineDepth 50), openssl s_client (a raw pipelined headers UID FETCH),
# notmuch (count). Runs inside a private D-Bus session with gnome-keyring (the account password lives there).
set -euo pipefail
if [ -n "${JEBI_BIN:-}" ]; then
  JEBI_BIN="$(realpath "$JEBI_BIN")"
  export JEBI_BIN
fi
cd "$(dirname "$0")/.."
COUNT="${1:-20000}"
PROFILE="${2:-standard}"
RUNS="${RUNS:-3}"
OUT="$PWD/bench/out"
case "$PROFILE" in
  standard) CORPUS="$OUT/corpus-$COUNT"; RESULTS="$OUT/results-$COUNT.md" ;;
  attachments) CORPUS="$OUT/corpus-$PROFILE-$COUNT"; RESULTS="$OUT/results-$PROFILE-$COUNT.md" ;;
  *) echo "bench: unknown profile '$PROFILE' (standard or attachments)" >&2; exit 64 ;;
esac
mkdir -p "$OUT"

if [ -z "${JEBI_BENCH_INNER:-}" ]; then
  for bin in mbsync notmuch hyperfine openssl dovecot gnome-keyring-daemon dbus-run-session; do
    command -v "$bin" >/dev/null || {
      echo "bench: $bin is missing; install: apt-get install -y isync notmuch hyperfine openssl dovecot-imapd gnome-keyring dbus-x11" >&2
      exit 2
    }
  done
  [ -n "${JEBI_BIN:-}" ] || cargo build --release --locked
  if [ ! -d "$CORPUS" ]; then
    rm -rf "$CORPUS.partial"
    python3 bench/gen_corpus.py --out "$CORPUS.partial" --count "$COUNT" --profile "$PROFILE"
    mv "$CORPUS.partial" "$CORPUS"
  fi
  export JEBI_BENCH_INNER=1
  exec tests/support/with-keyring.sh "$0" "$@"
fi

JEBI="${JEBI_BIN:-$PWD/target/release/jebi}"
WORK="$(mktemp -d /tmp/jebi-bench-XXXXXX)"
echo "bench: work dir $WORK, corpus $CORPUS, jebi $JEBI"
chmod 755 "$WORK"
STACK="$WORK/stack"
PASS="bench-pw-$$"
python3 tests/support/mailstack.py start --dir "$STACK" --user "alice:$PASS" \
  --fill "alice:INBOX:$CORPUS" --link </dev/null >"$WORK/stack.json"
# The work dir holds gigabytes (mbsync's Maildir, the stores): gone at exit unless KEEP_WORK=1.
trap 'python3 tests/support/mailstack.py stop --dir "$STACK" >/dev/null 2>&1 || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
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
echo "== full sync: jebi (bodies + FTS) vs a bare fetch (one connection, BODY.PEEK[], discarded) vs mbsync"
# Once untimed: proves the bare fetch receives every byte (and lets Dovecot build its index before any timing).
bench/bare_fetch.sh --verify "$CORPUS" "127.0.0.1:$PORT" "$CA" alice "$PASS" | tee "$WORK/bare-verify.txt"
$H "$WORK/full.json" \
  --prepare "rm -rf $DATA/mail.sqlite $DATA/mail.sqlite-wal $DATA/mail.sqlite-shm $DATA/bodies" "$JEBI --data-dir $DATA sync" \
  --prepare "true" "$PWD/bench/bare_fetch.sh 127.0.0.1:$PORT $CA alice $PASS" \
  --prepare "rm -rf $MAILDIR; mkdir -p $MAILDIR" "mbsync -q -c $WORK/mbsyncrc -a"

echo "== headers only: jebi vs a raw UID FETCH (openssl s_client, pipelined, output discarded)"
printf 'a LOGIN alice %s\r\nb EXAMINE INBOX\r\nc UID FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE)\r\nd LOGOUT\r\n' "$PASS" >"$WORK/raw-fetch.txt"
hyperfine --style basic --warmup 1 --runs 7 --export-json "$WORK/headers.json" \
  --prepare "rm -rf $DATA/mail.sqlite $DATA/mail.sqlite-wal $DATA/mail.sqlite-shm $DATA/bodies" "$JEBI --data-dir $DATA sync --headers-only" \
  --prepare "true" "sh -c 'openssl s_client -quiet -ign_eof -CAfile $CA -connect 127.0.0.1:$PORT <$WORK/raw-fetch.txt >/dev/null 2>&1'"

echo "== peak RSS of a full jebi sync"
rm -rf "$DATA"/mail.sqlite* "$DATA"/bodies
/usr/bin/time -f "%M" -o "$WORK/rss.txt" "$JEBI" --data-dir "$DATA" sync >/dev/null 2>&1
echo "peak RSS: $(cat "$WORK/rss.txt") KiB"
rm -rf "$MAILDIR"; mkdir -p "$MAILDIR"
/usr/bin/time -f "%e %M" -o "$WORK/mbsync-rss.txt" mbsync -q -c "$WORK/mbsyncrc" -a
echo "mbsync full pull (for reference): $(cut -d' ' -f1 "$WORK/mbsync-rss.txt") s, peak RSS $(cut -d' ' -f2 "$WORK/mbsync-rss.txt") KiB"

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

python3 bench/summarise.py "$WORK" "$COUNT" "$PROFILE" "$CORPUS" | tee "$RESULTS"
