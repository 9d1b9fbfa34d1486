package io.mllifecycle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's sample of this module is the code between the markers below, compiled and run here. */
class ReadmeSampleTest {

    private static final Logger log = LoggerFactory.getLogger(ReadmeSampleTest.class);

    @Test
    void sample_runsOnSparkAndFindsTheShift() {
        List<ReferenceProfile> daily = new ArrayList<>();
        DriftReport report = sample(new TestData(3000, 11, 0.0, 0.0).frame(2),
                new TestData(2000, 12, 2.0, 0.0).frame(2), daily);
        assertThat(daily).hasSize(4).allMatch(p -> p.column().equals("amount"));
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void readme_containsTheSampleVerbatim() throws IOException {
        Path self = Path.of("src/test/java/io/mllifecycle/spark/ReadmeSampleTest.java");
        List<String> lines = Files.readAllLines(self, StandardCharsets.UTF_8);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        assertThat(begin).isPositive();
        StringBuilder sample = new StringBuilder();
        for (String line : lines.subList(begin + 1, end)) {
            sample.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("```java\n" + sample + "```\n");
    }

    private static DriftReport sample(Dataset<Row> transactions, Dataset<Row> today, List<ReferenceProfile> daily) {
        // README:begin
        Map<String, ReferenceProfile> profiles = SparkProfiles.of(transactions)
                .numeric("amount", "age").categorical("country")
                .k(200)                                   // KLL sketches; leave out for exact profiles
                .collect();                               // one Spark job, partials merged on the executors
        byte[] stored = profiles.get("amount").toBytes(); // the bytes lifecycle-drift (and core) read

        Dataset<Row> perDay = SparkProfiles.of(transactions).numeric("amount").groupBy("day");
        for (Row row : perDay.collectAsList()) {          // columns: day, amount (binary)
            daily.add(ReferenceProfile.fromBytes(row.getAs("amount")));
        }

        DriftReport report = SparkDrift.compare(profiles, today);   // the detector's own report
        log.info("{} bytes of profile; {}", stored.length, report.summary());
        // README:end
        return report;
    }
}
