package io.mllifecycle.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit of the journal for {@link Durability#SYNC}: a writer appends its record under the store lock
 * without forcing it, takes a ticket, releases the lock and then waits in {@link #awaitDurable(long)} until an
 * fsync that began after its record was written has succeeded. The first waiter while no fsync is in flight
 * becomes the leader: it notes the highest ticket handed out so far, forces the journal once and so makes
 * every record up to that ticket durable; writers that arrive meanwhile wait (followers) and are made durable
 * together by the next leader. A failed fsync fails exactly the tickets it was meant to cover, not the ones
 * handed out after the leader started (those get an fsync of their own).
 *
 * <p>Tickets are handed out after the record's bytes are in the page cache, and the leader reads the highest
 * ticket before it starts its fsync, so the fsync covers all of them. The journal is forced through a fresh
 * descriptor opened on its path (fsync acts on the file): a compaction may have replaced the file meanwhile,
 * and it forced the replacement, which holds every record, before renaming it.
 */
final class GroupCommit {
    private record Failed(long from, long to, FsyncFailedException error) {}

    private final FileIo io;
    private final Path journal;
    private final Object monitor = new Object();
    private long issued;
    private long durable;
    private boolean leading;
    private final List<Failed> failures = new ArrayList<>();

    GroupCommit(FileIo io, Path journal) {
        this.io = io;
        this.journal = journal;
    }

    /** @return a ticket for a record whose bytes were just written; caller holds the store lock */
    long ticket() {
        synchronized (monitor) {
            return ++issued;
        }
    }

    /** @return whether a leader is forcing the journal now (writers arriving now would share the next fsync) */
    boolean inFlight() {
        synchronized (monitor) {
            return leading;
        }
    }

    /**
     * Returns once the record of {@code ticket} is on disk. Waiting is not cut short by an interrupt (the
     * record is already committed and the fsync is bounded); the flag is set again before returning.
     *
     * @throws FsyncFailedException if the fsync that covered this ticket failed
     */
    void awaitDurable(long ticket) {
        boolean interrupted = false;
        long target;
        try {
            synchronized (monitor) {
                while (true) {
                    FsyncFailedException failed = failureOf(ticket);
                    if (failed != null) {
                        throw failed;
                    }
                    if (ticket <= durable) {
                        return;
                    }
                    if (!leading) {
                        break;
                    }
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                leading = true;
                target = issued;
            }
            lead(target);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void lead(long target) {
        FsyncFailedException error = null;
        try (FileChannel ch = io.open(journal, StandardOpenOption.READ)) {
            Interrupts.force(io, ch, journal);
        } catch (IOException e) {
            error = new FsyncFailedException(journal, e);
        }
        synchronized (monitor) {
            if (error == null) {
                durable = Math.max(durable, target);
            } else {
                failures.add(new Failed(durable + 1, target, error));
            }
            leading = false;
            monitor.notifyAll();
        }
        if (error != null) {
            throw error;
        }
    }

    private FsyncFailedException failureOf(long ticket) {
        for (Failed f : failures) {
            if (ticket >= f.from() && ticket <= f.to()) {
                return f.error();
            }
        }
        return null;
    }
}
