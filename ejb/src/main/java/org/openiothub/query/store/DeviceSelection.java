package org.openiothub.query.store;

import java.util.List;

/** Which devices a query condition selects: what jobs act on. */
public interface DeviceSelection {

    /**
     * @param condition the part of {@code SELECT * FROM devices WHERE <condition>} after WHERE, as IoT Hub's
     *        {@code queryCondition}
     * @return the ids of the matching devices, in id order
     * @throws org.openiothub.query.QuerySyntaxException or {@link org.openiothub.query.InvalidQueryException} when the
     *         condition is not valid
     */
    List<String> deviceIdsWhere(String condition);
}
