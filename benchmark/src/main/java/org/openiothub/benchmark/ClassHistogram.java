package org.openiothub.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live objects by class, as {@code jcmd <pid> GC.class_histogram} prints them; two of them, after the warm-up and at
 * the end of a soak, name the classes whose instances accumulate, which is where a leak shows first.
 */
record ClassHistogram(Map<String, Count> classes) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** Instances of one class and the bytes they take, shallow. */
    record Count(long instances, long bytes) {
    }

    /**
     * What one class gained between two histograms.
     *
     * @param instances more instances (negative: fewer)
     * @param bytes     more bytes
     */
    record Growth(String className, long instances, long bytes, long instancesAfter) {

        String describe() {
            return String.format(Locale.ROOT, "%+,10d instances %+,12d bytes  %s (%,d now)", instances, bytes,
                    className, instancesAfter);
        }
    }

    /** Reads the rows of {@code GC.class_histogram} output; anything else in it is ignored. */
    static ClassHistogram parse(String output) {
        Map<String, Count> classes = new HashMap<>();
        for (String line : output.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                // The same class name from two class loaders is one row each: add them up.
                classes.merge(row.group(3), new Count(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new Count(a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return new ClassHistogram(Map.copyOf(classes));
    }

    /** The classes that gained the most bytes since {@code before}, only those with more instances; at most {@code limit}. */
    List<Growth> grownSince(ClassHistogram before, int limit) {
        List<Growth> grown = new ArrayList<>();
        classes.forEach((name, after) -> {
            Count earlier = before.classes().getOrDefault(name, new Count(0, 0));
            long instances = after.instances() - earlier.instances();
            long bytes = after.bytes() - earlier.bytes();
            if (instances > 0 && bytes > 0) {
                grown.add(new Growth(name, instances, bytes, after.instances()));
            }
        });
        grown.sort(Comparator.comparingLong(Growth::bytes).reversed().thenComparing(Growth::className));
        return grown.size() > limit ? List.copyOf(grown.subList(0, limit)) : List.copyOf(grown);
    }
}
