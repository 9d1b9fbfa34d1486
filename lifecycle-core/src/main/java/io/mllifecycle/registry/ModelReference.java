package io.mllifecycle.registry;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.Stage;
import java.util.Locale;

/**
 * A parsed model reference: {@code name/7} (a version), {@code name@champion} (an alias) or
 * {@code name@production} (the newest version in a stage, used when no alias of that name is set).
 *
 * @param model   model name
 * @param version version number, or 0 when the reference names an alias
 * @param alias   alias or stage name, or null when the reference names a version
 */
public record ModelReference(String model, int version, String alias) {

    /** @throws IllegalArgumentException naming the reference and the forms accepted */
    public static ModelReference parse(String reference) {
        Checks.notNull("reference", reference);
        int at = reference.indexOf('@');
        int slash = reference.indexOf('/');
        try {
            if (at > 0 && slash < 0) {
                return new ModelReference(Checks.modelName("model name", reference.substring(0, at)), 0,
                        Checks.key("alias", reference.substring(at + 1)));
            }
            if (slash > 0 && at < 0) {
                int v = Integer.parseInt(reference.substring(slash + 1));
                if (v < 1) {
                    throw new IllegalArgumentException("version must be ≥ 1");
                }
                return new ModelReference(Checks.modelName("model name", reference.substring(0, slash)), v, null);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reference must look like 'name/7', 'name@alias' or 'name@production',"
                    + " but was " + Checks.quote(reference) + " (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("reference must look like 'name/7', 'name@alias' or 'name@production',"
                + " but was " + Checks.quote(reference));
    }

    /** @return the stage an alias names when read as a stage (e.g. {@code production}), or null */
    public Stage aliasAsStage() {
        if (alias == null) {
            return null;
        }
        for (Stage s : Stage.values()) {
            if (s.name().equals(alias.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return alias == null ? model + "/" + version : model + "@" + alias;
    }
}
