package org.openiothub.registry.io;

import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.openiothub.registry.DeviceRegistry;
import org.openiothub.twin.JpaTwinRepository;

/** One page of an export, read in one transaction: devices in id order with their twins, as export lines. */
@Stateless
public class DeviceExportPage {

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaTwinRepository twins;

    /**
     * @param afterId {@code null} for the first page
     * @return up to {@code max} lines; fewer at the end of the registry
     */
    public List<Line> read(String afterId, int max, boolean excludeKeys) {
        return registry.listAfter(afterId, max).stream()
                .map(device -> new Line(device.deviceId(), ExportImportDeviceJson.format(device,
                        twins.find(device.deviceId()).orElse(null), excludeKeys)))
                .toList();
    }

    /** An export line and the device it is of. */
    public record Line(String deviceId, JsonObject json) {
    }
}
