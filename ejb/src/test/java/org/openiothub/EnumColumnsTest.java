package org.openiothub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.persistence.Entity;
import jakarta.persistence.Enumerated;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;
import org.openiothub.registry.Device;

/**
 * Every enum an entity stores is a plain VARCHAR column, never the database's native ENUM type: H2 rolls back a
 * transaction left open by a crash from an undo log that does not know an ENUM column's labels, and writes the
 * rolled-back values as bare ordinals, which no read can map back (the hub then answered 500 and refused devices).
 */
class EnumColumnsTest {

    @Test
    void everyStoredEnumIsAVarcharColumn() throws Exception {
        List<String> enumFields = new ArrayList<>();
        List<String> nativeEnums = new ArrayList<>();
        for (Class<?> entity : entities()) {
            for (Field field : entity.getDeclaredFields()) {
                if (field.isAnnotationPresent(Enumerated.class)) {
                    enumFields.add(entity.getSimpleName() + "." + field.getName());
                    JdbcTypeCode type = field.getAnnotation(JdbcTypeCode.class);
                    if (type == null || type.value() != SqlTypes.VARCHAR) {
                        nativeEnums.add(entity.getSimpleName() + "." + field.getName());
                    }
                }
            }
        }
        assertFalse(enumFields.isEmpty(), "no entity with an enum field was found: the scan is broken");
        assertEquals(List.of(), nativeEnums, "enum fields without @JdbcTypeCode(SqlTypes.VARCHAR)");
    }

    /** The entity classes the build compiled, found by scanning its class output. */
    private static List<Class<?>> entities() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Device.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> entities = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, EnumColumnsTest.class.getClassLoader());
                if (type.isAnnotationPresent(Entity.class)) {
                    entities.add(type);
                }
            }
        }
        return entities;
    }
}
