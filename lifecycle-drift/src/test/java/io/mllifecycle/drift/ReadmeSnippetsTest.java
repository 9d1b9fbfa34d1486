package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.abtest.Alternative;
import io.mllifecycle.drift.abtest.Conversions;
import io.mllifecycle.drift.abtest.SequentialAbTest;
import io.mllifecycle.drift.abtest.SequentialDecision;
import io.mllifecycle.drift.abtest.TwoProportionZTest;
import io.mllifecycle.drift.abtest.WelchResult;
import io.mllifecycle.drift.abtest.WelchTTest;
import io.mllifecycle.drift.abtest.ZTestResult;
import io.mllifecycle.drift.estimation.Cbpe;
import io.mllifecycle.drift.estimation.Metric;
import io.mllifecycle.drift.estimation.MetricEstimate;
import io.mllifecycle.drift.estimation.PerformanceEstimate;
import io.mllifecycle.drift.fairness.Disparity;
import io.mllifecycle.drift.fairness.FairnessMetrics;
import io.mllifecycle.drift.fairness.FairnessReport;
import io.mllifecycle.drift.fairness.GroupRates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code blocks of the README's lifecycle-drift section are the regions between "// README begin" and
 * "// README end" below, compiled and run here; the test fails if the README and this file differ.
 */
class ReadmeSnippetsTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeSnippetsTest.class);
    private static final String SECTION = "## Fairness, A/B tests and performance estimation (`lifecycle-drift`)";

    @Test
    void fairness() {
        boolean[] labels = {true, false, true, true, false, false, true, false};
        boolean[] predictions = {true, false, false, true, true, false, true, false};
        String[] groups = {"a", "a", "a", "a", "b", "b", "b", "b"};
        // README begin
        FairnessReport report = FairnessMetrics.compute(labels, predictions, groups);
        for (GroupRates g : report.groups()) {
            LOG.info("{}: n={} selection rate {} TPR {}", g.group(), g.count(), g.selectionRate().valueOrThrow(),
                    g.truePositiveRate().valueIfDefined());         // empty for a group without positives
        }
        if (report.equalizedOddsDifference() instanceof Disparity.Defined d) {
            LOG.info("equalized odds difference {} ({} vs {}), groups left out: {}", d.value(),
                    d.highestGroup(), d.lowestGroup(), d.excludedGroups());
        }
        // README end
        assertThat(report.equalizedOddsDifference().valueOrThrow()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void abTests() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] controlRevenue = rng.doubles(500, 0, 20).toArray();
        double[] treatmentRevenue = rng.doubles(500, 0, 22).toArray();
        long sc = 0;
        long st = 0;
        SequentialDecision last = null;
        // README begin
        ZTestResult z = TwoProportionZTest.test(new Conversions(1000, 10_000), new Conversions(1090, 10_000));
        WelchResult t = WelchTTest.test(controlRevenue, treatmentRevenue, Alternative.TWO_SIDED);

        SequentialAbTest test = SequentialAbTest.conversions().alpha(0.05).mixingStandardDeviation(0.02).build();
        for (int n = 100; n <= 10_000; n += 100) {                  // look after every 100 outcomes per arm
            sc += countConversions(rng, 100, 0.10);
            st += countConversions(rng, 100, 0.13);
            SequentialDecision d = test.update(new Conversions(sc, n), new Conversions(st, n));   // cumulative
            if (d.rejected()) {                                     // safe to stop: p stays valid under peeking
                LOG.info("difference {} in [{}, {}], always-valid p {}, stopped at {}", d.difference(),
                        d.confidenceLower(), d.confidenceUpper(), d.alwaysValidPValue(), d.stoppedAt().orElseThrow());
                break;
            }
        }
        // README end
        last = test.last();
        assertThat(z.pValue()).isBetween(0.0, 0.05);
        assertThat(t.pValue()).isBetween(0.0, 1.0);
        assertThat(last.rejected()).isTrue();
    }

    private static long countConversions(SplittableRandom rng, int n, double rate) {
        long c = 0;
        for (int i = 0; i < n; i++) {
            c += rng.nextDouble() < rate ? 1 : 0;
        }
        return c;
    }

    @Test
    void performanceEstimation() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = 5_000;
        double[] referenceScores = new double[n];
        boolean[] referenceLabels = new boolean[n];
        for (int i = 0; i < n; i++) {
            referenceScores[i] = rng.nextDouble();
            referenceLabels[i] = rng.nextDouble() < referenceScores[i];
        }
        double[] windowScores = rng.doubles(1_000).map(Math::sqrt).toArray();
        boolean[] windowLabels = new boolean[windowScores.length];
        for (int i = 0; i < windowScores.length; i++) {
            windowLabels[i] = rng.nextDouble() < windowScores[i];
        }
        // README begin
        Cbpe cbpe = Cbpe.builder().threshold(0.5).fit(referenceScores, referenceLabels);   // isotonic calibration
        PerformanceEstimate estimate = cbpe.estimate(windowScores);                       // no labels needed
        MetricEstimate auc = estimate.get(Metric.ROC_AUC).orElseThrow();
        LOG.info("estimated ROC AUC {} in [{}, {}]", auc.value(), auc.lower(), auc.upper());
        Map<Metric, Double> realised = cbpe.realised(windowScores, windowLabels);         // once labels arrive
        // README end
        assertThat(auc.covers(realised.get(Metric.ROC_AUC))).isTrue();
    }

    @Test
    void readmeShowsExactlyTheseSnippets() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section %s", SECTION).isNotNegative();
        int next = readme.indexOf("\n## ", start + SECTION.length());
        String section = next < 0 ? readme.substring(start) : readme.substring(start, next);
        List<String> inReadme = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            inReadme.add(m.group(1).strip());
        }
        String source = Files.readString(Path.of("src/test/java/io/mllifecycle/drift/ReadmeSnippetsTest.java"),
                StandardCharsets.UTF_8);
        List<String> here = new ArrayList<>();
        Matcher s = Pattern.compile("// README begin\n(.*?)\n\\s*// README end", Pattern.DOTALL).matcher(source);
        while (s.find()) {
            here.add(s.group(1).stripIndent().strip());
        }
        assertThat(here).hasSize(3);
        assertThat(inReadme).containsExactlyElementsOf(here);
    }
}
