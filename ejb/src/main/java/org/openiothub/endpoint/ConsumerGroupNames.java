package org.openiothub.endpoint;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

import org.openiothub.errors.HubException;

/**
 * Consumer group names as Event Hubs allows them: 1 to 50 letters, digits, '-', '.', '_' (and the built-in $Default),
 * told apart regardless of case as Event Hubs does ({@code EventProcessorClient} asks for {@code $default}).
 */
final class ConsumerGroupNames {

    static final String DEFAULT = "$Default";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");

    private ConsumerGroupNames() {
    }

    static String require(String name) {
        if (!DEFAULT.equals(name) && (name == null || !VALID.matcher(name).matches())) {
            throw HubException.invalid("The consumer group name '" + name
                    + "' is invalid: use 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return name;
    }

    /**
     * @return the group of {@code existing} that {@code name} names: the one spelled exactly so, else one spelled so
     *         regardless of case; empty when none is
     */
    static Optional<String> find(String name, Collection<String> existing) {
        if (name == null) {
            return Optional.empty();
        }
        if (existing.contains(name)) {
            return Optional.of(name);
        }
        return existing.stream().filter(name::equalsIgnoreCase).findFirst();
    }
}
