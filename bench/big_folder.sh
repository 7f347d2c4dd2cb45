#!/usr/bin/env bash
# A folder of a million messages in the real window (issue 9).
#   bench/big_folder.sh [ROWS]      (default 1000000; needs Xvfb, xdotool, python3)
# Makes a fresh data dir, fills its Local Folders Inbox with ROWS synthetic envelopes
# (bench/fill_local.py: one transaction, no bodies; the time it took is printed), then starts the
# release binary (tiny-skia) under Xvfb three times with JEBI_STARTUP_TRACE: the time from main
# until the Inbox's rows are in the list (the next frame draws them), then clicks the Inbox (the
# account form covers the list when there is no account) and reads the window's RSS 3 s later
# (VmRSS now, VmHWM the peak so far). Frame times while scrolling the same folder:
#   SCROLL_SPEEDS="23 137 4600" bench/scroll.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
WORK="$(mktemp -d)"
. bench/window_env.sh :95 "rm -rf '$WORK'"
# The first start creates the store and Local Folders.
"$JEBI" --data-dir "$WORK/data" >/dev/null 2>&1 &
APP=$!
sleep 3
kill $APP; wait $APP 2>/dev/null || true
start=$(date +%s%N)
python3 bench/fill_local.py "$WORK/data" "$ROWS"
echo "fill: $(( ($(date +%s%N) - start) / 1000000 )) ms for $ROWS rows ($(du -m "$WORK/data/mail.sqlite" | cut -f1) MB store)"

for run in 1 2 3; do
  JEBI_STARTUP_TRACE=1 "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$WORK/trace" &
  APP=$!
  for _ in $(seq 1 3000); do grep -qs 'rows ready' "$WORK/trace" && break; sleep 0.01; done
  sleep 1
  # With no account the setup form covers the list: click Local Folders' Inbox (the row under
  # All Inboxes, Unread and Starred) so that its rows are drawn before RSS is read.
  xdotool mousemove 40 129 click 1
  sleep 3
  rss=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
  peak=$(awk '/VmHWM/ {print $2}' /proc/$APP/status)
  [ "$run" = 1 ] && import -window root "${TMPDIR:-/tmp}/jebi-big-folder.png" || true
  kill $APP; wait $APP 2>/dev/null || true
  rows=$(grep -o 'startup: .*' "$WORK/trace" || echo "startup: no rows traced")
  echo "run $run: $rows; RSS $((rss / 1024)) MiB (peak $((peak / 1024)) MiB)"
done
