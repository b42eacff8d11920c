/**
 * Queries over the hub's stored documents: the {@link org.openiothub.query} engine run against the registry, twins
 * and job records.
 */
package org.openiothub.query.store;
