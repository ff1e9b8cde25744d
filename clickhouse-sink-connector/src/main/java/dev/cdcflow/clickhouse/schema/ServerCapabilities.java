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
 * @param asyncInsert              the async_insert setting, switched off for every write of the sink (21.11)
 * @param mutationsSync            the mutations_sync setting: an ALTER ... DELETE that returns once applied (20.3)
 */
public record ServerCapabilities(ServerVersion version, boolean dateTime64, boolean date32, boolean bool, boolean map,
                                 boolean replacingIsDeleted, boolean asyncInsert,
                                 boolean mutationsSync) {

    public static ServerCapabilities of(ServerVersion version) {
        return new ServerCapabilities(version,
                version.atLeast(20, 1),
                version.atLeast(21, 9),
                version.atLeast(22, 1),
                version.atLeast(21, 8),
                version.atLeast(23, 2),
                version.atLeast(21, 11),
                version.atLeast(20, 3));
    }
}
