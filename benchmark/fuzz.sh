#!/usr/bin/env bash
# Fuzzes a freshly started hub on this machine (loopback) for a bounded time, then stops the hub.
#   mvn -q package -DskipTests            # once: provisions the server and builds benchmark.jar
#   benchmark/fuzz.sh [--seconds N] [--seed N] [other fuzz options]
# The hub uses its own data directory (benchmark/target/fuzz-hub, wiped first) and the IoT Hub ports: run it where
# they are free, e.g. offline in a private network namespace: unshare -n bash -c 'ip link set lo up; benchmark/fuzz.sh'.
# Exit status 4 when the hub answered 5xx, died, left a connection without CONNECT open past its deadline, or failed
# the well-behaved device or back end; the result is one JSON object on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${FUZZ_HUB_DATA_DIR:-$root/benchmark/target/fuzz-hub}
rm -rf "$data"
mkdir -p "$data"
# shellcheck source=launch-hub.sh
. "$root/benchmark/launch-hub.sh"
echo "hub ready (server process ${server:-unknown})" >&2

status=0
java -jar "$root/benchmark/target/benchmark.jar" fuzz --connection-string "$connection" --ca "$ca" \
    ${server:+--server-pid "$server"} "$@" || status=$?
errors=$(grep -c ' ERROR ' "$data/log/server.log" 2>/dev/null || true)
echo "server log: ${errors:-0} ERROR lines ($data/log/server.log)" >&2
exit "$status"
