#!/usr/bin/env bash
# Run CMD [ARGS...] inside a private D-Bus session whose Secret Service (gnome-keyring) is unlocked, with a fresh
# temporary HOME so a developer's real keyring is never touched. CARGO_HOME, RUSTUP_HOME (and PYENV_ROOT when
# pyenv is in use) keep pointing at the real toolchains; PATH is kept. The temp dir is removed afterwards.
# Exit status is CMD's; 2 when dbus-run-session or gnome-keyring-daemon is missing.
set -euo pipefail

if [ "$#" -lt 1 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 64
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring: $tool not found: install it with: apt-get install -y gnome-keyring dbus-x11" >&2
        exit 2
    fi
done

# Tool locations that default to $HOME: pin them before HOME changes.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
if [ -n "${PYENV_ROOT:-}" ] || [ -d "$HOME/.pyenv" ]; then
    export PYENV_ROOT="${PYENV_ROOT:-$HOME/.pyenv}"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/jebi-keyring.XXXXXX")"
# The window's theme detection wakes xdg-desktop-portal in the private session, which may mount
# its document portal (FUSE) at $XDG_RUNTIME_DIR/doc: unmount it before removing the temp dir,
# and never let the clean-up change the exit status.
cleanup() {
    local doc="$tmp/run/doc"
    if [ -d "$doc" ]; then
        fusermount3 -u -z "$doc" 2>/dev/null || fusermount -u -z "$doc" 2>/dev/null \
            || umount -l "$doc" 2>/dev/null || true
    fi
    rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp" 2>/dev/null; } || \
        echo "with-keyring: could not remove $tmp entirely" >&2
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 700 "$tmp"

export HOME="$tmp/home"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$HOME" "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL

status=0
dbus-run-session -- sh -c '
    # The password unlocks (and on first use creates) the "login" keyring, the default collection.
    out=$(printf %s jebi-test-keyring | gnome-keyring-daemon --unlock --components=secrets) || {
        echo "with-keyring: gnome-keyring-daemon failed to start" >&2; exit 2; }
    eval "$out"
    export GNOME_KEYRING_CONTROL
    # make sure the Secret Service name is on the bus before CMD runs
    if command -v dbus-send >/dev/null 2>&1; then
        i=0
        until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
                | grep -q "boolean true"; do
            i=$((i + 1))
            if [ "$i" -ge 100 ]; then
                echo "with-keyring: org.freedesktop.secrets did not appear on the session bus" >&2
                exit 2
            fi
            sleep 0.05
        done
    fi
    # Keep the keyring open for the whole run: once, in a clean-clone run, the daemon vanished
    # mid-run, D-Bus started a locked one in its place and 33 tests failed with "The system
    # keyring is locked". Every 2 s: if the login collection is locked or gone (not when the
    # daemon is merely slow to answer), replace the daemon and unlock the keyring again; its
    # file in $HOME keeps what was stored.
    main=$$
    (
        while sleep 2 && kill -0 "$main" 2>/dev/null; do
            state=$(dbus-send --session --print-reply --reply-timeout=10000 \
                --dest=org.freedesktop.secrets /org/freedesktop/secrets/collection/login \
                org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection \
                string:Locked 2>&1 | tail -n 1)
            case "$state" in
                *"boolean true"* | *UnknownMethod* | *UnknownObject* | *ServiceUnknown* | *NameHasNoOwner*) ;;
                *) continue ;;
            esac
            kill -0 "$main" 2>/dev/null || break
            echo "with-keyring: the keyring daemon went away or locked (${state##* }); starting it again" >&2
            printf %s jebi-test-keyring | gnome-keyring-daemon --replace --unlock --components=secrets \
                >/dev/null 2>&1 || echo "with-keyring: gnome-keyring-daemon did not start again" >&2
        done
    ) >/dev/null &
    exec "$@"
' with-keyring "$@" || status=$?
exit "$status"
