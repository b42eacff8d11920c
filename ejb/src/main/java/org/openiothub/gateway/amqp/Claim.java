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

    /**
     * A back end's right to read the built-in endpoint's Event Hub below {@code scope}: a token signed Event Hubs
     * style by a policy holding {@code ServiceConnect}.
     *
     * @param scope the path the token's resource names, without host, lower case and without a trailing slash:
     *              {@code /myhub/consumergroups/$default/partitions/0}, {@code /myhub}, or {@code ""} for the whole
     *              host
     */
    record EventHub(ServiceCaller caller, String scope, Instant expiry) implements Claim {
        static final String KEY_PREFIX = "eventhub:";

        @Override
        public String key() {
            return KEY_PREFIX + scope;
        }

        /** Whether the token's resource is {@code path} or one of its parents; case-insensitive. */
        boolean covers(String path) {
            String wanted = path.toLowerCase(java.util.Locale.ROOT);
            return scope.isEmpty() || wanted.equals(scope) || wanted.startsWith(scope + "/");
        }
    }

    static String keyOf(String deviceId, String moduleId) {
        return moduleId == null ? "/devices/" + deviceId : "/devices/" + deviceId + "/modules/" + moduleId;
    }
}
