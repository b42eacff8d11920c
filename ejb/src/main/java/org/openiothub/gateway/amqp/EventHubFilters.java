package org.openiothub.gateway.amqp;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.openiothub.eventhub.EventHub.StartPosition;

/**
 * The start position an Event Hubs receiver asks for in its link's filter: a selector filter
 * ({@code apache.org:selector-filter:string}, described by that symbol or by the ulong {@code 0x0000468C00000004})
 * whose text is one of {@code amqp.annotation.x-opt-offset > '-1'} (the start), {@code > '@latest'},
 * {@code x-opt-offset > | >= 'N'}, {@code x-opt-sequence-number > | >= 'N'} or {@code x-opt-enqueued-time > '<epoch ms>'}.
 */
final class EventHubFilters {

    static final Symbol SELECTOR_FILTER = Symbol.valueOf("apache.org:selector-filter:string");
    static final UnsignedLong SELECTOR_FILTER_CODE = UnsignedLong.valueOf(0x0000468C00000004L);

    private static final Pattern SELECTOR = Pattern.compile(
            "\\s*(?:amqp\\.annotation\\.)?(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\\s*(>=|>)\\s*'([^']*)'\\s*",
            Pattern.CASE_INSENSITIVE);

    private EventHubFilters() {
    }

    /** Why a filter cannot be served; the link is refused with it. */
    static final class InvalidFilterException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidFilterException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param filter a link source's filter, may be {@code null}
     * @return the start: the oldest retained event when the filter has no selector
     * @throws InvalidFilterException for a selector this hub does not understand
     */
    static StartPosition startPosition(Map<Symbol, Object> filter) {
        if (filter == null) {
            return new StartPosition.Earliest();
        }
        for (Map.Entry<Symbol, Object> entry : filter.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof DescribedType described && isSelector(described.getDescriptor())) {
                if (!(described.getDescribed() instanceof String selector)) {
                    throw new InvalidFilterException("The selector filter must be a string.");
                }
                return parse(selector);
            }
            if (SELECTOR_FILTER.equals(entry.getKey()) && value instanceof String selector) {
                return parse(selector);
            }
        }
        return new StartPosition.Earliest();
    }

    private static boolean isSelector(Object descriptor) {
        return SELECTOR_FILTER.equals(descriptor) || SELECTOR_FILTER_CODE.equals(descriptor);
    }

    /** @throws InvalidFilterException for a selector this hub does not understand */
    static StartPosition parse(String selector) {
        Matcher matcher = SELECTOR.matcher(selector);
        if (!matcher.matches()) {
            throw new InvalidFilterException("The selector filter '" + selector
                    + "' is not a start position (x-opt-offset, x-opt-sequence-number or x-opt-enqueued-time with > or >=).");
        }
        String annotation = matcher.group(1).toLowerCase(Locale.ROOT);
        boolean inclusive = ">=".equals(matcher.group(2));
        String value = matcher.group(3).trim();
        try {
            return switch (annotation) {
                case "x-opt-offset" -> offset(value, inclusive);
                case "x-opt-sequence-number" -> new StartPosition.AfterSequenceNumber(Long.parseLong(value), inclusive);
                default -> {
                    Instant time = Instant.ofEpochMilli(Long.parseLong(value));
                    yield new StartPosition.AfterEnqueuedTime(inclusive ? time.minusNanos(1) : time);
                }
            };
        } catch (NumberFormatException e) {
            throw new InvalidFilterException("The selector filter '" + selector + "' has no number where one belongs.");
        }
    }

    private static StartPosition offset(String value, boolean inclusive) {
        if ("@latest".equalsIgnoreCase(value)) {
            return new StartPosition.Latest();
        }
        long offset = Long.parseLong(value);
        if (offset == -1 && !inclusive) {
            return new StartPosition.Earliest();
        }
        return new StartPosition.AfterOffset(offset, inclusive);
    }
}
