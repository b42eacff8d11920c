'use strict';
// A back end on azure-iothub's Registry: creates DEVICE_ID, then reads it back.
//
// IOTHUB_CONNECTION_STRING  the owner connection string the hub prints
// DEVICE_ID                 the device to create
const { Registry } = require('azure-iothub');
const { setting, run } = require('./script');

run(async () => {
  const registry = Registry.fromConnectionString(setting('IOTHUB_CONNECTION_STRING'));
  const deviceId = setting('DEVICE_ID');
  const created = (await registry.create({ deviceId, status: 'enabled' })).responseBody;
  const read = (await registry.get(deviceId)).responseBody;
  return {
    created: { deviceId: created.deviceId, etag: created.etag, status: created.status },
    read: {
      deviceId: read.deviceId,
      etag: read.etag,
      status: read.status,
      connectionState: read.connectionState,
      primaryKey: read.authentication.symmetricKey.primaryKey,
    },
  };
});
