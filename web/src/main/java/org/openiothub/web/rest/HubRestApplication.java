package org.openiothub.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The service REST API at IoT Hub's paths, on the HTTPS port; every resource requires a policy SAS token. */
@ApplicationPath("/")
public class HubRestApplication extends Application {
}
