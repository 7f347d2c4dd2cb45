#!/usr/bin/env bash
# Marking 10,000 selected messages read (or unread) in the real window (issue 9: "updates the
# window within 100 ms").
#   bench/mark_read.sh [ROWS] [TOGGLES]     (default 10000 rows, 6 toggles; Xvfb, xdotool)
# Fills a fresh data dir's Local Folders Inbox with ROWS envelopes (bench/fill_local.py; a third
# unread), opens it in the release binary under Xvfb with JEBI_FRAME_TRACE (continuous frames),
# clicks the first row, Ctrl+A, then presses u TOGGLES times (read, unread, read, ...), 2 s apart.
# Each press prints `jebi: key: ToggleRead drawn after MS ms`: from the key event to the start of
# the frame after the one that drew the result (rows, counts, reader). The engine's part (index
# and action queue, one transaction) runs after the list changed; the server's part of the same
# change is bench/actions.sh ("flag").
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000}"
TOGGLES="${2:-6}"
WORK="$(mktemp -d)"
. bench/window_env.sh :96 "rm -rf '$WORK'"
"$JEBI" --data-dir "$WORK/data" >/dev/null 2>&1 &
APP=$!
sleep 3
kill $APP; wait $APP 2>/dev/null || true
python3 bench/fill_local.py "$WORK/data" "$ROWS"

JEBI_FRAME_TRACE=1 "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$WORK/trace" &
APP=$!
sleep 4
# With no account the setup form covers the list: Local Folders' Inbox, then its first row.
xdotool mousemove 40 129 click 1
sleep 2
xdotool mousemove 440 100 click 1
sleep 1
xdotool windowfocus --sync "$(xdotool search --name '^Jebi$' | head -1)"
xdotool key ctrl+a
sleep 1
for _ in $(seq 1 "$TOGGLES"); do
  xdotool key u
  sleep 2
done
import -window root "${TMPDIR:-/tmp}/jebi-mark-read.png" || true
kill $APP; wait $APP 2>/dev/null || true
grep -o 'key: ToggleRead drawn after .*' "$WORK/trace" || { echo "no key traced"; exit 1; }
grep -o 'key: ToggleRead drawn after [0-9.]*' "$WORK/trace" | awk '{print $NF}' | sort -n |
  awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms of " NR " presses (max " a[NR] " ms)"}'
