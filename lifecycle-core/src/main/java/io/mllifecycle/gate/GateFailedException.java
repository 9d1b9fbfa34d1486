package io.mllifecycle.gate;

import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.LifecycleException;
import java.util.stream.Collectors;

/**
 * A promotion was refused because at least one gate failed. Nothing but the stored gate report and
 * its audit event changed. The message lists every failed gate with observed value and bound.
 */
public class GateFailedException extends LifecycleException {
    private static final long serialVersionUID = 1L;
    private final transient GateReport report;

    /** @param subject e.g. {@code churn/7}; @param report the evaluation with at least one failure */
    public GateFailedException(String subject, GateReport report) {
        super(subject + " may not move to " + report.targetStage() + ": "
                + report.results().stream().filter(r -> !r.passed()).map(GateResult::message)
                        .collect(Collectors.joining("; ")));
        this.report = report;
    }

    /** @return the full evaluation, passed gates included */
    public GateReport report() {
        return report;
    }
}
