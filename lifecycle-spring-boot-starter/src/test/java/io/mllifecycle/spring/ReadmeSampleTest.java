package io.mllifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.file.Durability;
import io.mllifecycle.store.file.FileStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's starter sample is this test's properties and bean, and starts as the README says. */
class ReadmeSampleTest {
    // README: spring bean
    @Configuration(proxyBeanMethods = false)
    static class ServingConfiguration {
        @Bean
        Supplier<ModelVersionRecord> champion(Lifecycle lifecycle) {
            return () -> lifecycle.models().resolve("churn@champion"); // cached; timed as mllifecycle.resolve
        }
    }
    // README: end

    /** The fenced block of {@code kind} that follows {@code heading} in the README. */
    private static String block(String heading, String kind) throws IOException {
        // surefire runs in target/test-run (see the pom): the README is three levels up
        String text = Files.readString(Path.of("..", "..", "..", "README.md"));
        int at = text.indexOf(heading);
        assertThat(at).as("README section " + heading).isPositive();
        int start = text.indexOf("```" + kind + "\n", at) + kind.length() + 4;
        return text.substring(start, text.indexOf("```", start));
    }

    private static List<String> marked() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "..", "src", "test", "java", "io", "mllifecycle",
                "spring", "ReadmeSampleTest.java"));
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.strip().equals("// README: end")) {
                break;
            }
            if (in) {
                out.add(line.strip());
            }
            in |= line.strip().equals("// README: spring bean");
        }
        return out;
    }

    @Test
    void readmeBean_isThisCode_andTheReadmePropertiesStartIt() throws IOException {
        String heading = "## Spring Boot starter (lifecycle-spring-boot-starter)";
        assertThat(block(heading, "java").lines().map(String::strip).toList()).isEqualTo(marked());
        Properties props = new Properties();
        props.load(new StringReader(block(heading, "properties")));
        assertThat(props.getProperty("mllifecycle.store")).isEqualTo("file:./mlruns");
        List<String> pairs = new ArrayList<>();
        props.forEach((k, v) -> pairs.add(k + "=" + v));
        Starter.runner().withPropertyValues(pairs.toArray(new String[0]))
                .withUserConfiguration(ServingConfiguration.class).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
                    assertThat(lifecycle.actor()).isEqualTo(props.getProperty("mllifecycle.actor"));
                    assertThat(((FileStore) lifecycle.store()).durability()).isEqualTo(Durability.BATCHED);
                    MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
                    lifecycle.models().model("churn").setAlias("champion", 1);
                    @SuppressWarnings("unchecked")
                    Supplier<ModelVersionRecord> champion = ctx.getBean(Supplier.class);
                    assertThat(champion.get().modelName()).isEqualTo("churn");
                });
    }
}
