'use strict';
// A device on azure-iot-device over AMQP or MQTT, on its own port or over WebSockets: sends numbered telemetry, reads
// its twin and reports a property, then waits for one cloud-to-device message (completed) and one call of the direct
// method `echo` (answered 200 with the request's payload).
//
// DEVICE_CONNECTION_STRING  HostName=...;DeviceId=...;SharedAccessKey=...
// TRANSPORT                 amqp | amqpws | mqtt | mqttws (the WebSocket ones on 443, /$iothub/websocket)
// EVENTS                    how many telemetry messages to send: {"n":0}, {"n":1}, ...
// WAIT_SECONDS              how long to wait for the message and the method call (default 60)
const { Client, Message } = require('azure-iot-device');
const { Amqp, AmqpWs } = require('azure-iot-device-amqp');
const { Mqtt, MqttWs } = require('azure-iot-device-mqtt');
const { setting, waitUntil, run, text } = require('./script');

const TRANSPORTS = { amqp: Amqp, amqpws: AmqpWs, mqtt: Mqtt, mqttws: MqttWs };

run(async () => {
  const transport = setting('TRANSPORT');
  if (!TRANSPORTS[transport]) {
    throw new Error(`TRANSPORT is ${transport}, not one of ${Object.keys(TRANSPORTS)}`);
  }
  const events = Number(setting('EVENTS'));
  const waitMillis = Number(process.env.WAIT_SECONDS || 60) * 1000;
  const client = Client.fromConnectionString(setting('DEVICE_CONNECTION_STRING'), TRANSPORTS[transport]);
  await client.open();
  try {
    const sent = await sendTelemetry(client, transport, events);
    const twin = await client.getTwin();
    const reported = { nodeSdk: { transport, events } };
    await new Promise((resolve, reject) => twin.properties.reported.update(reported,
      (error) => (error ? reject(error) : resolve())));

    let cloudToDevice;
    client.on('message', (message) => {
      client.complete(message).then(() => {
        cloudToDevice = {
          messageId: message.messageId,
          body: text(message.data),
          properties: Object.fromEntries(message.properties.propertyList.map((p) => [p.key, p.value])),
        };
      }, (error) => client.emit('error', error));
    });
    let method;
    client.onDeviceMethod('echo', (request, response) => {
      response.send(200, request.payload).then(() => {
        method = { name: request.methodName, payload: request.payload };
      }, (error) => client.emit('error', error));
    });
    let failure;
    client.on('error', (error) => {
      failure = failure || error;
    });
    await waitUntil(() => failure || (cloudToDevice && method), waitMillis,
      `${cloudToDevice ? '' : 'cloud-to-device message '}${method ? '' : 'direct method call'}`);
    if (failure) {
      throw failure;
    }
    return { transport, sent, desired: withoutMetadata(twin.properties.desired), cloudToDevice, method };
  } finally {
    await client.close();
  }
});

/** Sends {"n":0} ... {"n":count-1}, each with a message id, JSON content type and the property n; their ids. */
async function sendTelemetry(client, transport, count) {
  const ids = [];
  for (let n = 0; n < count; n++) {
    const message = new Message(JSON.stringify({ n }));
    message.messageId = `${transport}-${n}-${Date.now()}`;
    message.contentType = 'application/json';
    message.contentEncoding = 'utf-8';
    message.properties.add('n', String(n));
    await client.sendEvent(message);
    ids.push(message.messageId);
  }
  return ids;
}

function withoutMetadata(properties) {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith('$')));
}
