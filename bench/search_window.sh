#!/usr/bin/env bash
# Search as you type in the real window (issue 9: p95 <= 30 ms from keystroke to rows in the list).
#   bench/search_window.sh [ROWS]     (default 100000; Xvfb, xdotool)
# Fills a fresh data dir's Local Folders Inbox with the search corpus (`cargo bench --bench
# fill_search`, the corpus of the headless `search_as_you_type_latency`), opens the release binary
# under Xvfb with JEBI_FRAME_TRACE (continuous frames), presses / and types four queries letter
# by letter (xdotool, 250 ms apart; Esc between queries). Each result set prints
# `jebi: key: search "TEXT" drawn after MS ms`: from the field's change (the text reaching the
# app) to the start of the frame after the one that drew the rows.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000}"
WORK="$(mktemp -d)"
. bench/window_env.sh :97 "rm -rf '$WORK'"
cargo bench --bench fill_search -- "$WORK/data" "$ROWS" 2>&1 | grep fill_search

# Two passes: JEBI_SEARCH_TRACE alone (the window idle between keys: text in the field to rows
# in the list, the query off the UI thread included), then JEBI_FRAME_TRACE (continuous frames:
# to the frame after the one that drew the rows; the redrawing takes one of the two cores).
type_queries() {
  "$JEBI" --data-dir "$WORK/data" >/dev/null 2>"$WORK/trace" &
  APP=$!
  sleep 4
  xdotool mousemove 40 129 click 1
  sleep 2
  xdotool windowfocus --sync "$(xdotool search --name '^Jebi$' | head -1)"
  for q in "quarterly report" "budget holiday" "s12@example.test" "invoice travel"; do
    xdotool key slash
    sleep 0.5
    xdotool type --delay 250 "$q"
    sleep 1
    xdotool key Escape
    sleep 1
  done
  import -window root "${TMPDIR:-/tmp}/jebi-search-window.png" || true
  kill $APP; wait $APP 2>/dev/null || true
  cp "$WORK/trace" "${TMPDIR:-/tmp}/jebi-search-window-$1.trace"
}
summary() { # PATTERN LABEL
  grep -o "$1"' [0-9.]*' "$WORK/trace" | awk '{print $NF}' | sort -n |
    awk -v label="$2" '{a[NR]=$1} END {
      if (NR == 0) { print label ": nothing traced"; exit 1 }
      p95 = a[int(NR*0.95 + 0.999)]; if (p95 == "") p95 = a[NR];
      print label ": " NR " result sets: median " a[int((NR+1)/2)] " ms, p95 " p95 " ms, max " a[NR] " ms"}'
}
JEBI_SEARCH_TRACE=1 type_queries rows
summary 'rows after' "text to rows in the list"
JEBI_FRAME_TRACE=1 type_queries frames
summary 'key: search .* drawn after' "text to the frame after the rows were drawn"
