package org.openiothub.benchmark;

import java.util.Map;
import java.util.Set;

/**
 * What the hub answered after a restart about what a round had written. A read that got no answer is a
 * {@link ServiceReply} of status 0.
 *
 * @param devices      {@code GET /devices/{id}} by device id
 * @param keysAccepted the created devices whose MQTT CONNECT, signed with the key acknowledged at creation, was
 *                     accepted
 * @param twins        {@code GET /twins/{id}} by device id
 * @param jobs         {@code GET /jobs/v2/{id}} by job id
 */
record StateAfterRestart(Map<String, ServiceReply> devices, Set<String> keysAccepted, Map<String, ServiceReply> twins,
        Map<String, ServiceReply> jobs) {

    StateAfterRestart {
        devices = Map.copyOf(devices);
        keysAccepted = Set.copyOf(keysAccepted);
        twins = Map.copyOf(twins);
        jobs = Map.copyOf(jobs);
    }
}
