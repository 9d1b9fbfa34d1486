package io.mllifecycle.spring;

/**
 * A {@code mllifecycle.*} property whose value the starter cannot use: missing, out of range, or naming a store
 * that cannot be opened. Thrown while the {@code Lifecycle} bean is made, so the application fails to start; the
 * message names the property, the value and what was expected.
 */
public class LifecyclePropertyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;

    /**
     * @param property the property's full name, e.g. {@code mllifecycle.resolve-cache-ttl}
     * @param message  the whole message (naming the property, the value and what was expected)
     * @param cause    what failed, or null
     */
    public LifecyclePropertyException(String property, String message, Throwable cause) {
        super(message, cause);
        this.property = property;
    }

    /** @return the property's full name */
    public String property() {
        return property;
    }
}
