package org.openiothub.it;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;

/** A device speaking MQTT 3.1.1 by hand (Paho), for what the SDK never sends: other devices' topics, QoS 2, huge payloads. */
final class MqttDevice implements AutoCloseable {

    /** A message the hub published to this device. */
    record Received(String topic, byte[] payload) {
    }

    final MqttClient client;
    /** What the hub published to this device, in order. */
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch lost = new CountDownLatch(1);

    private MqttDevice(String clientId) throws MqttException {
        client = new MqttClient("ssl://127.0.0.1:8883", clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    /** Connects as {@code deviceId} with {@code token}; throws the CONNACK refusal as Paho reports it. */
    static MqttDevice connect(String host, String deviceId, String token) throws Exception {
        MqttDevice device = new MqttDevice(deviceId);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setKeepAliveInterval(230);
        options.setUserName(host + "/" + deviceId + "/?api-version=2020-09-30&DeviceClientType=it");
        options.setPassword(token.toCharArray());
        SSLContext tls = IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString());
        options.setSocketFactory(tls.getSocketFactory());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        device.client.connect(options);
        return device;
    }

    boolean disconnectedWithin(long seconds) throws InterruptedException {
        return lost.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }
}
