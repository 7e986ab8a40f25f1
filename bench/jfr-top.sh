#!/usr/bin/env bash
# Prints where a JFR recording's CPU samples fall: the methods on top of the stack (self), and
# the methods anywhere in the stack (total), each as a share of all jdk.ExecutionSample events.
# Usage: bench/jfr-top.sh RECORDING.jfr [FILTER_REGEX] [LINES]
# FILTER_REGEX limits the "total" list to matching methods, for example 'io\.valet|smallrye'.
set -euo pipefail

[[ $# -ge 1 && -f $1 ]] || { echo "usage: $0 RECORDING.jfr [FILTER_REGEX] [LINES]" >&2; exit 2; }
filter=${2:-.}
lines=${3:-25}

jfr print --events jdk.ExecutionSample --stack-depth 200 "$1" | awk -v filter="$filter" -v lines="$lines" '
/stackTrace = \[/ { in_stack = 1; depth = 0; delete seen; samples++; next }
in_stack && /^[[:space:]]*\]/ { in_stack = 0; next }
in_stack {
    frame = $0
    sub(/^[[:space:]]+/, "", frame)
    sub(/[[:space:]]+line:.*$/, "", frame)
    sub(/\(.*$/, "", frame)
    if (frame == "...") next
    if (depth++ == 0) self[frame]++
    if (!(frame in seen) && frame ~ filter) { seen[frame] = 1; total[frame]++ }
}
END {
    printf "%d samples\n\nself%%  method (top of stack)\n", samples
    for (f in self) printf "%5.1f  %s\n", 100 * self[f] / samples, f | "sort -rn | head -" lines
    close("sort -rn | head -" lines)
    printf "\ntotal%% method (anywhere in the stack)\n"
    for (f in total) printf "%5.1f  %s\n", 100 * total[f] / samples, f | "sort -rn | head -" lines
}'
