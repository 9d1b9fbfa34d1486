package io.mllifecycle.drift;

/**
 * A distance between the binned distributions of a reference and a current sample.
 *
 * @param distance  the distance, in [0, 1]
 * @param binCount  B′, the bins compared (≥ 2)
 * @param topBin    the label of the bin that contributed most (see {@link PsiBin#label()})
 * @param topKind   what that bin holds
 */
public record DistanceResult(double distance, int binCount, String topBin, BinKind topKind) {

    /**
     * Rejects impossible values.
     *
     * @throws IllegalArgumentException if {@code distance} is outside [0, 1], {@code binCount} is
     *         below 2, or a label or kind is null
     */
    public DistanceResult {
        if (!(distance >= 0 && distance <= 1)) {
            throw new IllegalArgumentException("distance must be in [0, 1], but was " + distance);
        }
        if (binCount < 2) {
            throw new IllegalArgumentException("binCount must be at least 2, but was " + binCount);
        }
        if (topBin == null || topKind == null) {
            throw new IllegalArgumentException("topBin and topKind must not be null");
        }
    }
}
