package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.DatasetVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12, model signatures: declaring, deriving, encoding and checking batches (no store involved). */
class SignatureTest {
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    private static Signature declared() {
        return Signature.builder().input("age", ColumnType.NUMERIC, false).input("plan", ColumnType.CATEGORICAL, true)
                .input("tenure", ColumnType.NUMERIC, true).output("churn_probability", ColumnType.NUMERIC, false).build();
    }

    private static ProductionBatch.Builder rows(int n) {
        Instant[] t = new Instant[n];
        for (int i = 0; i < n; i++) {
            t[i] = T.plusSeconds(i);
        }
        return ProductionBatch.builder(t);
    }

    @Test
    void builder_duplicateColumn_isRefusedNamingIt() {
        assertThatThrownBy(() -> Signature.builder().input("age", ColumnType.NUMERIC, true)
                .input("age", ColumnType.CATEGORICAL, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'age'").hasMessageContaining("declared twice");
        assertThatThrownBy(() -> Signature.builder().input("score", ColumnType.NUMERIC, true)
                .output("score", ColumnType.NUMERIC, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output column 'score'");
        assertThatThrownBy(() -> Signature.builder().output("p", ColumnType.NUMERIC, false).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one input");
        assertThatThrownBy(() -> Signature.builder().input(" ", ColumnType.NUMERIC, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column name");
    }

    @Test
    void from_dataset_takesItsColumnsInOrderAsNullableInputs() {
        Map<String, ColumnType> schema = new LinkedHashMap<>();
        schema.put("tenure", ColumnType.NUMERIC);
        schema.put("plan", ColumnType.CATEGORICAL);
        schema.put("age", ColumnType.NUMERIC);
        Signature s = Signature.from(new DatasetVersion("churn", "sha256:" + "0".repeat(64), schema, 10, "", null));
        assertThat(s.inputs()).containsExactly(new Signature.Column("tenure", ColumnType.NUMERIC, true),
                new Signature.Column("plan", ColumnType.CATEGORICAL, true),
                new Signature.Column("age", ColumnType.NUMERIC, true));
        assertThat(s.outputs()).isEmpty();
    }

    @Test
    void check_namesEveryMissingExtraAndWrongTypedColumnAtOnce() {
        ProductionBatch batch = rows(2).categorical("age", new String[] {"41", "42"})  // wrong type
                .numeric("plan", new double[] {1, 2})                                  // wrong type
                .numeric("income", new double[] {1, 2})                                // extra
                .categorical("region", new String[] {"n", "s"})                         // extra
                .build();                                                              // tenure missing
        SignatureCheck check = declared().check(batch);
        assertThat(check.ok()).isFalse();
        assertThat(check.missing()).containsExactly("tenure");
        assertThat(check.extra()).containsExactly("income", "region");
        assertThat(check.wrongType()).containsExactly("age (expected NUMERIC, got CATEGORICAL)",
                "plan (expected CATEGORICAL, got NUMERIC)");
        assertThatThrownBy(check::orThrow).isInstanceOf(SignatureMismatchException.class)
                .hasMessageContaining("missing columns [tenure]").hasMessageContaining("extra columns [income, region]")
                .hasMessageContaining("age (expected NUMERIC").hasMessageContaining("plan (expected CATEGORICAL")
                .satisfies(e -> assertThat(((SignatureMismatchException) e).check()).isEqualTo(check));
    }

    @Test
    void check_missingValueInARequiredColumn_isNamedWithItsRow_andNullableColumnsMayHaveThem() {
        ProductionBatch batch = rows(3).numeric("age", new double[] {40, Double.NaN, 41})
                .categorical("plan", new String[] {"pro", null, "basic"})
                .numeric("tenure", new double[] {Double.NaN, 1, 2}).build();
        SignatureCheck check = declared().check(batch);
        assertThat(check.nulls()).containsExactly("age (row 1)");
        assertThat(check.missing()).isEmpty();
        assertThat(check.extra()).isEmpty();
        assertThat(check.wrongType()).isEmpty();
    }

    @Test
    void check_matchingBatch_isOk() {
        ProductionBatch batch = rows(1).numeric("age", new double[] {40}).categorical("plan", new String[] {"pro"})
                .numeric("tenure", new double[] {3}).predictions(new double[] {0.2}).labels(new double[] {0}).build();
        SignatureCheck check = declared().check(batch);
        assertThat(check.ok()).isTrue();
        assertThat(check.orThrow()).isSameAs(check);
        assertThat(check.summary()).isEqualTo("matches");
    }

    @Test
    void json_roundTrips_andDamagedJsonIsRefusedSayingWhy() {
        Signature s = declared();
        assertThat(s.toJson()).isEqualTo("{\"format\":1,\"inputs\":[{\"name\":\"age\",\"type\":\"NUMERIC\","
                + "\"nullable\":false},{\"name\":\"plan\",\"type\":\"CATEGORICAL\",\"nullable\":true},"
                + "{\"name\":\"tenure\",\"type\":\"NUMERIC\",\"nullable\":true}],\"outputs\":[{\"name\":"
                + "\"churn_probability\",\"type\":\"NUMERIC\",\"nullable\":false}]}");
        assertThat(Signature.fromJson(s.toJson())).isEqualTo(s);
        assertThatThrownBy(() -> Signature.fromJson("{\"format\":2,\"inputs\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"format\":1");
        assertThatThrownBy(() -> Signature.fromJson("{\"format\":1,\"inputs\":[{\"name\":\"a\",\"type\":\"TEXT\","
                + "\"nullable\":true}],\"outputs\":[]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUMERIC or CATEGORICAL");
        assertThatThrownBy(() -> Signature.fromJson("{\"format\":1,\"inputs\":[{\"name\":\"a\",\"type\":\"NUMERIC\","
                + "\"nullable\":true},{\"name\":\"a\",\"type\":\"NUMERIC\",\"nullable\":true}],\"outputs\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> Signature.fromJson("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not readable");
    }

    @Test
    void markdown_listsEveryColumnWithTypeAndNullability() {
        assertThat(declared().toMarkdown()).contains("- `age`: numeric, required", "- `plan`: categorical, nullable",
                "Outputs:", "- `churn_probability`: numeric, required");
    }
}
