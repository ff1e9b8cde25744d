package dev.cdcflow.seeder.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Ids with O(1) add, remove and uniform random pick; the pick depends only on the operations done, so it replays. */
final class IndexedSet {

    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Integer> positions = new HashMap<>();

    void add(long id) {
        positions.put(id, ids.size());
        ids.add(id);
    }

    void remove(long id) {
        Integer position = positions.remove(id);
        if (position == null) {
            return;
        }
        long last = ids.remove(ids.size() - 1);
        if (position < ids.size()) {
            ids.set(position, last);
            positions.put(last, position);
        }
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    int size() {
        return ids.size();
    }

    long pick(SplittableRandom random) {
        return ids.get(random.nextInt(ids.size()));
    }
}
