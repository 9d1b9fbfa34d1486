package io.mllifecycle.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.Comparison.NumberOp;
import io.mllifecycle.store.Comparison.TextOp;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any filter written back by {@code toString()} parses to an equal filter. */
class RunFilterProperties {

    @Property(tries = 500)
    void toString_parsesBackToAnEqualFilter(@ForAll("filters") RunFilter filter) {
        assertThat(RunFilter.parse(filter.toString())).isEqualTo(filter);
    }

    @Property(tries = 200)
    void orderToString_parsesBack(@ForAll("orders") List<OrderBy> order) {
        String text = String.join(", ", order.stream().map(OrderBy::toString).toList());
        assertThat(OrderBy.parse(text)).isEqualTo(order);
    }

    @Provide
    Arbitrary<RunFilter> filters() {
        return clause().list().ofMaxSize(5).map(RunFilter::new);
    }

    @Provide
    Arbitrary<List<OrderBy>> orders() {
        return Combinators.combine(anyField(), Arbitraries.of(true, false)).as(OrderBy::new).list().ofMaxSize(4);
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("abz_09.").ofMinLength(1).ofMaxLength(6)
                        .filter(s -> !s.isBlank()),
                Arbitraries.strings().withChars("a `\"'.-%é").ofMinLength(1).ofMaxLength(6).filter(s -> !s.isBlank()));
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab '\"\\%_`é,()").ofMaxLength(8)
                .filter(s -> !s.isEmpty() && !endsInOddBackslashes(s));
    }

    private static boolean endsInOddBackslashes(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static Arbitrary<RunField> textField() {
        return Arbitraries.oneOf(keys().map(RunField::param), keys().map(RunField::tag),
                Arbitraries.of(RunAttribute.values()).filter(a -> !a.isNumeric()).map(RunField::attribute));
    }

    private static Arbitrary<RunField> numericField() {
        return Arbitraries.oneOf(keys().map(RunField::metric),
                Arbitraries.of(RunAttribute.START_TIME, RunAttribute.END_TIME).map(RunField::attribute));
    }

    private static Arbitrary<RunField> anyField() {
        return Arbitraries.oneOf(textField(), numericField());
    }

    private static Arbitrary<Comparison> clause() {
        Arbitrary<Double> numbers = Arbitraries.oneOf(Arbitraries.doubles().between(-1e9, 1e9),
                Arbitraries.of(0.0, -0.0, 1e-300, Double.MAX_VALUE, -Double.MIN_VALUE));
        return Arbitraries.oneOf(
                Combinators.combine(numericField(), Arbitraries.of(NumberOp.class), numbers).as(Comparison.Numeric::new),
                Combinators.combine(textField(), Arbitraries.of(TextOp.class), texts()).as(Comparison.Text::new),
                Combinators.combine(textField(), Arbitraries.of(true, false), texts().list().ofMinSize(1).ofMaxSize(3))
                        .as(Comparison.In::new),
                Combinators.combine(anyField(), Arbitraries.of(true, false)).as(Comparison.Presence::new));
    }
}
