package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubDeviceMaximumQueueDepthExceededException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.DeliveryAcknowledgement;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackRecord;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackStatusCode;
import com.microsoft.azure.sdk.iot.service.messaging.FileUploadNotificationProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * The official Java service SDK over AMQP (port 5671): cloud-to-device messages sent with {@code MessagingClient}
 * reach a device connected over MQTT, their feedback comes through {@code MessageFeedbackProcessorClient}, and
 * refusals arrive as the SDK's exceptions.
 */
class AmqpServiceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);
    /** A feedback batch waits up to 15 s for company; the outbox is published every second. */
    private static final Duration FEEDBACK = Duration.ofSeconds(40);

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @Test
    void aMessageSentOverAmqpReachesAnMqttDeviceWithItsProperties() throws Exception {
        Device device = newDevice();
        MessagingClient messaging = open("service");
        try (DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device)) {
            Message message = new Message("{\"on\":true}");
            message.setMessageId("amqp-mid-1");
            message.setCorrelationId("amqp-cid-1");
            message.setExpiryTimeUtc(Date.from(Instant.now().plus(Duration.ofMinutes(10))));
            message.setProperties(Map.of("color", "light blue", "level", "3"));
            message.setDeliveryAcknowledgement(DeliveryAcknowledgement.NegativeOnly);
            messaging.send(device.getDeviceId(), message);

            com.microsoft.azure.sdk.iot.device.Message received = receiver.next(RECEIVE);
            assertNotNull(received, "the device got the message");
            assertArrayEquals("{\"on\":true}".getBytes(StandardCharsets.UTF_8), received.getBytes());
            assertEquals("amqp-mid-1", received.getMessageId());
            assertEquals("amqp-cid-1", received.getCorrelationId());
            assertEquals("light blue", received.getProperty("color"));
            assertEquals("3", received.getProperty("level"));
        } finally {
            messaging.close();
        }
    }

    @Test
    void feedbackComesToTheProcessorAndAnAbandonedBatchComesAgain() throws Exception {
        Device device = newDevice();
        String messageId = "amqp-fb-" + UUID.randomUUID();
        BlockingQueue<FeedbackRecord> records = new LinkedBlockingQueue<>();
        AtomicInteger deliveries = new AtomicInteger();
        MessageFeedbackProcessorClient feedback = new MessageFeedbackProcessorClient(connectionString("service"),
                IotHubServiceClientProtocol.AMQPS, batch -> {
                    List<FeedbackRecord> mine = batch.getRecords() == null ? List.of() : batch.getRecords().stream()
                            .filter(record -> messageId.equals(record.getOriginalMessageId())).toList();
                    if (mine.isEmpty()) {
                        return AcknowledgementType.COMPLETE;
                    }
                    records.addAll(mine);
                    // the first time it is given back: the hub must deliver it again
                    return deliveries.incrementAndGet() == 1 ? AcknowledgementType.ABANDON : AcknowledgementType.COMPLETE;
                });
        feedback.start();
        MessagingClient messaging = open("service");
        try (DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device)) {
            Message message = new Message("hello");
            message.setMessageId(messageId);
            message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
            messaging.send(device.getDeviceId(), message);
            assertNotNull(receiver.next(RECEIVE), "the device got the message");

            FeedbackRecord first = records.poll(FEEDBACK.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(first, "a feedback batch names the message");
            assertEquals(FeedbackStatusCode.success, first.getStatusCode());
            assertEquals(device.getDeviceId(), first.getDeviceId());
            assertEquals(device.getGenerationId(), first.getDeviceGenerationId());
            assertTrue(Duration.between(first.getEnqueuedTimeUtc().toInstant(), Instant.now()).abs().toMinutes() < 5);

            FeedbackRecord again = records.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(again, "the abandoned batch comes again");
            assertEquals(messageId, again.getOriginalMessageId());
            Thread.sleep(3_000);
            assertEquals(2, deliveries.get(), "a completed batch does not come again");
        } finally {
            messaging.close();
            feedback.stop();
        }
    }

    @Test
    void anUnknownDeviceIsNotFound() throws Exception {
        MessagingClient messaging = open("service");
        try {
            assertThrows(IotHubNotFoundException.class,
                    () -> messaging.send("no-such-" + UUID.randomUUID(), new Message("x")));
            Device device = newDevice();
            messaging.send(device.getDeviceId(), new Message("the link goes on after a refusal"));
            assertEquals(1, registry.getDevice(device.getDeviceId()).getCloudToDeviceMessageCount());
        } finally {
            messaging.close();
        }
    }

    @Test
    void theFiftyFirstPendingMessageExceedsTheQueueDepth() throws Exception {
        Device device = newDevice();
        MessagingClient messaging = open("iothubowner");
        try {
            for (int i = 1; i <= 50; i++) {
                messaging.send(device.getDeviceId(), new Message("m" + i));
            }
            assertThrows(IotHubDeviceMaximumQueueDepthExceededException.class,
                    () -> messaging.send(device.getDeviceId(), new Message("m51")));
            assertEquals(50, registry.getDevice(device.getDeviceId()).getCloudToDeviceMessageCount());
        } finally {
            messaging.close();
        }
    }

    @Test
    void aTokenSignedWithAWrongKeyIsUnauthorized() {
        String wrongKey = "HostName=" + api.host() + ";SharedAccessKeyName=service;SharedAccessKey="
                + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        MessagingClient messaging = new MessagingClient(wrongKey, IotHubServiceClientProtocol.AMQPS);
        assertThrows(IotHubUnauthorizedException.class, messaging::open);
    }

    /**
     * The hub refuses the link (attach, then detach with {@code amqp:unauthorized-access}). The SDK counts the attach
     * as opened and then closes itself on the detach, telling its error processor nothing (its sender link handler
     * only logs a remote close): the client is no longer open, and sending says so.
     */
    @Test
    void aPolicyWithoutServiceConnectCannotAttach() throws Exception {
        Device device = newDevice();
        MessagingClient messaging = new MessagingClient(connectionString("registryRead"), IotHubServiceClientProtocol.AMQPS);
        try {
            messaging.open();
            long deadline = System.currentTimeMillis() + RECEIVE.toMillis();
            while (messaging.isOpen() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(messaging.isOpen(), "the refused link closed the client");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> messaging.send(device.getDeviceId(), new Message("x")));
            assertTrue(refused.getMessage().contains("opened"), refused.getMessage());
        } finally {
            messaging.close();
        }
        assertEquals(0, registry.getDevice(device.getDeviceId()).getCloudToDeviceMessageCount());
    }

    @Test
    void fileUploadNotificationsCanBeListenedTo() throws Exception {
        FileUploadNotificationProcessorClient notifications = new FileUploadNotificationProcessorClient(
                connectionString("service"), IotHubServiceClientProtocol.AMQPS, notification -> AcknowledgementType.COMPLETE);
        notifications.start();
        try {
            assertTrue(notifications.isRunning());
        } finally {
            notifications.stop();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("amqp-svc-" + UUID.randomUUID()));
    }

    private static String connectionString(String policy) {
        return "HostName=" + api.host() + ";SharedAccessKeyName=" + policy + ";SharedAccessKey=" + api.policyKey(policy);
    }

    private static MessagingClient open(String policy) throws Exception {
        MessagingClient messaging = new MessagingClient(connectionString(policy), IotHubServiceClientProtocol.AMQPS);
        messaging.open();
        return messaging;
    }
}
