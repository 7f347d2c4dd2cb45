#!/usr/bin/env bash
# Jebi's test command: ./scripts/test-all.sh [extra cargo test args...]
# 1. makes sure the real servers/tools the tests use are installed (Dovecot, Postfix, gnome-keyring, D-Bus, OpenSSL,
#    Xvfb, xdotool, ImageMagick, CJK fonts, ibus with its Hangul engine, swaks and msmtp as SMTP peers),
# 2. self-checks the Dovecot/Postfix test stack (tests/support/mailstack.py selftest) and that the private keyring
#    comes back unlocked if its daemon goes away (tests/support/keyring_recovers.sh),
# 2b. clears old builds when the disk has less than NEED_GB free (they are a cache; see (b3)),
# 3. runs `cargo test --locked --all-targets "$@"` inside a private, unlocked Secret Service session,
# 4. builds the .deb, installs, runs and removes it (packaging/test-deb.sh; needs root).
# Works non-interactively (no stdin, CI=true, as root on a fresh clone).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(dovecot-imapd dovecot-pop3d dovecot-lmtpd gnome-keyring dbus-x11 libdbus-1-dev pkg-config openssl
          xvfb xdotool imagemagick fonts-noto-cjk ibus ibus-hangul
          postfix swaks msmtp
          ca-certificates python3
          desktop-file-utils appstream xdg-utils x11-utils dpkg-dev binutils
          python3-dbusmock libglib2.0-bin rpm dnsmasq-base
          mesa-vulkan-drivers libvulkan1 libegl-mesa0 iproute2
          python3-xlib python3-dbus)

have() {
    command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ] || [ -x "/usr/local/sbin/$1" ]
}

# (a) system packages
missing=()
for tool in dovecot doveadm postfix postconf swaks msmtp gnome-keyring-daemon dbus-run-session openssl python3 pkg-config \
            Xvfb xdotool import ibus-daemon desktop-file-validate appstreamcli xdg-open xprop dpkg-deb objcopy gdbus rpm dnsmasq ss; do
    have "$tool" || missing+=("$tool")
done
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=("fonts-noto-cjk")
# the notification test's daemon (python3-dbusmock's notification_daemon template)
/usr/bin/python3 -c "import dbusmock" 2>/dev/null || missing+=("python3-dbusmock")
# the drag-and-drop tests drop files through ../shared/tools/xdnd-drop.py (python3-xlib); the keyring selftest
# reads secrets with python3-dbus
/usr/bin/python3 -c "import Xlib" 2>/dev/null || missing+=("python3-xlib")
/usr/bin/python3 -c "import dbus" 2>/dev/null || missing+=("python3-dbus")
# the input-method test types Korean through ibus' Hangul engine
[ -e /usr/share/ibus/component/hangul.xml ] || missing+=("ibus-hangul")
# Debian splits Dovecot's protocols into packages: dovecot-core alone has no IMAP/POP3/LMTP
if [ -d /usr/lib/dovecot ]; then
    for proto in imap pop3 lmtp; do
        [ -x "/usr/lib/dovecot/$proto" ] || missing+=("dovecot-${proto}d")
    done
fi
# the renderer test forces wgpu: with no GPU it draws on Mesa's software Vulkan (lavapipe)
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || [ "$(uname -m)" != x86_64 ] || missing+=("mesa-vulkan-drivers")
# the keyring crate's D-Bus backend builds against libdbus-1 via pkg-config
if have pkg-config && ! pkg-config --exists dbus-1; then
    missing+=("libdbus-1-dev")
fi
if [ "${#missing[@]}" -gt 0 ]; then
    install_cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${PACKAGES[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "test-all: missing: ${missing[*]}" >&2
        echo "test-all: install them as root with:" >&2
        echo "  sudo sh -c '$install_cmd'" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "test-all: missing: ${missing[*]}, and no apt-get to install them (the tests need Debian/Ubuntu" \
             "packages: ${PACKAGES[*]})" >&2
        exit 1
    fi
    echo "test-all: installing ${PACKAGES[*]} (missing: ${missing[*]})" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Postfix's package would otherwise configure an "Internet Site" and start a system Postfix on port 25 (where
    # invoke-rc.d may start services); the tests run their own instances (tests/support/mailstack_postfix.py) and
    # need neither /etc/postfix/main.cf nor a system daemon. Only affects a first install.
    if command -v debconf-set-selections >/dev/null 2>&1; then
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    fi
    apt-get update -qq </dev/null
    apt-get install -y -qq -o Dpkg::Use-Pty=0 "${PACKAGES[@]}" </dev/null >/dev/null
    for tool in "${missing[@]}"; do
        case "$tool" in dovecot-*|libdbus-1-dev|fonts-noto-cjk|ibus-hangul|python3-*) continue ;; esac
        if ! have "$tool"; then
            echo "test-all: $tool is still missing after apt-get install" >&2
            exit 1
        fi
    done
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "test-all: cargo not found: install Rust (https://rustup.rs) and make sure cargo is on PATH" >&2
    exit 1
fi

# (b) the real mail stack starts and answers as the tests expect
echo "test-all: mail stack selftest" >&2
if ! python3 tests/support/mailstack.py selftest </dev/null; then
    echo "test-all: FAILED: tests/support/mailstack.py selftest (Dovecot test stack broken, see above)" >&2
    exit 1
fi

# (b2) the private keyring survives its daemon going away (with-keyring.sh's watch)
echo "test-all: keyring recovery selftest" >&2
if ! tests/support/with-keyring.sh tests/support/keyring_recovers.sh </dev/null; then
    echo "test-all: FAILED: tests/support/keyring_recovers.sh (see above)" >&2
    exit 1
fi

# (b3) room to build. A fresh checkout's builds take about 12 GB (tests, the release build of the package, the fuzz
# targets); a build directory kept from earlier runs keeps every old binary too and grows until the disk is full.
# With less than NEED_GB free, the old builds go first (they are only a cache).
NEED_GB=20
free_gb() { df -Pk "$1" | awk 'NR == 2 { print int($4 / 1048576) }'; }
target_dir=${CARGO_TARGET_DIR:-target}
mkdir -p "$target_dir"
if [ "$(free_gb "$target_dir")" -lt "$NEED_GB" ]; then
    echo "test-all: only $(free_gb "$target_dir") GB free for the builds; removing the old ones ($target_dir, fuzz/target)" >&2
    rm -rf "$target_dir" fuzz/target
    mkdir -p "$target_dir"
    if [ "$(free_gb "$target_dir")" -lt "$NEED_GB" ]; then
        echo "test-all: warning: still only $(free_gb "$target_dir") GB free; the builds need about 12 GB" >&2
    fi
fi

# (c) the Rust tests, with a private unlocked keyring; iced tests render headless with tiny-skia
export ICED_TEST_BACKEND=tiny-skia
echo "test-all: cargo test --locked --all-targets $*" >&2
tests/support/with-keyring.sh cargo test --locked --all-targets "$@" </dev/null

# (d) the Debian package as a user gets it: build, install, run, mailto:, remove
echo "test-all: packaging/test-deb.sh" >&2
packaging/test-deb.sh </dev/null

# (e) every fuzz target for a short smoke on its committed corpus (issue 13); fails on a crash
echo "test-all: scripts/fuzz-smoke.sh" >&2
scripts/fuzz-smoke.sh </dev/null
