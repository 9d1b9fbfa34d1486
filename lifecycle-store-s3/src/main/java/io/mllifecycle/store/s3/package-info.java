/**
 * Artifact bytes in any S3-compatible object store: {@link io.mllifecycle.store.s3.S3ArtifactStore}, and
 * {@link io.mllifecycle.store.s3.S3StoreProvider} for {@code s3://bucket/prefix} URIs so that a metadata store
 * ({@code jdbc:postgresql://…?artifacts=…}, {@code file:…?artifacts=…}) keeps its bytes there.
 */
@NullMarked
package io.mllifecycle.store.s3;

import org.jspecify.annotations.NullMarked;
