package dev.cdcflow.pipeline;

/** Reading option values from a command line, with messages that name the option; shared by the commands here. */
public final class Arguments {

    private Arguments() {
    }

    /** The value after {@code name}; missing, or another option in its place, fails with the usage. */
    public static String required(String name, String value, String usage) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value\n" + usage);
        }
        return value;
    }

    public static long number(String name, String value, String usage) {
        try {
            return Long.parseLong(required(name, value, usage));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + value + "'");
        }
    }

    public static int positive(String name, String value, String usage) {
        long number = number(name, value, usage);
        if (number < 1 || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " takes a number from 1, not " + number);
        }
        return (int) number;
    }
}
