#!/usr/bin/env bash
# Frame time of the real window while its message list scrolls through a 100,000-message folder,
# and while the reader scrolls a long HTML newsletter, at each display scale asked for.
#   bench/scroll.sh [ROWS]      (default 100000; needs Xvfb, xdotool, python3)
#   SCALES="1 2"                scale factors to run, each reported on its own (default both;
#                               2 is a HiDPI laptop: WINIT_X11_SCALE_FACTOR=2, twice the pixels)
#   RENDERER=tiny-skia|wgpu     the renderer (JEBI_RENDERER; default tiny-skia, the CPU path)
#   SCROLL_SPEEDS="23 137 4600" list speeds in px/frame (default "23 137")
#   READER_SPEEDS="40"          reader speeds in px/frame (default 40; "" skips the reader)
#   RUNS=3                      runs of everything per scale
# Makes a fresh data dir, fills its Local Folders Inbox with ROWS synthetic envelopes and, as the
# newest message, a long HTML newsletter (bench/fill_local.py --newsletter), and opens the release
# binary under Xvfb with JEBI_FRAME_TRACE, which redraws continuously and prints the time from
# each frame's start to the next's.
#   scripted N px: the list scrolls itself N pixels every frame for 600 frames (every frame draws
#                  a new position; 23 px is a slow scroll, 137 px about three rows per frame,
#                  4600 px a hundred rows, a new page of the folder read every other frame);
#                  the window's RSS is read when it ends (VmRSS, and VmHWM the peak);
#   reader N px:   the newsletter is opened and its body scrolls N pixels every frame (600
#                  frames, back to the top at the end);
#   wheel:         xdotool turns the mouse wheel over the list, 300 notches 10 ms apart; the
#                  frames from the first to the last move are counted (p95 and longest).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000}"
SPEEDS="${SCROLL_SPEEDS:-23 137}"
READER_SPEEDS="${READER_SPEEDS-40}"
SCALES="${SCALES:-1 2}"
RUNS="${RUNS:-3}"
export RENDERER="${RENDERER:-tiny-skia}"
# One screen big enough for the scale-2 window (2400x1520).
export XVFB_SCREEN="${XVFB_SCREEN:-2560x1600x24}"
WORK="$(mktemp -d)"
. bench/window_env.sh :96 "rm -rf '$WORK'"
# The first start creates the store and Local Folders.
"$JEBI" --data-dir "$WORK/data" >/dev/null 2>&1 &
APP=$!
sleep 3
kill $APP; wait $APP 2>/dev/null || true
python3 bench/fill_local.py "$WORK/data" "$ROWS" --newsletter

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

at() { awk -v s="$SCALE" -v x="$1" -v y="$2" 'BEGIN { printf "%d %d", x * s, y * s }'; }

launch() { # $1: JEBI_FRAME_TRACE value
  WINIT_X11_SCALE_FACTOR="$SCALE" JEBI_STARTUP_TRACE=1 JEBI_FRAME_TRACE="$1" \
    "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$WORK/trace" &
  APP=$!
  for _ in $(seq 1 400); do
    xdotool search --onlyvisible --name '^Jebi$' >/dev/null 2>&1 && break
    sleep 0.05
  done
  sleep 2
  # With no account the setup form is shown: open Local Folders' Inbox (the first folder row,
  # under All Inboxes, Unread and Starred).
  xdotool mousemove $(at 40 129) click 1
}

rss() {
  local rss peak
  rss=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
  peak=$(awk '/VmHWM/ {print $2}' /proc/$APP/status)
  echo "RSS $((rss / 1024)) MiB (peak $((peak / 1024)) MiB)"
}

done_scrolling() {
  for _ in $(seq 1 900); do grep -q 'scripted scroll done' "$WORK/trace" && return; sleep 0.05; done
}

for SCALE in $SCALES; do
  echo "== scale $SCALE, renderer $RENDERER, $ROWS rows"
  for run in $(seq 1 "$RUNS"); do
    for px in $SPEEDS; do
      launch "scroll:$px"
      done_scrolling
      line="run $run: scripted $px px/frame: $(stats all < "$WORK/trace"); $(rss)"
      kill $APP; wait $APP 2>/dev/null || true
      grep -q "renderer $RENDERER" "$WORK/trace" || line="$line; NOT drawn by $RENDERER: $(grep -o 'renderer [a-z-]*' "$WORK/trace" || echo 'renderer unknown')"
      echo "$line"
    done
    for px in $READER_SPEEDS; do
      launch "reader:$px"
      sleep 1
      # The newsletter is the newest message: the list's first row.
      xdotool mousemove $(at 440 75) click 1
      done_scrolling
      line="run $run: reader $px px/frame: $(stats all < "$WORK/trace"); $(rss)"
      [ "$run" = 1 ] && import -window root "${TMPDIR:-/tmp}/jebi-reader-scroll-$SCALE.png" || true
      kill $APP; wait $APP 2>/dev/null || true
      echo "$line"
    done
    launch 1
    sleep 1
    xdotool mousemove $(at 440 300) click --repeat 300 --delay 10 5
    sleep 0.5
    [ "$run" = 1 ] && import -window root "${TMPDIR:-/tmp}/jebi-scroll-bench-$SCALE.png" || true
    kill $APP; wait $APP 2>/dev/null || true
    echo "run $run: wheel: $(stats tail < "$WORK/trace")"
  done
done
