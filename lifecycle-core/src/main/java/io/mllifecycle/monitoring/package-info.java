/** Production monitoring: windows of production data compared with the version's reference, alerts and retraining triggers. */
@NullMarked
package io.mllifecycle.monitoring;

import org.jspecify.annotations.NullMarked;
