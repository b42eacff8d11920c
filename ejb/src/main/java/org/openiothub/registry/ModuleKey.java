package org.openiothub.registry;

/**
 * The one-string key of a module ({@code deviceId/moduleId}) that its rows are stored under. Ids never contain
 * {@code /}, so the key is unique and splits back unambiguously.
 */
public final class ModuleKey {

    private ModuleKey() {
    }

    public static String of(String deviceId, String moduleId) {
        return deviceId + "/" + moduleId;
    }
}
