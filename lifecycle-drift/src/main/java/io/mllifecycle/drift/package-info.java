/** Drift statistics and detectors on numeric and categorical columns; usable on its own. */
@NullMarked
package io.mllifecycle.drift;

import org.jspecify.annotations.NullMarked;
