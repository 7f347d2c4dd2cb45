#!/usr/bin/env bash
# Composer figures in the real window (release build, tiny-skia, Xvfb), from JEBI_COMPOSER_TRACE:
#   open:      Ctrl+N pressed in the main window -> end of the composer window's first frame;
#   keystroke: a key typed into the body -> end of the frame that shows it.
#   bench/composer.sh [OPENS] [KEYS]      (default 10 opens, 100 keys per body; needs Xvfb,
#                                           xdotool, python3, /usr/bin/python3 with python3-xlib)
# Each case: a new message (empty body) and a new message prefilled with a 1 MB body
# (JEBI_COMPOSER_BODY). Composers are closed between opens (WM_DELETE_WINDOW, as a window manager
# would), so every open starts from one main window.
set -euo pipefail
cd "$(dirname "$0")/.."
OPENS="${1:-10}"
KEYS="${2:-100}"
WORK="$(mktemp -d)"
. bench/window_env.sh :95 "rm -rf '$WORK'"

# 1 MB of mail-like text: lines of up to 72 characters, English and Korean words.
python3 - "$WORK/body.txt" <<'EOF'
import random, sys
random.seed(7)
words = ("the quarterly report numbers meeting agenda budget please see attached thanks "
         "회의 자료 보고서 일정 확인 부탁드립니다 감사합니다 예산 분기").split()
out, line, size = [], "", 0
while size < 1024 * 1024:
    w = random.choice(words)
    if len(line) + len(w) + 1 > 72:
        out.append(line); size += len(line.encode()) + 1; line = w
    else:
        line = (line + " " + w).strip()
open(sys.argv[1], "w").write("\n".join(out) + "\n")
EOF

close_window() { # WM_DELETE_WINDOW to window $1
  /usr/bin/python3 -c '
import sys
from Xlib import display, protocol, X
d = display.Display(); w = d.create_resource_object("window", int(sys.argv[1]))
p, dw = d.intern_atom("WM_PROTOCOLS"), d.intern_atom("WM_DELETE_WINDOW")
w.send_event(protocol.event.ClientMessage(window=w, client_type=p, data=(32, [dw, X.CurrentTime, 0, 0, 0])), event_mask=0)
d.flush()' "$1"
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) {print "none"; exit}
  printf "median %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)\n", v[int((NR+1)/2)], v[int(NR*0.95+0.5)], v[NR], NR}'; }

run_case() { # $1: label, $2: body file or ""
  local trace="$WORK/trace-$1"
  if [ -n "$2" ]; then
    JEBI_COMPOSER_TRACE=1 JEBI_COMPOSER_BODY="$2" "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$trace" &
  else
    JEBI_COMPOSER_TRACE=1 "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$trace" &
  fi
  APP=$!
  until xdotool search --onlyvisible --name '^Jebi$' >/dev/null 2>&1; do sleep 0.05; done
  sleep 2
  local main
  main=$(xdotool search --name '^Jebi$' | head -1)
  for i in $(seq 1 "$OPENS"); do
    xdotool windowfocus --sync "$main"
    xdotool key ctrl+n
    local c=""
    for _ in $(seq 1 100); do
      c=$(xdotool search --name '^New message$' 2>/dev/null | head -1 || true)
      [ -n "$c" ] && break
      sleep 0.05
    done
    sleep 0.5
    if [ "$i" = "$OPENS" ]; then
      # Type into the body: click in it (the cursor lands mid-text), then KEYS keys.
      xdotool windowfocus --sync "$c"
      xdotool mousemove --window "$c" 300 450 click 1
      sleep 0.3
      xdotool type --delay 60 "$(head -c "$KEYS" /dev/zero | tr '\0' 'x')"
      sleep 1
      import -window root "${TMPDIR:-/tmp}/jebi-composer-bench-$1.png"
    fi
    close_window "$c"
    sleep 0.5
  done
  kill $APP; wait $APP 2>/dev/null || true
  echo "$1: open: $(grep -o 'opened in [0-9.]*' "$trace" | awk '{print $3}' | median)"
  echo "$1: long body shown: $(grep -o "body shown in [0-9.]*" "$trace" | awk "{print \$4}" | median)"
  echo "$1: keystroke: $(grep -o 'keystroke [0-9.]*' "$trace" | awk '{print $2}' | median)"
}

# The first start creates the store and Local Folders.
"$JEBI" --data-dir "$WORK/data" >/dev/null 2>&1 &
APP=$!
sleep 3
kill $APP; wait $APP 2>/dev/null || true

run_case empty ""
run_case 1MB "$WORK/body.txt"
