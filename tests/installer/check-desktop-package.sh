#!/bin/bash
# DesktopPackage: builds proxmox-mcp-desktop_*.deb with CPack from this build tree, checks its
# metadata and contents (dpkg-deb: shlibdeps dependencies, the conffile, every icon size at its
# size), runs lintian (no errors), installs it into a throwaway root with `dpkg --root` (never on
# this machine), and there: desktop-file-validate on the menu entry and the tray's autostart
# entry, appstreamcli validate on the metainfo (with its screenshot, in docs/screenshots), the
# names they use resolve to installed files, the installed program answers --version, every
# option of its --help is in its man page; remove keeps the autostart conffile, purge deletes it.
# Usage: check-desktop-package.sh BUILD_DIR SOURCE_DIR VERSION. Exit 77 (skipped) when the tree
# was not configured for a package (CMAKE_INSTALL_PREFIX=/usr).
set -euo pipefail
build=$1
source=$2
version=$3
app_id=org.proxmox_mcp.Desktop

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
if [ "$prefix" != /usr ]; then
    echo "skipped: CMAKE_INSTALL_PREFIX is $prefix; a package is built from a tree with /usr"
    exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cpack -G DEB (the desktop component)"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" \
    -D CPACK_COMPONENTS_ALL=desktop >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$work"/out/proxmox-mcp-desktop_*.deb)
[ "$(basename "$deb")" = "proxmox-mcp-desktop_${version}-1_$(dpkg --print-architecture).deb" ] ||
    fail "unexpected file name $(basename "$deb")"
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes"

step "dpkg-deb -I (metadata)"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = proxmox-mcp-desktop ] || fail "Package: $(field Package)"
[ "$(field Version)" = "${version}-1" ] || fail "Version: $(field Version)"
[ "$(field Section)" = admin ] || fail "Section: $(field Section)"
depends=$(field Depends)
echo "Depends: $depends"
# From shlibdeps: the libraries the program links, not a hand-written list.
for library in libqt6widgets6 libqt6gui6 libqt6network6 libqt6dbus6 libqt6core6 libqt6keychain1 libc6; do
    grep -q "$library" <<<"$depends" || fail "Depends lacks $library (shlibdeps)"
done
# Nothing of the daemon: the desktop reaches it only over the admin API.
for library in libssh libqt6httpserver libarchive libsystemd; do
    if grep -q "$library" <<<"$depends"; then fail "Depends has $library, a library of the daemon"; fi
done
grep -q 'gnome-keyring' <<<"$(field Recommends)" || fail "Recommends lacks a Secret Service provider"
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = \
    /etc/xdg/autostart/proxmox-mcp-desktop-tray.desktop ] || fail "conffiles"

step "dpkg-deb -c (contents)"
contents=$(dpkg-deb -c "$deb")
expect() { # MODE PATH
    grep -qE "^$1 root/root .* \./${2#/}\$" <<<"$contents" || fail "no $2 ($1 root/root)"
}
expect '-rwxr-xr-x' /usr/bin/proxmox-mcp-desktop
expect '-rw-r--r--' "/usr/share/applications/$app_id.desktop"
expect '-rw-r--r--' "/usr/share/metainfo/$app_id.metainfo.xml"
expect '-rw-r--r--' /etc/xdg/autostart/proxmox-mcp-desktop-tray.desktop
expect '-rw-r--r--' "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 22 24 32 48 64 128 256; do
    expect '-rw-r--r--' "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
expect '-rw-r--r--' /usr/share/man/man1/proxmox-mcp-desktop.1.gz
expect '-rw-r--r--' /usr/share/doc/proxmox-mcp-desktop/copyright
expect '-rw-r--r--' /usr/share/doc/proxmox-mcp-desktop/changelog.Debian.gz
if grep -E 'proxmox-mcpd|/usr/local|/include/|\.a$|/lib/systemd' <<<"$contents"; then
    fail "files that do not belong (the daemon's, development files)"
fi

step "lintian"
# Errors fail; the warnings that remain are listed in docs/INSTALL.md with their reasons.
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$work/lintian.txt"
if grep -q '^E:' "$work/lintian.txt"; then fail "lintian errors"; fi

root="$work/root"
dpkg_root() {
    DPKG_ROOT= dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root \
        --log="$work/dpkg.log" "$@" >"$work/dpkg-out.log" 2>&1 || { cat "$work/dpkg-out.log" >&2; return 1; }
}
step "dpkg --root: install into a throwaway root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg_root -i "$deb" || fail "dpkg -i"
status=$(dpkg --root="$root" -s proxmox-mcp-desktop | sed -n 's/^Status: //p')
[ "$status" = "install ok installed" ] || fail "dpkg status: $status"

step "installed: desktop-file-validate"
menu="$root/usr/share/applications/$app_id.desktop"
autostart="$root/etc/xdg/autostart/proxmox-mcp-desktop-tray.desktop"
for entry in "$menu" "$autostart"; do
    out=$(desktop-file-validate "$entry" 2>&1) || { echo "$out" >&2; fail "desktop-file-validate ${entry#"$root"}"; }
    [ -z "$out" ] || { echo "$out" >&2; fail "desktop-file-validate is not clean on ${entry#"$root"}"; }
done
entry_key() { sed -n "s/^$2=//p" "$1"; }
[ "$(entry_key "$menu" Exec)" = proxmox-mcp-desktop ] || fail "the menu entry's Exec"
[ "$(entry_key "$autostart" Exec)" = "proxmox-mcp-desktop --tray" ] || fail "the autostart entry's Exec"
for entry in "$menu" "$autostart"; do
    [ "$(entry_key "$entry" Icon)" = "$app_id" ] || fail "Icon of ${entry#"$root"}"
done
# The program sets the same name (QGuiApplication::setDesktopFileName).
grep -q "setDesktopFileName(QStringLiteral(\"$app_id\"))" "$source/desktop/app/main.cpp" ||
    fail "desktop/app/main.cpp does not name the menu entry $app_id"

step "installed: the icons are the sizes their folders say"
for size in 16 22 24 32 48 64 128 256; do
    png="$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    got=$(python3 -c 'import struct, sys
data = open(sys.argv[1], "rb").read(24)
assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
print("%dx%d" % struct.unpack(">II", data[16:24]))' "$png") || fail "$png is not a PNG"
    [ "$got" = "${size}x${size}" ] || fail "the ${size}x${size} icon is $got"
done
grep -q '<svg' "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg" || fail "the scalable icon is no SVG"

step "installed: appstreamcli validate"
metainfo="$root/usr/share/metainfo/$app_id.metainfo.xml"
appstreamcli validate --no-net --explain "$metainfo" | tee "$work/appstream.txt" ||
    fail "appstreamcli validate"
if grep -qE '^(E|W):' "$work/appstream.txt"; then fail "appstreamcli reports errors or warnings"; fi
grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" || fail "launchable"
grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo has no release $version"
# The screenshot the metainfo names is the repository's, at the size it states.
shot=$(sed -n 's|.*<image type="source" width="\([0-9]*\)" height="\([0-9]*\)">[^<]*/screenshots/\([^<]*\)</image>.*|\1x\2 \3|p' "$metainfo")
[ -n "$shot" ] || fail "no screenshot in the metainfo"
file="$source/docs/screenshots/${shot#* }"
[ -f "$file" ] || fail "the screenshot $file is not in the repository"
got=$(python3 -c 'import struct, sys
print("%dx%d" % struct.unpack(">II", open(sys.argv[1], "rb").read(24)[16:24]))' "$file")
[ "$got" = "${shot%% *}" ] || fail "the screenshot is $got, the metainfo says ${shot%% *}"

step "installed: the program, its --help and its man page"
bin="$root/usr/bin/proxmox-mcp-desktop"
export QT_QPA_PLATFORM=offscreen HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" \
    XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME"
install -d -m 0700 "$XDG_RUNTIME_DIR"
[ "$("$bin" --version)" = "proxmox-mcp-desktop $version" ] || fail "--version: $("$bin" --version)"
man="$root/usr/share/man/man1/proxmox-mcp-desktop.1.gz"
man --warnings -l <(gunzip -c "$man") >/dev/null 2>"$work/man.err" || true
[ ! -s "$work/man.err" ] || { cat "$work/man.err" >&2; fail "man reports problems in the page"; }
page=$(gunzip -c "$man" | sed 's/\\-/-/g')
options=$("$bin" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
[ -n "$options" ] || fail "no options in --help"
for option in $options; do
    grep -qF -- "$option" <<<"$page" || fail "the man page does not describe $option"
done
grep -q "$version" <<<"$page" || fail "the man page does not name version $version"

step "remove keeps the autostart conffile; purge deletes it"
dpkg_root -r proxmox-mcp-desktop || fail "dpkg -r"
[ ! -e "$bin" ] || fail "the program is still there after remove"
[ -f "$autostart" ] || fail "remove deleted the autostart conffile"
dpkg_root -P proxmox-mcp-desktop || fail "dpkg -P"
[ ! -e "$autostart" ] || fail "purge left the autostart entry"
left=$(find "$root/usr" "$root/etc" -type f 2>/dev/null || true)
[ -z "$left" ] || fail "purge left files: $left"
echo "OK"
