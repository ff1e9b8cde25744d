package dev.cdcflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdentityCacheTest {

    @Test
    void computesOncePerInstanceAndEvictsTheLeastRecentlyUsed() {
        IdentityCache<String, Integer> cache = new IdentityCache<>(2);
        AtomicInteger computations = new AtomicInteger();
        String a = new String("same");
        String b = new String("same");
        String c = "other";

        cache.computeIfAbsent(a, key -> computations.incrementAndGet());
        cache.computeIfAbsent(a, key -> computations.incrementAndGet());
        assertThat(computations).hasValue(1);

        cache.computeIfAbsent(b, key -> computations.incrementAndGet());
        assertThat(computations).as("an equal but distinct instance is its own entry").hasValue(2);

        cache.computeIfAbsent(a, key -> computations.incrementAndGet());
        cache.computeIfAbsent(c, key -> computations.incrementAndGet());
        assertThat(cache.size()).isEqualTo(2);
        cache.computeIfAbsent(b, key -> computations.incrementAndGet());
        assertThat(computations).as("b was evicted, a was kept (used more recently)").hasValue(4);
    }
}
