package org.openiothub.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openiothub.benchmark.ServerSample.Resource;

/**
 * Whether the server's resources stayed flat over a soak: for each resource, the median of the first three samples
 * taken after the warm-up against the median of the last three (medians, so one sample caught mid-burst does not
 * decide), allowed to grow by a tolerance: a share of the first value or an absolute amount, whichever is larger.
 * The slope of a least-squares line through all samples after the warm-up is reported beside it.
 */
final class SoakVerdict {

    /** Samples at each end whose median is compared. */
    static final int ENDS = 3;

    /**
     * How much a resource may grow and still count as flat.
     *
     * @param judged false: reported only (RSS grows as the JVM commits heap it was allowed, which is not a leak)
     */
    record Tolerance(Resource resource, double share, long absolute, boolean judged) {

        long allowed(long first) {
            return Math.max(Math.round(first * share), absolute);
        }
    }

    /** Heap +20% or +32 MiB, threads +10% or +10, open files +10% or +20; RSS reported. */
    static final List<Tolerance> DEFAULT_TOLERANCES = List.of(
            new Tolerance(Resource.HEAP, 0.20, 32L << 20, true),
            new Tolerance(Resource.THREADS, 0.10, 10, true),
            new Tolerance(Resource.OPEN_FILES, 0.10, 20, true),
            new Tolerance(Resource.RSS, 0.20, 64L << 20, false));

    /**
     * One resource's comparison.
     *
     * @param perHour the least-squares slope over the samples after the warm-up, in the resource's unit per hour
     */
    record Growth(Tolerance tolerance, long first, long last, double perHour, boolean flat) {

        long grown() {
            return last - first;
        }

        String describe() {
            Resource resource = tolerance.resource();
            return String.format(Locale.ROOT, "%-13s %12s -> %12s  (%s%s, allowed +%s; trend %s%s/h)  %s",
                    resource.label(), resource.format(first), resource.format(last), grown() >= 0 ? "+" : "-",
                    resource.format(Math.abs(grown())), resource.format(tolerance.allowed(first)),
                    perHour >= 0 ? "+" : "-", resource.format(Math.round(Math.abs(perHour))),
                    !tolerance.judged() ? (flat ? "flat (reported only)" : "growing (reported only)")
                            : flat ? "flat" : "GROWING");
        }
    }

    private SoakVerdict() {
    }

    /**
     * @param samples       in time order
     * @param warmupSeconds samples before this are ignored
     * @return one growth per tolerance whose resource was read in enough samples; empty when fewer than two samples
     *         fall after the warm-up
     */
    static List<Growth> compare(List<ServerSample> samples, long warmupSeconds, List<Tolerance> tolerances) {
        List<Growth> growths = new ArrayList<>();
        for (Tolerance tolerance : tolerances) {
            List<ServerSample> after = samples.stream()
                    .filter(s -> s.atSeconds() >= warmupSeconds && tolerance.resource().of(s) >= 0)
                    .toList();
            if (after.size() < 2) {
                continue;
            }
            int ends = Math.min(ENDS, after.size() / 2);
            long first = median(after.subList(0, ends), tolerance.resource());
            long last = median(after.subList(after.size() - ends, after.size()), tolerance.resource());
            boolean flat = last - first <= tolerance.allowed(first);
            growths.add(new Growth(tolerance, first, last, slopePerHour(after, tolerance.resource()), flat));
        }
        return growths;
    }

    /** Whether every judged resource stayed flat; false when nothing could be judged. */
    static boolean flat(List<Growth> growths) {
        return growths.stream().anyMatch(g -> g.tolerance().judged())
                && growths.stream().filter(g -> g.tolerance().judged()).allMatch(Growth::flat);
    }

    static long median(List<ServerSample> samples, Resource resource) {
        long[] values = samples.stream().mapToLong(resource::of).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    static double slopePerHour(List<ServerSample> samples, Resource resource) {
        double n = samples.size();
        double meanT = samples.stream().mapToLong(ServerSample::atSeconds).average().orElse(0);
        double meanV = samples.stream().mapToLong(resource::of).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (ServerSample sample : samples) {
            double dt = sample.atSeconds() - meanT;
            covariance += dt * (resource.of(sample) - meanV);
            variance += dt * dt;
        }
        return n < 2 || variance == 0 ? 0 : covariance / variance * 3600;
    }

    /** For messages: the resources compared, e.g. {@code heap after GC, threads, open files}. */
    static String judgedResources(List<Tolerance> tolerances) {
        return String.join(", ", tolerances.stream().filter(Tolerance::judged)
                .map(t -> t.resource().label()).toArray(String[]::new));
    }
}
