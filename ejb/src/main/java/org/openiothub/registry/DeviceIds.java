package org.openiothub.registry;

import java.util.regex.Pattern;

import org.openiothub.errors.HubException;

/** IoT Hub's rule for device and module ids: 1 to 128 characters of {@code A-Za-z0-9-:.+%_#*?!(),=@$'}. */
public final class DeviceIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9\\-:.+%_#*?!(),=@$']{1,128}");

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * @throws HubException {@code ArgumentInvalid} naming the id when it breaks the rule
     */
    public static String require(String id) {
        if (!isValid(id)) {
            throw HubException.invalid("The id '" + id + "' is invalid: use 1 to 128 characters of letters, digits and -:.+%_#*?!(),=@$'");
        }
        return id;
    }
}
