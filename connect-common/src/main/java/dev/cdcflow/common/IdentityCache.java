package dev.cdcflow.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache keyed by object identity, for values derived from Connect schemas.
 *
 * <p>Converters and source connectors hand out the same {@code Schema} instance for the same schema, so identity
 * finds a hit without the deep {@code equals}/{@code hashCode} of a schema on every record. Two equal schema
 * instances only cost two entries. Not thread-safe: transformations and tasks are used by one thread.
 */
public final class IdentityCache<K, V> {

    private final Map<Key<K>, V> entries;

    public IdentityCache(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key<K>, V> eldest) {
                return size() > maxSize;
            }
        };
    }

    /** The value for {@code key}, computed and remembered on a miss. */
    public V computeIfAbsent(K key, Function<K, V> compute) {
        Key<K> wrapped = new Key<>(key);
        V value = entries.get(wrapped);
        if (value == null) {
            value = compute.apply(key);
            entries.put(wrapped, value);
        }
        return value;
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }

    private record Key<K>(K referent) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key<?> key && key.referent == referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }
    }
}
