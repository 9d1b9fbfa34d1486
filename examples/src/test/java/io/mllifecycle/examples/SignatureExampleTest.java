package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.memory.InMemoryStore;
import org.junit.jupiter.api.Test;

class SignatureExampleTest {

    @Test
    void run_signatureFromTrainingData_monitorRefusesTheWrongBatchNamingEveryProblem() {
        InMemoryStore store = new InMemoryStore();
        String out = SignatureExample.run(store);
        assertThat(out).contains("batch does not match the signature of churn/1: missing columns [age];"
                        + " extra columns [tenure]; wrong type [plan (expected CATEGORICAL, got NUMERIC)]")
                .contains("inputs: 2")
                .contains("check: missing columns [age]; extra columns [tenure]; wrong type [plan")
                .contains("## Signature").contains("- `plan`: categorical, nullable");
        String digest = store.registry().getVersion("churn", 1).profile().digest();
        assertThat(out).contains("profile: ").contains(digest);
        assertThat(store.artifacts().exists(digest)).isTrue();
    }
}
