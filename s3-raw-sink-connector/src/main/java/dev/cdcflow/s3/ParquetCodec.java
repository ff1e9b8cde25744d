package dev.cdcflow.s3;

import dev.cdcflow.common.config.EnumOption.Described;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Page compression of Parquet files. */
public enum ParquetCodec implements Described {
    UNCOMPRESSED, SNAPPY, GZIP, ZSTD;

    @Override
    public String description() {
        return switch (this) {
            case UNCOMPRESSED -> "no compression";
            case SNAPPY -> "snappy: fast, moderate ratio";
            case GZIP -> "gzip: smaller, slower";
            case ZSTD -> "zstandard: better ratio at similar speed";
        };
    }

    public CompressionCodecName codecName() {
        return CompressionCodecName.valueOf(name());
    }
}
