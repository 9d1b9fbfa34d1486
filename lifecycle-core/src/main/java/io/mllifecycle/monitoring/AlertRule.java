package io.mllifecycle.monitoring;

import java.util.Optional;

/**
 * A condition on a window; an alert is raised when it holds for {@link #windows()} consecutive
 * windows, once per streak (it re-arms after a window where it does not hold). Built-ins are in
 * {@link AlertRules}.
 */
public interface AlertRule {

    /** @return a short name for alerts and the audit trail */
    String name();

    /** @return K ≥ 1, the consecutive windows the condition must hold */
    int windows();

    /** @return a sentence naming what was observed and the bound if the condition holds in {@code window} */
    Optional<String> breach(WindowResult window);

    /** @return what the rule's alerts are about; {@link Alert.Kind#CUSTOM} unless the rule says */
    default Alert.Kind kind() {
        return Alert.Kind.CUSTOM;
    }
}
