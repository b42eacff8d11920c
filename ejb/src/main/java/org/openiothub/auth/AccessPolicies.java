package org.openiothub.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.jboss.logging.Logger;
import org.openiothub.config.HubConfig;

/**
 * The hub's shared access policies. The five IoT Hub defaults are created with fresh keys by a migration
 * ({@link DefaultAccessPoliciesMigration}); the operator's {@code HUB_OWNER_KEY} replaces the {@code iothubowner}
 * primary key at every start. Policies are
 * read on every authenticated call, so they are held in memory and read without a transaction.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AccessPolicies {

    public static final String OWNER = "iothubowner";

    private static final Logger LOG = Logger.getLogger(AccessPolicies.class);

    private final Map<String, SharedAccessPolicy> byName = new ConcurrentHashMap<>();

    @PersistenceContext
    EntityManager em;

    @Inject
    HubConfig config;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void load() {
        config.ownerKey().ifPresent(key -> {
            if (!SymmetricKeys.isValid(key)) {
                throw new IllegalStateException("HUB_OWNER_KEY is not a base64 key of 16 to 64 bytes");
            }
            em.find(SharedAccessPolicy.class, OWNER).usePrimaryKey(key);
        });
        List<SharedAccessPolicy> policies = em.createQuery("select p from SharedAccessPolicy p", SharedAccessPolicy.class)
                .getResultList();
        policies.forEach(policy -> byName.put(policy.name(), policy));
        writeOwnerConnectionString();
    }

    public List<SharedAccessPolicy> all() {
        return byName.values().stream().sorted(java.util.Comparator.comparing(SharedAccessPolicy::name)).toList();
    }

    public Optional<SharedAccessPolicy> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public String ownerConnectionString() {
        return "HostName=" + config.hostName() + ";SharedAccessKeyName=" + OWNER + ";SharedAccessKey="
                + byName.get(OWNER).primaryKey();
    }

    private void writeOwnerConnectionString() {
        Optional<Path> file = config.ownerConnectionStringFile();
        if (file.isEmpty()) {
            return;
        }
        try {
            Files.writeString(file.get(), ownerConnectionString() + "\n");
            Files.setPosixFilePermissions(file.get(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("Cannot write the owner connection string to %s: %s", file.get(), e.getMessage());
        }
    }
}
