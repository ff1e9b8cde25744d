package dev.cdcflow.clickhouse.schema;

/**
 * What the connected server can do, decided once from its version. The thresholds are the releases that brought
 * each feature (rounded up where a feature matured over releases), so a capability is only used where it is
 * certainly present.
 *
 * @param version                  the server's version
 * @param dateTime64               DateTime64(precision, tz): sub-second timestamps (20.1)
 * @param date32                   Date32: dates before 1970 and after 2149 (21.9)
 * @param bool                     Bool (22.1)
 * @param map                      Map(K, V) (21.8)
 * @param replacingIsDeleted       ReplacingMergeTree(ver, is_deleted): deletes applied by FINAL and merges (23.2)
 * @param insertDeduplicationToken the insert_deduplication_token setting (22.2)
 */
public record ServerCapabilities(ServerVersion version, boolean dateTime64, boolean date32, boolean bool, boolean map,
                                 boolean replacingIsDeleted, boolean insertDeduplicationToken) {

    public static ServerCapabilities of(ServerVersion version) {
        return new ServerCapabilities(version,
                version.atLeast(20, 1),
                version.atLeast(21, 9),
                version.atLeast(22, 1),
                version.atLeast(21, 8),
                version.atLeast(23, 2),
                version.atLeast(22, 2));
    }
}
