package org.openiothub.query;

/**
 * One leaf of a twin (or module twin, or job record) as a property index stores it: the canonical
 * {@link PropertyPath#toString() path} and the value in the column of its type. All three value columns null means
 * JSON null.
 */
public record TwinPropertyRow(String path, String stringValue, Double numberValue, Boolean booleanValue) {
}
