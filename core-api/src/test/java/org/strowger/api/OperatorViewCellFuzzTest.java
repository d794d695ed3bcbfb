package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link OperatorView#cell}, which puts untrusted text (caller names, resources, owner names) into the
 * {@code core show channels} table. Properties: the cell is at most {@code max} characters of printable ASCII, so no
 * text can break or forge a row; text that fits and needs no escaping is shown as is.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-api -Dtest='OperatorViewCellFuzzTest#cell'
 * -Djazzer.max_duration=2m}.
 */
class OperatorViewCellFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void cell(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 80);
        String text = data.consumeRemainingAsString();
        String out = OperatorView.cell(text, max);
        assertTrue(out.length() <= max, "longer than the column");
        assertTrue(out.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "not printable ASCII");
        if (text.length() <= max && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            assertEquals(text, out);
        }
    }
}
