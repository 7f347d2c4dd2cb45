#!/usr/bin/env bash
# Self-test of with-keyring.sh's watch (run inside it): a secret stored, the keyring daemon killed
# (D-Bus then starts a locked one, as happened once in a clean-clone run), and within a few
# seconds the secret must read again from an unlocked keyring.
set -euo pipefail
py=/usr/bin/python3   # Debian's, with python3-dbus (python3-dbusmock depends on it)
here="$(dirname "$0")"
"$py" "$here/keyring_secret.py" store
pid=$(ss -xlpn | grep -F "$XDG_RUNTIME_DIR/keyring/control" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
[ -n "$pid" ] || { echo "keyring_recovers: no keyring daemon listens in $XDG_RUNTIME_DIR/keyring" >&2; exit 1; }
kill "$pid"
for _ in $(seq 30); do
    sleep 0.5
    if [ "$("$py" "$here/keyring_secret.py" read 2>/dev/null)" = "secret sekrit" ]; then
        echo "keyring_recovers: the keyring came back unlocked with its secret" >&2
        exit 0
    fi
done
echo "keyring_recovers: FAILED: 15 s after the daemon was killed the secret still does not read" >&2
exit 1
