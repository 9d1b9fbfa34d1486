/** Retirement policies: dry-run plans of which model versions to deprecate, retire or purge, and why. */
@NullMarked
package io.mllifecycle.retirement;

import org.jspecify.annotations.NullMarked;
