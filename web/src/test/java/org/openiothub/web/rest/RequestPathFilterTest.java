package org.openiothub.web.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestPathFilterTest {

    @Test
    void pathsWhoseEscapesAreUtf8Pass() {
        assertTrue(RequestPathFilter.decodesAsUtf8("/devices/dev1"));
        assertTrue(RequestPathFilter.decodesAsUtf8("/devices/a%2Fb"));
        assertTrue(RequestPathFilter.decodesAsUtf8("/devices/%C3%A9t%C3%A9/modules/%F0%9F%98%80"));
        assertTrue(RequestPathFilter.decodesAsUtf8("/devices/a%00b"));
        // A malformed escape is the container's to refuse.
        assertTrue(RequestPathFilter.decodesAsUtf8("/devices/100%"));
        assertTrue(RequestPathFilter.decodesAsUtf8(null));
    }

    @Test
    void pathsWhoseEscapesAreNotUtf8AreRefused() {
        assertFalse(RequestPathFilter.decodesAsUtf8("/devices/%FF"));
        assertFalse(RequestPathFilter.decodesAsUtf8("/twins/%C3%28"));
        assertFalse(RequestPathFilter.decodesAsUtf8("/devices/%C0%AF"));
        assertFalse(RequestPathFilter.decodesAsUtf8("/devices/%ED%A0%80"));
        assertFalse(RequestPathFilter.decodesAsUtf8("/devices/ok/modules/%E2%80"));
    }
}
