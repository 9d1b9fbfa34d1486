/**
 * {@code lifecycle-server}: one HTTP service over a {@link io.mllifecycle.Lifecycle} that a team shares.
 *
 * <p>It speaks MLflow's REST API 2.0 (tracking, model registry, proxied artifacts) so existing MLflow
 * clients work unchanged, plus our own API under {@code /api/lifecycle/v1/} for what MLflow lacks (gate
 * reports, promotion through gates, audit verification, lineage, model cards, retirement). Every request
 * is authenticated with a bearer token from a {@link io.mllifecycle.server.TokenFile}; roles are ordered
 * {@link io.mllifecycle.server.Role#READER} &lt; {@code WRITER} &lt; {@code APPROVER} &lt; {@code ADMIN},
 * and the token's actor is the actor of every write.
 *
 * <p>Start it embedded with {@link io.mllifecycle.server.LifecycleServer#builder} or from the runnable
 * jar ({@code java -jar lifecycle-server.jar --store file:./mlruns --port 5000 --auth tokens.json}).
 */
@NullMarked
package io.mllifecycle.server;

import org.jspecify.annotations.NullMarked;
