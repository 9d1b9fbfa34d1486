/**
 * The {@code mllc} command line over a lifecycle store: {@link io.mllifecycle.cli.Mllc#run} runs one
 * command in-process; {@link io.mllifecycle.cli.Mllc#main} is the jar's entry point.
 */
package io.mllifecycle.cli;
