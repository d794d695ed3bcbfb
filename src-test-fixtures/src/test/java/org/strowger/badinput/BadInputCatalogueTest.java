package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfDigit;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VideoFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.JitterBufferOptions;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.PlaybackResult;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.RecordingResult;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.InboundCall;
import org.strowger.spi.TechContext;
import org.strowger.spi.TechExecutor;

/**
 * Keeps the bad-input catalogue (docs/reliability.md, section "Bad-input catalogue") and the code in step: every
 * public method of the API's interfaces and every validating constructor, factory and {@code with} method of its
 * value types has a row (so a new method without one fails the build); every row names a test that exists; every
 * case of the table tests here is in the catalogue; and no row names a method that no longer exists.
 */
class BadInputCatalogueTest {
    private static final Path ROOT = Path.of("..");
    private static final Path DOC = ROOT.resolve("docs/reliability.md");
    private static final String SECTION = "## Bad-input catalogue";

    /** The interfaces users and techs call. */
    static final List<Class<?>> INTERFACES = List.of(ChannelCore.class, Channel.class, Bridge.class,
            AttendedTransfer.class, DialHandle.class, Subscription.class, Cancellable.class,
            ChannelSink.class, TechContext.class, TechExecutor.class);

    /** The value types given to them, whose constructors validate. */
    static final List<Class<?>> VALUES = List.of(ChannelId.class, BridgeId.class, Party.class, OutboundRequest.class,
            InboundCall.class, EndpointUsage.class, CreationRate.class, JoinOptions.class, BridgeOptions.class,
            MediaFormat.class, VoiceFrame.class, VideoFrame.class, DtmfBegin.class, DtmfEnd.class, DtmfDigit.class,
            TextFrame.class, ControlFrame.class, ComfortNoiseFrame.class, DialString.class, DialGroup.class,
            DialTarget.class, DialRequest.class, EventFilter.class, SubscribeOptions.class,
            CallRecordSinkOptions.class, ChannelMedia.class, MediaSource.class, MediaSource.WavFile.class,
            MediaSource.Tone.class, MediaSource.Progress.class, MediaSource.Digits.class, MediaSource.Silence.class,
            MediaSource.Sequence.class, DigitCollection.class, RecordOptions.class, CollectedDigits.class,
            PlaybackResult.class, RecordingResult.class, JitterBufferOptions.class);

    /** The table tests of this package, by class name. */
    private static final Map<String, Supplier<List<Case>>> TABLES = Map.of(
            "ChannelCoreBadInputTest", ChannelCoreBadInputTest::cases,
            "ChannelBadInputTest", ChannelBadInputTest::cases,
            "BridgeBadInputTest", BridgeBadInputTest::cases,
            "HandlesBadInputTest", HandlesBadInputTest::cases,
            "ChannelSinkBadInputTest", ChannelSinkBadInputTest::cases,
            "RecordsBadInputTest", RecordsBadInputTest::cases,
            "MediaBadInputTest", MediaBadInputTest::cases);

    private static final Pattern METHOD = Pattern.compile("`([A-Z][A-Za-z]*)\\.([a-z][A-Za-z]*)`");
    private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:\\[([^\\]`]+)]|#([a-z][A-Za-z0-9]*))`");

    private record Row(String method, String test, int line) {
    }

    @Test
    void everyPublicMethodHasARowAndEveryRowAMethod() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Row r : rows()) {
            Matcher m = METHOD.matcher(r.method());
            boolean any = false;
            while (m.find()) {
                documented.add(m.group(1) + "." + m.group(2));
                any = true;
            }
            assertTrue(any, "line " + r.line() + ": no `Type.method` in the method column");
        }
        Set<String> expected = expected();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(documented);
        assertEquals(Set.of(), missing, "public methods without a row in " + DOC);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(expected);
        assertEquals(Set.of(), stale, "rows for methods that do not exist");
    }

    @Test
    void everyRowNamesATestThatExists() throws IOException {
        for (Row r : rows()) {
            Matcher m = TEST.matcher(r.test());
            boolean any = false;
            while (m.find()) {
                any = true;
                String cls = m.group(1);
                if (m.group(2) != null) {
                    Supplier<List<Case>> table = TABLES.get(cls);
                    assertTrue(table != null, "line " + r.line() + ": " + cls + " is not a table test");
                    String name = m.group(2);
                    assertTrue(table.get().stream().anyMatch(c -> c.name().equals(name)),
                            "line " + r.line() + ": " + cls + " has no case '" + name + "'");
                } else {
                    assertTrue(testMethodExists(cls, m.group(3)), "line " + r.line() + ": no test " + cls + "#" + m.group(3));
                }
            }
            assertTrue(any, "line " + r.line() + ": no test named");
        }
    }

    @Test
    void everyTableCaseIsInTheCatalogue() throws IOException {
        String doc = Files.readString(DOC);
        TABLES.forEach((cls, cases) -> {
            for (Case c : cases.get()) {
                assertTrue(doc.contains("`" + cls + "[" + c.name() + "]`"), cls + "[" + c.name() + "] has no row");
            }
        });
    }

    @Test
    void theMetaTestSeesAllOfTheApi() {
        assertTrue(expected().size() > 150, "the enumeration found too little: " + expected().size());
        assertTrue(expected().contains("Channel.hangup") && expected().contains("DialString.parse")
                && expected().contains("OutboundRequest.new") && expected().contains("ChannelSink.redirected"));
        assertFalse(expected().contains("DialString.equals"));
    }

    /** {@code Type.method} for every method that needs a row; constructors are {@code Type.new}. */
    static Set<String> expected() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : INTERFACES) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    names.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        for (Class<?> c : VALUES) {
            if (c.getConstructors().length > 0) {
                names.add(c.getSimpleName() + ".new");
            }
            for (Method m : c.getDeclaredMethods()) {
                int mod = m.getModifiers();
                boolean takesInput = Modifier.isStatic(mod) || m.getParameterCount() > 0;
                if (Modifier.isPublic(mod) && !m.isSynthetic() && takesInput && !m.getName().equals("equals")) {
                    names.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        return names;
    }

    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(SECTION);
        assertTrue(start >= 0, DOC + " has no section '" + SECTION + "'");
        List<Row> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String l = lines.get(i);
            if (!l.startsWith("| `")) {
                continue; // prose, the header, the separator
            }
            String[] cells = l.substring(1, l.length() - (l.endsWith("|") ? 1 : 0)).split(" \\| ");
            assertEquals(4, cells.length, "line " + (i + 1) + " needs 4 cells: method | bad input | result | test");
            rows.add(new Row(cells[0], cells[3], i + 1));
        }
        assertTrue(rows.size() > 20, "the catalogue table is missing");
        return rows;
    }

    /** A test method of that name in a test class of that simple name, in any module's test sources. */
    private static boolean testMethodExists(String cls, String method) {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.filter(p -> p.toString().contains("src/test/java") && p.getFileName().toString().equals(cls + ".java"))
                    .anyMatch(p -> {
                        try {
                            return Pattern.compile("void " + method + "\\(").matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
