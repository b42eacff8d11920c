package org.openiothub.benchmark;

/**
 * The server's resources at one instant of a soak or a fuzz run.
 *
 * @param atSeconds        since the load started
 * @param heapAfterGcBytes heap in use right after a full collection; -1 when it could not be read
 * @param threads          the process's threads
 * @param openFiles        its open file descriptors (files, sockets, pipes)
 * @param rssBytes         its resident memory
 */
record ServerSample(long atSeconds, long heapAfterGcBytes, long threads, long openFiles, long rssBytes) {

    /** The sample as a JSON object, sizes in MB (-1 where unknown). */
    String json() {
        return "{\"heapAfterGcMb\":" + megabytes(heapAfterGcBytes) + ",\"threads\":" + threads + ",\"openFiles\":"
                + openFiles + ",\"residentMb\":" + megabytes(rssBytes) + "}";
    }

    private static long megabytes(long bytes) {
        return bytes < 0 ? -1 : bytes / (1024 * 1024);
    }

    /** A resource of a sample, as the verdict compares it. */
    enum Resource {
        HEAP("heap after GC", true),
        THREADS("threads", false),
        OPEN_FILES("open files", false),
        RSS("RSS", true);

        private final String label;
        private final boolean bytes;

        Resource(String label, boolean bytes) {
            this.label = label;
            this.bytes = bytes;
        }

        String label() {
            return label;
        }

        long of(ServerSample sample) {
            return switch (this) {
                case HEAP -> sample.heapAfterGcBytes();
                case THREADS -> sample.threads();
                case OPEN_FILES -> sample.openFiles();
                case RSS -> sample.rssBytes();
            };
        }

        /** {@code 123.4 MiB} for sizes, the plain number otherwise. */
        String format(long value) {
            return bytes ? String.format(java.util.Locale.ROOT, "%.1f MiB", value / 1048576.0) : Long.toString(value);
        }
    }
}
