/**
 * The shared store for many machines: experiment tracking and the model registry in PostgreSQL.
 *
 * <p>{@link io.mllifecycle.store.jdbc.JdbcStore} takes a {@link javax.sql.DataSource} from the host (who
 * owns pooling) and an {@link io.mllifecycle.store.ArtifactStore} for the bytes; it keeps metadata only.
 * {@link io.mllifecycle.store.jdbc.JdbcStoreProvider} opens one from a {@code jdbc:postgresql://…} URI.
 * Each SPI call is one database transaction; transient failures are retried a bounded number of times.
 */
@NullMarked
package io.mllifecycle.store.jdbc;

import org.jspecify.annotations.NullMarked;
