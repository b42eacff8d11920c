#!/usr/bin/env bash
# Runs one benchmark against a freshly started hub on this machine (loopback), then stops the hub.
#   mvn -q install -DskipTests            # once: provisions the server and builds benchmark.jar
#   benchmark/run-against-hub.sh telemetry [benchmark options]
# The hub uses its own data directory (benchmark/target/hub, wiped first unless BENCH_HUB_KEEP_DATA=true, which
# lets e.g. 'query --seed false' reuse the twins an earlier run seeded) and the IoT Hub ports; with HUB_DB_URL set it
# uses that PostgreSQL database, emptied first likewise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_HUB_DATA_DIR:-$root/benchmark/target/hub}
if [ "${BENCH_HUB_KEEP_DATA:-false}" != true ]; then
    rm -rf "$data"
    # On PostgreSQL (HUB_DB_URL=jdbc:postgresql://host:port/db, HUB_DB_USER, HUB_DB_PASSWORD) the database is emptied too.
    if [ -n "${HUB_DB_URL:-}" ]; then
        PGPASSWORD=${HUB_DB_PASSWORD:-} psql -q "postgresql://${HUB_DB_USER:-hub}@${HUB_DB_URL#jdbc:postgresql://}" \
            -c 'DROP SCHEMA IF EXISTS public CASCADE' -c 'CREATE SCHEMA public'
    fi
fi
mkdir -p "$data"
# shellcheck source=launch-hub.sh
. "$root/benchmark/launch-hub.sh"
echo "hub ready: $connection" >&2

# Progress (stderr) and results (stdout) both come out on stdout, so that the script sees the phases.
# The server's CPU time over the measured phase (from the first "[measure" progress line to the first line after
# them: "[settle", or whatever follows when nothing was in flight and settling took less than a progress tick),
# and per acknowledged message when the result has "acked": a cost per message that other load on the machine disturbs far less than throughput.
# The same for the load generator's process, and the load average at the end of each measured phase.
cpu_seconds() { awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/${1:-$server}/stat"; }
# CPU ticks of each server thread, as "thread-id name ticks"; compared across the measured phase it shows where the
# CPU went by thread group (request threads, I/O, JIT compiler, GC), e.g. a JIT still compiling after the warm-up.
thread_ticks() {
    for task in /proc/"$server"/task/*; do
        # A thread may end between the listing and the reads.
        name=$({ tr ' ' '_' < "$task/comm"; } 2>/dev/null) && ticks=$(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null) &&
            echo "${task##*/} $name $ticks"
    done
}
threads_before=$(mktemp)
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null || true; rm -f "$threads_before"' EXIT
cpu_by_thread_group() {
    thread_ticks | awk -v before="$threads_before" -v tick="$(getconf CLK_TCK)" -v seconds="$1" '
        BEGIN { while ((getline line < before) > 0) { split(line, f, " "); start[f[1]] = f[3] } }
        { group = $2; sub(/[-_#]?[0-9]+$/, "", group); used[group] += $3 - start[$1] }
        END { for (g in used) if (used[g] > 0) printf "%.2f %s\n", used[g] / tick / seconds, g }' |
        sort -rn | head -8 | awk '{ printf "  %s cores %s\n", $1, $2 }'
}
status=0
java -jar "$root/benchmark/target/benchmark.jar" "$1" --connection-string "$connection" --ca "$ca" "${@:2}" 2>&1 |
    while IFS= read -r line; do
        printf '%s\n' "$line"
        if [ -n "$server" ] && [ -z "${measure_start:-}" ] && [[ $line == "[measure"* ]]; then
            measure_start=$(cpu_seconds)
            # The load generator's own CPU, read the same way: a generator that costs as much as the hub per
            # message takes the machine's cores from it.
            generator=$(pgrep -f -- "-jar $root/benchmark/target/benchmark.jar" | head -1 || true)
            generator_start=$([ -n "$generator" ] && cpu_seconds "$generator" || echo "")
            measure_started=$(date +%s.%N)
            thread_ticks > "$threads_before"
        elif [ -n "${measure_start:-}" ] && [ -z "${measure_end:-}" ] && [[ $line != "[measure"* ]]; then
            measure_end=$(cpu_seconds)
            generator_end=$([ -n "$generator_start" ] && cpu_seconds "$generator" 2>/dev/null || echo "")
            echo "server CPU  $(echo "$measure_end - $measure_start" | bc) s over the measured phase, by thread group:" >&2
            cpu_by_thread_group "$(echo "$(date +%s.%N) - $measure_started" | bc)" >&2
        elif [ -n "${measure_end:-}" ] && [ -z "${acked:-}" ] && [[ $line == "{"*'"acked":'* ]]; then
            acked=$(sed 's/.*"acked":\([0-9]*\).*/\1/' <<< "$line")
            echo "server CPU  $(echo "scale=3; 1000 * ($measure_end - $measure_start) / $acked" | bc)" \
                "ms per acknowledged message" >&2
            if [ -n "${generator_end:-}" ]; then
                echo "generator CPU  $(echo "$generator_end - $generator_start" | bc) s over the measured phase," \
                    "$(echo "scale=3; 1000 * ($generator_end - $generator_start) / $acked" | bc) ms per acknowledged message" >&2
                # What the two processes would reach with the machine's cores to themselves, at the cost per message
                # they showed: the rate a quiet machine gives, which other load on a shared one hides.
                echo "both processes  $(echo "scale=3; 1000 * ($measure_end - $measure_start + $generator_end - $generator_start) / $acked" | bc)" \
                    "ms CPU per message: at most $(echo "$(nproc) * $acked / ($measure_end - $measure_start + $generator_end - $generator_start)" | bc)" \
                    "msg/s on $(nproc) cores" >&2
            fi
            echo "load average  $(cut -d ' ' -f 1-3 /proc/loadavg)" >&2
            # A telemetry run over several windows has one measured phase and one result per window.
            measure_start= measure_end= acked=
        fi
    done || status=$?
exit "$status"
