package org.openiothub.registry;

/** How a device proves its identity, with IoT Hub's JSON names. */
public enum AuthenticationType {
    SAS("sas"),
    SELF_SIGNED("selfSigned"),
    CERTIFICATE_AUTHORITY("certificateAuthority"),
    NONE("none");

    private final String json;

    AuthenticationType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** @return {@code null} when the name is not one of IoT Hub's */
    public static AuthenticationType fromJson(String name) {
        for (AuthenticationType type : values()) {
            if (type.json.equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
