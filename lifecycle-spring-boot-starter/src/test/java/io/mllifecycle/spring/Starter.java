package io.mllifecycle.spring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter as an application gets it: the auto-configurations its imports file registers. */
final class Starter {
    static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private Starter() {}

    /** @return the classes named by the imports file, in its order */
    static Class<?>[] registered() {
        try (InputStream in = Starter.class.getClassLoader().getResourceAsStream(IMPORTS)) {
            if (in == null) {
                throw new AssertionError(IMPORTS + " is missing");
            }
            List<Class<?>> classes = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    classes.add(Class.forName(line.trim()));
                }
            }
            return classes.toArray(new Class<?>[0]);
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** @return a runner with the starter's auto-configurations and {@code others} (e.g. Boot's DataSource one) */
    static ApplicationContextRunner runner(Class<?>... others) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(registered()))
                .withConfiguration(AutoConfigurations.of(others));
    }
}
