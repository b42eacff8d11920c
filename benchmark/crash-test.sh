#!/usr/bin/env bash
# Crash test: starts a hub on this machine's IoT Hub ports (loopback clients only), then per round puts a mixed load
# on it, kills the whole server with SIGKILL at a random instant, restarts it on the same data and checks that
# everything acknowledged is still there. Exit status 0 when nothing acknowledged was lost and nothing answered 5xx.
#   mvn -q package -DskipTests            # once: provisions the server and builds benchmark.jar
#   benchmark/crash-test.sh [--rounds 10] [--devices 8] [--load-seconds 5] [--seed N]   (--help for all)
# The hub's data directory is benchmark/target/crash-hub (emptied first); the server's output goes to console.log there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
classpath="$root/benchmark/target/benchmark.jar:$root/wildfly-config/target/classes:$(cd "$root/wildfly-config" &&
    mvn -o -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)"
exec java -cp "$classpath" org.openiothub.benchmark.Benchmark crash \
    --data-dir "$root/benchmark/target/crash-hub" --wildfly-home "$root/wildfly-config/target/wildfly" "$@"
