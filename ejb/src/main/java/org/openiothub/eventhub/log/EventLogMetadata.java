package org.openiothub.eventhub.log;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/**
 * What an Event Hub's log was created as: its name, creation time (the management node's {@code created_at}) and
 * partition count, which fixes every device's partition and so can never change under existing data. Written once,
 * atomically (a temporary file, forced, renamed, and the directory forced), so a crash leaves either none or all of it.
 */
record EventLogMetadata(String name, Instant createdAt, int partitionCount) {

    static final String FILE = "eventhub.properties";

    /**
     * Reads the metadata in {@code root}, or writes it for a new log.
     *
     * @throws IllegalStateException when the log was created with another partition count
     */
    static EventLogMetadata readOrCreate(Path root, String name, int partitionCount, Instant now) throws IOException {
        Path file = root.resolve(FILE);
        if (Files.exists(file)) {
            EventLogMetadata stored = read(file);
            if (stored.partitionCount != partitionCount) {
                throw new IllegalStateException("The Event Hub log in " + root + " has " + stored.partitionCount
                        + " partitions, not the " + partitionCount + " configured. Changing the partition count would"
                        + " move devices to other partitions and break the order of their events: configure "
                        + stored.partitionCount + ", or start with an empty log directory.");
            }
            return new EventLogMetadata(name, stored.createdAt, partitionCount);
        }
        EventLogMetadata created = new EventLogMetadata(name, now, partitionCount);
        created.write(root, file);
        return created;
    }

    private static EventLogMetadata read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            return new EventLogMetadata(required(properties, "name", file),
                    Instant.parse(required(properties, "createdAt", file)),
                    Integer.parseInt(required(properties, "partitionCount", file)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IOException("The Event Hub log metadata " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key, Path file) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("The Event Hub log metadata " + file + " has no " + key);
        }
        return value;
    }

    private void write(Path root, Path file) throws IOException {
        Files.createDirectories(root);
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("createdAt", createdAt.toString());
        properties.setProperty("partitionCount", Integer.toString(partitionCount));
        Path temporary = root.resolve(FILE + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Event Hub log: the partition count must never change");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        PartitionWriter.forceDirectory(root);
    }
}
