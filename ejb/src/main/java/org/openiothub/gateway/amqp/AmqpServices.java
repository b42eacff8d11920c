package org.openiothub.gateway.amqp;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.openiothub.auth.CertificateAuthenticator;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.eventhub.EventHub;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.twin.DeviceTwins;

/**
 * What every AMQP connection works with, resolved once when the endpoint starts.
 *
 * @param tokens        checks put-tokens (blocking, on {@code blockingWork})
 * @param blockingWork  runs what blocks on the registry or the database, off the event loops
 * @param sessions      the devices connected over AMQP on this node
 * @param methods       takes devices' answers to direct methods
 * @param subscriptions told when a device asks for a kind of traffic; returns at once
 * @param cloudToDevice takes the links of devices that receive their cloud-to-device messages
 * @param hostName      the hub's host name, its container id on every connection
 * @param cloudToDeviceQueue queues back ends' cloud-to-device messages (blocking, on {@code blockingWork})
 * @param serviceBound  the broker queues back ends receive feedback and file notifications from
 * @param hubName       the hub's name: its Event Hub's, the first segment of Event Hub addresses
 * @param eventHub      the built-in endpoint's partitioned log; {@code null} while the hub has none: Event Hub links
 *                      are then refused with {@code amqp:not-found} and management requests answered 404
 * @param consumerGroups whether a consumer group exists (blocking, on {@code blockingWork})
 * @param eventHubReaders who reads each partition on this node, for epochs and the reader limit
 * @param certificates  authenticates devices that send no SASL layer, by their TLS client certificate (blocking, on
 *                      {@code blockingWork}); {@code null} when none is deployed: such devices are then refused
 */
record AmqpServices(TokenChecker tokens, Executor blockingWork, TelemetrySink telemetry, AmqpDeviceSessions sessions,
        DeviceConnectionListener connections, Clock clock, MethodAnswers methods,
        Consumer<DeviceFeatureSubscribed> subscriptions, CloudToDeviceDelivery cloudToDevice, DeviceTwins twins,
        String hostName, CloudToDeviceQueue cloudToDeviceQueue, ServiceBoundQueues serviceBound, String hubName,
        EventHub eventHub, ConsumerGroups consumerGroups, EventHubReaders eventHubReaders,
        CertificateAuthenticator certificates) {

    /** Whether a consumer group of the built-in endpoint exists; the core's {@code ArtemisConsumerGroups::exists}. */
    @FunctionalInterface
    interface ConsumerGroups {
        boolean exists(String name);
    }

    /**
     * What queues a back end's cloud-to-device message, durably once it returns; the core's
     * {@code JpaCloudToDeviceQueue::enqueue}.
     */
    @FunctionalInterface
    interface CloudToDeviceQueue {
        /**
         * @return the message's id
         * @throws org.openiothub.errors.HubException as the REST API's send would answer
         */
        String enqueue(String deviceId, org.openiothub.c2d.CloudToDeviceMessage message);
    }

    /** What takes a device's answer to a direct method; the core's {@code DirectMethods::responded}. */
    @FunctionalInterface
    interface MethodAnswers {
        void responded(org.openiothub.auth.DeviceIdentity from, String requestId, int status, byte[] payload);
    }

    AmqpServices {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(blockingWork, "blockingWork");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(cloudToDevice, "cloudToDevice");
        Objects.requireNonNull(cloudToDeviceQueue, "cloudToDeviceQueue");
        Objects.requireNonNull(serviceBound, "serviceBound");
        Objects.requireNonNull(hubName, "hubName");
        Objects.requireNonNull(consumerGroups, "consumerGroups");
        Objects.requireNonNull(eventHubReaders, "eventHubReaders");
    }
}
