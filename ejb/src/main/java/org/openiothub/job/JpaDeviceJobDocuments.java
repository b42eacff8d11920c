package org.openiothub.job;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.JsonObject;

import org.openiothub.query.store.DeviceJobDocuments;

/** {@code devices.jobs} from the stored device records, each joined to its job for the type and method. */
@Stateless
public class JpaDeviceJobDocuments implements DeviceJobDocuments {

    @EJB
    JpaScheduledJobs store;

    @Override
    public List<JsonObject> all() {
        Map<String, ScheduledJob> jobs = store.all().stream()
                .collect(Collectors.toMap(ScheduledJob::jobId, Function.identity()));
        return store.allDevices().stream()
                .filter(device -> jobs.containsKey(device.jobId()))
                .map(device -> JobJson.deviceJob(device, jobs.get(device.jobId())))
                .toList();
    }
}
