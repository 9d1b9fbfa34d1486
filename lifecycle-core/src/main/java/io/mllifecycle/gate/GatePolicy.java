package io.mllifecycle.gate;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Gates attached to transitions, so that a promotion cannot skip them: every move into a stage runs
 * the gates required for that stage (and for that exact from → to pair), plus any passed to the call.
 * Only an explicit, audited override bypasses them.
 */
public final class GatePolicy {
    private final Map<Stage, List<Gate>> onEnter;
    private final Map<Stage, Map<Stage, List<Gate>>> onTransition;

    private GatePolicy(Map<Stage, List<Gate>> onEnter, Map<Stage, Map<Stage, List<Gate>>> onTransition) {
        this.onEnter = onEnter;
        this.onTransition = onTransition;
    }

    /** @return a policy with no gates */
    public static GatePolicy none() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the gates for moving from {@code from} to {@code to}, in the order they were added */
    public List<Gate> gatesFor(Stage from, Stage to) {
        List<Gate> out = new ArrayList<>(onEnter.getOrDefault(to, List.of()));
        out.addAll(onTransition.getOrDefault(from, Map.of()).getOrDefault(to, List.of()));
        return Collections.unmodifiableList(out);
    }

    /** Builds a {@link GatePolicy}. */
    public static final class Builder {
        private final Map<Stage, List<Gate>> onEnter = new EnumMap<>(Stage.class);
        private final Map<Stage, Map<Stage, List<Gate>>> onTransition = new EnumMap<>(Stage.class);

        private Builder() {}

        /** Requires {@code gates} for every move into {@code stage}. */
        public Builder require(Stage stage, Gate... gates) {
            Checks.notNull("stage", stage);
            onEnter.computeIfAbsent(stage, s -> new ArrayList<>()).addAll(checked(gates));
            return this;
        }

        /** Requires {@code gates} for moves from {@code from} to {@code to} only. */
        public Builder require(Stage from, Stage to, Gate... gates) {
            Checks.notNull("from", from);
            Checks.notNull("to", to);
            onTransition.computeIfAbsent(from, s -> new EnumMap<>(Stage.class))
                    .computeIfAbsent(to, s -> new ArrayList<>()).addAll(checked(gates));
            return this;
        }

        private static List<Gate> checked(Gate[] gates) {
            Checks.notNull("gates", gates);
            if (gates.length == 0) {
                throw new IllegalArgumentException("gates must name at least one gate, but was empty");
            }
            for (int i = 0; i < gates.length; i++) {
                Checks.notNull("gates[" + i + "]", gates[i]);
            }
            return List.of(gates);
        }

        /** @return the policy */
        public GatePolicy build() {
            Map<Stage, List<Gate>> enter = new EnumMap<>(Stage.class);
            onEnter.forEach((k, v) -> enter.put(k, List.copyOf(v)));
            Map<Stage, Map<Stage, List<Gate>>> transition = new EnumMap<>(Stage.class);
            onTransition.forEach((k, v) -> {
                Map<Stage, List<Gate>> inner = new EnumMap<>(Stage.class);
                v.forEach((k2, v2) -> inner.put(k2, List.copyOf(v2)));
                transition.put(k, inner);
            });
            return new GatePolicy(enter, transition);
        }
    }
}
