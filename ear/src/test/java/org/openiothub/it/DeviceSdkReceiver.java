package org.openiothub.it;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.registry.Device;

/** The official device SDK (over MQTT unless told) with a message callback that completes every cloud-to-device message. */
final class DeviceSdkReceiver implements AutoCloseable {

    private final DeviceClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    private DeviceSdkReceiver(DeviceClient client) {
        this.client = client;
    }

    static DeviceSdkReceiver open(String host, Device device) throws Exception {
        return open(host, device, IotHubClientProtocol.MQTT);
    }

    static DeviceSdkReceiver open(String host, Device device, IotHubClientProtocol protocol) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
        DeviceSdkReceiver receiver = new DeviceSdkReceiver(new DeviceClient(ConnectionStrings.device(host, device.getDeviceId(),
                device.getPrimaryKey()), protocol, options));
        receiver.client.setMessageCallback((message, context) -> {
            receiver.received.add(message);
            return IotHubMessageResult.COMPLETE;
        }, null);
        receiver.client.open(false);
        return receiver;
    }

    /** @return {@code null} when nothing arrives in time */
    Message next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
