/** The model registry: versions, stages, aliases, cached resolution, lineage and model cards. */
@NullMarked
package io.mllifecycle.registry;

import org.jspecify.annotations.NullMarked;
