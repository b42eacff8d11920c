package org.openiothub.it;

import java.util.HashMap;
import java.util.Map;

/** Reads {@code Key=value;Key=value} connection strings. */
final class ConnectionStrings {

    private ConnectionStrings() {
    }

    static Map<String, String> parse(String connectionString) {
        Map<String, String> parts = new HashMap<>();
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            parts.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return parts;
    }

    static String host(String connectionString) {
        return parse(connectionString).get("HostName");
    }

    static String key(String connectionString) {
        return parse(connectionString).get("SharedAccessKey");
    }

    static String device(String host, String deviceId, String key) {
        return "HostName=" + host + ";DeviceId=" + deviceId + ";SharedAccessKey=" + key;
    }
}
