package org.openiothub.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What turns the stored index rows of a document into the rows it should have: paths to delete, rows whose value
 * changed, rows to insert. A reported-properties patch that changes one value and the twin's version is then three
 * row writes, not a rewrite of the whole document's rows.
 */
public record TwinPropertyDiff(List<String> removedPaths, List<TwinPropertyRow> changed, List<TwinPropertyRow> added) {

    public TwinPropertyDiff {
        removedPaths = List.copyOf(removedPaths);
        changed = List.copyOf(changed);
        added = List.copyOf(added);
    }

    /**
     * @param stored the rows the index holds, one per path
     * @param wanted the rows of the document now, one per path (as {@link TwinPropertyRows#of} gives them)
     */
    public static TwinPropertyDiff between(Collection<TwinPropertyRow> stored, Collection<TwinPropertyRow> wanted) {
        Map<String, TwinPropertyRow> old = new LinkedHashMap<>();
        stored.forEach(row -> old.put(row.path(), row));
        List<TwinPropertyRow> changed = new ArrayList<>();
        List<TwinPropertyRow> added = new ArrayList<>();
        for (TwinPropertyRow row : wanted) {
            TwinPropertyRow before = old.remove(row.path());
            if (before == null) {
                added.add(row);
            } else if (!before.equals(row)) {
                changed.add(row);
            }
        }
        return new TwinPropertyDiff(List.copyOf(old.keySet()), changed, added);
    }

    /** Whether the index already holds exactly the wanted rows. */
    public boolean isEmpty() {
        return removedPaths.isEmpty() && changed.isEmpty() && added.isEmpty();
    }
}
