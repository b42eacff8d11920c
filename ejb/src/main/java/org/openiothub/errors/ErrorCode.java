package org.openiothub.errors;

/** IoT Hub's error codes: the name clients see in {@code ErrorCode:<name>}, the numeric code and HTTP status. */
public enum ErrorCode {
    ARGUMENT_INVALID("ArgumentInvalid", 400004),
    ARGUMENT_NULL("ArgumentNull", 400005),
    IOTHUB_FORMAT_ERROR("IotHubFormatError", 400006),
    INVALID_OPERATION("InvalidOperation", 400003),
    /** A container URI of an import or export job that the hub may not read or write. */
    BLOB_CONTAINER_VALIDATION_ERROR("BlobContainerValidationError", 400008),
    /** One device id twice in one bulk registry request. */
    DEVICE_DEFINED_MULTIPLE_TIMES("DeviceDefinedMultipleTimes", 400011),
    UNAUTHORIZED("IotHubUnauthorizedAccess", 401002),
    /** Another import or export job is still enqueued or running: IoT Hub answers 403001 for this. */
    JOB_QUOTA_EXCEEDED("JobQuotaExceeded", 403001),
    QUOTA_EXCEEDED("IotHubQuotaExceeded", 403002),
    DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED("DeviceMaximumQueueDepthExceeded", 403004),
    /** The hub holds as many CA certificates as it may (25). */
    CERTIFICATE_COUNT_EXCEEDED("CertificateCountExceeded", 403010),
    DEVICE_NOT_FOUND("DeviceNotFound", 404001),
    JOB_NOT_FOUND("JobNotFound", 404002),
    MODULE_NOT_FOUND("ModuleNotFound", 404010),
    CONSUMER_GROUP_NOT_FOUND("ConsumerGroupNotFound", 404015),
    /** No CA certificate is registered under the name. */
    CERTIFICATE_NOT_FOUND("CertificateNotFound", 404020),
    DEVICE_NOT_ONLINE("DeviceNotOnline", 404103),
    DEVICE_ALREADY_EXISTS("DeviceAlreadyExists", 409001),
    /** A module id already registered on the device it is added to. */
    MODULE_ALREADY_EXISTS_ON_DEVICE("ModuleAlreadyExistsOnDevice", 409301),
    JOB_ALREADY_EXISTS("JobAlreadyExists", 409007),
    CONSUMER_GROUP_ALREADY_EXISTS("ConsumerGroupAlreadyExists", 409011),
    PRECONDITION_FAILED("PreconditionFailed", 412001),
    DEVICE_MESSAGE_LOCK_LOST("DeviceMessageLockLost", 412002),
    MESSAGE_TOO_LARGE("MessageTooLarge", 413001),
    /** More devices in one bulk registry request than IoT Hub takes (100). */
    TOO_MANY_DEVICES("TooManyDevices", 413002),
    THROTTLING("ThrottlingException", 429001),
    SERVER_ERROR("ServerError", 500001),
    /** A device answered a direct method with something that is not a JSON document of at most 128 KB. */
    INVALID_RESPONSE_WHILE_PROXYING("InvalidResponseWhileProxying", 502001),
    GATEWAY_TIMEOUT("GatewayTimeout", 504101);

    private final String name;
    private final int code;

    ErrorCode(String name, int code) {
        this.name = name;
        this.code = code;
    }

    /** The name IoT Hub uses, e.g. {@code DeviceNotFound}. */
    public String errorName() {
        return name;
    }

    /** The six-digit code, e.g. {@code 404001}. */
    public int code() {
        return code;
    }

    public int httpStatus() {
        return code / 1000;
    }
}
