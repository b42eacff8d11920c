package org.openiothub.c2d;

/** How a cloud-to-device message ended, as a feedback record states it ({@code statusCode}, {@code description}). */
public enum FeedbackStatus {
    SUCCESS("Success", "Success"),
    EXPIRED("Expired", "Message expired"),
    DELIVERY_COUNT_EXCEEDED("DeliveryCountExceeded", "Message delivery count exceeded"),
    REJECTED("Rejected", "Message rejected"),
    PURGED("Purged", "Message purged");

    private final String statusCode;
    private final String description;

    FeedbackStatus(String statusCode, String description) {
        this.statusCode = statusCode;
        this.description = description;
    }

    /** IoT Hub's {@code statusCode}, e.g. {@code DeliveryCountExceeded}. */
    public String statusCode() {
        return statusCode;
    }

    public String description() {
        return description;
    }
}
