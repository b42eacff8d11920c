#!/usr/bin/env bash
# Runs a benchmark against a cluster of hubs on this machine (wildfly-config/cluster-node.sh), devices on one node
# and the back end on another or the same, then stops every node and the database:
#
#   mvn -o -q package -DskipTests                 # once: provisions the server and builds benchmark.jar
#   unshare -n bash -c 'ip link set lo up; benchmark/cluster-bench.sh [script options] <benchmark> [benchmark options]'
#
#   --nodes N             nodes in the cluster, on 127.0.0.2 .. 127.0.0.<N+1> (default 2)
#   --device-node N       the node the devices connect to (default 1)
#   --back-end-node N[,N] the node the back end talks to: the events drain of 'telemetry' (--drain-host), the REST
#                         calls of the other benchmarks (--service-host). A list runs the benchmark once per node,
#                         in turn, on the same cluster: an A/B pair of a local and a relayed back end (default 2)
#
# The nodes share HUB_CLUSTER_DIR=benchmark/target/cluster (wiped first): one CA, owner key and cluster password,
# node N's data in nodeN, its output in nodeN.log. Without HUB_DB_URL a throwaway PostgreSQL is started
# (.ci/postgres) and removed at the end; with HUB_DB_URL (and HUB_DB_USER, HUB_DB_PASSWORD) that database is emptied
# first. The devices' connection string names the device node (its certificate names its address); the benchmark
# signs the back end's token for the node it talks to.
#
# Like run-against-hub.sh it reads from /proc, over each measured phase, the CPU of every node's WildFly JVM, of the
# database's processes and of the load generator, and prints them per acknowledged message or completed call. It
# also reads each node's heap after a full collection (jcmd GC.run) and resident memory before the benchmark starts
# and again once its devices are connected (the load has begun by then): the difference over the devices is about
# what a connected device holds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nodes=2
device_node=1
back_end_nodes=2
while [ $# -gt 0 ]; do
    case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --device-node) device_node=$2; shift 2 ;;
    --back-end-node) back_end_nodes=$2; shift 2 ;;
    *) break ;;
    esac
done
benchmark=${1:?usage: cluster-bench.sh [--nodes N] [--device-node N] [--back-end-node N[,N]] <benchmark> [options]}
shift
[[ $nodes =~ ^[0-9]+$ && $nodes -ge 1 && $nodes -le 8 ]] || { echo "--nodes is 1 to 8" >&2; exit 2; }
for n in $device_node ${back_end_nodes//,/ }; do
    [[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le $nodes ]] || { echo "node $n is not one of 1..$nodes" >&2; exit 2; }
done
address() { echo "127.0.0.$(($1 + 1))"; }

cluster=${BENCH_CLUSTER_DIR:-$root/benchmark/target/cluster}
rm -rf "$cluster"
mkdir -p "$cluster"

pg_dir=
launchers=()
stop_all() {
    trap - EXIT INT TERM
    # The launcher stops its WildFly on SIGTERM (60 s at most, then kill -9); whatever of ours is left after 75 s
    # is killed: only processes whose command line names this cluster's directory.
    for pid in "${launchers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 75); do
        pgrep -f -- "$cluster/node" >/dev/null || break
        sleep 1
    done
    pkill -9 -f -- "$cluster/node" 2>/dev/null || true
    for pid in "${launchers[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "$pg_dir" ]; then
        timeout 60 "$root/.ci/postgres" stop "$pg_dir" || true
    fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [ -z "${HUB_DB_URL:-}" ]; then
    eval "$("$root/.ci/postgres" start)"
    pg_dir=$HUB_IT_PG_DIR
    export HUB_DB_URL=$HUB_IT_DB_URL HUB_DB_USER=hub HUB_DB_PASSWORD=hub
else
    PGPASSWORD=${HUB_DB_PASSWORD:-} psql -q "postgresql://${HUB_DB_USER:-hub}@${HUB_DB_URL#jdbc:postgresql://}" \
        -c 'DROP SCHEMA IF EXISTS public CASCADE' -c 'CREATE SCHEMA public'
fi

for n in $(seq 1 "$nodes"); do
    HUB_CLUSTER_DIR=$cluster "$root/wildfly-config/cluster-node.sh" "$n" "$nodes" > "$cluster/node$n.log" 2>&1 &
    launchers+=($!)
done
# Each launcher prints the owner connection string, then the CA, once its node serves every endpoint.
for n in $(seq 1 "$nodes"); do
    for _ in $(seq 1 400); do
        grep -q '^CA certificate: ' "$cluster/node$n.log" && break
        kill -0 "${launchers[$((n - 1))]}" 2>/dev/null || { tail -20 "$cluster/node$n.log" >&2; exit 1; }
        sleep 1
    done
    grep -q '^CA certificate: ' "$cluster/node$n.log" || { echo "node $n did not start in 400 s" >&2; exit 1; }
done
# The brokers' bridges, which carry events and relayed calls between nodes, connect a moment after the nodes start.
if [ "$nodes" -gt 1 ]; then
    for n in $(seq 1 "$nodes"); do
        for _ in $(seq 1 60); do
            grep -q 'AMQ221027' "$cluster/node$n.log" && break
            sleep 1
        done
        grep -q 'AMQ221027' "$cluster/node$n.log" || echo "node $n: no cluster bridge connected after 60 s" >&2
    done
fi
echo "cluster of $nodes ready: $(date -u +%H:%M:%S), load average $(cut -d ' ' -f 1-3 /proc/loadavg)" >&2

device_host=$(address "$device_node")
connection=$(sed -n 's/^Owner connection string: //p' "$cluster/node$device_node.log" | sed "s/HostName=[^;]*/HostName=$device_host/")
ca=$(sed -n 's/^CA certificate: //p' "$cluster/node$device_node.log")
# Each node's WildFly JVM: its command line names its data directory and, unlike standalone.sh's, WildFly's home.
servers=()
for n in $(seq 1 "$nodes"); do
    data="-Djboss.server.data.dir=$cluster/node$n/server"
    servers+=("$(pgrep -f -- "$data.*-Djboss.home.dir=|-Djboss.home.dir=.*$data" | head -1 || true)")
    [ -n "${servers[$((n - 1))]}" ] || { echo "node $n: no WildFly JVM found" >&2; exit 1; }
done
postgres_pids() {
    [ -n "$pg_dir" ] || return 0
    local main
    main=$(pgrep -f -- "-D $pg_dir/data" | head -1 || true)
    [ -n "$main" ] && { echo "$main"; pgrep -P "$main" || true; }
}

tick=$(getconf CLK_TCK)
# CPU seconds of the processes given (those that ended meanwhile count as nothing).
cpu_seconds() {
    local total=0 pid
    for pid in "$@"; do
        total=$(awk -v t="$total" '{ printf "%d", t + $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo "$total")
    done
    echo "scale=2; $total / $tick" | bc
}
# Heap in use after a full collection, in KB (G1's total line, or the sum of the generations).
heap_kb() {
    timeout 60 jcmd "$1" GC.run >/dev/null 2>&1 || { echo -1; return; }
    timeout 60 jcmd "$1" GC.heap_info 2>/dev/null | awk '
        /garbage-first heap/ { sub(/.*used /, ""); sub(/K.*/, ""); print; found = 1; exit }
        /^ [^ ]/ && !/Metaspace|class space/ && / used / { s = $0; sub(/.* used /, "", s); sub(/K.*/, "", s); sum += s }
        END { if (!found) print sum + 0 }'
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
memory() {
    local n
    for n in $(seq 1 "$nodes"); do
        echo "$(heap_kb "${servers[$((n - 1))]}") $(rss_kb "${servers[$((n - 1))]}")"
    done
}

# Runs the benchmark once, its back end on node $1, and prints the resources over its measured phase.
run_once() {
    local back_node=$1 back_host back_option
    shift
    back_host=$(address "$back_node")
    back_option=$([ "$benchmark" = telemetry ] && echo --drain-host || echo --service-host)
    echo "== $benchmark: devices on node $device_node ($device_host), back end on node $back_node ($back_host)," \
        "$nodes node(s) ==" >&2
    local status=0 measure_start= measure_end= started= generator= generator_start= generator_end= count= \
        pg_start= pg_end= memory_before= memory_after= devices=
    local -a node_start node_end
    memory_before=$(memory)
    # The load generator writes its pid, to read its CPU by.
    timeout --kill-after=10 3600 bash -c 'echo $$ > "$0"; exec "$@"' "$cluster/generator.pid" \
        java -jar "$root/benchmark/target/benchmark.jar" "$benchmark" \
        --connection-string "$connection" --ca "$ca" "$back_option" "$back_host" "$@" 2>&1 |
        while IFS= read -r line; do
            printf '%s\n' "$line"
            if [[ $line == "connected "* && -z $memory_after ]]; then
                memory_after=$(memory)
                devices=$(sed 's/^connected \(and subscribed \)\{0,1\}\([0-9]*\) of.*/\2/' <<< "$line")
                paste <(echo "$memory_before") <(echo "$memory_after") | awk -v d="$devices" -v dn="$device_node" '
                    { printf "node%d memory  heap after GC %d -> %d MB, RSS %d -> %d MB with %d devices connected to node %s:" \
                          " %+.1f KB heap, %+.1f KB RSS per device\n", NR, $1 / 1024, $3 / 1024, $2 / 1024, $4 / 1024, d,
                          dn, ($3 - $1) / d, ($4 - $2) / d }' >&2
            elif [ -z "$measure_start" ] && [[ $line == "[measure"* ]]; then
                measure_start=1
                started=$(date +%s.%N)
                for n in $(seq 1 "$nodes"); do node_start[n]=$(cpu_seconds "${servers[$((n - 1))]}"); done
                pg_start=$(cpu_seconds $(postgres_pids))
                generator=$(cat "$cluster/generator.pid" 2>/dev/null || true)
                generator_start=$([ -n "$generator" ] && cpu_seconds "$generator" || echo "")
            elif [ -n "$measure_start" ] && [ -z "$measure_end" ] && [[ $line != "[measure"* ]]; then
                measure_end=$(echo "$(date +%s.%N) - $started" | bc)
                for n in $(seq 1 "$nodes"); do node_end[n]=$(cpu_seconds "${servers[$((n - 1))]}"); done
                pg_end=$(cpu_seconds $(postgres_pids))
                generator_end=$([ -n "$generator_start" ] && cpu_seconds "$generator" 2>/dev/null || echo "")
            elif [ -n "$measure_end" ] && [ -z "$count" ] && [[ $line == "{"* ]]; then
                count=$(sed -n 's/.*"\(acked\|completed\)":\([0-9]*\).*/\2/p' <<< "$line")
                [ -n "$count" ] && [ "$count" -gt 0 ] || { count=; continue; }
                local unit total=0 used
                unit=$([ "$benchmark" = telemetry ] && echo "acknowledged message" || echo "completed call")
                for n in $(seq 1 "$nodes"); do
                    used=$(echo "${node_end[n]} - ${node_start[n]}" | bc)
                    total=$(echo "$total + $used" | bc)
                    echo "node$n CPU  $used s over the measured phase ($(echo "scale=2; $used / $measure_end" | bc)" \
                        "cores), $(echo "scale=3; 1000 * $used / $count" | bc) ms per $unit" >&2
                done
                echo "nodes CPU  $total s, $(echo "scale=3; 1000 * $total / $count" | bc) ms per $unit" >&2
                if [ -n "$pg_dir" ]; then
                    used=$(echo "$pg_end - $pg_start" | bc)
                    echo "database CPU  $used s, $(echo "scale=3; 1000 * $used / $count" | bc) ms per $unit" >&2
                fi
                if [ -n "$generator_end" ]; then
                    used=$(echo "$generator_end - $generator_start" | bc)
                    echo "generator CPU  $used s, $(echo "scale=3; 1000 * $used / $count" | bc) ms per $unit" >&2
                fi
                echo "load average  $(cut -d ' ' -f 1-3 /proc/loadavg)" >&2
                # A telemetry run over several windows has one measured phase and one result per window.
                measure_start= measure_end= count=
            fi
        done || status=$?
    return "$status"
}

status=0
for n in ${back_end_nodes//,/ }; do
    run_once "$n" "$@" || status=$?
done
exit "$status"
