package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with the audit trail on disk by someone who knows the file format: records are re-framed
 * with a correct length and CRC, so the store opens them; the hash chain must still give the edit away.
 */
class FileStoreAuditTamperingTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeChain() {
        try (FileStore s = FileStore.open(dir)) {
            for (int i = 1; i <= 5; i++) {
                s.registry().appendAudit(List.of(new AuditEntry(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "ci",
                        "model.version.transition", "m/" + i, Map.of("to", "STAGING"))));
            }
            assertThat(AuditChain.verify(s.registry().auditEvents(1, 100))).isEmpty();
        }
    }

    private List<String> lines() throws Exception {
        String text = Files.readString(dir.resolve("journal.log"), StandardCharsets.UTF_8);
        List<String> payloads = new ArrayList<>();
        for (String line : text.split("\n")) {
            payloads.add(line.substring(Frames.HEADER));
        }
        return payloads;
    }

    private void write(List<String> payloads) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String p : payloads) {
            out.write(Frames.encode(p.getBytes(StandardCharsets.UTF_8)));
        }
        Files.write(dir.resolve("journal.log"), out.toByteArray());
    }

    private int auditLine(List<String> payloads, String subject) {
        for (int i = 0; i < payloads.size(); i++) {
            if (payloads.get(i).contains("\"audit\"") && payloads.get(i).contains("\"" + subject + "\"")) {
                return i;
            }
        }
        throw new AssertionError("no audit record for " + subject + " in " + payloads);
    }

    /**
     * @return how the tampering showed: the store refuses to open a journal whose audit records do not
     *     chain (CorruptStoreException naming the file and the event), or {@link AuditChain#verify} names
     *     the first bad event; empty if it went unnoticed
     */
    private Optional<String> verifyAfterReopen() {
        try (FileStore s = FileStore.open(dir)) {
            return AuditChain.verify(s.registry().auditEvents(1, 100));
        } catch (io.mllifecycle.store.CorruptStoreException e) {
            assertThat(e.getMessage()).contains(dir.resolve("journal.log").toString());
            return Optional.of(e.getMessage());
        }
    }

    @Test
    void editedActor_reframed_detectedAtThatEvent() throws Exception {
        List<String> p = lines();
        int i = auditLine(p, "m/3");
        p.set(i, p.get(i).replace("\"ci\"", "\"mallory\""));
        write(p);
        assertThat(verifyAfterReopen()).hasValueSatisfying(m -> assertThat(m).startsWith("audit event 3 ")
                .contains("changed"));
    }

    @Test
    void droppedEvent_detected() throws Exception {
        List<String> p = lines();
        p.remove(auditLine(p, "m/2"));
        write(p);
        assertThat(verifyAfterReopen()).hasValueSatisfying(m -> assertThat(m).containsAnyOf("removed, inserted or reordered",
                "audit event 3 does not continue the chain after event 1"));
    }

    @Test
    void swappedEventContents_detected() throws Exception {
        List<String> p = lines();
        int a = auditLine(p, "m/2");
        int b = auditLine(p, "m/3");
        String first = p.get(a).replace("\"m/2\"", "\"m/TMP\"");
        p.set(a, p.get(b).replace("\"m/3\"", "\"m/2\""));
        p.set(b, first.replace("\"m/TMP\"", "\"m/3\""));
        write(p);
        assertThat(verifyAfterReopen()).isPresent();
    }

    @Test
    void insertedEvent_withValidOwnHash_detected() throws Exception {
        List<AuditEvent> events;
        try (FileStore s = FileStore.open(dir)) {
            events = s.registry().auditEvents(1, 100);
        }
        AuditEvent forged = AuditEvent.chain(6, new AuditEntry(Instant.parse("2026-01-02T00:00:00Z"), "mallory",
                "model.alias.move", "m", Map.of()), "sha256:" + "1".repeat(64));
        List<String> p = lines();
        String template = p.get(auditLine(p, "m/5"));
        String last = events.get(4).hash();
        String fake = template.replace(last, forged.hash()).replace("\"sequence\":5", "\"sequence\":6")
                .replace("\"m/5\"", "\"m\"");
        p.add(fake);
        write(p);
        assertThat(verifyAfterReopen()).isPresent();
    }
}
