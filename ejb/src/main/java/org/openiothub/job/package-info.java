/**
 * Scheduled jobs: a direct method or a twin update applied, at a start time, to every device a query condition
 * selects, at the hub's jobs device-operation rate, with one record per device of how it went.
 */
package org.openiothub.job;
