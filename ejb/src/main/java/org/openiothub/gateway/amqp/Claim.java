package org.openiothub.gateway.amqp;

import java.time.Instant;

import org.openiothub.auth.AccessRight;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.ServiceCaller;

/**
 * What a valid put-token proved, until the token expires: a device's (or module's) identity, or a back end's
 * policy and its rights.
 */
sealed interface Claim {

    Instant expiry();

    /** The key claims are kept under on a connection: a renewal of the same audience replaces the claim. */
    String key();

    record Device(DeviceIdentity identity, Instant expiry) implements Claim {
        @Override
        public String key() {
            return keyOf(identity.deviceId(), identity.moduleId());
        }
    }

    record Service(ServiceCaller caller, Instant expiry) implements Claim {
        static final String KEY = "";

        @Override
        public String key() {
            return KEY;
        }

        boolean has(AccessRight right) {
            return caller.has(right);
        }
    }

    static String keyOf(String deviceId, String moduleId) {
        return moduleId == null ? "/devices/" + deviceId : "/devices/" + deviceId + "/modules/" + moduleId;
    }
}
