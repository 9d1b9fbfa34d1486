package io.mllifecycle.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import io.mllifecycle.drift.Table;
import org.junit.jupiter.api.Test;

class ReportSmokeTest {
    @Test
    void writes_every_report_of_a_world() {
        Fixtures.World w = new Fixtures.World();
        Path dir = Path.of("target/smoke");
        w.reports().values().forEach(r -> r.writeTo(dir));
        Table[] t = Fixtures.tables(12, 1, 2000);
        Reports.drift(Fixtures.drift(t), t[0], t[1], "Drift " + Fixtures.MARKUP, ReportOptions.DEFAULTS).writeTo(dir);
        assertThat(dir.resolve("audit-trail.html")).exists();
    }
}
