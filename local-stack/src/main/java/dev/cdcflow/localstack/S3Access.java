package dev.cdcflow.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the S3 server's policy users did: the actions each was allowed, and every call a policy refused (also logged),
 * so a test can show that each plugin's calls fit the policy its deployment gives it.
 */
public final class S3Access {

    private static final Logger LOG = LoggerFactory.getLogger(S3Access.class);

    private final Map<String, Set<String>> allowed = new TreeMap<>();
    private final List<String> denied = new ArrayList<>();

    synchronized void allowed(String user, String action) {
        allowed.computeIfAbsent(user, name -> new TreeSet<>()).add(action);
    }

    synchronized void denied(String user, String policy, String action, String resource, Map<String, String> context) {
        String refusal = user + " (policy " + policy + "): " + action + " on " + resource
                + (context.isEmpty() ? "" : " with " + context);
        LOG.warn("S3 access denied to {}", refusal);
        denied.add(refusal);
    }

    /** Per policy user, the actions the server allowed it. */
    public synchronized Map<String, Set<String>> allowedActions() {
        Map<String, Set<String>> copy = new TreeMap<>();
        allowed.forEach((user, actions) -> copy.put(user, Set.copyOf(actions)));
        return copy;
    }

    /** Every refused call: user, policy, action, resource and condition keys. */
    public synchronized List<String> denials() {
        return List.copyOf(denied);
    }
}
