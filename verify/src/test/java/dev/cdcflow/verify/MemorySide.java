package dev.cdcflow.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** A side held in memory, hashing each row as the SQL sides do: the first 8 bytes of the MD5 of its text. */
final class MemorySide implements TableSide {

    final TreeMap<Long, List<String>> rows = new TreeMap<>();

    @Override
    public Optional<KeyRange> keys() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(new KeyRange(rows.firstKey(), rows.lastKey() + 1));
    }

    @Override
    public RangeDigest digest(KeyRange range) {
        SortedMap<Long, List<String>> inRange = rows(range);
        long checksum = 0;
        for (List<String> row : inRange.values()) {
            checksum += hash(String.join("\u0001", row));
        }
        return new RangeDigest(inRange.size(), checksum);
    }

    @Override
    public SortedMap<Long, List<String>> rows(KeyRange range) {
        return rows.subMap(range.from(), range.to());
    }

    private static long hash(String text) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(md5).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
