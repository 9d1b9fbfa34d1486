/**
 * The server's read-only web UI under {@code /ui/}: pages rendered on the server from the live store
 * with {@code lifecycle-report}'s page builders, with browser sessions over the API's bearer tokens.
 * {@link io.mllifecycle.server.ui.WebUi} is the one public type; {@link io.mllifecycle.server.LifecycleServer}
 * mounts it, so hosts rarely touch this package.
 */
@NullMarked
package io.mllifecycle.server.ui;

import org.jspecify.annotations.NullMarked;
