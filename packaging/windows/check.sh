#!/usr/bin/env bash
# Type-check the Windows build from Linux (no linking: the installer itself is built on a
# Windows runner by .github/workflows/release.yml). Catches Unix-only code that slipped out of
# its cfg. Needs the Rust std for the target and MinGW's C compiler (SQLite and other C parts
# are compiled by build scripts even for a check):
#   rustup target add x86_64-pc-windows-gnu && apt-get install -y gcc-mingw-w64-x86-64
set -euo pipefail
cd "$(dirname "$0")/../.."
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
command -v x86_64-w64-mingw32-gcc >/dev/null || {
    echo "check: x86_64-w64-mingw32-gcc is missing; install: apt-get install -y gcc-mingw-w64-x86-64" >&2
    exit 2
}
# Its own target directory: the cross-check shares nothing with the native build.
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/windows-check}" \
    cargo check --locked --target x86_64-pc-windows-gnu --bin jebi --bin jebi-window "$@"
