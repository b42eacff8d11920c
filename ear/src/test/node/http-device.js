'use strict';
// A device on azure-iot-device over HTTPS (azure-iot-device-http): sends numbered telemetry, the first message with
// sendEvent and the others in one sendEventBatch, then polls for one cloud-to-device message and completes it. The
// SDK has no twin and no methods over HTTPS.
//
// DEVICE_CONNECTION_STRING  HostName=...;DeviceId=...;SharedAccessKey=...
// EVENTS                    how many telemetry messages to send: {"n":0}, {"n":1}, ... (at least 2)
// WAIT_SECONDS              how long to wait for the message (default 60)
const { Client, Message } = require('azure-iot-device');
const { Http } = require('azure-iot-device-http');
const { setting, waitUntil, run, text } = require('./script');

const POLL_SECONDS = 1;

run(async () => {
  const events = Number(setting('EVENTS'));
  if (!(events >= 2)) {
    throw new Error(`EVENTS is ${events}: one message alone and at least one in a batch need 2`);
  }
  const waitMillis = Number(process.env.WAIT_SECONDS || 60) * 1000;
  const client = Client.fromConnectionString(setting('DEVICE_CONNECTION_STRING'), Http);
  await client.setOptions({ http: { receivePolicy: { interval: POLL_SECONDS } } });
  await client.open();
  try {
    const messages = [];
    for (let n = 0; n < events; n++) {
      const message = new Message(JSON.stringify({ n }));
      message.messageId = `http-${n}-${Date.now()}`;
      message.contentType = 'application/json';
      message.contentEncoding = 'utf-8';
      message.properties.add('n', String(n));
      messages.push(message);
    }
    await client.sendEvent(messages[0]);
    await client.sendEventBatch(messages.slice(1));

    let cloudToDevice;
    let failure;
    client.on('error', (error) => {
      failure = failure || error;
    });
    // The SDK starts polling with the first listener.
    client.on('message', (message) => {
      client.complete(message).then(() => {
        cloudToDevice = {
          messageId: message.messageId,
          body: text(message.data),
          properties: Object.fromEntries(message.properties.propertyList.map((p) => [p.key, p.value])),
        };
      }, (error) => client.emit('error', error));
    });
    await waitUntil(() => failure || cloudToDevice, waitMillis, 'cloud-to-device message');
    if (failure) {
      throw failure;
    }
    return { transport: 'http', sent: messages.map((m) => m.messageId), cloudToDevice };
  } finally {
    await client.close();
  }
});
