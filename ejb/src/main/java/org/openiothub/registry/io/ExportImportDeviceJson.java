package org.openiothub.registry.io;


import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonMembers;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.DeviceImport;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.registry.ImportMode;
import org.openiothub.twin.Twin;
import org.openiothub.errors.JsonDocuments;

/**
 * IoT Hub's {@code ExportImportDevice} JSON: the entries of a bulk registry request and the lines of an import or
 * export file ({@code id}, {@code eTag}, {@code importMode}, {@code status}, {@code statusReason},
 * {@code authentication}, {@code capabilities}, {@code twinETag}, {@code tags}, {@code properties}). Names and
 * enum values are read in any case, as the Java service SDK writes enum constants ({@code Enabled}).
 */
public final class ExportImportDeviceJson {

    /** Looked up once: {@code Json.create*} looks the provider up on every call, which shows at 100,000 lines. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ExportImportDeviceJson() {
    }

    /**
     * One line of an import file.
     *
     * @throws HubException {@code IotHubFormatError} when the line is not a JSON object, else as {@link #parse(JsonObject)}
     */
    public static DeviceImport parse(String line) {
        JsonValue value;
        try {
            value = JsonDocuments.read(line);
        } catch (HubException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "A device line is not valid JSON: " + e.getMessage());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "A device line must be a JSON object.");
        }
        return parse(value.asJsonObject());
    }

    /**
     * One entry. {@code properties.desired} and {@code properties.reported} lose the {@code $version} and
     * {@code $metadata} an export wrote, so that an export imports as it is.
     *
     * @throws HubException {@code ArgumentInvalid} for a missing id, an unknown import mode, status or
     *                      authentication type, a member of the wrong type, or a module entry
     */
    public static DeviceImport parse(JsonObject json) {
        String id = JsonMembers.string(json, "id", "");
        if (id == null) {
            throw HubException.invalid("Every device entry needs an id.");
        }
        String moduleId = JsonMembers.string(json, "moduleId", "");
        if (moduleId != null && !moduleId.isEmpty()) {
            throw HubException.invalid("Module entries are not supported (module " + moduleId + " of device " + id + ").");
        }
        String modeName = JsonMembers.string(json, "importMode", "");
        ImportMode mode = modeName == null ? ImportMode.CREATE_OR_UPDATE : ImportMode.fromJson(modeName);
        if (mode == null) {
            throw HubException.invalid("importMode " + modeName + " of device " + id + " is not one of IoT Hub's.");
        }
        JsonObject authentication = JsonMembers.object(json, "authentication", "");
        String typeName = JsonMembers.string(authentication, "type", "authentication.");
        AuthenticationType type = typeName == null ? null : AuthenticationType.fromJson(typeName);
        if (typeName != null && type == null) {
            throw HubException.invalid("authentication.type of device " + id + " must be sas, selfSigned, certificateAuthority or none.");
        }
        JsonObject keys = JsonMembers.object(authentication, "symmetricKey", "authentication.");
        JsonObject thumbprints = JsonMembers.object(authentication, "x509Thumbprint", "authentication.");
        if (type == null && authentication != null && (keys != null || thumbprints != null)) {
            // IoT Hub infers the type from what is given.
            type = keys != null ? AuthenticationType.SAS : AuthenticationType.SELF_SIGNED;
        }
        JsonObject capabilities = JsonMembers.object(json, "capabilities", "");
        JsonObject properties = JsonMembers.object(json, "properties", "");
        return new DeviceImport(id, mode, JsonMembers.string(json, "eTag", ""),
                status(JsonMembers.string(json, "status", ""), id), JsonMembers.string(json, "statusReason", ""), type,
                JsonMembers.string(keys, "primaryKey", "authentication.symmetricKey."),
                JsonMembers.string(keys, "secondaryKey", "authentication.symmetricKey."),
                JsonMembers.string(thumbprints, "primaryThumbprint", "authentication.x509Thumbprint."),
                JsonMembers.string(thumbprints, "secondaryThumbprint", "authentication.x509Thumbprint."),
                JsonMembers.bool(capabilities, "iotEdge", "capabilities."),
                JsonMembers.string(json, "twinETag", ""),
                JsonMembers.object(json, "tags", ""),
                withoutReadOnlyMembers(JsonMembers.object(properties, "desired", "properties.")),
                withoutReadOnlyMembers(JsonMembers.object(properties, "reported", "properties.")));
    }

    /**
     * A device and its twin as an export line.
     *
     * @param excludeKeys whether the symmetric keys are written as {@code null}
     */
    public static JsonObject format(DeviceRecord device, Twin twin, boolean excludeKeys) {
        JsonObjectBuilder keys = JSON.createObjectBuilder();
        nullable(keys, "primaryKey", excludeKeys ? null : device.primaryKey());
        nullable(keys, "secondaryKey", excludeKeys ? null : device.secondaryKey());
        JsonObjectBuilder thumbprints = JSON.createObjectBuilder();
        nullable(thumbprints, "primaryThumbprint", device.primaryThumbprint());
        nullable(thumbprints, "secondaryThumbprint", device.secondaryThumbprint());
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", device.deviceId())
                .add("eTag", device.etag())
                .add("status", device.status().json());
        nullable(json, "statusReason", device.statusReason());
        json.add("authentication", JSON.createObjectBuilder()
                        .add("symmetricKey", keys)
                        .add("x509Thumbprint", thumbprints)
                        .add("type", device.authenticationType().json()))
                .add("capabilities", JSON.createObjectBuilder().add("iotEdge", device.iotEdge()));
        if (twin != null) {
            json.add("twinETag", twin.etag())
                    .add("tags", twin.tags())
                    .add("properties", JSON.createObjectBuilder()
                            .add("desired", twin.desired().toJson())
                            .add("reported", twin.reported().toJson()));
        }
        return json.build();
    }

    private static DeviceStatus status(String name, String id) {
        if (name == null) {
            return null;
        }
        if (name.equalsIgnoreCase("enabled")) {
            return DeviceStatus.ENABLED;
        }
        if (name.equalsIgnoreCase("disabled")) {
            return DeviceStatus.DISABLED;
        }
        throw HubException.invalid("status of device " + id + " must be enabled or disabled.");
    }

    private static JsonObject withoutReadOnlyMembers(JsonObject properties) {
        if (properties == null || (!properties.containsKey("$version") && !properties.containsKey("$metadata"))) {
            return properties;
        }
        JsonObjectBuilder copy = JSON.createObjectBuilder(properties);
        copy.remove("$version");
        copy.remove("$metadata");
        return copy.build();
    }




    private static void nullable(JsonObjectBuilder builder, String name, String value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value);
        }
    }
}
