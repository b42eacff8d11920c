package org.openiothub.auth;

import java.util.Set;

/** A back end that authenticated with a policy token, and the rights that policy grants. */
public record ServiceCaller(String policyName, Set<AccessRight> rights) {

    public boolean has(AccessRight right) {
        return rights.contains(right);
    }
}
