package io.mllifecycle.drift.abtest;

/**
 * Binary outcomes of one arm: how many of {@code trials} converted.
 *
 * @param successes conversions, in [0, trials]
 * @param trials    outcomes observed, at least 0
 */
public record Conversions(long successes, long trials) {

    /** @throws IllegalArgumentException unless 0 ≤ successes ≤ trials */
    public Conversions {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("conversions need 0 <= successes <= trials, but successes was "
                    + successes + " and trials " + trials);
        }
    }

    /** successes / trials; {@code NaN} when there are no trials. */
    public double rate() {
        return trials == 0 ? Double.NaN : (double) successes / trials;
    }

    /** These outcomes plus more. */
    public Conversions plus(long moreSuccesses, long moreTrials) {
        return new Conversions(Math.addExact(successes, moreSuccesses), Math.addExact(trials, moreTrials));
    }
}
