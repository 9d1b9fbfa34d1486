package io.mllifecycle.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Lets the facade create handles whose constructors are not public (the registry, monitor builders), without
 * a package cycle: each such class registers a factory from its static initialiser, and the facade asks for
 * one by class — the JDK's "shared secrets" pattern. Not API.
 */
public final class Factories {
    private static final Map<Class<?>, BiFunction<LifecycleContext, Object, ?>> FACTORIES = new ConcurrentHashMap<>();

    private Factories() {}

    /** Registers how {@code type} is made from a context and one argument. */
    public static <T> void register(Class<T> type, BiFunction<LifecycleContext, Object, T> factory) {
        FACTORIES.put(type, factory);
    }

    /** @return a new {@code type} for {@code context} and {@code argument} */
    public static <T> T create(Class<T> type, LifecycleContext context, Object argument) {
        BiFunction<LifecycleContext, Object, ?> f = FACTORIES.get(type);
        if (f == null) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot initialise " + type.getName(), e);
            }
            f = FACTORIES.get(type);
            if (f == null) {
                throw new IllegalStateException(type.getName() + " registers no factory");
            }
        }
        return type.cast(f.apply(context, argument));
    }
}
