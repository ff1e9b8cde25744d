package dev.cdcflow.common;

/**
 * The message a plugin that is packaged but not yet functional gives when someone tries to run it, so that it fails
 * loudly instead of silently moving no data.
 */
public final class NotYetImplemented {

    private NotYetImplemented() {
    }

    public static String message(Class<?> plugin) {
        return plugin.getSimpleName() + " " + ProjectVersion.get()
                + " is packaged but not implemented yet in this build; it moves no data.";
    }
}
