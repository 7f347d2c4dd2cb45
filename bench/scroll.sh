#!/usr/bin/env bash
# Frame time of the real window while its message list scrolls through a 100,000-message folder.
#   bench/scroll.sh [ROWS]      (default 100000; needs Xvfb, xdotool, python3)
#   SCROLL_SPEEDS="23 137 4600" bench/scroll.sh 1000000     (other scripted speeds, px/frame)
#   SCALE=2 bench/scroll.sh                                  (HiDPI: twice the pixels)
# Makes a fresh data dir, fills its Local Folders Inbox with ROWS synthetic envelopes
# (bench/fill_local.py) and opens the release binary (tiny-skia) under Xvfb with JEBI_FRAME_TRACE,
# which redraws continuously and prints the time from each frame's start to the next's.
#   scripted N px: the list scrolls itself N pixels every frame for 600 frames (every frame draws
#                  a new position; 23 px is a slow scroll, 137 px about three rows per frame,
#                  4600 px a hundred rows, a new page of the folder read every other frame);
#                  the window's RSS is read when it ends (VmRSS, and VmHWM the peak);
#   wheel:         xdotool turns the mouse wheel over the list, 300 notches 10 ms apart; the
#                  frames from the first to the last move are counted (p95 and longest).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000}"
SPEEDS="${SCROLL_SPEEDS:-23 137}"
# SCALE=2: the window as on a HiDPI screen (WINIT_X11_SCALE_FACTOR; 2400x1520 pixels, on a
# 2560x1600 Xvfb screen); clicks are scaled to match.
SCALE="${SCALE:-1}"
if [ "$SCALE" != 1 ]; then
  export WINIT_X11_SCALE_FACTOR="$SCALE"
  export XVFB_SCREEN="${XVFB_SCREEN:-2560x1600x24}"
fi
at() { awk -v s="$SCALE" -v x="$1" -v y="$2" 'BEGIN { printf "%d %d", x * s, y * s }'; }
WORK="$(mktemp -d)"
. bench/window_env.sh :96 "rm -rf '$WORK'"
# The first start creates the store and Local Folders.
"$JEBI" --data-dir "$WORK/data" >/dev/null 2>&1 &
APP=$!
sleep 3
kill $APP; wait $APP 2>/dev/null || true
python3 bench/fill_local.py "$WORK/data" "$ROWS"

# Frame lines "jebi: frame: MS ms at offset Y" -> median and p95 of MS. `stats all`: every frame
# from the first to the last whose offset differs from the one before (the scripted scroll moves on
# every frame). `stats tail`: the same frames, but only the p95 and the longest (the wheel leaves
# idle frames between notches when the window keeps up, so a median would mostly count those).
stats() {
  awk -v mode="$1" '/jebi: frame:/ {ms[++n] = $3; off[n] = $7}
    END {
      first = 0; last = 0
      for (i = 2; i <= n; i++) if (off[i] != off[i-1]) { if (!first) first = i; last = i }
      if (first) for (i = first; i <= last; i++)
        print ms[i]
    }' | sort -n | awk -v mode="$1" '{v[NR] = $1; if ($1 > 8) slow++}
    END {
      if (NR == 0) { print "no scrolling frames"; exit }
      if (mode == "tail")
        printf "%d frames: p95 %.2f ms, longest %.2f ms, %d over 8 ms\n", NR, v[int(NR*0.95+0.5)], v[NR], slow
      else
        printf "%d frames: median %.2f ms, p95 %.2f ms\n", NR, v[int((NR+1)/2)], v[int(NR*0.95+0.5)]
    }'
}

launch() { # $1: JEBI_FRAME_TRACE value
  JEBI_FRAME_TRACE="$1" "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$WORK/trace" &
  APP=$!
  for _ in $(seq 1 400); do
    xdotool search --onlyvisible --name '^Jebi$' >/dev/null 2>&1 && break
    sleep 0.05
  done
  sleep 2
  # With no account the setup form is shown: open Local Folders' Inbox (the first folder row,
  # under All Inboxes, Unread and Starred; 40,42 was the Inbox before those views came and is
  # now the Unread view).
  xdotool mousemove $(at 40 129) click 1
}

for run in 1 2 3; do
  for px in $SPEEDS; do
    launch "scroll:$px"
    for _ in $(seq 1 600); do grep -q 'scripted scroll done' "$WORK/trace" && break; sleep 0.05; done
    rss=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
    peak=$(awk '/VmHWM/ {print $2}' /proc/$APP/status)
    kill $APP; wait $APP 2>/dev/null || true
    echo "run $run: scripted $px px/frame: $(stats all < "$WORK/trace"); RSS $((rss / 1024)) MiB (peak $((peak / 1024)) MiB)"
  done
  launch 1
  sleep 1
  xdotool mousemove $(at 440 300) click --repeat 300 --delay 10 5
  sleep 0.5
  [ "$run" = 1 ] && import -window root "${TMPDIR:-/tmp}/jebi-scroll-bench.png" || true
  kill $APP; wait $APP 2>/dev/null || true
  echo "run $run: wheel: $(stats tail < "$WORK/trace")"
done
