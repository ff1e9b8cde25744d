package dev.cdcflow.transforms.flatten;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.transforms.flatten.FlattenOptions.SemanticTypeHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.TimePrecision;
import dev.cdcflow.transforms.flatten.FlattenOptions.VariableScaleDecimalHandling;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Debezium's bit strings (bytes, least significant first, as measured from Debezium 3.7) back to PostgreSQL's text. */
class TypeNormalizerTest {

    private final TypeNormalizer normalizer = new TypeNormalizer(TimePrecision.MICROS,
            VariableScaleDecimalHandling.STRING, 9, SemanticTypeHandling.STRING);

    @Test
    void bitOfFixedLengthKeepsEveryDigit() {
        Schema bit8 = SchemaBuilder.bytes().name(SchemaNames.DEBEZIUM_BITS).parameter("length", "8").optional().build();
        TypeNormalizer.Normalized normalized = normalizer.normalize(bit8);
        // B'11110000' arrives as 0xF0; B'00000101' as 0x05.
        assertThat(normalized.apply(new byte[] {(byte) 0xF0})).isEqualTo("11110000");
        assertThat(normalized.apply(ByteBuffer.wrap(new byte[] {0x05}))).isEqualTo("00000101");
        assertThat(normalized.schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(normalized.schema().isOptional()).isTrue();
        assertThat(normalized.schema().parameters())
                .containsEntry(SchemaNames.SEMANTIC_TYPE_PARAMETER, SchemaNames.DEBEZIUM_BITS);
    }

    @Test
    void varbitLosesOnlyItsLeadingZeros() {
        Schema varbit = SchemaBuilder.bytes().name(SchemaNames.DEBEZIUM_BITS).parameter("length", "2147483647").build();
        TypeNormalizer.Normalized normalized = normalizer.normalize(varbit);
        assertThat(normalized.apply(new byte[] {0x0D})).isEqualTo("1101");
        assertThat(normalized.apply(new byte[] {0x01, 0x01})).isEqualTo("100000001");
        assertThat(normalized.apply(new byte[0])).isEqualTo("0");
    }
}
