/** The fluent lifecycle API: tracking, registry, gates, monitoring, retirement and audit. */
@NullMarked
package io.mllifecycle;

import org.jspecify.annotations.NullMarked;
