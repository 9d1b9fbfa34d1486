/** The storage SPI: records, store interfaces, exceptions and an in-memory reference store. */
@NullMarked
package io.mllifecycle.store;

import org.jspecify.annotations.NullMarked;
