package org.openiothub.web.rest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonMembers;
import org.openiothub.registry.io.ImportExportJob;
import org.openiothub.registry.io.ImportExportJobRequest;
import org.openiothub.registry.io.JobType;

/** IoT Hub's {@code JobProperties} JSON of import and export jobs, both ways. */
final class ImportExportJobJson {

    private ImportExportJobJson() {
    }

    /** A {@code POST /jobs/create} body; the fields the hub sets ({@code jobId}, times, status) are ignored. */
    static ImportExportJobRequest parse(String body) {
        JsonObject json = JsonBodies.object(body);
        String typeName = JsonMembers.string(json, "type", "");
        JobType type = typeName == null ? null : JobType.fromJson(typeName);
        if (type == null) {
            throw HubException.invalid("type must be import or export.");
        }
        JsonObject identity = JsonMembers.object(json, "identity", "");
        return new ImportExportJobRequest(type,
                JsonMembers.string(json, "inputBlobContainerUri", ""),
                JsonMembers.string(json, "inputBlobName", ""),
                JsonMembers.string(json, "outputBlobContainerUri", ""),
                JsonMembers.string(json, "outputBlobName", ""),
                JsonMembers.flag(json, "excludeKeysInExport", ""),
                JsonMembers.string(json, "storageAuthenticationType", ""),
                JsonMembers.string(identity, "userAssignedIdentity", "identity."));
    }

    static JsonObject format(ImportExportJob job) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("jobId", job.jobId())
                .add("type", job.type().json())
                .add("status", job.status().json())
                .add("progress", job.progress());
        time(json, "startTimeUtc", job.startTime());
        time(json, "endTimeUtc", job.endTime());
        string(json, "inputBlobContainerUri", job.inputBlobContainerUri());
        string(json, "inputBlobName", job.inputBlobName());
        string(json, "outputBlobContainerUri", job.outputBlobContainerUri());
        string(json, "outputBlobName", job.outputBlobName());
        json.add("excludeKeysInExport", job.excludeKeysInExport());
        string(json, "failureReason", job.failureReason());
        if (job.storageAuthenticationType() != null) {
            json.add("storageAuthenticationType", job.storageAuthenticationType());
        }
        if (job.identity() != null) {
            json.add("identity", Json.createObjectBuilder().add("userAssignedIdentity", job.identity()));
        }
        return json.add("includeConfigurations", false).build();
    }

    private static void time(JsonObjectBuilder json, String name, Instant at) {
        if (at != null) {
            json.add(name, at.truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }

    private static void string(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
