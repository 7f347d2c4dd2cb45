#!/usr/bin/env bash
# The physical-limit yardstick of a full sync: ONE TLS connection to an IMAPS port, LOGIN, EXAMINE INBOX,
# UID FETCH 1:* (BODY.PEEK[]), LOGOUT; the response is discarded and nothing is parsed (openssl s_client,
# all four commands pipelined, -ign_eof so it keeps reading until the server closes after LOGOUT).
#
#   bench/bare_fetch.sh HOST:PORT CAFILE USER PASSWORD
#       the timed form, for hyperfine; exit status is openssl's
#   bench/bare_fetch.sh --verify CORPUS_DIR HOST:PORT CAFILE USER PASSWORD
#       once, to prove the timed form reads everything: the same command, its output streamed into a
#       checker that counts the FETCH responses and their literal bytes and compares them with the files of
#       CORPUS_DIR (or CORPUS_DIR/cur); prints one line, exits 1 on a mismatch or a missing tagged OK
set -euo pipefail

verify=""
if [ "${1:-}" = "--verify" ]; then
  verify="${2:?--verify needs a corpus directory}"
  shift 2
fi
if [ "$#" -ne 4 ]; then
  sed -n '2,12p' "$0" >&2
  exit 64
fi
addr="$1" ca="$2" user="$3" pass="$4"

commands() {
  printf 'a LOGIN "%s" "%s"\r\nb EXAMINE INBOX\r\nc UID FETCH 1:* (BODY.PEEK[])\r\nd LOGOUT\r\n' "$user" "$pass"
}

if [ -z "$verify" ]; then
  commands | openssl s_client -quiet -ign_eof -CAfile "$ca" -connect "$addr" >/dev/null 2>&1
  exit
fi

commands | openssl s_client -quiet -ign_eof -CAfile "$ca" -connect "$addr" 2>/dev/null | python3 -c '
import os, re, sys
d = sys.argv[1]
if os.path.isdir(os.path.join(d, "cur")):
    d = os.path.join(d, "cur")
files = [os.path.join(d, f) for f in os.listdir(d)]
files = [f for f in files if os.path.isfile(f)]
want_n, want_bytes = len(files), sum(os.path.getsize(f) for f in files)
inp = sys.stdin.buffer
literal = re.compile(rb"\{(\d+)\}\r\n$")
n = got = total = 0
tagged = {}
while True:
    line = inp.readline()
    if not line:
        break
    total += len(line)
    m = literal.search(line)
    if m:
        data = inp.read(int(m.group(1)))
        total += len(data)
        if line.startswith(b"* ") and b" FETCH " in line:
            n += 1
            got += len(data)
        continue
    if line[:2] in (b"a ", b"b ", b"c ", b"d "):
        tagged[line[:1].decode()] = line.split(b" ")[1].decode(errors="replace")
ok = n == want_n and got == want_bytes and tagged.get("c") == "OK" and tagged.get("d") == "OK"
print("bare fetch check: %d FETCH responses with %d literal bytes (corpus: %d files, %d bytes), "
      "%d bytes received in all, FETCH %s, LOGOUT %s: %s" % (
          n, got, want_n, want_bytes, total, tagged.get("c", "missing"), tagged.get("d", "missing"),
          "OK" if ok else "MISMATCH"))
sys.exit(0 if ok else 1)
' "$verify"
