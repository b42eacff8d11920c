package org.openiothub.gateway.mqtt;

/**
 * A device's twin request, read from its topic: {@code $iothub/twin/GET/?$rid=<rid>} or
 * {@code $iothub/twin/PATCH/properties/reported/?$rid=<rid>[&$version=<n>]}.
 *
 * @param requestId the {@code $rid} exactly as sent, echoed in the response
 * @param version the reported {@code $version} the patch is based on, {@code null} when not given (and for GET)
 */
record MqttTwinRequest(Kind kind, String requestId, Long version) {

    enum Kind { GET, PATCH_REPORTED }

    private static final String GET = "$iothub/twin/GET/";
    private static final String PATCH_REPORTED = "$iothub/twin/PATCH/properties/reported/";
    private static final String RESPONSE = "$iothub/twin/res/";

    /**
     * @throws IllegalArgumentException for another {@code $iothub/twin/} topic, or one without {@code $rid}
     */
    static MqttTwinRequest parse(String topic) {
        Kind kind;
        String rest;
        if (topic.startsWith(GET)) {
            kind = Kind.GET;
            rest = topic.substring(GET.length());
        } else if (topic.startsWith(PATCH_REPORTED)) {
            kind = Kind.PATCH_REPORTED;
            rest = topic.substring(PATCH_REPORTED.length());
        } else {
            throw new IllegalArgumentException("'" + topic + "' is no twin request a device may publish");
        }
        if (!rest.startsWith("?")) {
            throw new IllegalArgumentException("the twin request '" + topic + "' has no $rid");
        }
        String requestId = null;
        Long version = null;
        for (String pair : rest.substring(1).split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (name.equals("$rid")) {
                requestId = value;
            } else if (name.equals("$version") && kind == Kind.PATCH_REPORTED) {
                try {
                    version = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the twin request '" + topic + "' has a $version that is no number");
                }
            }
        }
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("the twin request '" + topic + "' has no $rid");
        }
        return new MqttTwinRequest(kind, requestId, version);
    }

    /** {@code $iothub/twin/res/<status>/?$rid=<rid>}, with {@code &$version=<n>} when a version is given. */
    String responseTopic(int status, Long newVersion) {
        return RESPONSE + status + "/?$rid=" + requestId + (newVersion == null ? "" : "&$version=" + newVersion);
    }
}
