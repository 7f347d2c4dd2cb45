#!/usr/bin/env bash
# The packages as a user gets them (the .rpm is read, the .deb installed): build it (packaging/build.sh), check it (dpkg-deb,
# desktop-file-validate, appstreamcli), install it (apt-get install ./jebi.deb, as root), start
# /usr/bin/jebi under Xvfb and check its WM_CLASS, hand it a mailto: URL through xdg-open (the
# desktop's way: one jebi process left, a composer titled by the URL's subject), remove it
# (dpkg -r) and check that no installed file is left. Run by scripts/test-all.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ID=org.jebimail.Jebi
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "installing a package needs root (run as root, as CI does)"
for tool in desktop-file-validate appstreamcli xdg-open xdg-mime xprop Xvfb xdotool dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing; install: apt-get install -y desktop-file-utils appstream xdg-utils x11-utils xvfb xdotool dpkg-dev"
done
if dpkg -s jebi >/dev/null 2>&1; then
  fail "a jebi package is already installed here; this test installs and removes its own (dpkg -r jebi first)"
fi
built=$(packaging/build.sh)
deb=$(echo "$built" | grep '\.deb$')
rpm=$(echo "$built" | grep '\.rpm$')
[ -f "$deb" ] || fail "packaging/build.sh made no .deb"
[ -f "$rpm" ] || fail "packaging/build.sh made no .rpm"
# The .rpm (not installable on Debian): its header and files, read with rpm.
if command -v rpm >/dev/null; then
  rpm -qp --queryformat '%{NAME} %{VERSION}\n' "$rpm" 2>/dev/null | grep -q '^jebi ' || fail "rpm cannot read $rpm"
  files=$(rpm -qlp "$rpm" 2>/dev/null)
  for f in /usr/bin/jebi /usr/share/applications/$ID.desktop /usr/share/man/man1/jebi.1.gz; do
    echo "$files" | grep -qx "$f" || fail "the .rpm lacks $f"
  done
  rpm -qp --requires "$rpm" 2>/dev/null | grep -q '^libX11' || fail "the .rpm does not require libX11"
else
  fail "rpm is missing; install: apt-get install -y rpm"
fi
work=$(mktemp -d /tmp/jebi-deb-test-XXXXXX)
display=""
cleanup() {
  pkill -f "^/usr/bin/jebi" 2>/dev/null || true
  [ -n "$display" ] && pkill -f "Xvfb $display" 2>/dev/null || true
  dpkg -r jebi >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# What the package holds, and that the desktop files are valid.
dpkg-deb --info "$deb" >/dev/null
dpkg-deb -x "$deb" "$work/x"
desktop-file-validate "$work/x/usr/share/applications/$ID.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/x/usr/share/metainfo/$ID.metainfo.xml" >/dev/null \
  || fail "appstreamcli validate"
for f in usr/bin/jebi usr/bin/jebi-window usr/share/man/man1/jebi.1.gz usr/share/bash-completion/completions/jebi \
         usr/share/zsh/vendor-completions/_jebi usr/share/fish/vendor_completions.d/jebi.fish \
         usr/share/icons/hicolor/scalable/apps/$ID.svg usr/share/icons/hicolor/256x256/apps/$ID.png; do
  [ -f "$work/x/$f" ] || fail "the package lacks /$f"
done
grep -q "MimeType=x-scheme-handler/mailto;" "$work/x/usr/share/applications/$ID.desktop" \
  || fail "the desktop file does not declare the mailto: handler"

# Install (apt pulls the libraries it depends on), then run it as a user would.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" </dev/null >/dev/null \
  || fail "apt-get install ./$deb"
installed=$(dpkg -L jebi)
/usr/bin/jebi --version | grep -q "jebi" || fail "jebi --version"
home="$work/home"; mkdir -p "$home"
n=90; while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
display=":$n"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
for _ in $(seq 50); do DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share
export ICED_BACKEND=tiny-skia
/usr/bin/jebi >"$work/jebi.log" 2>&1 &
window=""
for _ in $(seq 200); do
  window=$(xdotool search --name '^Jebi' 2>/dev/null | head -1) && [ -n "$window" ] && break
  sleep 0.2
done
[ -n "$window" ] || fail "no Jebi window appeared ($(tail -3 "$work/jebi.log"))"
xprop -id "$window" WM_CLASS | grep -q "\"$ID\"" || fail "WM_CLASS is not $ID: $(xprop -id "$window" WM_CLASS)"
# The desktop's way to open a mailto: link: the default handler, through xdg-open.
xdg-mime default "$ID.desktop" x-scheme-handler/mailto
[ "$(xdg-mime query default x-scheme-handler/mailto)" = "$ID.desktop" ] || fail "xdg-mime did not take Jebi as the mailto: handler"
xdg-open 'mailto:deb-check@example.com?subject=Deb%20check' || fail "xdg-open mailto:"
composer=""
for _ in $(seq 100); do
  composer=$(xdotool search --name '^Deb check$' 2>/dev/null | head -1) && [ -n "$composer" ] && break
  sleep 0.2
done
[ -n "$composer" ] || fail "the running Jebi opened no composer for the mailto: link"
sleep 1
# `jebi` hands the window over to `jebi-window` (exec: the same process, renamed).
count=$(pgrep -c -x 'jebi|jebi-window' || true)
[ "$count" = 1 ] || fail "$count jebi processes run after the mailto: link (want 1)"
pkill -x 'jebi|jebi-window' || true
sleep 0.5
size_kb=$(dpkg-query -W -f='${Installed-Size}' jebi)
bin_bytes=$(stat -c %s /usr/bin/jebi)
window_bytes=$(stat -c %s /usr/bin/jebi-window)
dpkg -r jebi >/dev/null || fail "dpkg -r jebi"
left=""
while read -r f; do
  [ -d "$f" ] && continue
  [ -e "$f" ] && left="$left $f"
done <<<"$installed"
[ -z "$left" ] || fail "files left after dpkg -r:$left"
echo "test-deb: ok: installed size ${size_kb} KiB, /usr/bin/jebi ${bin_bytes} bytes, /usr/bin/jebi-window ${window_bytes} bytes; WM_CLASS $ID; xdg-open mailto: reached the running Jebi; dpkg -r left nothing"
