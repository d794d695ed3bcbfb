package org.strowger.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strowger.api.ChannelId;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialStringException;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;

/**
 * Code shown in the dial-string part of docs/dialing.md. Every java block in that document is an excerpt of a file
 * in this package (DocSnippetsTest in src-test-fixtures checks it), so the snippets always compile against the real
 * API. The demo does not run them.
 */
public final class DialStringSnippets {
    private DialStringSnippets() {
    }

    // ---- parsing untrusted text ----

    /** Parses a dial string that came from the network; a malformed one is reported by position and reason. */
    static Optional<DialString> fromRequest(String untrusted) {
        try {
            return Optional.of(DialString.parse(untrusted));
        } catch (DialStringException e) {      // the reason never contains the text, so it is safe to log
            System.out.println("rejected dial string: position " + e.position() + ", " + e.reason());
            return Optional.empty();
        }
    }

    // ---- building one in code ----

    /** Alice's desk and mobile ring at once for 20 s, then her voicemail; one minute in all. */
    static DialString aliceThenVoicemail() {
        DialTarget desk = DialTarget.of("SIP", "alice@desk").withTimeout(Duration.ofSeconds(20));
        DialTarget mobile = DialTarget.of("SIP", "alice mobile")
                .withTimeout(Duration.ofSeconds(20))
                .withId(ChannelId.of("alice-mobile-1"));
        DialTarget voicemail = DialTarget.of("Local", "alice@voicemail/n");
        DialString dial = new DialString(List.of(DialGroup.of(desk, mobile), DialGroup.of(voicemail)),
                Duration.ofMinutes(1), EarlyMediaPolicy.RINGBACK, DialString.DEFAULT_MAX_FORWARDS,
                Map.of("_ACCOUNT", "42"));
        // {timeout=1m,var._ACCOUNT=42}[timeout=20s]SIP/alice@desk&[timeout=20s,id=alice-mobile-1]SIP/alice%20mobile|Local/alice@voicemail/n
        String text = dial.format();
        assert DialString.parse(text).equals(dial);
        return dial;
    }
}
