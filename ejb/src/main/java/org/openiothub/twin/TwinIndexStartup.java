package org.openiothub.twin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Builds the query index of devices that have none when the hub starts: devices stored by a hub that predates the
 * index, whose schema update creates an empty {@code twin_property} table. Deployment waits for it, so the first query
 * after a start is already answered from a complete index. A hub whose devices are all indexed pays one query.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class TwinIndexStartup {

    private static final Logger LOG = Logger.getLogger(TwinIndexStartup.class);
    private static final int BATCH = 500;

    @Inject
    JpaTwinRepository twins;

    /** One transaction per batch (through the repository), so a large registry is not indexed in one. */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void indexDevicesWithoutRows() {
        long indexed = 0;
        for (int batch = twins.indexUnindexed(BATCH); batch > 0; batch = twins.indexUnindexed(BATCH)) {
            indexed += batch;
            if (indexed % 10_000 < BATCH) {
                LOG.infof("Query index: %d devices indexed so far", indexed);
            }
        }
        if (indexed > 0) {
            LOG.infof("Query index: built for %d devices that had none", indexed);
        }
    }
}
