#!/bin/sh
# Install Jebi from this portable archive: under /usr/local (as root) or ~/.local (otherwise),
# or under PREFIX. `./install.sh --uninstall` removes exactly the files it installed; mail and
# settings (in ~/.local/share/jebi) are never touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${PREFIX:-}" ]; then prefix=$PREFIX
elif [ "$(id -u)" = 0 ]; then prefix=/usr/local
else prefix=$HOME/.local; fi
list="$prefix/share/jebi/installed-files"
if [ "${1:-}" = "--uninstall" ]; then
  [ -f "$list" ] || { echo "jebi is not installed under $prefix" >&2; exit 1; }
  while read -r f; do rm -f "$f"; done < "$list"
  rm -f "$list"
  echo "Removed Jebi from $prefix (your mail and settings stay)."
  exit 0
fi
mkdir -p "$prefix/share/jebi"
: > "$list"
cd "$here/root/usr"
find . -type f | while read -r f; do
  dest="$prefix/${f#./}"
  mkdir -p "$(dirname "$dest")"
  cp "$f" "$dest"
  echo "$dest" >> "$list"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
echo "Installed Jebi under $prefix: run $prefix/bin/jebi"
