# Sourced by the benchmark scripts: starts a hub with the launcher on the data directory $data (which the caller
# prepares) and waits until it is ready, then sets connection (the owner connection string), ca (the CA file) and
# server (the WildFly JVM's pid, empty when not found). The hub is stopped when the calling script exits.
root=${root:?root must be set}
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
# The JVM that standalone.sh started for this data directory (its command line names both).
server=$(pgrep -f -- "-Djboss.server.data.dir=$data/server.*-Djboss.home.dir=|-Djboss.home.dir=.*-Djboss.server.data.dir=$data/server" | head -1 || true)
