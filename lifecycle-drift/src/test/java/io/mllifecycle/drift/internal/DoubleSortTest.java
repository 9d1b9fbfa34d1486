package io.mllifecycle.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.NanPolicy;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleSortTest {

    @Test
    void sortedClean_matchesArraysSortAcrossSizesAndSpecialValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 5, DoubleSort.RADIX_THRESHOLD - 1, DoubleSort.RADIX_THRESHOLD, 50_000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (random.nextInt(10)) {
                    case 0 -> Double.NEGATIVE_INFINITY;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> -0.0;
                    case 3 -> 0.0;
                    case 4 -> random.nextInt(5) - 2.0;
                    case 5 -> Double.MIN_VALUE * (random.nextBoolean() ? 1 : -1);
                    default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-300, 300));
                };
            }
            double[] input = v.clone();
            double[] expected = Arrays.stream(v).map(x -> x + 0.0).sorted().toArray();
            Samples.Clean actual = DoubleSort.sortedClean("x", v, NanPolicy.REJECT, 0);
            assertThat(Arrays.equals(actual.values(), expected)).as("n=%d", n).isTrue();
            assertThat(v).as("input untouched").containsExactly(input);
        }
    }

    @Test
    void sortedClean_largeBucketsAndTies() {
        SplittableRandom random = new SplittableRandom(9);
        double[][] inputs = {
            random.doubles(60_000).map(u -> 1 + u * 1e-6).toArray(),             // one top-digit bucket
            random.doubles(60_000).map(u -> -1 - Math.floor(u * 300) / 7).toArray(), // negative, many ties
            random.doubles(60_000).map(u -> Math.sqrt(-2 * Math.log1p(-u))).toArray(),
        };
        for (double[] v : inputs) {
            double[] expected = v.clone();
            Arrays.sort(expected);
            assertThat(Arrays.equals(DoubleSort.sortedClean("x", v, NanPolicy.REJECT, 1).values(), expected)).isTrue();
            double[] inPlace = v.clone();
            DoubleSort.sortInPlace(inPlace);
            assertThat(Arrays.equals(inPlace, expected)).isTrue();
        }
    }

    @Test
    void sortedClean_nanInLargeArray() {
        double[] v = new double[10_000];
        v[9_000] = Double.NaN;
        assertThatThrownBy(() -> DoubleSort.sortedClean("current", v, NanPolicy.REJECT, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("current[9000] must not be NaN");
        Samples.Clean omitted = DoubleSort.sortedClean("current", v, NanPolicy.OMIT, 1);
        assertThat(omitted.nanCount()).isEqualTo(1);
        assertThat(omitted.values()).hasSize(9_999);
    }
}
