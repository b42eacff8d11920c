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
        POLICY_KEY
    }

    /** The value of the {@code iothub-connection-auth-method} annotation IoT Hub puts on telemetry. */
    public String authMethodJson() {
        String scope = credential == CredentialKind.DEVICE_KEY ? (moduleId == null ? "device" : "module") : "hub";
        return "{\"scope\":\"" + scope + "\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}";
    }
}
