package io.mllifecycle.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AuditTamperingTest {

    private static List<AuditEvent> chain(int n) {
        LifecycleStore whole = TestStores.newStore();
        RegistryStore store = whole.registry();
        AuditTrail trail = Lifecycle.builder().store(whole)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).actor("ci").build().audit();
        for (int i = 0; i < n; i++) {
            trail.record("model.version.transition", "m/" + (i % 3 + 1), Map.of("to", "STAGING", "i", "" + i));
        }
        assertThat(trail.verify().intact()).isTrue();
        assertThat(trail.verify().events()).isEqualTo(n);
        return new ArrayList<>(trail.events());
    }

    @Property(tries = 100)
    void flippedCharacter_detectedAtThatEvent(@ForAll @IntRange(min = 2, max = 30) int n, @ForAll @IntRange(min = 0, max = 29) int at) {
        List<AuditEvent> events = chain(n);
        int i = at % n;
        AuditEvent e = events.get(i);
        String actor = e.actor().equals("ci") ? "cj" : "ci"; // one character changed
        events.set(i, new AuditEvent(e.sequence(), e.time(), actor, e.action(), e.subject(), e.details(),
                e.previousHash(), e.hash()));
        Optional<String> problem = AuditChain.verify(events);
        assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith("audit event " + (i + 1) + " ")
                .contains("changed"));
    }

    @Property(tries = 100)
    void droppedSwappedOrInserted_detected(@ForAll @IntRange(min = 3, max = 30) int n,
                                           @ForAll @IntRange(min = 0, max = 29) int at, @ForAll @IntRange(min = 0, max = 2) int kind) {
        List<AuditEvent> events = chain(n);
        int i = at % (n - 1);
        switch (kind) {
            case 0 -> events.remove(i);
            case 1 -> Collections.swap(events, i, i + 1);
            default -> {
                AuditEvent forged = AuditEvent.chain(events.get(i).sequence(), new AuditEntry(events.get(i).time(), "mallory",
                        "model.alias.move", "m", Map.of()), events.get(i).previousHash());
                events.add(i, forged);
            }
        }
        assertThat(AuditChain.verify(events)).isPresent();
    }

    @Test
    void rehashedTail_afterEdit_stillDetectedBecauseLinksBreak() {
        List<AuditEvent> events = chain(5);
        AuditEvent e = events.get(2);
        AuditEvent edited = AuditEvent.chain(e.sequence(), new AuditEntry(e.time(), "mallory", e.action(), e.subject(),
                e.details()), e.previousHash());
        events.set(2, edited);
        assertThat(AuditChain.verify(events)).hasValueSatisfying(p -> assertThat(p).startsWith("audit event 4 "));
    }
}
