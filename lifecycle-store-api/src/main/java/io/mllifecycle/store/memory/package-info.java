/** The in-memory reference implementation of the store SPI: complete, thread-safe, not durable. */
@NullMarked
package io.mllifecycle.store.memory;

import org.jspecify.annotations.NullMarked;
