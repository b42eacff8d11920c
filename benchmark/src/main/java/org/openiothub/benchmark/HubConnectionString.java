package org.openiothub.benchmark;

import java.util.HashMap;
import java.util.Map;

/**
 * A service connection string, {@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}.
 *
 * @param hostName the hub's name as devices address it (also the SAS audience)
 * @param keyName  the shared access policy, e.g. {@code iothubowner}
 * @param key      the policy's base64 key
 */
record HubConnectionString(String hostName, String keyName, String key) {

    /**
     * @throws IllegalArgumentException when a part is missing or malformed
     */
    static HubConnectionString parse(String text) {
        Map<String, String> parts = new HashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Malformed connection string part '" + part + "'");
            }
            // Base64 keys end in '=': split at the first '=' only.
            parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        String hostName = parts.get("HostName");
        String keyName = parts.get("SharedAccessKeyName");
        String key = parts.get("SharedAccessKey");
        if (hostName == null || keyName == null || key == null) {
            throw new IllegalArgumentException(
                    "The connection string needs HostName, SharedAccessKeyName and SharedAccessKey");
        }
        return new HubConnectionString(hostName, keyName, key);
    }

    @Override
    public String toString() {
        return "HostName=" + hostName + ";SharedAccessKeyName=" + keyName + ";SharedAccessKey=***";
    }
}
