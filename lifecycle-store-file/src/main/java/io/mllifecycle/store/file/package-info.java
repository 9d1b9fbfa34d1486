/** The embedded default store: a durable directory store. */
@NullMarked
package io.mllifecycle.store.file;

import org.jspecify.annotations.NullMarked;
