#!/usr/bin/env bash
# The Event Hub log's append and read rates, without a server: runs EventLogBenchmark (ejb test sources) on the ejb
# module's test classpath. Needs no install: it compiles the ejb module and its tests in place (offline).
#   benchmark/eventlog-bench.sh [--producers 64] [--window 1] [--partitions 4] [--size 256] [--duration 30]
#                               [--warmup 5] [--dir <path on the disk the hub's data goes to>]
# Prints the machine's load average before and after: the log shares the 2 cores and the disk with whatever else runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -o -q test-compile -pl ejb
mvn -o -q dependency:build-classpath -pl ejb -Dmdep.includeScope=test -Dmdep.outputFile="$root/ejb/target/test.classpath" \
    >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "ejb/target/test-classes:ejb/target/classes:$(cat "$root/ejb/target/test.classpath")" \
    org.openiothub.eventhub.log.EventLogBenchmark --dir "${BENCH_EVENTLOG_DIR:-benchmark/target/eventlog}" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
