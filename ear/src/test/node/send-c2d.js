'use strict';
// A back end on azure-iothub's Client (AMQP): sends DEVICE_ID a cloud-to-device message asking for full feedback,
// then reads feedback until the record of that message comes, which it reports.
//
// IOTHUB_CONNECTION_STRING  the owner connection string the hub prints
// DEVICE_ID                 the device to send to
// MESSAGE_ID                the message's id
// FEEDBACK_SECONDS          how long to wait for its feedback record (default 60)
const { Client } = require('azure-iothub');
const { Message } = require('azure-iot-common');
const { setting, waitUntil, run } = require('./script');

run(async () => {
  const messageId = setting('MESSAGE_ID');
  const client = Client.fromConnectionString(setting('IOTHUB_CONNECTION_STRING'));
  await client.open();
  try {
    const receiver = (await client.getFeedbackReceiver()).result;
    let record;
    let failure;
    receiver.on('error', (error) => {
      failure = failure || error;
    });
    receiver.on('message', (batch) => {
      const records = JSON.parse(batch.data.toString());
      record = record || records.find((r) => r.originalMessageId === messageId);
      receiver.complete(batch).catch((error) => {
        failure = failure || error;
      });
    });

    const message = new Message(JSON.stringify({ from: 'azure-iothub' }));
    message.messageId = messageId;
    message.ack = 'full';
    message.properties.add('color', 'green');
    await client.send(setting('DEVICE_ID'), message);
    await waitUntil(() => failure || record, Number(process.env.FEEDBACK_SECONDS || 60) * 1000,
      `feedback record for ${messageId}`);
    if (failure) {
      throw failure;
    }
    return { sent: messageId, feedback: record };
  } finally {
    await client.close();
  }
});
