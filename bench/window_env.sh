# Sourced by the window benchmarks (bench/window.sh, bench/scroll.sh): builds the release binary
# into $JEBI and starts a private Xvfb on display $1, exported as DISPLAY, stopped on exit (with
# the extra clean-up command in $2, if any; XVFB_SCREEN=WxHxD for another screen size). The
# renderer is tiny-skia, or RENDERER=wgpu (JEBI_RENDERER). JEBI_BIN=path runs that binary
# instead (to compare builds).
if [ -n "${JEBI_BIN:-}" ]; then
  JEBI="$JEBI_BIN"
else
  cargo build --release --locked >/dev/null 2>&1
  JEBI="$PWD/target/release/jebi"
fi
Xvfb "$1" -screen 0 "${XVFB_SCREEN:-1280x800x24}" >/dev/null 2>&1 &
XVFB=$!
# shellcheck disable=SC2064 # expand now: the pid and clean-up are fixed here
trap "kill $XVFB 2>/dev/null || true; ${2:-true}" EXIT
sleep 1
export DISPLAY="$1" JEBI_RENDERER="${RENDERER:-tiny-skia}"
