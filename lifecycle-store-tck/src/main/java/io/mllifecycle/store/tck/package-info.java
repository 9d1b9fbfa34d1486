/** Contract test kits that a storage adapter's tests extend. */
@NullMarked
package io.mllifecycle.store.tck;

import org.jspecify.annotations.NullMarked;
