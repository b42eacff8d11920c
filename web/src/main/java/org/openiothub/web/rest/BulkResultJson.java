package org.openiothub.web.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceImport;
import org.openiothub.registry.DeviceImportError;
import org.openiothub.registry.io.ExportImportDeviceJson;
import org.openiothub.errors.JsonDocuments;

/**
 * The JSON of {@code POST /devices}: a request is an array of {@code ExportImportDevice} objects, the answer IoT
 * Hub's {@code BulkRegistryOperationResult} ({@code isSuccessful}, {@code errors}, {@code warnings}).
 */
record BulkResultJson(boolean successful, JsonObject json) {

    static List<DeviceImport> parseRequest(String body) {
        if (body == null || body.isBlank()) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body is empty; a JSON array of devices is required.");
        }
        JsonValue value = JsonDocuments.read(body);
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body must be a JSON array of devices.");
        }
        List<DeviceImport> entries = new ArrayList<>();
        for (JsonValue entry : value.asJsonArray()) {
            if (entry.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Every entry of the array must be a device object.");
            }
            entries.add(ExportImportDeviceJson.parse(entry.asJsonObject()));
        }
        return entries;
    }

    static BulkResultJson of(List<DeviceImportError> errors) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        errors.forEach(error -> list.add(error.toJson()));
        return new BulkResultJson(errors.isEmpty(), Json.createObjectBuilder()
                .add("isSuccessful", errors.isEmpty())
                .add("errors", list)
                .add("warnings", Json.createArrayBuilder())
                .build());
    }
}
