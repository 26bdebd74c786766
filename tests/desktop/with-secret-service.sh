#!/bin/sh
# Runs a command with a real Secret Service: a private D-Bus session bus, gnome-keyring-daemon
# on it with an unlocked login keyring, and a throwaway HOME (so the keyring files and any
# settings the command writes land there, where the test can look for leaked secrets).
# Stops the keyring daemon it started, by its PID; the bus ends with dbus-run-session.
# Usage: with-secret-service.sh COMMAND [ARG...]
set -eu
if [ -z "${PMCP_INSIDE_SESSION:-}" ]; then
    command -v dbus-run-session >/dev/null || { echo "dbus-run-session is missing (dbus)"; exit 1; }
    command -v gnome-keyring-daemon >/dev/null || { echo "gnome-keyring-daemon is missing"; exit 1; }
    home=$(mktemp -d)
    mkdir -m 700 "$home/run"
    status=0
    HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
        XDG_RUNTIME_DIR="$home/run" PMCP_INSIDE_SESSION=1 \
        dbus-run-session -- "$0" "$@" || status=$?
    rm -rf "$home"
    exit "$status"
fi
printf secret | gnome-keyring-daemon --foreground --unlock --replace --components=secrets \
    >/dev/null 2>&1 &
keyring=$!
trap 'kill "$keyring" 2>/dev/null || true; wait "$keyring" 2>/dev/null || true' EXIT
# Wait (with a deadline) until the Secret Service owns its name on the bus.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
        echo "the Secret Service did not appear on the session bus"
        exit 1
    fi
    sleep 0.1
done
PMCP_SECRET_SERVICE=1 "$@"
