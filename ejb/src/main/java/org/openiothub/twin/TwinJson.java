package org.openiothub.twin;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON provider the twin code builds and parses with, looked up once. Every {@code jakarta.json.Json} factory
 * call looks the provider up again through the service loader, which in the server's module class loader cost more
 * than the work itself: most of the CPU of a query returning 40 twins, and of a twin write.
 */
final class TwinJson {

    static final JsonProvider PROVIDER = JsonProvider.provider();

    private TwinJson() {
    }
}
