package org.openiothub.auth;

/**
 * A device (or module) that proved who it is.
 *
 * @param moduleId     {@code null} for a device itself
 * @param generationId the registry's generation of the device, to tell a re-created device from the old one
 * @param credential   how it authenticated
 */
public record DeviceIdentity(String deviceId, String moduleId, String generationId, CredentialKind credential) {

    public enum CredentialKind {
        /** A SAS token signed with one of the device's own keys. */
        DEVICE_KEY,
        /** A SAS token of a shared access policy holding DeviceConnect. */
        POLICY_KEY,
        /** A TLS client certificate whose thumbprint the registry holds. */
        X509_SELF_SIGNED,
        /** A TLS client certificate chaining to a verified CA certificate of the hub. */
        X509_CA
    }

    /** The value of the {@code iothub-connection-auth-method} annotation IoT Hub puts on telemetry. */
    public String authMethodJson() {
        String scope = credential == CredentialKind.POLICY_KEY ? "hub" : moduleId == null ? "device" : "module";
        String typeAndIssuer = switch (credential) {
            case DEVICE_KEY, POLICY_KEY -> "\"type\":\"sas\",\"issuer\":\"iothub\"";
            case X509_SELF_SIGNED, X509_CA -> "\"type\":\"x509Certificate\",\"issuer\":\"external\"";
        };
        return "{\"scope\":\"" + scope + "\"," + typeAndIssuer + ",\"acceptingIpFilterRule\":null}";
    }
}
