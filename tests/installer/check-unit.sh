#!/bin/sh
# SystemdUnitVerify: `systemd-analyze verify` on the unit this build installs, with its
# ExecStart= pointed at this build's binary (the installed path exists only once installed;
# the package test verifies the installed unit in its own root), and the exposure that
# `systemd-analyze security --offline` computes, which must stay below 2.0 (docs/INSTALL.md).
# Usage: check-unit.sh UNIT BINARY
set -eu
unit=$1
binary=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
installed=$(sed -n 's/^ExecStart=\([^ ]*\) .*/\1/p' "$unit")
sed "s|$installed|$binary|g" "$unit" > "$work/proxmox-mcpd.service"
# The man page is checked by the package test, where it is installed.
out=$(systemd-analyze verify --man=no "$work/proxmox-mcpd.service" 2>&1) || {
    printf '%s\n' "$out" >&2
    exit 1
}
if [ -n "$out" ]; then
    printf 'systemd-analyze verify is not clean:\n%s\n' "$out" >&2
    exit 1
fi
score=$(systemd-analyze security --offline=yes "$work/proxmox-mcpd.service" 2>&1 |
    sed -n 's/.*Overall exposure level for proxmox-mcpd.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: exposure $score"
[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s < 2.0) }'
