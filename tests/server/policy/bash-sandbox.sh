#!/bin/bash
# Asks bash itself what a command line means, without running anything real.
#
#   bash-sandbox.sh CASES_DIR
#
# CASES_DIR holds one folder per case (0, 1, ...) with `cmd` (the command line) and `programs`
# (NUL-separated program names containing a slash, which get a recording stub at that path).
# For every case it writes into the case's folder:
#   syntax   the exit status of `bash -n -c CMD` (0: bash accepts it)
#   log      when bash accepted it: every simple command bash ran, as records
#            "<argc>\0<arg0>\0<arg1>\0...", in order
#   status   the exit status of the run (137: killed by the 5 s limit)
#
# The run happens in new user, mount, network and PID namespaces, chrooted into an empty tmpfs
# that holds only a copy of bash (at /.pmcp/bash, not on PATH), its libraries, a recording stub
# and /dev/null. Every builtin is disabled (enable -n) and PATH names an empty folder, so each
# simple command, builtin or not (but `wait`, which the exit trap uses to see background
# commands to their end), ends in command_not_found_handle or a stub, which records its
# argv and does nothing else. Pathname expansion is off (set -f) so globs stay as written.
# Exit status 3: the namespaces are not available here (the caller skips the run part).
set -u

syntax() { # $1: a case folder
    IFS= read -r -d '' cmd <"$1/cmd"
    /bin/bash -n -c "$cmd" >/dev/null 2>"$1/syntax.err"
    echo $? >"$1/syntax"
}

unshared=(unshare --user --map-root-user --mount --net --pid --fork --kill-child)
if [ "${1:-}" != --inside ]; then
    cases=${1:?usage: bash-sandbox.sh CASES_DIR}
    if ! "${unshared[@]}" -- /bin/true 2>"$cases/sandbox.err"; then
        for dir in "$cases"/*/; do syntax "${dir%/}"; done
        exit 3
    fi
    exec "${unshared[@]}" -- /bin/bash "$0" --inside "$cases" 2>>"$cases/sandbox.err"
fi
cases=$2
chroot=$(command -v chroot) || exit 3
# Only as the first process of a new PID namespace may this script end every other process.
[ "$$" = 1 ] || exit 3
mount -t proc proc /proc || exit 3

# Waits up to 2 s for a case's background commands (coproc, &) to end, then kills what is left.
reap() {
    local tries pid others
    for ((tries = 0; tries < 40; ++tries)); do
        others=0
        for pid in /proc/[0-9]*; do
            [ "${pid#/proc/}" = 1 ] || others=1
        done
        [ "$others" = 0 ] && return
        wait -n 2>/dev/null || read -r -t 0.05 <>/dev/null
    done
    kill -KILL -1 2>/dev/null
    wait
}

root=$cases/.root # unmounted with the namespace, removed with CASES_DIR
mkdir -p "$root" || exit 3
mount -t tmpfs -o size=64m,mode=0755 pmcp-sandbox "$root" || exit 3
mkdir -p "$root/.pmcp" "$root/.pmcp-run" "$root/stubs" "$root/work" "$root/home/pmcp" \
    "$root/root" "$root/etc" "$root/dev" "$root/tmp"
cp /usr/bin/bash "$root/.pmcp/bash"
cp /usr/bin/timeout "$root/.pmcp/timeout"
for lib in $(ldd /usr/bin/bash /usr/bin/timeout | grep -o '/[^ :]*\.so[^ :]*'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
touch "$root/dev/null"
mount --bind /dev/null "$root/dev/null"
# Cases may write anywhere in the root (it is a tmpfs); what tilde expansion reads is rewritten
# before each case.
users() {
    printf 'root:x:0:0:root:/root:/bin/sh\npmcp:x:1000:1000::/home/pmcp:/bin/sh\n' \
        >"$root/etc/passwd"
    echo 'passwd: files' >"$root/etc/nsswitch.conf"
}

cat >"$root/.pmcp/stub" <<'STUB'
#!/.pmcp/bash -p
# Records its argv; after 300 commands in one case it fails, which ends loops.
read -r n </.pmcp-run/count
n=$((n + 1))
echo "$n" >/.pmcp-run/count
[ "$n" -gt 300 ] && exit 1
if [ "${1:-}" = PMCP-NOTFOUND ]; then shift; else set -- "$0" "$@"; fi
printf '%s\0' "$#" "$@" >>/.pmcp-run/log
exit 0
STUB
chmod 0755 "$root/.pmcp/stub"

cat >"$root/.pmcp/prelude" <<'PRELUDE'
cd "/work/$PMCP_DIFF_CASE" || exit 97
unset PMCP_DIFF_CASE BASH_ENV
set -f
command_not_found_handle() { /.pmcp/stub PMCP-NOTFOUND "$@"; }
trap wait EXIT
pmcp_disable() {
    local b l=
    for b in $(compgen -b); do [ "$b" = wait ] || l="$l $b"; done
    enable -n $l
}
pmcp_disable
PRELUDE

# bash, the stub and the prelude cannot be overwritten by a case.
mount --bind "$root/.pmcp" "$root/.pmcp" && mount -o remount,ro,bind "$root/.pmcp" || exit 3

for dir in "$cases"/*/; do
    dir=${dir%/}
    n=${dir##*/}
    syntax "$dir"
    read -r status <"$dir/syntax"
    [ "$status" = 0 ] || continue
    mkdir "$root/work/$n"
    users
    [ -s "$dir/programs" ] && while IFS= read -r -d '' program; do
        case $program in
        /.pmcp* | /lib* | /dev* | /stubs* | /etc/passwd | */../* | ../* | *..) continue ;;
        /*) target=$root$program ;;
        *) target=$root/work/$n/$program ;;
        esac
        [ -e "$target" ] && continue
        mkdir -p "$(dirname "$target")" 2>/dev/null && ln -s /.pmcp/stub "$target" 2>/dev/null
    done <"$dir/programs"
    echo 0 >"$root/.pmcp-run/count"
    : >"$root/.pmcp-run/log"
    env -i PATH=/stubs HOME=/home/pmcp BASH_ENV=/.pmcp/prelude PMCP_DIFF_CASE="$n" \
        "$chroot" "$root" /.pmcp/timeout -s KILL 5 /.pmcp/bash -c "$cmd" \
        >/dev/null 2>"$dir/run.err" </dev/null
    echo $? >"$dir/status"
    reap
    [ -s "$root/.pmcp-run/log" ] && cp "$root/.pmcp-run/log" "$dir/log"
done
exit 0
