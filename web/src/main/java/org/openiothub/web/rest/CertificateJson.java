package org.openiothub.web.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.openiothub.certificate.CaCertificate;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonDocuments;
import org.openiothub.errors.JsonMembers;

/** IoT Hub's certificate description ({@code CertificateDescription}, {@code CertificateWithNonceDescription}). */
final class CertificateJson {

    /** The dates of Azure Resource Manager's certificate API: {@code Sat, 31 Dec 2039 23:59:59 GMT}. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private CertificateJson() {
    }

    static JsonObject format(CaCertificate certificate) {
        JsonObjectBuilder properties = Json.createObjectBuilder()
                .add("subject", certificate.subject())
                .add("expiry", date(certificate.expiry()))
                .add("thumbprint", certificate.thumbprint())
                .add("isVerified", certificate.verified())
                .add("created", date(certificate.created()))
                .add("updated", date(certificate.updated()))
                .add("certificate", certificate.certificate());
        if (certificate.verificationCode() != null) {
            properties.add("verificationCode", certificate.verificationCode());
        }
        return Json.createObjectBuilder()
                .add("properties", properties)
                .add("id", "/certificates/" + certificate.name())
                .add("name", certificate.name())
                .add("etag", certificate.etag())
                .add("type", "Microsoft.Devices/IotHubs/Certificates")
                .build();
    }

    /**
     * @return the certificate of {@code {"properties":{"certificate":"..."}}}, or of {@code {"certificate":"..."}} (the
     *         shape of a verify request)
     * @throws HubException {@code IotHubFormatError} for a body that is not JSON, {@code ArgumentInvalid} without a
     *                      certificate
     */
    static String certificateOf(String body) {
        JsonValue document = JsonDocuments.read(body == null ? "" : body);
        if (!(document instanceof JsonObject object)) {
            throw HubException.invalid("The body must be a JSON object.");
        }
        JsonObject properties = JsonMembers.object(object, "properties", "");
        String certificate = properties == null ? JsonMembers.string(object, "certificate", "")
                : JsonMembers.string(properties, "certificate", "properties.");
        if (certificate == null || certificate.isBlank()) {
            throw HubException.invalid("properties.certificate is required.");
        }
        return certificate;
    }

    private static String date(Instant instant) {
        return DATE.format(instant);
    }
}
