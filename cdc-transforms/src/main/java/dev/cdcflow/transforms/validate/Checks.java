package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.ErrorCode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks a rule can make. Null values pass every check except {@code required}. */
final class Checks {

    private Checks() {
    }

    static Check required() {
        return new Check() {
            @Override
            public String expected() {
                return "required";
            }

            @Override
            public Problem test(String column, Object value) {
                return value != null ? null : new Problem(column, expected(), ErrorCode.REQUIRED_MISSING, null,
                        column + " is required but missing (null)");
            }
        };
    }

    static Check type(ValueType type) {
        return new NonNullCheck("type " + type.configName()) {
            @Override
            Problem testValue(String column, Object value) {
                return type.accepts(value) ? null : problem(column, ErrorCode.TYPE_MISMATCH, value,
                        column + " is '" + Problem.observed(value) + "', which is not a valid " + type.configName());
            }
        };
    }

    static Check min(BigDecimal bound) {
        return new NumericCheck("min " + bound.toPlainString(), bound) {
            @Override
            Problem compare(String column, Object value, int comparison) {
                return comparison >= 0 ? null : problem(column, ErrorCode.BELOW_MIN, value,
                        column + " is " + Problem.observed(value) + ", below the minimum " + bound.toPlainString());
            }
        };
    }

    static Check max(BigDecimal bound) {
        return new NumericCheck("max " + bound.toPlainString(), bound) {
            @Override
            Problem compare(String column, Object value, int comparison) {
                return comparison <= 0 ? null : problem(column, ErrorCode.ABOVE_MAX, value,
                        column + " is " + Problem.observed(value) + ", above the maximum " + bound.toPlainString());
            }
        };
    }

    static Check minLength(int length) {
        return new NonNullCheck("min-length " + length) {
            @Override
            Problem testValue(String column, Object value) {
                int actual = length(value);
                return actual >= length ? null : problem(column, ErrorCode.TOO_SHORT, value,
                        column + " has " + actual + " characters, fewer than the minimum " + length);
            }
        };
    }

    static Check maxLength(int length) {
        return new NonNullCheck("max-length " + length) {
            @Override
            Problem testValue(String column, Object value) {
                int actual = length(value);
                return actual <= length ? null : problem(column, ErrorCode.TOO_LONG, value,
                        column + " has " + actual + " characters, more than the maximum " + length);
            }
        };
    }

    static Check pattern(Pattern pattern) {
        return new NonNullCheck("pattern " + pattern.pattern()) {
            @Override
            Problem testValue(String column, Object value) {
                return pattern.matcher(value.toString()).matches() ? null : problem(column,
                        ErrorCode.PATTERN_MISMATCH, value, column + " '" + Problem.observed(value)
                                + "' does not match the pattern " + pattern.pattern());
            }
        };
    }

    static Check in(Set<String> allowed, String written) {
        return new NonNullCheck("in " + written) {
            @Override
            Problem testValue(String column, Object value) {
                return allowed.contains(value.toString()) ? null : problem(column, ErrorCode.NOT_ALLOWED, value,
                        column + " is '" + Problem.observed(value) + "', not one of " + written);
            }
        };
    }

    static Check notFuture(long toleranceMillis, Clock clock) {
        return new NonNullCheck(toleranceMillis == 0 ? "not-future" : "not-future " + toleranceMillis / 1000) {
            @Override
            Problem testValue(String column, Object value) {
                Long epochMillis = epochMillis(value);
                if (epochMillis == null) {
                    return problem(column, ErrorCode.TYPE_MISMATCH, value,
                            column + " is '" + Problem.observed(value) + "', which is not a timestamp");
                }
                long latest = clock.millis() + toleranceMillis;
                return epochMillis <= latest ? null : problem(column, ErrorCode.IN_FUTURE, value,
                        column + " is " + Instant.ofEpochMilli(epochMillis) + ", in the future (now "
                                + Instant.ofEpochMilli(clock.millis()) + ")");
            }
        };
    }

    /** A check whose test only runs for non-null values. */
    private abstract static class NonNullCheck implements Check {
        private final String expected;

        NonNullCheck(String expected) {
            this.expected = expected;
        }

        @Override
        public String expected() {
            return expected;
        }

        @Override
        public Problem test(String column, Object value) {
            return value == null ? null : testValue(column, value);
        }

        abstract Problem testValue(String column, Object value);

        Problem problem(String column, ErrorCode code, Object value, String message) {
            return new Problem(column, expected, code, Problem.observed(value), message);
        }
    }

    /** Compares numbers with a bound: integers as longs, floating point as doubles, the rest as BigDecimal. */
    private abstract static class NumericCheck extends NonNullCheck {
        private final BigDecimal bound;
        private final double boundDouble;
        private final boolean boundIsLong;
        private final long boundLong;

        NumericCheck(String expected, BigDecimal bound) {
            super(expected);
            this.bound = bound;
            this.boundDouble = bound.doubleValue();
            this.boundIsLong = bound.stripTrailingZeros().scale() <= 0
                    && bound.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            this.boundLong = boundIsLong ? bound.longValueExact() : 0L;
        }

        @Override
        Problem testValue(String column, Object value) {
            int comparison;
            if (boundIsLong && (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte)) {
                comparison = Long.compare(((Number) value).longValue(), boundLong);
            } else if (value instanceof Double || value instanceof Float) {
                comparison = Double.compare(((Number) value).doubleValue(), boundDouble);
            } else {
                BigDecimal decimal = ValueType.toDecimal(value);
                if (decimal == null) {
                    return problem(column, ErrorCode.TYPE_MISMATCH, value,
                            column + " is '" + Problem.observed(value) + "', which is not a number");
                }
                comparison = decimal.compareTo(bound);
            }
            return compare(column, value, comparison);
        }

        abstract Problem compare(String column, Object value, int comparison);
    }

    private static int length(Object value) {
        String text = value.toString();
        return text.codePointCount(0, text.length());
    }

    /** Epoch milliseconds of a timestamp value: a Date, an epoch-millisecond number, or ISO-8601 text. */
    private static Long epochMillis(Object value) {
        if (value instanceof java.util.Date date) {
            return date.getTime();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
