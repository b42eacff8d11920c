package org.openiothub.method;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids ({@code $rid}) for method calls: unique on this node (a counter) and hard to guess (a random part), in
 * characters that are safe in an MQTT topic and in every SDK's topic parser.
 */
final class MethodRequestIds {

    private final AtomicLong counter = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    String next() {
        return Long.toHexString(counter.incrementAndGet()) + '-' + Long.toHexString(random.nextLong());
    }
}
