/** The tamper-evident audit trail. */
@NullMarked
package io.mllifecycle.audit;

import org.jspecify.annotations.NullMarked;
