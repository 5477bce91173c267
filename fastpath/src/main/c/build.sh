#!/bin/sh
# Builds the weft exec shim into $1 (default: ../../../target/native) when a C compiler exists.
# Without one it prints a note and succeeds: weft then runs plugins on the JVM path only.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../../target/native}
cc=""
for c in "${CC:-}" cc gcc; do
    if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then cc=$c; break; fi
done
if [ -z "$cc" ]; then
    echo "weft-shim: no C compiler (cc/gcc) found; skipping the native shim, the JVM path still works" >&2
    exit 0
fi
mkdir -p "$out"
tmp="$out/.weft-shim.$$"
trap 'rm -f "$tmp"' EXIT
flags="-O2 -Wall -Wextra -Werror"
if ! "$cc" $flags -static -o "$tmp" "$here/weft-shim.c"; then
    # Some distributions ship no static libc; a dynamic shim still works, only less portable.
    echo "weft-shim: static link failed, building a dynamically linked shim instead" >&2
    "$cc" $flags -o "$tmp" "$here/weft-shim.c"
fi
mv -f "$tmp" "$out/weft-shim"
trap - EXIT
