package io.mllifecycle.server.ui;

import io.mllifecycle.report.Fixtures;
import io.mllifecycle.tracking.Run;

/**
 * The report module's small world (two tracked runs, a model named with markup and right-to-left text with
 * two versions, gates, aliases, a monitored champion) plus {@value #EXTRA} more runs in experiment
 * {@code churn}, so the runs table has pages, and an experiment whose name is markup.
 */
final class UiWorld {
    static final int EXTRA = 120;
    static final String MARKUP_EXPERIMENT = "exp " + Fixtures.MARKUP + " " + Fixtures.RTL;

    private UiWorld() {}

    static Fixtures.World create() {
        Fixtures.World world = new Fixtures.World();
        for (int i = 0; i < EXTRA; i++) {
            int n = i;
            try (Run run = world.lifecycle.experiment("churn").startRun(s -> s.name(String.format("sweep-%03d", n)))) {
                run.logParam("depth", 2 + n % 5);
                run.logParam("learning_rate", 0.01 * (1 + n % 7));
                run.logMetric("auc", 0.5 + (n * 37 % 101) / 250.0, 0);
                run.logMetric("loss", 1.0 - (n * 37 % 101) / 202.0, 0);
            }
        }
        try (Run run = world.lifecycle.experiment(MARKUP_EXPERIMENT).startRun(s -> s.name(Fixtures.RTL + " " + Fixtures.MARKUP))) {
            run.logParam(Fixtures.MARKUP, Fixtures.RTL);
            run.logMetric("val loss", 0.25, 0);
        }
        return world;
    }
}
