package org.openiothub.auth;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A hub-level shared access policy: a name, two keys and the rights a token signed with either grants. */
@Entity
@Table(name = "shared_access_policy")
@Cacheable(false)
public class SharedAccessPolicy {

    @Id
    @Column(length = 64)
    private String name;

    @Column(name = "primary_key", nullable = false, length = 128)
    private String primaryKey;

    @Column(name = "secondary_key", nullable = false, length = 128)
    private String secondaryKey;

    /** Comma-separated {@link AccessRight} names. */
    @Column(nullable = false, length = 128)
    private String rights;

    protected SharedAccessPolicy() {
    }

    public SharedAccessPolicy(String name, String primaryKey, String secondaryKey, Set<AccessRight> rights) {
        this.name = name;
        this.primaryKey = primaryKey;
        this.secondaryKey = secondaryKey;
        this.rights = rightsColumn(rights);
    }

    /** The {@code rights} column's value for {@code rights}. */
    static String rightsColumn(Set<AccessRight> rights) {
        return rights.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    public String name() {
        return name;
    }

    public String primaryKey() {
        return primaryKey;
    }

    public String secondaryKey() {
        return secondaryKey;
    }

    public Set<AccessRight> rights() {
        Set<AccessRight> set = EnumSet.noneOf(AccessRight.class);
        for (String right : rights.split(",")) {
            if (!right.isBlank()) {
                set.add(AccessRight.valueOf(right));
            }
        }
        return set;
    }

    void usePrimaryKey(String key) {
        this.primaryKey = key;
    }
}
