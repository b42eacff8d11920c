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
classpath="$root/wildfly-config/target/classes:$(cd "$root/wildfly-config" && mvn -o -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)"

HUB_DATA_DIR=$data java -Dhub.wildfly.home="$root/wildfly-config/target/wildfly" -cp "$classpath" \
    org.openiothub.server.HubLauncher > "$data/launcher.log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null || true' EXIT

for _ in $(seq 1 300); do
    grep -q '^CA certificate: ' "$data/launcher.log" && break
    kill -0 $launcher 2>/dev/null || { tail -20 "$data/launcher.log"; exit 1; }
    sleep 1
done
connection=$(sed -n 's/^Owner connection string: //p' "$data/launcher.log")
ca=$(sed -n 's/^CA certificate: //p' "$data/launcher.log")
server=$(pgrep -f -- "-Djboss.home.dir=$root/wildfly-config/target/wildfly" | head -1 || true)
echo "hub ready (server process ${server:-unknown})" >&2

status=0
java -jar "$root/benchmark/target/benchmark.jar" fuzz --connection-string "$connection" --ca "$ca" \
    ${server:+--server-pid "$server"} "$@" || status=$?
errors=$(grep -c ' ERROR ' "$data/log/server.log" 2>/dev/null || true)
echo "server log: ${errors:-0} ERROR lines ($data/log/server.log)" >&2
exit "$status"
