#!/usr/bin/env bash
# Window start-up figures: time from launch until the window is mapped, until the last
# folder's rows reach the list (JEBI_STARTUP_TRACE; measured inside the process from main), and RSS
# once that folder is shown, for a data directory holding a synced store.
#   bench/window.sh DATA_DIR   (e.g. the jebi data dir a bench/run.sh run left in /tmp/jebi-bench-*)
# Needs Xvfb and xdotool. Runs the release binary with the tiny-skia renderer.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="$1"
. bench/window_env.sh :97
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  trace="${TMPDIR:-/tmp}/jebi-window-bench.trace"
  JEBI_STARTUP_TRACE=1 "$JEBI" --data-dir "$DATA" >/dev/null 2>"$trace" &
  APP=$!
  # Poll (xdotool's own --sync sleeps 0.5 s between looks, which would hide the real time).
  until xdotool search --onlyvisible --name '^Jebi$' >/dev/null 2>&1; do sleep 0.01; done
  mapped=$(date +%s%N)
  sleep 2
  rss=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
  [ "$run" = 1 ] && import -window root "${TMPDIR:-/tmp}/jebi-window-bench.png" || true
  kill $APP; wait $APP 2>/dev/null || true
  rows=$(grep -o 'startup: .*' "$trace" || echo "startup: no rows traced")
  echo "run $run: window mapped after $(( (mapped - start) / 1000000 )) ms; $rows; RSS $((rss / 1024)) MiB"
done
