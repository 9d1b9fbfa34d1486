package io.mllifecycle.registry;

/**
 * Hears about registry changes in this process. Called synchronously after the change was stored; an
 * exception it throws is logged and never undoes or breaks the change.
 */
@FunctionalInterface
public interface RegistryListener {
    /** Called once per stored change. */
    void onEvent(RegistryEvent event);
}
