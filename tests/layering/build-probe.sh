#!/bin/sh
# build-probe.sh BUILD_DIR: the allowed probe compiles, the forbidden one fails for the include.
set -u
build=$1
if ! out=$(cmake --build "$build" --target pmcp_layering_allowed 2>&1); then
    printf '%s\n' "$out"
    echo "the allowed probe did not compile: the test itself is broken" >&2
    exit 1
fi
if out=$(cmake --build "$build" --target pmcp_layering_forbidden 2>&1); then
    echo "pmcp_engine could include server/http/HttpRouter.h: the build no longer enforces the layering" >&2
    exit 1
fi
case $out in
*"server/http/HttpRouter.h"*"No such file"*) echo "forbidden include refused by the compiler"; exit 0 ;;
esac
printf '%s\n' "$out"
echo "the forbidden probe failed, but not because of the include" >&2
exit 1
