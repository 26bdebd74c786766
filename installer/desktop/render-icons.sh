#!/bin/sh
# Renders the desktop's hicolor PNG icons from the scalable SVG (rsvg-convert, Debian's
# librsvg2-bin). The PNGs are committed, so a build needs no SVG renderer; run this after
# changing the SVG. Usage: installer/desktop/render-icons.sh (from anywhere).
set -eu
icons=$(cd "$(dirname "$0")/../../resources/icons/hicolor" && pwd)
svg="$icons/scalable/apps/org.proxmox_mcp.Desktop.svg"
for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "$icons/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$icons/${size}x${size}/apps/org.proxmox_mcp.Desktop.png"
done
