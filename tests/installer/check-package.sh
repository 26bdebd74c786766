#!/bin/bash
# DebianPackage: builds proxmox-mcp-server_*.deb with CPack from this build tree, checks its
# contents and metadata (dpkg-deb), runs lintian (no errors), installs it into a throwaway root
# with `dpkg --root` (never on this machine), and there: the maintainer scripts made the user,
# the configuration's group and the state folder; `proxmox-mcpd --version`, `check-config` on
# the installed default configuration, the installed daemon answers /health, the installed unit
# verifies; an upgrade takes a backup first, and its postinst refuses a configuration or a store
# of the state the new version cannot read (check-state); remove keeps the state, purge deletes
# it.
# Usage: check-package.sh BUILD_DIR SOURCE_DIR VERSION. Exit 77 (skipped) when the tree was not
# configured for a package (CMAKE_INSTALL_PREFIX=/usr), as .ci/test's headless tree is.
set -euo pipefail
build=$1
source=$2
version=$3

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
if [ "$prefix" != /usr ]; then
    echo "skipped: CMAKE_INSTALL_PREFIX is $prefix; a package is built from a tree with /usr"
    exit 77
fi

work=$(mktemp -d)
chmod 0755 "$work" # the installed daemon runs as the root's service user, who must reach it
daemon_pid=
cleanup() {
    if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cpack -G DEB"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$work"/out/proxmox-mcp-server_*.deb)
[ "$(basename "$deb")" = "proxmox-mcp-server_${version}-1_$(dpkg --print-architecture).deb" ] ||
    fail "unexpected file name $(basename "$deb")"
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes"

step "dpkg-deb -I (metadata)"
info=$(dpkg-deb -I "$deb")
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = proxmox-mcp-server ] || fail "Package: $(field Package)"
[ "$(field Version)" = "${version}-1" ] || fail "Version: $(field Version)"
[ "$(field Section)" = admin ] || fail "Section: $(field Section)"
depends=$(field Depends)
echo "Depends: $depends"
# From shlibdeps: the libraries the binary links, not a hand-written list.
for library in libqt6core6 libqt6network6 libqt6httpserver6 libssh-4 libarchive13 libsystemd0 libc6; do
    grep -q "$library" <<<"$depends" || fail "Depends lacks $library (shlibdeps)"
done
grep -q 'systemd' <<<"$depends" || fail "Depends lacks systemd (systemd-sysusers)"
for script in preinst postinst prerm postrm conffiles; do
    grep -q " $script" <<<"$info" || fail "no $script in the control archive"
done
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/proxmox-mcp/proxmox-mcp.env ] ||
    fail "conffiles"
# The changelog's version is the project's.
head -1 "$source/installer/debian/changelog" | grep -q "(${version}-1)" ||
    fail "installer/debian/changelog does not start with ${version}-1"

step "dpkg-deb -c (contents)"
contents=$(dpkg-deb -c "$deb")
expect() { # MODE OWNER PATH
    grep -qE "^$1 $2 .* \./${3#/}\$" <<<"$contents" || fail "no $3 ($1 $2)"
}
expect '-rwxr-xr-x' 'root/root' /usr/bin/proxmox-mcpd
expect '-rw-r--r--' 'root/root' /lib/systemd/system/proxmox-mcpd.service
expect '-rw-r-----' 'root/root' /etc/proxmox-mcp/proxmox-mcp.env
expect '-rw-r--r--' 'root/root' /usr/lib/sysusers.d/proxmox-mcp.conf
expect '-rw-r--r--' 'root/root' /usr/share/man/man1/proxmox-mcpd.1.gz
expect '-rw-r--r--' 'root/root' /usr/share/doc/proxmox-mcp-server/copyright
expect '-rw-r--r--' 'root/root' /usr/share/doc/proxmox-mcp-server/changelog.Debian.gz
if grep -E '/usr/local|/include/|\.a$' <<<"$contents"; then fail "files that do not belong"; fi
# The man page is what the binary says (it is generated from it).
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/man/man1/proxmox-mcpd.1.gz | gunzip |
    diff -q - <("$build/server/proxmox-mcpd" help man) >/dev/null || fail "man page differs"
man --warnings -l <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/man/man1/proxmox-mcpd.1.gz | gunzip) \
    >/dev/null 2>"$work/man.err" || true
[ ! -s "$work/man.err" ] || { cat "$work/man.err" >&2; fail "man reports problems in the page"; }

step "lintian"
# Errors fail; the warnings that remain are listed in docs/INSTALL.md with their reasons.
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$work/lintian.txt"
if grep -q '^E:' "$work/lintian.txt"; then fail "lintian errors"; fi

root="$work/root"
install_into_root() {
    DPKG_ROOT= dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root \
        --log="$work/dpkg.log" -i "$deb" >"$work/dpkg-i.log" 2>&1 || { cat "$work/dpkg-i.log" >&2; return 1; }
}
step "dpkg --root: install into a throwaway root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status"
install_into_root || fail "dpkg -i"
grep -q '^proxmox-mcp:x:' "$root/etc/passwd" || fail "no service user"
gid=$(awk -F: '$1 == "proxmox-mcp" { print $3 }' "$root/etc/group")
[ "$(stat -c '%a %g' "$root/etc/proxmox-mcp/proxmox-mcp.env")" = "640 $gid" ] ||
    fail "configuration is $(stat -c '%a %g' "$root/etc/proxmox-mcp/proxmox-mcp.env"), not 640 root:proxmox-mcp"
[ "$(stat -c %a "$root/var/lib/proxmox-mcp")" = 700 ] || fail "state folder mode"
status=$(dpkg --root="$root" -s proxmox-mcp-server | sed -n 's/^Status: //p')
[ "$status" = "install ok installed" ] || fail "dpkg status: $status"

bin="$root/usr/bin/proxmox-mcpd"
config="$root/etc/proxmox-mcp/proxmox-mcp.env"
export STATE_DIR="$root/var/lib/proxmox-mcp"
step "installed: --version"
"$bin" --version | tee "$work/version.txt"
grep -q "$version" "$work/version.txt" || fail "--version does not say $version"
step "installed: check-config on the default configuration"
"$bin" check-config --config "$config" || fail "check-config"

step "installed: serve as the service user, /health"
# The uid and gid the maintainer script gave proxmox-mcp in that root, with the modes it set:
# the daemon reads its configuration through the group and refuses a state folder it does
# not own.
uid=$(awk -F: '$1 == "proxmox-mcp" { print $3 }' "$root/etc/passwd")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MCP_PORT=$port setpriv --reuid="$uid" --regid="$gid" --clear-groups \
    "$bin" serve --config "$config" >"$work/serve.log" 2>&1 &
daemon_pid=$!
health=
for _ in $(seq 150); do # up to 15 s: the first answer ends the wait
    if health=$(curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null); then break; fi
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/serve.log" >&2; fail "the daemon exited"; }
    sleep 0.1
done
echo "/health: $health"
grep -q '"status"' <<<"$health" || { cat "$work/serve.log" >&2; fail "no health answer"; }
kill -TERM "$daemon_pid"
wait "$daemon_pid" || fail "the daemon did not stop cleanly on SIGTERM"
daemon_pid=

step "installed unit: systemd-analyze verify, with the installed man page"
# The throwaway root holds no systemd (no sysinit.target, no /bin/kill): the installed unit is
# verified on this machine, its program paths pointed into the root, Documentation=man: found
# in the root's man pages.
sed "s|/usr/bin/proxmox-mcpd|$bin|g" "$root/lib/systemd/system/proxmox-mcpd.service" \
    >"$work/proxmox-mcpd.service"
out=$(MANPATH="$root/usr/share/man" systemd-analyze verify "$work/proxmox-mcpd.service" 2>&1) ||
    { echo "$out" >&2; fail "systemd-analyze verify"; }
[ -z "$out" ] || { echo "$out" >&2; fail "systemd-analyze verify is not clean"; }

step "upgrade (the same version again): a backup first, then check-config"
echo "MCP_TOOLS_DENY=server_info" >>"$config" # an administrator's edit: the conffile stays
install_into_root || fail "dpkg -i (upgrade)"
grep -q 'backing up the state before the upgrade' "$work/dpkg-i.log" || fail "no backup step"
ls "$STATE_DIR"/backups/*.tar.gz >/dev/null 2>&1 || fail "no backup in $STATE_DIR/backups"
grep -q '^MCP_TOOLS_DENY=server_info' "$config" || fail "the upgrade overwrote the changed configuration"

step "upgrade refused before anything changes when the backup fails"
echo "MCP_PORT=not-a-port" >>"$config" # a backup verifies the configuration it holds
if install_into_root; then fail "the upgrade went on without a good backup"; fi
grep -q 'the backup failed; not upgrading' "$work/dpkg-i.log" || fail "no explanation"
status=$(dpkg --root="$root" -s proxmox-mcp-server | sed -n 's/^Status: //p')
[ "$status" = "install ok installed" ] || fail "after a refused upgrade, dpkg status: $status"

step "postinst of an upgrade refuses a configuration the new version cannot read"
# With one version the backup (made by the old one) already refuses such a file; the new
# version's own check runs in postinst, called here as dpkg calls it after an unpack.
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst >"$work/postinst"
if DPKG_ROOT="$root" sh "$work/postinst" configure 0.0.1-1 >"$work/postinst.log" 2>&1; then
    fail "postinst accepted a configuration check-config rejects"
fi
grep -q 'cannot use the configuration' "$work/postinst.log" || { cat "$work/postinst.log" >&2; fail "no explanation"; }
grep -q 'proxmox-mcp-server=0.0.1-1' "$work/postinst.log" || fail "no way back named"
sed -i '/^MCP_PORT=not-a-port$/d' "$config"
DPKG_ROOT="$root" sh "$work/postinst" configure 0.0.1-1 >"$work/postinst.log" 2>&1 ||
    { cat "$work/postinst.log" >&2; fail "postinst after the fix"; }

step "postinst of an upgrade refuses a state the new version cannot read, naming the store"
[ ! -e "$STATE_DIR/clients.json" ] || fail "a client store in a fresh installation"
echo '{"clients": [' >"$STATE_DIR/clients.json" # garbled
if DPKG_ROOT="$root" sh "$work/postinst" configure 0.0.1-1 >"$work/postinst.log" 2>&1; then
    fail "postinst accepted a client store the new version cannot read"
fi
grep -q "FAILED  client store $STATE_DIR/clients.json" "$work/postinst.log" ||
    { cat "$work/postinst.log" >&2; fail "the unreadable store is not named"; }
grep -q 'cannot read the client store' "$work/postinst.log" || fail "no sentence"
grep -q 'or the state in /var/lib/proxmox-mcp' "$work/postinst.log" || fail "no explanation"
rm "$STATE_DIR/clients.json"
DPKG_ROOT="$root" sh "$work/postinst" configure 0.0.1-1 >"$work/postinst.log" 2>&1 ||
    { cat "$work/postinst.log" >&2; fail "postinst after the store was put back"; }
grep -q 'everything is readable' "$work/postinst.log" || fail "check-state did not run"

step "remove keeps the state; purge deletes it"
DPKG_ROOT= dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root \
    --log="$work/dpkg.log" -r proxmox-mcp-server >/dev/null || fail "dpkg -r"
[ ! -e "$bin" ] || fail "the binary is still there after remove"
[ -d "$STATE_DIR/backups" ] || fail "remove deleted the state"
[ -f "$config" ] || fail "remove deleted the configuration (a conffile stays until purge)"
DPKG_ROOT= dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root \
    --log="$work/dpkg.log" -P proxmox-mcp-server >/dev/null || fail "dpkg -P"
[ ! -e "$STATE_DIR" ] || fail "purge left the state"
[ ! -e "$root/etc/proxmox-mcp" ] || fail "purge left the configuration folder"
echo "OK"
