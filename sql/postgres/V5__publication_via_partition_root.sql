-- Migration 5: changes of a partitioned table are published as changes of the table itself (its root), so Debezium
-- writes them to one topic under the table's name, the sinks keep one table for it, and a partition added later is
-- covered without touching the publication. Without it, pgoutput publishes each change under the partition it landed
-- in, a table Debezium's include list does not name, and the change is left out. (The template's
-- publish.via.partition.root=true does the same where Debezium creates the publication itself.) Safe to run again.

ALTER PUBLICATION "${DEBEZIUM_PUBLICATION}" SET (publish_via_partition_root = true);
