package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.StoreException;
import java.util.function.Supplier;

/**
 * The fault sweep every audited-write fault test runs: a fault at COMMIT, then one after each statement in
 * turn until the call succeeds, each time checking that the store looks as it did before the call.
 */
final class FaultSweep {
    private FaultSweep() {}

    /**
     * Faults {@code call} at COMMIT and after statement 1, 2, … until it runs through; every faulted attempt must
     * throw a {@link StoreException} and leave {@code snapshot} unchanged. On return the call has succeeded once.
     */
    static void leavesNothingUntilItSucceeds(FlakyDataSource flaky, Supplier<String> snapshot, Runnable call) {
        String before = snapshot.get();
        flaky.failNext(1, FlakyDataSource.Where.COMMIT, "XX000");
        assertThatThrownBy(call::run).isInstanceOf(StoreException.class);
        flaky.heal();
        assertThat(snapshot.get()).as("after a fault at COMMIT").isEqualTo(before);

        int faults = 0;
        for (int n = 1; ; n++) {
            flaky.failAfterStatement(n, "XX000");
            try {
                call.run();
            } catch (StoreException expected) {
                flaky.heal();
                assertThat(expected).hasMessageContaining("injected failure after statement " + n);
                assertThat(snapshot.get()).as("after a fault after statement %d", n).isEqualTo(before);
                faults++;
                continue;
            }
            int statements = flaky.statementsExecuted();
            flaky.heal();
            assertThat(statements).as("the call succeeded only once no fault was left to fire").isLessThan(n);
            break;
        }
        assertThat(faults).as("statements of the write, each faulted once").isGreaterThanOrEqualTo(3);
    }
}
