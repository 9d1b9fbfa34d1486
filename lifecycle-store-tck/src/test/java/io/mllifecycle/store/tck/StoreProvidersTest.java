package io.mllifecycle.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.StoreProvider;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.store.memory.InMemoryStoreProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("StoreProviders")
class StoreProvidersTest {

    /** A provider for tests: a name, an SPI version and the scheme it claims. */
    static class FakeProvider implements StoreProvider {
        private final String name;
        private final int apiVersion;
        private final String scheme;

        FakeProvider(String name, int apiVersion, String scheme) {
            this.name = name;
            this.apiVersion = apiVersion;
            this.scheme = scheme;
        }

        @Override
        public int apiVersion() {
            return apiVersion;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean supports(URI uri) {
            return scheme.equalsIgnoreCase(uri.getScheme());
        }

        @Override
        public LifecycleStore open(URI uri, Map<String, String> options) {
            return new InMemoryStore();
        }
    }

    static final class OtherFakeProvider extends FakeProvider {
        OtherFakeProvider(String name, int apiVersion, String scheme) {
            super(name, apiVersion, scheme);
        }
    }

    @Nested
    @DisplayName("opening through ServiceLoader")
    class Open {
        @Test
        @DisplayName("mem: opens a fresh store each time; mem:name shares one store by name until it is closed")
        void open_memScheme() {
            try (LifecycleStore a = StoreProviders.open("mem:"); LifecycleStore b = StoreProviders.open("mem:")) {
                assertThat(a).isInstanceOf(InMemoryStore.class);
                assertThat(b).isInstanceOf(InMemoryStore.class).isNotSameAs(a);
                a.tracking().createExperiment("churn", "", Map.of(), Fixtures.T0);
                assertThat(b.tracking().listExperiments()).isEmpty();
            }
            LifecycleStore named = StoreProviders.open("mem:shared-test");
            named.tracking().createExperiment("churn", "", Map.of(), Fixtures.T0);
            assertThat(StoreProviders.open("MEM:shared-test").tracking().listExperiments()).hasSize(1);
            assertThat(StoreProviders.open("mem:other-test").tracking().listExperiments()).isEmpty();
            named.close();
            assertThat(StoreProviders.open("mem:shared-test").tracking().listExperiments()).isEmpty();
            assertThatThrownBy(() -> StoreProviders.open("mem:x", Map.of("colour", "blue")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        }

        @Test
        @DisplayName("characters a URI would escape are quoted, so 'file:./my runs' means the directory 'my runs'")
        void parse_quotesWhatPeopleType() {
            assertThat(StoreProviders.parse("file:./my runs").getSchemeSpecificPart()).isEqualTo("./my runs");
            assertThat(StoreProviders.parse("mem:").getScheme()).isEqualTo("mem");
            assertThat(StoreProviders.parse("jdbc:postgresql://db:5432/ml?user=a").getSchemeSpecificPart())
                    .isEqualTo("postgresql://db:5432/ml?user=a");
        }

        @Test
        @DisplayName("an unknown scheme is a StoreException naming the URI and the providers found")
        void open_unknownScheme() {
            assertThatThrownBy(() -> StoreProviders.open("nope:/var/ml")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("nope:/var/ml").hasMessageContaining("mem")
                    .hasMessageContaining(InMemoryStoreProvider.class.getName());
        }

        @Test
        @DisplayName("a string that is not a URI, or nulls, are bad arguments naming them")
        void open_badArguments() {
            assertThatThrownBy(() -> StoreProviders.open("./mlruns")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("uri").hasMessageContaining("./mlruns").hasMessageContaining("scheme");
            assertThatThrownBy(() -> StoreProviders.open("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("uri");
            assertThatThrownBy(() -> StoreProviders.open(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("uri");
            assertThatThrownBy(() -> StoreProviders.open("mem:x", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("options");
        }
    }

    @Nested
    @DisplayName("selecting among candidates")
    class Select {
        private final URI uri = URI.create("file:/var/ml");

        @Test
        @DisplayName("the one provider that supports the scheme is chosen")
        void select_single() {
            FakeProvider file = new FakeProvider("file", StoreProvider.API_VERSION, "file");
            assertThat(StoreProviders.select(uri, List.of(new InMemoryStoreProvider(), file))).isSameAs(file);
        }

        @Test
        @DisplayName("several matching providers are an error naming each of them")
        void select_several() {
            FakeProvider a = new FakeProvider("file-a", StoreProvider.API_VERSION, "file");
            FakeProvider b = new OtherFakeProvider("file-b", StoreProvider.API_VERSION, "file");
            assertThatThrownBy(() -> StoreProviders.select(uri, List.of(a, b))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("file:/var/ml").hasMessageContaining("file-a").hasMessageContaining("file-b")
                    .hasMessageContaining(StoreProviders.FORCE_PROPERTY);
        }

        @Test
        @DisplayName("a provider built for another SPI version is skipped")
        void select_wrongApiVersionSkipped() {
            FakeProvider old = new FakeProvider("file-old", StoreProvider.API_VERSION - 1, "file");
            FakeProvider current = new OtherFakeProvider("file", StoreProvider.API_VERSION, "file");
            assertThat(StoreProviders.select(uri, List.of(old, current))).isSameAs(current);
            assertThatThrownBy(() -> StoreProviders.select(uri, List.of(old))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("file:/var/ml").hasMessageContaining("file-old");
        }

        @Test
        @DisplayName("no candidates at all is an error saying none were found")
        void select_none() {
            assertThatThrownBy(() -> StoreProviders.select(uri, List.of())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("file:/var/ml").hasMessageContaining("none");
        }

        @Test
        @DisplayName("the system property forces a provider by class name, and names a missing one")
        void select_forced() {
            FakeProvider a = new FakeProvider("file-a", StoreProvider.API_VERSION, "file");
            OtherFakeProvider b = new OtherFakeProvider("file-b", StoreProvider.API_VERSION, "file");
            String previous = System.getProperty(StoreProviders.FORCE_PROPERTY);
            try {
                System.setProperty(StoreProviders.FORCE_PROPERTY, OtherFakeProvider.class.getName());
                assertThat(StoreProviders.select(uri, List.of(a, b))).isSameAs(b);
                assertThatThrownBy(() -> StoreProviders.select(uri, List.of(a))).isInstanceOf(StoreException.class)
                        .hasMessageContaining(OtherFakeProvider.class.getName());
            } finally {
                if (previous == null) {
                    System.clearProperty(StoreProviders.FORCE_PROPERTY);
                } else {
                    System.setProperty(StoreProviders.FORCE_PROPERTY, previous);
                }
            }
        }
    }
}
