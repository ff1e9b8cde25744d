package dev.cdcflow.clickhousetext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabSeparatedTest {

    @Test
    void fieldsAreUnescapedAndNullIsNull() {
        List<List<String>> rows = TabSeparated.rows("a\\tb\tit\\'s\t\\N\tback\\\\slash\n2\t\t\\n\tx\n");

        assertThat(rows).containsExactly(Arrays.asList("a\tb", "it's", null, "back\\slash"),
                Arrays.asList("2", "", "\n", "x"));
    }
}
