package org.openiothub.cluster;

/**
 * CDI event: another node of the cluster has not been heard from for {@link ArtemisClusterBus#NODE_TIMEOUT}, so it
 * left (stopped, died or cannot be reached); what it held (device connections, a running job) is this node's to
 * clean up or take over. Every remaining node sees it: a take-over must claim its object first.
 */
public record NodeLeft(String node) {
}
