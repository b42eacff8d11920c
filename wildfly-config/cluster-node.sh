#!/usr/bin/env bash
# Starts node N of a cluster of hubs on this machine, in the foreground (Ctrl-C stops it):
#
#     wildfly-config/cluster-node.sh N [NODES]         # N = 1, 2, ...; NODES (default 2) nodes in the cluster
#
# Node N listens on its own loopback address 127.0.0.<N+1>, so that every node keeps the IoT Hub ports (8883, 443,
# 5672) and WildFly's internal ports. The nodes share one CA (clients trust its ca.pem), one owner key and the broker
# cluster's password, all under $HUB_CLUSTER_DIR (default ~/.open-iot-hub-cluster); node N keeps its data in
# $HUB_CLUSTER_DIR/nodeN. Build first: mvn -o -q package -DskipTests. Other HUB_* variables pass through.
set -euo pipefail
n=${1:?usage: cluster-node.sh N [NODES]}
nodes=${2:-2}
[[ $n =~ ^[0-9]+$ && $nodes =~ ^[0-9]+$ && $n -ge 1 && $n -le 253 && $nodes -le 253 ]] \
    || { echo "N and NODES are numbers from 1 to 253" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${HUB_CLUSTER_DIR:-$HOME/.open-iot-hub-cluster}
mkdir -p "$dir"

members=""
for i in $(seq 1 "$nodes"); do
    members+="${members:+,}127.0.0.$((i + 1))[${HUB_CLUSTER_PORT:-7600}]"
done
# One owner key for every node, made once (noclobber: nodes started together keep the first one written).
(umask 077; set -o noclobber; head -c 32 /dev/urandom | base64 > "$dir/owner.key") 2>/dev/null || true

classpath="$root/wildfly-config/target/classes:$(cd "$root/wildfly-config" && mvn -o -q dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)"

export HUB_BIND_ADDRESS=127.0.0.$((n + 1))
export HUB_CLUSTER_MEMBERS=$members
export HUB_NODE_NAME=${HUB_NODE_NAME:-node$n}
export HUB_DATA_DIR=$dir/node$n
export HUB_CA_DIR=$dir/ca
export HUB_OWNER_KEY=${HUB_OWNER_KEY:-$(cat "$dir/owner.key")}
export HUB_JAVA_OPTS=${HUB_JAVA_OPTS:--Xms256m -Xmx1g}
exec java -Dhub.wildfly.home="$root/wildfly-config/target/wildfly" -cp "$classpath" org.openiothub.server.HubLauncher
