package org.openiothub.auth;

/** The permissions a shared access policy grants, named as IoT Hub names them. */
public enum AccessRight {
    RegistryRead,
    RegistryWrite,
    ServiceConnect,
    DeviceConnect
}
