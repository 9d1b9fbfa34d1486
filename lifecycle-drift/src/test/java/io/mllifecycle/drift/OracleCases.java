package io.mllifecycle.drift;

import java.util.List;
import java.util.Map;

/** Public access to {@link PsiOracle}'s reader for tests in sub-packages. */
public final class OracleCases {

    private OracleCases() {}

    /** The cases of {@code /oracle/<file>}, each a map key → raw value, with key "case" the name. */
    public static List<Map<String, String>> read(String file) {
        return PsiOracle.read(file).stream().map(PsiOracle.Case::fields).toList();
    }
}
