package org.openiothub.it;

import java.util.Map;

import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;

/**
 * A device's twin calls through the official SDK, on any transport. iot-device-client 2.5.0 can lose a twin response
 * on a busy machine (see TwinDeviceIT): the hub answered, the SDK call times out. Asking again changes nothing for a
 * GET; a report's outcome is read back through the service.
 */
final class DeviceSdkTwins {

    private static final int SDK_TIMEOUT_MILLIS = 20_000;

    private DeviceSdkTwins() {
    }

    static Twin getTwin(InternalClient client) throws Exception {
        try {
            return client.getTwin(SDK_TIMEOUT_MILLIS);
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
            return client.getTwin(SDK_TIMEOUT_MILLIS);
        }
    }

    /** Reports {@code properties}; whether the hub took them, the test reads through the service. */
    static void report(InternalClient client, Map<String, Object> properties) throws Exception {
        try {
            client.updateReportedProperties(new TwinCollection(properties), SDK_TIMEOUT_MILLIS);
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
        }
    }
}
