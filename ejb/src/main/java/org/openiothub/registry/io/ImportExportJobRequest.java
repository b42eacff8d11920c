package org.openiothub.registry.io;

/**
 * What a caller asks for with {@code POST /jobs/create}.
 *
 * @param inputBlobName             {@code null} for {@code devices.txt}
 * @param outputBlobName            {@code null} for {@code devices.txt}
 * @param storageAuthenticationType {@code keyBased}, {@code identityBased} or {@code null}: accepted and shown,
 *                                  since the hub's own directory needs no storage credentials
 * @param identity                  the managed identity a caller names, shown back; {@code null} when none
 */
public record ImportExportJobRequest(JobType type, String inputBlobContainerUri, String inputBlobName,
        String outputBlobContainerUri, String outputBlobName, boolean excludeKeysInExport,
        String storageAuthenticationType, String identity) {
}
