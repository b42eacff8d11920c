package org.openiothub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HubConfigTest {

    @Test
    void theHubNameIsTheFirstLabelOfTheHostOrHubForAnIpAddress() {
        assertEquals("myhub", HubConfig.nameOf("myhub.example.com"));
        assertEquals("localhost", HubConfig.nameOf("localhost"));
        assertEquals("hub", HubConfig.nameOf("127.0.0.1"));
        assertEquals("hub", HubConfig.nameOf("::1"));
    }
}
