package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {

    @Test
    void numeric_countsNanAsMissingAndSorts() {
        ReferenceProfile p = ReferenceProfile.numeric("age", new double[] {3, Double.NaN, -0.0, 1, Double.NaN});
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.missingCount()).isEqualTo(2);
        assertThat(p.isNumeric()).isTrue();
        assertThat(p.isExact()).isTrue();
        assertThat(p.rankError()).isZero();
        assertThat(p.countAtMost(0.0)).isEqualTo(1);
        assertThat(Double.doubleToRawLongBits(p.quantile(0.0))).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(p.mean()).isCloseTo(4.0 / 3, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void quantile_matchesNumpyLinear() {
        ReferenceProfile p = ReferenceProfile.of(new double[] {10, 1, 4, 2});
        // np.quantile([1, 2, 4, 10], [0, 0.1, 0.5, 0.9, 1]) -> [1, 1.3, 3, 8.2, 10]
        assertThat(p.quantile(0)).isEqualTo(1.0);
        assertThat(p.quantile(0.1)).isEqualTo(1.3);
        assertThat(p.quantile(0.5)).isEqualTo(3.0);
        assertThat(p.quantile(0.9)).isEqualTo(8.200000000000001);
        assertThat(p.quantile(1)).isEqualTo(10.0);
    }

    @Test
    void quantile_outOfRange() {
        ReferenceProfile p = ReferenceProfile.of(new double[] {1});
        assertThatThrownBy(() -> p.quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p must be in [0, 1], but was 1.5");
    }

    @Test
    void standardDeviation_isPopulation() {
        ReferenceProfile p = ReferenceProfile.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(p.standardDeviation()).isEqualTo(2.0);
    }

    @Test
    void categorical_countsNullAsMissingInNameOrder() {
        ReferenceProfile p = ReferenceProfile.categorical("city", new String[] {"b", null, "a", "b"});
        assertThat(p.categoryCounts()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.missingCount()).isEqualTo(1);
        assertThat(p.isNumeric()).isFalse();
        assertThatThrownBy(() -> p.quantile(0.5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("city");
    }

    @Test
    void merge_otherColumn() {
        ReferenceProfile a = ReferenceProfile.numeric("a", new double[] {1});
        ReferenceProfile b = ReferenceProfile.numeric("b", new double[] {1});
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'a'").hasMessageContaining("column 'b'");
    }

    @Test
    void merge_otherKind() {
        ReferenceProfile a = ReferenceProfile.numeric("a", new double[] {1});
        ReferenceProfile b = ReferenceProfile.categorical("a", new String[] {"x"});
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric").hasMessageContaining("categorical");
    }

    @Test
    void merge_categoricalAddsCounts() {
        ReferenceProfile a = ReferenceProfile.categorical("c", new String[] {"x", null});
        ReferenceProfile b = ReferenceProfile.categorical("c", new String[] {"y", "x"});
        assertThat(a.merge(b)).isEqualTo(ReferenceProfile.categorical("c", new String[] {"x", null, "y", "x"}));
    }

    @Test
    void merge_exactWithSketchGivesSketch() {
        ReferenceProfile a = ReferenceProfile.numeric("c", new double[] {1, 2, 3});
        ReferenceProfile b = ReferenceProfile.numericSketch("c", new double[] {4, 5}, 200);
        ReferenceProfile m = a.merge(b);
        assertThat(m.isExact()).isFalse();
        assertThat(m.count()).isEqualTo(5);
        assertThat(m.mean()).isEqualTo(3.0);
        assertThat(m.countAtMost(3.0)).isEqualTo(3);
    }

    @Test
    void fromBytes_otherVersion() {
        byte[] bytes = ReferenceProfile.of(new double[] {1, 2}).toBytes();
        bytes[4] = 2;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2").hasMessageContaining(ReferenceProfile.MEDIA_TYPE);
    }

    @Test
    void fromBytes_garbage() {
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes("hello world, not a profile".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic");
        byte[] ok = ReferenceProfile.of(new double[] {1, 2}).toBytes();
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(Arrays.copyOf(ok, ok.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes must not be null");
    }

    @Test
    void toBytes_roundTripsEveryKind() {
        ReferenceProfile exact = ReferenceProfile.numeric("x", new double[] {3, Double.NEGATIVE_INFINITY, 1, Double.NaN});
        ReferenceProfile sketch = ReferenceProfile.numericSketch("x", new double[] {3, 1, 2, 7}, 64);
        ReferenceProfile cat = ReferenceProfile.categorical("ü", new String[] {"é", "a", null});
        for (ReferenceProfile p : new ReferenceProfile[] {exact, sketch, cat}) {
            ReferenceProfile back = ReferenceProfile.fromBytes(p.toBytes());
            assertThat(back).isEqualTo(p).hasSameHashCodeAs(p);
            assertThat(back.mediaType()).isEqualTo("application/vnd.mllifecycle.reference-profile.v1");
        }
    }

    @Test
    void numeric_badArguments() {
        assertThatThrownBy(() -> ReferenceProfile.numeric(null, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column must not be null");
        assertThatThrownBy(() -> ReferenceProfile.numeric("c", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values must not be null");
        assertThatThrownBy(() -> ReferenceProfile.numeric("c", new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values must not be empty");
        assertThatThrownBy(() -> ReferenceProfile.numericSketch("c", new double[] {1}, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be in [8, 65535], but was 4");
    }
}
