/**
 * The built-in endpoint as an Event Hub: a partitioned, retained, replayable log of device telemetry. Readers (the
 * Event Hubs SDKs through the AMQP gateway) see it through {@link org.openiothub.eventhub.EventHub}; the log keeps each
 * partition's events in order, with a sequence number and an offset, for the retention period, whoever reads them.
 */
package org.openiothub.eventhub;
