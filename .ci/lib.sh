# Shared steps of the project's scripts: install what is missing, configure and build.
# Sourced by .ci/demo and .ci/test; not meant to run alone.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PMCP_BUILD_DIR:-$ROOT/build}

# ccache keys on paths relative to the checkout, so every clone (and CI's) reuses the cache.
export CCACHE_BASEDIR="$ROOT"
export CCACHE_NOHASHDIR=true

BUILD_PACKAGES=(cmake ninja-build g++ pkg-config ccache qt6-base-dev qt6-httpserver-dev
    qt6-websockets-dev qtkeychain-qt6-dev libssh-dev libssl-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools libgl-dev openssl curl libarchive-dev libcurl4-openssl-dev
    libsystemd-dev)
TEST_PACKAGES=(clang clang-format libclang-rt-14-dev prometheus sudo openssh-server procps
    chromium gnome-keyring dbus dbus-x11 xvfb xauth x11-apps python3-pyatspi at-spi2-core caddy
    python3-aiosmtpd lintian dpkg-dev man-db systemd desktop-file-utils appstream)

# Node.js and npm for the MCP SDK and the conformance suite: any installed ones will do (the
# machine may carry a newer Node than Debian's, whose npm package would conflict with it).
ensure_node() {
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        return 0
    fi
    ensure_packages nodejs npm
}

log() { printf '\n==> %s\n' "$*" >&2; }

# Installs the Debian packages that are not installed yet (apt-get update only when needed).
ensure_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# configure_build DIR [cmake options...]
configure_build() {
    local dir=$1
    shift
    cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >"$dir/configure.log" 2>&1 || {
        cat "$dir/configure.log" >&2
        return 1
    }
}

njobs() { nproc 2>/dev/null || echo 2; }
