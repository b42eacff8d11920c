'use strict';
// A back end reading the hub's built-in endpoint with @azure/event-hubs' EventHubConsumerClient: the Event Hub's and
// its partitions' properties, every partition from the earliest event to the last one enqueued at the start, and
// DEVICE_ID's partition again after its first event's sequence number and after its second event's offset.
//
// EVENTHUB_CONNECTION_STRING  the Event Hub-compatible connection string the hub prints
// DEVICE_ID                   whose events are reported (at least two must have been sent)
const { EventHubConsumerClient, earliestEventPosition } = require('@azure/event-hubs');
const { setting, waitUntil, run, text } = require('./script');

const READ_MILLIS = 90000;

run(async () => {
  const deviceId = setting('DEVICE_ID');
  const client = new EventHubConsumerClient('$Default', setting('EVENTHUB_CONNECTION_STRING'));
  try {
    const eventHub = await client.getEventHubProperties();
    const partitions = [];
    for (const id of eventHub.partitionIds) {
      partitions.push(await client.getPartitionProperties(id));
    }
    const earliest = await readToTheEnd(client, partitions, earliestEventPosition);
    const devices = earliest.filter((event) => event.deviceId === deviceId);
    if (devices.length < 2) {
      throw new Error(`${devices.length} events of ${deviceId} read from the earliest position, expected at least 2`);
    }
    const partition = partitions.filter((p) => p.partitionId === devices[0].partitionId);
    const afterSequenceNumber = await readToTheEnd(client, partition,
      { sequenceNumber: devices[0].sequenceNumber, isInclusive: false });
    const afterOffset = await readToTheEnd(client, partition, { offset: devices[1].offset, isInclusive: false });
    return {
      eventHub: { name: eventHub.name, partitionIds: eventHub.partitionIds, createdOn: eventHub.createdOn },
      partitions: partitions.map((p) => ({
        id: p.partitionId, eventHubName: p.eventHubName, isEmpty: p.isEmpty,
        beginningSequenceNumber: p.beginningSequenceNumber, lastEnqueuedSequenceNumber: p.lastEnqueuedSequenceNumber,
        lastEnqueuedOffset: p.lastEnqueuedOffset, lastEnqueuedOnUtc: p.lastEnqueuedOnUtc,
        read: sequenceOf(earliest, p.partitionId),
      })),
      deviceEvents: devices,
      afterSequenceNumber: afterSequenceNumber.filter((event) => event.deviceId === deviceId),
      afterOffset: afterOffset.filter((event) => event.deviceId === deviceId),
    };
  } finally {
    await client.close();
  }
});

/**
 * Every event of `partitions` from `startPosition` up to each one's last event at the time its properties were read,
 * in the order received; an empty partition contributes nothing.
 */
async function readToTheEnd(client, partitions, startPosition) {
  const events = [];
  const pending = new Set(partitions.filter((p) => !p.isEmpty).map((p) => p.partitionId));
  const last = Object.fromEntries(partitions.map((p) => [p.partitionId, p.lastEnqueuedSequenceNumber]));
  let failure;
  const handlers = {
    processEvents: async (received, context) => {
      for (const event of received.filter((e) => e.sequenceNumber <= last[context.partitionId])) {
        events.push(summary(event, context.partitionId));
        if (event.sequenceNumber === last[context.partitionId]) {
          pending.delete(context.partitionId);
        }
      }
    },
    processError: async (error, context) => {
      failure = failure || new Error(`reading partition ${context.partitionId}: ${error.message}`);
    },
  };
  const options = { startPosition, maxBatchSize: 100, maxWaitTimeInSeconds: 1, skipParsingBodyAsJson: true };
  const subscription = partitions.length === 1
    ? client.subscribe(partitions[0].partitionId, handlers, options)
    : client.subscribe(handlers, options);
  try {
    await waitUntil(() => failure || pending.size === 0, READ_MILLIS, `last event of partitions ${[...pending]}`);
  } finally {
    await subscription.close();
  }
  if (failure) {
    throw failure;
  }
  return events;
}

function summary(event, partitionId) {
  return {
    partitionId,
    sequenceNumber: event.sequenceNumber,
    offset: event.offset,
    enqueuedTimeUtc: event.enqueuedTimeUtc,
    deviceId: event.systemProperties && event.systemProperties['iothub-connection-device-id'],
    messageId: event.messageId,
    body: text(event.body),
  };
}

/**
 * How a partition's events were numbered as read: how many, the first and last sequence numbers, and how many
 * did not follow the one before by exactly one (a gap, a duplicate or a reordering).
 */
function sequenceOf(events, partitionId) {
  const numbers = events.filter((event) => event.partitionId === partitionId).map((event) => event.sequenceNumber);
  const outOfTurn = numbers.filter((n, i) => i > 0 && n !== numbers[i - 1] + 1).length;
  return { count: numbers.length, first: numbers[0], last: numbers[numbers.length - 1], outOfTurn };
}
