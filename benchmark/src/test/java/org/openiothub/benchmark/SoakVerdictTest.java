package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiothub.benchmark.ServerSample.Resource;
import org.openiothub.benchmark.SoakVerdict.Growth;

class SoakVerdictTest {

    private static final long MIB = 1L << 20;

    @Test
    void steadyResourcesAreFlat() {
        List<ServerSample> samples = new ArrayList<>();
        for (int t = 0; t <= 1800; t += 30) {
            samples.add(new ServerSample(t, (200 + t % 7) * MIB, 250 + t % 3, 400 + t % 5, 900 * MIB));
        }

        List<Growth> growths = SoakVerdict.compare(samples, 300, SoakVerdict.DEFAULT_TOLERANCES);

        assertEquals(4, growths.size());
        assertTrue(SoakVerdict.flat(growths));
    }

    @Test
    void heapGrowingPastItsToleranceIsNotFlat() {
        List<ServerSample> samples = new ArrayList<>();
        for (int t = 0; t <= 1800; t += 30) {
            samples.add(new ServerSample(t, 200 * MIB + t * 50_000L, 250, 400, 900 * MIB));
        }

        List<Growth> growths = SoakVerdict.compare(samples, 300, SoakVerdict.DEFAULT_TOLERANCES);

        Growth heap = growth(growths, Resource.HEAP);
        assertFalse(heap.flat());
        assertTrue(heap.perHour() > 170 * MIB && heap.perHour() < 175 * MIB, "50 kB/s is about 172 MiB/h");
        assertTrue(growth(growths, Resource.THREADS).flat());
        assertFalse(SoakVerdict.flat(growths));
    }

    @Test
    void growthWithinTheAbsoluteAllowanceIsFlatEvenAboveTheShare() {
        // 100 -> 108 open files is 8%, but 30 -> 45 threads is 50% while only 15 more: more than the 10 allowed.
        List<ServerSample> samples = List.of(
                new ServerSample(0, 100 * MIB, 30, 100, MIB),
                new ServerSample(60, 100 * MIB, 30, 100, MIB),
                new ServerSample(120, 110 * MIB, 45, 108, MIB),
                new ServerSample(180, 110 * MIB, 45, 108, MIB));

        List<Growth> growths = SoakVerdict.compare(samples, 0, SoakVerdict.DEFAULT_TOLERANCES);

        assertTrue(growth(growths, Resource.OPEN_FILES).flat());
        assertTrue(growth(growths, Resource.HEAP).flat(), "10 MiB is within the 32 MiB allowance");
        assertFalse(growth(growths, Resource.THREADS).flat());
    }

    @Test
    void samplesOfTheWarmUpAreIgnored() {
        List<ServerSample> samples = List.of(
                new ServerSample(0, 50 * MIB, 100, 100, MIB),
                new ServerSample(100, 300 * MIB, 200, 300, MIB),
                new ServerSample(200, 300 * MIB, 200, 300, MIB));

        List<Growth> growths = SoakVerdict.compare(samples, 100, SoakVerdict.DEFAULT_TOLERANCES);

        assertEquals(300 * MIB, growth(growths, Resource.HEAP).first());
        assertTrue(SoakVerdict.flat(growths));
    }

    @Test
    void oneOutlierAtAnEndDoesNotDecide() {
        List<ServerSample> samples = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            samples.add(new ServerSample(t * 30L, 100 * MIB, 100, 100, MIB));
        }
        samples.set(samples.size() - 1, new ServerSample(270, 400 * MIB, 100, 100, MIB));

        assertTrue(growth(SoakVerdict.compare(samples, 0, SoakVerdict.DEFAULT_TOLERANCES), Resource.HEAP).flat());
    }

    @Test
    void rssIsReportedButDoesNotDecide() {
        List<ServerSample> samples = List.of(
                new ServerSample(0, 100 * MIB, 100, 100, 500 * MIB),
                new ServerSample(60, 100 * MIB, 100, 100, 500 * MIB),
                new ServerSample(120, 100 * MIB, 100, 100, 1500 * MIB),
                new ServerSample(180, 100 * MIB, 100, 100, 1500 * MIB));

        List<Growth> growths = SoakVerdict.compare(samples, 0, SoakVerdict.DEFAULT_TOLERANCES);

        assertFalse(growth(growths, Resource.RSS).flat());
        assertTrue(SoakVerdict.flat(growths));
    }

    @Test
    void tooFewSamplesAfterTheWarmUpCannotBeJudged() {
        List<ServerSample> samples = List.of(new ServerSample(0, MIB, 1, 1, MIB),
                new ServerSample(400, MIB, 1, 1, MIB));

        List<Growth> growths = SoakVerdict.compare(samples, 300, SoakVerdict.DEFAULT_TOLERANCES);

        assertTrue(growths.isEmpty());
        assertFalse(SoakVerdict.flat(growths));
    }

    @Test
    void unreadableValuesAreLeftOut() {
        List<ServerSample> samples = List.of(
                new ServerSample(0, -1, 100, 100, MIB),
                new ServerSample(60, -1, 100, 100, MIB),
                new ServerSample(120, 100 * MIB, 100, 100, MIB));

        List<Growth> growths = SoakVerdict.compare(samples, 0, SoakVerdict.DEFAULT_TOLERANCES);

        assertTrue(growths.stream().noneMatch(g -> g.tolerance().resource() == Resource.HEAP));
    }

    private static Growth growth(List<Growth> growths, Resource resource) {
        return growths.stream().filter(g -> g.tolerance().resource() == resource).findFirst().orElseThrow();
    }
}
