package io.mllifecycle.spring;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.audit.AuditCheckpoint;
import io.mllifecycle.audit.AuditVerification;
import io.mllifecycle.store.AuditEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the lifecycle's store: UP when the store answers and its audit chain verifies, with the newest
 * verified event ({@code lastVerifiedEvent}: sequence, action, subject, time, hash); DOWN with the chain's
 * problem when it is broken, and DOWN with the error when the store cannot be read.
 *
 * <p>Why a cached verification: a probe may call this every few seconds and verifying reads the whole chain. The
 * head is read on every call (that is the reachability check); the chain is verified again when the head moved
 * or the last verification is older than {@code mllifecycle.health.verify-interval}.
 */
public class LifecycleHealthIndicator implements HealthIndicator {
    private final Lifecycle lifecycle;
    private final Duration verifyInterval;
    private final Clock clock;
    private AuditCheckpoint verifiedHead;
    private AuditVerification verification;
    private Instant verifiedAt;

    /**
     * @param lifecycle      the lifecycle to check
     * @param verifyInterval the longest a verification is reused while the head is unchanged, positive
     * @param clock          for {@code verifiedAt}
     */
    public LifecycleHealthIndicator(Lifecycle lifecycle, Duration verifyInterval, Clock clock) {
        this.lifecycle = lifecycle;
        this.verifyInterval = verifyInterval;
        this.clock = clock;
    }

    @Override
    public Health health() {
        try {
            Optional<AuditEvent> head = lifecycle.store().registry().auditHead();
            AuditCheckpoint checkpoint = head.map(e -> new AuditCheckpoint(e.sequence(), e.hash()))
                    .orElse(new AuditCheckpoint(0, ""));
            AuditVerification v;
            Instant at;
            synchronized (this) {
                Instant now = clock.instant();
                if (verification == null || !checkpoint.equals(verifiedHead)
                        || verifiedAt.plus(verifyInterval).isBefore(now)) {
                    verification = lifecycle.audit().verify(checkpoint);
                    verifiedHead = checkpoint;
                    verifiedAt = now;
                }
                v = verification;
                at = verifiedAt;
            }
            Health.Builder b = v.intact() ? Health.up() : Health.down().withDetail("problem", v.problem());
            b.withDetail("store", "reachable").withDetail("auditEvents", v.events()).withDetail("verifiedAt",
                    at.toString());
            head.ifPresent(e -> {
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("sequence", e.sequence());
                last.put("action", e.action());
                last.put("subject", e.subject());
                last.put("time", e.time().toString());
                last.put("hash", e.hash());
                b.withDetail(v.intact() ? "lastVerifiedEvent" : "head", last);
            });
            return b.build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("store", "unreachable").build();
        }
    }
}
