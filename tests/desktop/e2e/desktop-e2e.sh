#!/bin/sh
# The desktop's end-to-end run through the accessibility tree (desktop-e2e.py) inside a private
# D-Bus session with a Secret Service (with-secret-service.sh). Skips (77) when a program it needs
# is absent, unless CI is set: there a missing program is a failure.
# Usage: desktop-e2e.sh PROXMOX_MCPD PROXMOX_MCP_DESKTOP OUTPUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
launcher=${PMCP_ATSPI_BUS_LAUNCHER:-/usr/libexec/at-spi-bus-launcher}
missing=""
for program in Xvfb xwd dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$program" >/dev/null 2>&1 || missing="$missing $program"
done
[ -x "$launcher" ] || missing="$missing at-spi-bus-launcher(at-spi2-core)"
# Debian's python3-pyatspi is for Debian's python3: prefer it over another python3 on PATH.
python=""
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c "import pyatspi" >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done
[ -n "$python" ] || missing="$missing python3-pyatspi"
if [ -n "$missing" ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "FAIL: missing for the desktop end-to-end run:$missing"
        exit 1
    fi
    echo "SKIP: missing for the desktop end-to-end run:$missing"
    exit 77
fi
export PMCP_ATSPI_BUS_LAUNCHER="$launcher"
exec sh "$here/../with-secret-service.sh" "$python" "$here/desktop-e2e.py" "$@"
