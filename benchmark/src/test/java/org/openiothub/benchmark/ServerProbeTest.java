package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void readsTheG1HeapInUse() {
        String g1 = """
                12345:
                 garbage-first heap   total 524288K, used 183456K [0x0000000080000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 0 survivors (0K)
                 Metaspace       used 201234K, committed 204800K, reserved 1245184K
                  class space    used 25000K, committed 26624K, reserved 1048576K
                """;

        assertEquals(183456L * 1024, ServerProbe.heapUsed(g1));
    }

    @Test
    void addsTheGenerationsOfTheSerialCollectorWithoutMetaspace() {
        String serial = """
                12345:
                 def new generation   total 157248K, used 2796K [0x00000000e0000000, 0x00000000eaaa0000)
                  eden space 139776K,   2% used [0x00000000e0000000, 0x00000000e02bb000, 0x00000000e8880000)
                 tenured generation   total 349568K, used 100000K [0x00000000eaaa0000, 0x0000000100000000)
                 Metaspace       used 201234K, committed 204800K, reserved 1245184K
                """;

        assertEquals((2796L + 100000L) * 1024, ServerProbe.heapUsed(serial));
    }

    @Test
    void outputWithoutAHeapLineIsUnknown() {
        assertEquals(-1, ServerProbe.heapUsed("12345:\nCould not attach\n"));
    }
}
