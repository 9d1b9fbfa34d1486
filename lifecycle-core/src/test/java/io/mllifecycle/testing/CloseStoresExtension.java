package io.mllifecycle.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes the stores {@link TestStores} opened during a test, after it (registered for every core test). */
public final class CloseStoresExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        TestStores.closeAll();
    }
}
