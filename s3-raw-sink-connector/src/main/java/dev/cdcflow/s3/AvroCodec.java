package dev.cdcflow.s3;

import dev.cdcflow.common.config.EnumOption.Described;
import org.apache.avro.file.CodecFactory;

/** Block compression of Avro files. */
public enum AvroCodec implements Described {
    NULL, DEFLATE, SNAPPY, ZSTD;

    @Override
    public String description() {
        return switch (this) {
            case NULL -> "no compression";
            case DEFLATE -> "deflate, level 6";
            case SNAPPY -> "snappy: fast, moderate ratio";
            case ZSTD -> "zstandard, level 3: better ratio at similar speed";
        };
    }

    public CodecFactory factory() {
        return switch (this) {
            case NULL -> CodecFactory.nullCodec();
            case DEFLATE -> CodecFactory.deflateCodec(6);
            case SNAPPY -> CodecFactory.snappyCodec();
            case ZSTD -> CodecFactory.zstandardCodec(3);
        };
    }
}
