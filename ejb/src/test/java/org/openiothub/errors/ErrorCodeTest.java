package org.openiothub.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorCodeTest {

    /** The numeric codes the Java service SDK turns into its error descriptions, with IoT Hub's names for them. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "InvalidOperation, 400003",
        "ArgumentInvalid, 400004",
        "ArgumentNull, 400005",
        "IotHubFormatError, 400006",
        "DeviceDefinedMultipleTimes, 400011",
        "IotHubUnauthorizedAccess, 401002",
        "IotHubQuotaExceeded, 403002",
        "DeviceMaximumQueueDepthExceeded, 403004",
        "DeviceNotFound, 404001",
        "ModuleNotFound, 404010",
        "DeviceNotOnline, 404103",
        "DeviceAlreadyExists, 409001",
        "ModuleAlreadyExistsOnDevice, 409301",
        "PreconditionFailed, 412001",
        "MessageTooLarge, 413001",
        "TooManyDevices, 413002",
        "ThrottlingException, 429001",
        "ServerError, 500001",
    })
    void codesTheServiceSdkKnowsAreIotHubs(String name, int code) {
        ErrorCode errorCode = Arrays.stream(ErrorCode.values())
                .filter(candidate -> candidate.errorName().equals(name))
                .findFirst().orElseThrow();
        assertEquals(code, errorCode.code());
        assertEquals(code / 1000, errorCode.httpStatus());
    }
}
