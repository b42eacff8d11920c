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
if [ -z "$server" ]; then
    echo "server process not found" >&2
    exit 1
fi
echo "hub ready: $connection (server pid $server), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

java -jar "$root/benchmark/target/benchmark.jar" soak --connection-string "$connection" --ca "$ca" \
    --server-pid "$server" "$@"
