/** Validation gates that decide, with stored evidence, whether a model version may change stage. */
@NullMarked
package io.mllifecycle.gate;

import org.jspecify.annotations.NullMarked;
