package org.openiothub.query.store;

import java.util.List;

import jakarta.json.JsonObject;

/** The per-device job records that {@code SELECT * FROM devices.jobs} reads, in IoT Hub's JSON shape. */
public interface DeviceJobDocuments {

    /** Every record kept (job history), oldest first. */
    List<JsonObject> all();
}
