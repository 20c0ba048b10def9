package dev.hookbus.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The documented subset of {@code filterByFormula}: {@code {Field} = 'value'} (either side; single or double quotes,
 * backslash escapes as pyairtable writes them; numbers), {@code !=}, {@code AND(…)}, {@code OR(…)}, {@code NOT(…)},
 * {@code BLANK()}, {@code TRUE()}, {@code FALSE()}. Anything else is 422 {@code INVALID_FILTER_BY_FORMULA}.
 */
public final class Formula {
    /** A compiled formula: true when a record (cell values by field name) matches. */
    public interface Predicate {
        boolean test(Function<String, JsonNode> cellByFieldName);
    }

    private final String text;
    private int pos;

    private Formula(String text) {
        this.text = text;
    }

    public static Predicate compile(String formula, Map<String, ?> knownFields) {
        Formula parser = new Formula(formula);
        Predicate predicate = parser.expression(knownFields);
        parser.skipSpace();
        if (parser.pos != formula.length()) {
            throw parser.invalid();
        }
        return predicate;
    }

    private sealed interface Operand permits FieldRef, Literal {
    }

    private record FieldRef(String name) implements Operand {
    }

    private record Literal(String value) implements Operand {
    }

    private Predicate expression(Map<String, ?> known) {
        skipSpace();
        for (String fn : List.of("AND(", "OR(", "NOT(")) {
            if (text.regionMatches(true, pos, fn, 0, fn.length())) {
                pos += fn.length();
                List<Predicate> args = new ArrayList<>();
                skipSpace();
                if (peek() != ')') {
                    args.add(expression(known));
                    skipSpace();
                    while (peek() == ',') {
                        pos++;
                        args.add(expression(known));
                        skipSpace();
                    }
                }
                expect(')');
                return switch (fn) {
                    case "AND(" -> cells -> args.stream().allMatch(a -> a.test(cells));
                    case "OR(" -> cells -> args.stream().anyMatch(a -> a.test(cells));
                    default -> {
                        if (args.size() != 1) {
                            throw invalid();
                        }
                        yield cells -> !args.get(0).test(cells);
                    }
                };
            }
        }
        if (text.regionMatches(true, pos, "TRUE()", 0, 6)) {
            pos += 6;
            return cells -> true;
        }
        if (text.regionMatches(true, pos, "FALSE()", 0, 7)) {
            pos += 7;
            return cells -> false;
        }
        Operand left = operand(known);
        skipSpace();
        boolean negate;
        if (text.startsWith("!=", pos)) {
            negate = true;
            pos += 2;
        } else if (peek() == '=') {
            negate = false;
            pos++;
        } else {
            throw invalid();
        }
        Operand right = operand(known);
        Predicate equal = cells -> render(left, cells).equals(render(right, cells));
        return negate ? cells -> !equal.test(cells) : equal;
    }

    private static String render(Operand operand, Function<String, JsonNode> cells) {
        if (operand instanceof Literal literal) {
            return literal.value();
        }
        JsonNode value = cells.apply(((FieldRef) operand).name());
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.asText()));
            return String.join(", ", parts);
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "1" : "0";
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.asText();
    }

    private Operand operand(Map<String, ?> known) {
        skipSpace();
        char c = peek();
        if (c == '{') {
            int end = text.indexOf('}', pos);
            if (end < 0) {
                throw invalid();
            }
            String name = text.substring(pos + 1, end);
            if (!known.containsKey(name)) {
                throw AirtableException.unprocessable("INVALID_FILTER_BY_FORMULA", "The formula for filtering records is invalid: Unknown field names: "
                        + name.toLowerCase());
            }
            pos = end + 1;
            return new FieldRef(name);
        }
        if (c == '\'' || c == '"') {
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != c) {
                char ch = text.charAt(pos++);
                if (ch == '\\' && pos < text.length()) {
                    ch = text.charAt(pos++);
                }
                value.append(ch);
            }
            expect(c);
            return new Literal(value.toString());
        }
        if (text.regionMatches(true, pos, "BLANK()", 0, 7)) {
            pos += 7;
            return new Literal("");
        }
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.' || text.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw invalid();
        }
        try {
            return new Literal(new java.math.BigDecimal(text.substring(start, pos)).stripTrailingZeros().toPlainString());
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw invalid();
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private AirtableException invalid() {
        return AirtableException.unprocessable("INVALID_FILTER_BY_FORMULA",
                "The formula for filtering records is invalid: Invalid formula. Please check your formula text.");
    }
}
