package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.mllifecycle.drift.internal.KolmogorovDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Agreement with scipy.stats.ks_2samp and kstwo.sf on the committed oracle. */
class KolmogorovSmirnovOracleTest {

    static Stream<OracleFile.Case> cases() {
        return OracleFile.load().cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoSample_matchesScipy(OracleFile.Case c) {
        List<Executable> checks = new ArrayList<>();
        for (OracleFile.Ks e : c.ks()) {
            KsOptions options = KsOptions.defaults().withAlternative(alternative(e.alternative()))
                    .withMethod(method(e.method()));
            KsResult r = KolmogorovSmirnov.twoSample(c.ref(), c.cur(), options);
            String what = c.name() + " " + e.alternative() + "/" + e.method() + ": " + r;
            checks.add(() -> {
                assertThat(r.statistic()).as(what).isCloseTo(e.statistic(), org.assertj.core.api.Assertions.within(1e-14));
                assertThat(r.method()).as(what).isEqualTo(e.used().equals("exact") ? KsMethod.EXACT : KsMethod.ASYMPTOTIC);
                assertThat(r.sign()).as(what).isEqualTo(e.sign());
                assertThat(r.location()).as(what).isEqualTo(e.location());
                if (!Double.isNaN(e.pValue())) { // SciPy: kstwo with round(n m/(n+m)) = 0 gives NaN
                    assertThat(OracleFile.pValueAgrees(r.pValue(), e.pValue()))
                            .as(what + " expected p=" + e.pValue()).isTrue();
                }
            });
        }
        assertAll(checks);
    }

    @Test
    void kolmogorovSf_matchesScipyKstwo() {
        List<Executable> checks = new ArrayList<>();
        for (OracleFile.KsTwo e : OracleFile.load().kstwo) {
            double actual = KolmogorovDistribution.sf(e.n(), e.x());
            checks.add(() -> assertThat(OracleFile.pValueAgrees(actual, e.sf()))
                    .as("kstwo.sf(%s, %d): expected %s, got %s", e.x(), e.n(), e.sf(), actual).isTrue());
        }
        assertAll(checks);
    }

    static KsAlternative alternative(String s) {
        return switch (s) {
            case "two-sided" -> KsAlternative.TWO_SIDED;
            case "less" -> KsAlternative.LESS;
            default -> KsAlternative.GREATER;
        };
    }

    static KsMethod method(String s) {
        return switch (s) {
            case "auto" -> KsMethod.AUTO;
            case "exact" -> KsMethod.EXACT;
            default -> KsMethod.ASYMPTOTIC;
        };
    }
}
