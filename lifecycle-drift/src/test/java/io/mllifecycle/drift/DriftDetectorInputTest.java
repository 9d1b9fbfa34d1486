package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDetectorInputTest {

    private static final double[] X = DriftDetectorTest.normal(1, 50, 0);
    private final DriftDetector detector = DriftDetector.builder().build();

    @Test
    void compare_nullTable() {
        assertThatThrownBy(() -> detector.compare((Table) null, Table.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reference must not be null");
    }

    @Test
    void compare_columnMissingFromCurrent() {
        assertThatThrownBy(() -> detector.compare(Map.of("x", X, "y", X), Map.of("x", X)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("current has no column 'y'");
    }

    @Test
    void compare_extraCurrentColumn() {
        assertThatThrownBy(() -> detector.compare(Map.of("x", X), Map.of("x", X, "z", X)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("current column 'z' is not in the reference");
    }

    @Test
    void compare_typeMismatch() {
        assertThatThrownBy(() -> detector.compare(Map.of("x", X), Map.of("x", new String[] {"a"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'x' is NUMERIC in the reference but CATEGORICAL in current");
    }

    @Test
    void compare_wrongColumnValueType() {
        assertThatThrownBy(() -> detector.compare(Map.of("x", new int[] {1}), Map.of("x", X)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'x' must be a double[] or a String[], but was int[]");
    }

    @Test
    void compare_overrideForUnknownColumn() {
        DriftDetector d = DriftDetector.builder().tests("nope", DriftTest.PSI).build();
        assertThatThrownBy(() -> d.compare(Map.of("x", X), Map.of("x", X)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tests were set for column 'nope'");
    }

    @Test
    void compare_overrideUnsupportedForType() {
        DriftDetector d = DriftDetector.builder().tests("c", DriftTest.KS).build();
        String[] c = {"a", "b"};
        assertThatThrownBy(() -> d.compare(Map.of("c", c), Map.of("c", c)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test KS does not support CATEGORICAL column 'c'");
    }

    @Test
    void tests_withoutPValue() {
        assertThatThrownBy(() -> DriftDetector.builder().tests("x", DriftTest.HELLINGER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tests for column 'x' must contain a test with a p-value");
    }

    @Test
    void numericTests_categoricalOnlyTest() {
        assertThatThrownBy(() -> DriftDetector.builder().numericTests(DriftTest.CHI_SQUARE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numericTests must suit NUMERIC columns, but CHI_SQUARE does not");
    }

    @Test
    void categoricalTests_missingRateListed() {
        assertThatThrownBy(() -> DriftDetector.builder().categoricalTests(DriftTest.MISSING_RATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not contain MISSING_RATE");
    }

    @Test
    void level_outOfRange() {
        assertThatThrownBy(() -> DriftDetector.builder().level(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("level must be in (0, 1), but was 1.5");
    }

    @Test
    void minSamples_zero() {
        assertThatThrownBy(() -> DriftDetector.builder().minSamples(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minSamples must be at least 1, but was 0");
    }

    @Test
    void effectSizeFloor_negative() {
        assertThatThrownBy(() -> DriftDetector.builder().effectSizeFloor(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("effectSizeFloor must be a finite number >= 0, but was -0.1");
    }

    @Test
    void parallelism_zero() {
        assertThatThrownBy(() -> DriftDetector.builder().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parallelism must be at least 1, but was 0");
    }

    @Test
    void builder_duplicateColumn() {
        assertThatThrownBy(() -> Table.builder().numeric("x", X).categorical("x", new String[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column 'x' was already added");
    }
}
