package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PopulationStabilityIndexOracleTest {

    static Stream<PsiOracle.Case> cases() {
        return PsiOracle.read("psi.tsv").stream();
    }

    static PsiResult compute(PsiOracle.Case c) {
        PsiOptions options = PsiOptions.defaults()
                .withBins(Integer.parseInt(c.get("bins")))
                .withSmoothing(Smoothing.valueOf(c.get("smoothing")))
                .withAlpha(c.number("alpha"))
                .withMissing(MissingValues.valueOf(c.get("missing")));
        if (c.get("kind").equals("numeric")) {
            return PopulationStabilityIndex.of(c.numbers("reference"), c.numbers("current"), options);
        }
        return PopulationStabilityIndex.of(c.categories("reference"), c.categories("current"), options);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void of_matchesNumpyOracle(PsiOracle.Case c) {
        PsiResult result = compute(c);

        if (c.has("edges")) {
            assertThat(result.edges()).as("edges").containsExactly(c.numbers("edges"));
        } else {
            assertThat(result.bins()).extracting(PsiBin::label)
                    .containsExactly(c.categories("labels"));
        }
        List<PsiBin> bins = result.bins();
        assertThat(bins).extracting(PsiBin::referenceCount).containsExactly(box(c.longs("refcounts")));
        assertThat(bins).extracting(PsiBin::currentCount).containsExactly(box(c.longs("curcounts")));
        assertThat(result.binCount()).isEqualTo(c.longs("refcounts").length);
        double[] contributions = c.numbers("contributions");
        for (int i = 0; i < contributions.length; i++) {
            assertThat(PsiOracle.close(bins.get(i).contribution(), contributions[i], 1e-300))
                    .as("contribution %d: %s vs %s", i, bins.get(i).contribution(), contributions[i]).isTrue();
        }
        assertThat(PsiOracle.close(result.value(), c.number("psi"), 1e-300))
                .as("psi %s vs %s", result.value(), c.number("psi")).isTrue();
        assertThat(PsiOracle.close(result.pValue(), c.number("pvalue"), 1e-300))
                .as("p-value %s vs %s", result.pValue(), c.number("pvalue")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ofProfile_equalsRawReferenceResult(PsiOracle.Case c) {
        PsiOptions options = PsiOptions.defaults()
                .withBins(Integer.parseInt(c.get("bins")))
                .withSmoothing(Smoothing.valueOf(c.get("smoothing")))
                .withAlpha(c.number("alpha"))
                .withMissing(MissingValues.valueOf(c.get("missing")));
        PsiResult fromProfile = c.get("kind").equals("numeric")
                ? PopulationStabilityIndex.of(ReferenceProfile.of(c.numbers("reference")),
                        c.numbers("current"), options)
                : PopulationStabilityIndex.of(ReferenceProfile.categorical("c", c.categories("reference")),
                        c.categories("current"), options);

        PsiResult raw = compute(c);
        assertThat(fromProfile.value()).isEqualTo(raw.value());
        assertThat(fromProfile.pValue()).isEqualTo(raw.pValue());
        assertThat(fromProfile.edges()).containsExactly(raw.edges());
        assertThat(fromProfile.bins()).isEqualTo(raw.bins());
        assertThat(fromProfile.referenceOmitted()).isEqualTo(raw.referenceOmitted());
        assertThat(fromProfile.isExact()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void distances_matchScipyOracle(PsiOracle.Case c) {
        PsiOptions options = PsiOptions.defaults()
                .withBins(Integer.parseInt(c.get("bins")))
                .withMissing(MissingValues.valueOf(c.get("missing")));
        DistanceResult js;
        DistanceResult hellinger;
        if (c.get("kind").equals("numeric")) {
            js = JensenShannon.distance(c.numbers("reference"), c.numbers("current"), options);
            hellinger = Hellinger.distance(c.numbers("reference"), c.numbers("current"), options);
        } else {
            js = JensenShannon.distance(c.categories("reference"), c.categories("current"), options);
            hellinger = Hellinger.distance(c.categories("reference"), c.categories("current"), options);
        }
        assertThat(PsiOracle.close(js.distance(), c.number("js"), 1e-15))
                .as("js %s vs %s", js.distance(), c.number("js")).isTrue();
        assertThat(PsiOracle.close(hellinger.distance(), c.number("hellinger"), 1e-15))
                .as("hellinger %s vs %s", hellinger.distance(), c.number("hellinger")).isTrue();
    }

    private static Long[] box(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }
}
