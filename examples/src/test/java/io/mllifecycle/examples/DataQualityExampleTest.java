package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataQualityExampleTest {

    @Test
    void run_sentinelsFail_cleanedDataPasses_gatesPromote_brokenBatchAlertsAsDataQuality(@TempDir Path dir) {
        InMemoryStore store = new InMemoryStore();
        List<String> out = DataQualityExample.run(store, dir);
        assertThat(out.get(0)).startsWith("data quality 'customers' over 2000 rows: 1 of 7 expectations failed (age"
                + " range)\n✗ age range: observed 3 of 2000 values outside [18, 120] (min -1, max 88); expected all"
                + " values of 'age' in [18, 120]\n    row 10: age=-1\n    row 20: age=-1\n    row 30: age=-1");
        assertThat(out.get(1)).isEqualTo("data quality 'customers' over 2000 rows: all 7 expectations passed");
        assertThat(out.get(2)).isEqualTo("churn/1 promoted to STAGING: training and validation data passed");
        assertThat(out).filteredOn(l -> l.startsWith("ALERT")).singleElement().asString()
                .startsWith("ALERT DATA_QUALITY data is broken: data quality 'customers' over 1000 rows: 1 of 7"
                        + " expectations failed (known plan); known plan: observed 1 of 1000 values not allowed:"
                        + " 'PRO' ×1");
        assertThat(store.registry().getVersion("churn", 1).stage()).isEqualTo(Stage.STAGING);
        assertThat(store.tracking().getRun(store.registry().getVersion("churn", 1).sourceRunId()).tags())
                .containsEntry("data_quality.customers", "passed");
    }
}
