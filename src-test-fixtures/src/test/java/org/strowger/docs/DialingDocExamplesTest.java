package org.strowger.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialStringException;

/**
 * The dial-string examples in docs/dialing.md are true: the valid ones parse to their stated canonical form, the
 * error table's examples fail at the stated position with the stated reason, and the listed invalid ones fail.
 */
class DialingDocExamplesTest {
    private static final Pattern CELL_SPLIT = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern CODE = Pattern.compile("^`(.*)`$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    @Test
    void validExamplesHaveTheirCanonicalForm() throws IOException {
        int checked = 0;
        for (List<String> row : tableRows(section("### Examples"))) {
            String text = code(row.get(0));
            String canonical = code(row.get(1));
            if (text != null && canonical != null) {
                assertEquals(canonical, DialString.parse(text).format(), "example " + text);
                checked++;
            }
        }
        assertTrue(checked >= 8, "examples checked: " + checked);
        String first = ReadmeExampleTest.fencedBlocks(section("## Dial strings"), "text").get(0).get(0);
        DialString alice = DialString.parse(first); // "rings Alice's desk and mobile ..., then her voicemail"
        assertEquals(2, alice.groups().size());
        assertEquals(2, alice.groups().get(0).targets().size());
    }

    @Test
    void errorTableIsExact() throws IOException {
        int checked = 0;
        for (List<String> row : tableRows(section("### Errors"))) {
            String text = code(row.get(0));
            String reason = row.size() > 2 ? code(row.get(2).replaceAll(" \\(.*\\)$", "")) : null;
            if (text != null && reason != null && row.get(1).matches("\\d+")) {
                DialStringException e = assertThrows(DialStringException.class, () -> DialString.parse(text), text);
                assertEquals(reason, e.reason(), text);
                assertEquals(Integer.parseInt(row.get(1)), e.position(), text);
                checked++;
            }
        }
        assertTrue(checked >= 30, "error rows checked: " + checked);
    }

    @Test
    void listedInvalidExamplesAreRejected() throws IOException {
        String invalid = String.join(" ", section("### Examples")).replaceFirst("(?s).*Invalid:", "");
        Matcher m = CODE_SPAN.matcher(invalid);
        int checked = 0;
        while (m.find()) {
            String text = m.group(1);
            assertThrows(DialStringException.class, () -> DialString.parse(text), text);
            checked++;
        }
        assertTrue(checked >= 8, "invalid examples checked: " + checked);
    }

    /** The lines of the section that starts with {@code heading}, up to the next heading of the same level. */
    private static List<String> section(String heading) throws IOException {
        List<String> lines = Files.readAllLines(ReadmeExampleTest.ROOT.resolve("docs/dialing.md"));
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "docs/dialing.md has no " + heading);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith(level)) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    /** The cells of each table row (header and separator rows included), trimmed, {@code \|} unescaped. */
    private static List<List<String>> tableRows(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("|")) {
                String[] cells = CELL_SPLIT.split(line.substring(1));
                List<String> row = new ArrayList<>();
                for (String cell : cells) {
                    row.add(cell.strip().replace("\\|", "|"));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The content of a cell that is exactly one code span, or null. */
    private static String code(String cell) {
        Matcher m = CODE.matcher(cell);
        return m.matches() && !m.group(1).contains("`") ? m.group(1) : null;
    }
}
