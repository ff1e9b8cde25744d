package dev.cdcflow.s3;

import dev.cdcflow.common.config.EnumOption.Described;

/** The format of the objects written. */
public enum FileFormat implements Described {
    AVRO, PARQUET;

    @Override
    public String description() {
        return switch (this) {
            case AVRO -> "Avro object container files (.avro), schema in the header";
            case PARQUET -> "Parquet files (.parquet) through parquet-avro, written when the file closes";
        };
    }

    public String extension() {
        return switch (this) {
            case AVRO -> ".avro";
            case PARQUET -> ".parquet";
        };
    }
}
