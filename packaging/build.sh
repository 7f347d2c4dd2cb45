#!/usr/bin/env bash
# Build every package this machine can build into target/packages/ and print their paths.
# Linux: a .deb (cargo-deb, installed at a pinned version when missing), a portable .tar.gz with
# an install script. macOS and Windows packages are built by .github/workflows/release.yml on
# their own runners (see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_DEB_VERSION=3.8.0
CARGO_GENERATE_RPM_VERSION=0.16.1
OUT=target/packages
mkdir -p "$OUT" target/packaging
if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
  echo "packaging: installing cargo-deb $CARGO_DEB_VERSION (once; a few minutes)" >&2
  cargo install --locked "cargo-deb@$CARGO_DEB_VERSION" >&2
fi
if ! cargo generate-rpm --version 2>/dev/null | grep -q "$CARGO_GENERATE_RPM_VERSION"; then
  echo "packaging: installing cargo-generate-rpm $CARGO_GENERATE_RPM_VERSION (once; a few minutes)" >&2
  cargo install --locked "cargo-generate-rpm@$CARGO_GENERATE_RPM_VERSION" >&2
fi
for bin in dpkg-deb strip objcopy; do
  command -v "$bin" >/dev/null || {
    echo "packaging: $bin is missing; install: apt-get install -y dpkg-dev binutils" >&2
    exit 2
  }
done
cargo build --release --locked --bin jebi --bin jebi-window >&2
# The man page and completions from the same definitions as --help.
target/release/jebi generate-docs target/packaging >&2
gzip -9nf target/packaging/jebi.1
# The release profile keeps line tables for crash reports (target/release/jebi keeps them);
# the package gets a stripped binary.
deb=$(cargo deb --no-build --locked --strip --no-separate-debug-symbols -o "$OUT" 2>&1 | tail -1)
echo "$deb" | grep -q '\.deb$' || { echo "packaging: cargo deb failed: $deb" >&2; exit 1; }
# The .rpm: the same files (cargo-generate-rpm does not strip: a stripped copy goes in).
strip -o target/packaging/jebi target/release/jebi
strip -o target/packaging/jebi-window target/release/jebi-window
rm -f "$OUT"/*.rpm
cargo generate-rpm -o "$OUT" >&2
rpm=$(ls "$OUT"/*.rpm)
# A portable tarball: the same files under a prefix, and an install script.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
stage="target/packaging/jebi-$version"
rm -rf "$stage"; mkdir -p "$stage"
dpkg-deb -x "$deb" "$stage/root"
cp packaging/linux/install.sh "$stage/install.sh"
tar -C target/packaging -czf "$OUT/jebi-$version-linux-$(uname -m).tar.gz" "jebi-$version"
echo "$deb"
echo "$rpm"
echo "$OUT/jebi-$version-linux-$(uname -m).tar.gz"
