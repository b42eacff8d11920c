package org.openiothub.query.store;

import java.time.Instant;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.openiothub.query.TwinQuery;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.twin.DeviceTwin;
import org.openiothub.twin.JpaTwinRepository;
import org.openiothub.twin.Twin;

/** Selects devices by reading every twin: correct at any size, fast only for small fleets. */
@Stateless
public class ScanningDeviceSelection implements DeviceSelection {

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaTwinRepository twins;

    @Override
    public List<String> deviceIdsWhere(String condition) {
        TwinQuery query = TwinQuery.compile("SELECT * FROM devices WHERE " + condition);
        return registry.list(Integer.MAX_VALUE).stream()
                .filter(device -> query.matches(new DeviceTwin(device,
                        twins.find(device.deviceId()).orElseGet(() -> Twin.empty(device.deviceId(), Instant.now())))
                        .toJson()))
                .map(DeviceRecord::deviceId)
                .toList();
    }
}
