#!/bin/sh
# Fails when a catalogue under translations/ is not complete and current: lupdate is run on
# copies of the committed .ts files over the desktop's sources (desktop/, shared/admin/); the
# copies must come out unchanged (no new or vanished source texts) and hold no unfinished entry.
# Usage: check-translations.sh SOURCE_DIR LUPDATE
set -eu
source_dir=$1
lupdate=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
cd "$source_dir"
for ts in translations/proxmox-mcp-desktop_*.ts; do
    cp "$ts" "$work/$(basename "$ts")"
done
"$lupdate" -silent -I . -locations none -no-obsolete desktop shared/admin \
    -ts "$work"/proxmox-mcp-desktop_*.ts
for ts in translations/proxmox-mcp-desktop_*.ts; do
    copy="$work/$(basename "$ts")"
    if ! cmp -s "$ts" "$copy"; then
        echo "$ts is not current: run lupdate (docs/TESTING.md, Translations) and translate:"
        diff -u "$ts" "$copy" | head -40
        status=1
    fi
    unfinished=$(grep -c 'type="unfinished"' "$copy" || true)
    if [ "$unfinished" != 0 ]; then
        echo "$ts: $unfinished unfinished entries"
        status=1
    fi
    count=$(grep -c '<source>' "$copy" || true)
    echo "$ts: $count entries, $unfinished unfinished"
done
exit "$status"
