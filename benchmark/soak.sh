#!/usr/bin/env bash
# Soaks a freshly started hub on this machine (loopback): 30 minutes (default) of steady mixed load with connection
# churn, sampling the server's heap after GC, threads, open files and RSS; exit status 4 when something acknowledged
# was lost or a resource grew beyond its tolerance (see 'java -jar benchmark/target/benchmark.jar soak --help').
#   mvn -q package -DskipTests            # once: provisions the server and builds benchmark.jar
#   benchmark/soak.sh [--minutes 30] [soak options]
# The hub's data directory is benchmark/target/soak-hub, wiped first; the hub uses the IoT Hub ports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${SOAK_HUB_DATA_DIR:-$root/benchmark/target/soak-hub}
rm -rf "$data"
mkdir -p "$data"
# shellcheck source=launch-hub.sh
. "$root/benchmark/launch-hub.sh"
if [ -z "$server" ]; then
    echo "server process not found" >&2
    exit 1
fi
echo "hub ready: $connection (server pid $server), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

java -jar "$root/benchmark/target/benchmark.jar" soak --connection-string "$connection" --ca "$ca" \
    --server-pid "$server" "$@"
