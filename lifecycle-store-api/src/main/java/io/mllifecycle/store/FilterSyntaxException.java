package io.mllifecycle.store;

/**
 * A filter or order string that does not parse or names something that does not exist. The message's
 * first line says what was expected and where; the next two show the input with a caret under the
 * offending position:
 *
 * <pre>
 * expected a comparison after 'metrics.auc' at 12
 *   metrics.auc and params.depth = '6'
 *               ^
 * </pre>
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final int position;

    /**
     * @param problem  what was expected, e.g. {@code expected a comparison after 'metrics.auc'}
     * @param input    the whole filter or order string
     * @param position index of the offending character in {@code input} (its length at the end)
     */
    public FilterSyntaxException(String problem, String input, int position) {
        super(problem + " at " + position + "\n  " + input.replaceAll("\\p{Cntrl}", " ") + "\n  "
                + " ".repeat(Math.max(0, position)) + "^");
        this.input = input;
        this.position = position;
    }

    /** @return the string that failed to parse */
    public String input() {
        return input;
    }

    /** @return the 0-based index of the offending character */
    public int position() {
        return position;
    }
}
