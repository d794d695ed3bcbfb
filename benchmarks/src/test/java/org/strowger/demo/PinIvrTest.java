package org.strowger.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.VariableSet;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.PlaybackResult;
import org.strowger.api.media.Translator;
import org.strowger.core.media.tone.ToneMeter;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * The docs' PIN IVR, on the simulation: what the caller hears (the prompt, cut short by the first digit, and the
 * error tone), by content; the right PIN reaches the destination, wrong ones get two more tries, silence and a
 * hang-up leave nothing behind.
 */
class PinIvrTest {
    private static final double PROMPT_HZ = 440;
    private static final Duration PROMPT = Duration.ofSeconds(3);
    private static final double[] HEARD = {PROMPT_HZ, 950, 1400, 1800}; // the prompt, the error tone's three

    private final Simulation sim = new Simulation(1234);
    private final FakeTech desk = new FakeTech("Desk");
    private DialTarget destination = DialTarget.of("Desk", "agent");
    private final ChannelCore core = sim.coreBuilder().tech(desk)
            .inboundHandler(ch -> new PinIvr(new MediaSource.Tone(Double.toString(PROMPT_HZ), PROMPT), "1234",
                    destination))
            .build();
    private final List<String> prompts = Collections.synchronizedList(new ArrayList<>()); // PIN_PROMPT, in order

    PinIvrTest() {
        core.subscribe(EventFilter.all().withKinds(EventKind.VARIABLE_SET), e -> {
            if (((VariableSet) e).name().equals("PIN_PROMPT")) {
                prompts.add(((VariableSet) e).value());
            }
        }, SubscribeOptions.defaults().onPool());
    }

    private FakeChannel call(String who) {
        FakeChannel f = desk.inbound(who, "100");
        sim.runFor(Duration.ofMillis(100));
        assertEquals(ChannelState.UP, f.channel().state(), "the IVR answers");
        return f;
    }

    private void key(FakeChannel who, String digits) {
        for (char d : digits.toCharArray()) {
            who.remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
            sim.runFor(Duration.ofMillis(100));
        }
    }

    private FakeChannel leg(String resource) {
        return desk.channels().stream().filter(c -> c.resource().equals(resource)).findFirst().orElseThrow();
    }

    /** The voice frames the core wrote to {@code fake}'s tech, in order. */
    private static List<VoiceFrame> written(FakeChannel fake) {
        List<VoiceFrame> out = new ArrayList<>();
        for (Callback cb : fake.callbacks()) {
            if (cb.name().equals("write") && cb.argument() instanceof VoiceFrame v) {
                out.add(v);
            }
        }
        return out;
    }

    /** Which of the prompt's and the error tone's frequencies dominates frames {@code [from, to)} of {@code fake}. */
    private double heard(FakeChannel fake, int from, int to) {
        List<VoiceFrame> frames = written(fake).subList(from, to);
        Translator linear = core.translator(MediaFormat.ULAW, MediaFormat.SLIN8); // the fake tech is transparent
        short[] pcm = new short[160 * frames.size()];
        int at = 0;
        for (VoiceFrame v : frames) {
            assertEquals(MediaFormat.ULAW, v.format(), "a transparent channel is played PCMU");
            VoiceFrame s = linear.translate(v);
            for (int i = 0; i < s.payloadLength() / 2; i++) {
                pcm[at++] = (short) ((s.payloadByte(2 * i) & 0xFF) | (s.payloadByte(2 * i + 1) << 8));
            }
        }
        return ToneMeter.dominant(pcm, 0, at, 8000, HEARD);
    }

    /** The prompt's end and played duration, from the PIN_PROMPT variable ({@code END/ms}). */
    private static PlaybackResult promptResult(String variable) {
        String[] parts = variable.split("/");
        return new PlaybackResult(Duration.ofMillis(Long.parseLong(parts[1])), PlaybackResult.End.valueOf(parts[0]));
    }

    /** The caller's prompt was keyed over after {@code frames} frames: INTERRUPTED, that long, shorter than it. */
    private static void assertBargedIn(String variable, int frames) {
        PlaybackResult r = promptResult(variable);
        assertEquals(new PlaybackResult(Duration.ofMillis(20L * frames), PlaybackResult.End.INTERRUPTED), r);
        assertTrue(r.played().compareTo(PROMPT) < 0, "cut short: " + r);
    }

    /** The error tone played from frame {@code at}: 950, 1400, 1800 Hz, 330 ms each (16.5 frames). */
    private void assertErrorToneAt(FakeChannel fake, int at) {
        assertEquals(950, heard(fake, at + 1, at + 15), "the error tone's first third");
        assertEquals(1400, heard(fake, at + 18, at + 32), "its second");
        assertEquals(1800, heard(fake, at + 35, at + 48), "its third");
    }

    private void assertNobodyRung() {
        assertEquals(0, desk.channels().stream().filter(c -> c.resource().equals("agent")).count(), "nobody rung");
    }

    private void assertCleanAfterHangUp() {
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, desk);
        assertEquals(0, sim.pendingTimers(), "no timer of a prompt or a digit collection is left");
    }

    @Test
    void theRightPinKeyedOverThePromptReachesTheDestination() {
        desk.on("call", (fc, arg) -> fc.remote().answered());
        FakeChannel alice = call("alice");
        sim.runFor(Duration.ofSeconds(1));
        int promptFrames = written(alice).size();
        assertTrue(promptFrames >= 50, "a second of the prompt: " + promptFrames + " frames");
        assertEquals(PROMPT_HZ, heard(alice, 0, promptFrames), "alice hears the prompt");
        key(alice, "1");
        assertEquals(promptFrames, written(alice).size(), "the first digit stops the prompt at once");
        key(alice, "234");
        FakeChannel agent = leg("agent");
        assertEquals(ChannelState.UP, agent.channel().state());
        assertNotNull(alice.channel().snapshot().bridge(), "alice is bridged");
        assertEquals(alice.channel().snapshot().bridge(), agent.channel().snapshot().bridge(), "with the agent");
        assertEquals(1, prompts.size(), "one prompt: " + prompts);
        assertBargedIn(prompts.get(0), promptFrames);
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        assertCleanAfterHangUp();
        assertFalse(agent.channel().snapshot().isLive(), "the agent's call ended with alice's");
    }

    @Test
    void aWrongPinGetsTheErrorToneAndThePromptAgainThenTheRightOneConnects() {
        desk.on("call", (fc, arg) -> fc.remote().answered());
        FakeChannel alice = call("alice");
        sim.runFor(Duration.ofMillis(500));
        int firstPrompt = written(alice).size();
        key(alice, "1111");
        sim.runFor(Duration.ofMillis(1_500)); // the error tone (990 ms) from the fourth digit on, then the prompt
        int again = written(alice).size();
        assertEquals(PROMPT_HZ, heard(alice, 0, firstPrompt), "the prompt");
        assertErrorToneAt(alice, firstPrompt);
        assertTrue(again - firstPrompt > 70, "the error tone and then the prompt: " + (again - firstPrompt));
        assertEquals(PROMPT_HZ, heard(alice, firstPrompt + 52, again), "the prompt again, after the tone");
        assertNobodyRung();
        key(alice, "1234");
        assertNotNull(alice.channel().snapshot().bridge(), "the second try connects alice");
        assertEquals(alice.channel().snapshot().bridge(), leg("agent").channel().snapshot().bridge(),
                "to the agent");
        assertEquals(2, prompts.size(), "two prompts: " + prompts);
        assertBargedIn(prompts.get(0), firstPrompt);
        assertEquals(PlaybackResult.End.INTERRUPTED, promptResult(prompts.get(1)).end(), prompts.get(1));
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        assertCleanAfterHangUp();
    }

    @Test
    void threeWrongPinsAreRejectedAfterTheThirdErrorTone() {
        FakeChannel bob = call("bob");
        key(bob, "12#");                           // a short one, ended by '#'
        sim.runFor(Duration.ofSeconds(2));
        key(bob, "4321");                          // as long as the PIN
        sim.runFor(Duration.ofSeconds(2));
        int third = written(bob).size();
        key(bob, "9");                             // then nothing: the inter-digit timeout ends it
        sim.runFor(Duration.ofMillis(4_800));
        assertEquals(ChannelState.UP, bob.channel().state(), "5 s between digits");
        sim.runFor(Duration.ofMillis(800));
        assertEquals(ChannelState.UP, bob.channel().state(), "while the third error tone plays");
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(HangupCause.CALL_REJECTED, bob.channel().snapshot().hangupCause());
        assertErrorToneAt(bob, third);
        assertEquals(50, written(bob).size() - third, "the whole error tone, no prompt after it");
        assertEquals(3, prompts.size(), "three tries: " + prompts);
        prompts.forEach(p -> assertEquals(PlaybackResult.End.INTERRUPTED, promptResult(p).end(), p));
        assertNobodyRung();
        assertCleanAfterHangUp();
    }

    @Test
    void nobodyKeyingAnythingIsHungUpFiveSecondsAfterThePromptEnded() {
        FakeChannel carol = call("carol");
        sim.runFor(Duration.ofMillis(7_800));
        assertEquals(ChannelState.UP, carol.channel().state(), "5 s for the first digit, from the prompt's end");
        assertEquals(PlaybackResult.End.FINISHED, promptResult(prompts.get(0)).end(), "she heard all of it");
        assertEquals(PROMPT, promptResult(prompts.get(0)).played());
        assertEquals(PROMPT.toMillis() / 20, written(carol).size());
        assertEquals(PROMPT_HZ, heard(carol, 0, written(carol).size()));
        sim.runFor(Duration.ofMillis(400));
        assertEquals(HangupCause.NO_USER_RESPONSE, carol.channel().snapshot().hangupCause());
        assertEquals(1, prompts.size(), "no second prompt: " + prompts);
        assertNobodyRung();
        assertCleanAfterHangUp();
    }

    @Test
    void aCallerWhoHangsUpDuringThePromptLeavesNothingBehind() {
        FakeChannel dave = call("dave");
        sim.runFor(Duration.ofMillis(700));
        int heard = written(dave).size();
        assertEquals(PROMPT_HZ, heard(dave, 0, heard));
        dave.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(15));    // past every timeout of the IVR
        assertEquals(HangupCause.NORMAL_CLEARING, dave.channel().snapshot().hangupCause(), "his own hang-up");
        assertEquals(heard, written(dave).size(), "nothing more written");
        assertEquals(List.of(), prompts, "the channel was gone before the prompt's end could be noted");
        assertNobodyRung();
        assertCleanAfterHangUp();
    }

    @Test
    void aBusyDestinationHangsTheCallerUpBusy() {
        desk.on("call", (fc, arg) -> fc.remote().hangup(HangupCause.USER_BUSY));
        FakeChannel erin = call("erin");
        key(erin, "1234");
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(HangupCause.USER_BUSY, erin.channel().snapshot().hangupCause());
        assertNull(erin.channel().snapshot().bridge());
        assertCleanAfterHangUp();
    }

    @Test
    void aDestinationThatDoesNotAnswerWithinThirtySecondsHangsTheCallerUp() {
        FakeChannel erin = call("erin");
        key(erin, "1234");
        FakeChannel agent = leg("agent");
        sim.runFor(Duration.ofSeconds(29));
        assertTrue(agent.channel().snapshot().isLive(), "the agent rings for 30 s");
        assertEquals(ChannelState.UP, erin.channel().state(), "erin waits");
        sim.runFor(Duration.ofSeconds(2));
        assertFalse(agent.channel().snapshot().isLive(), "given up");
        assertEquals(HangupCause.NO_ANSWER, erin.channel().snapshot().hangupCause());
        assertCleanAfterHangUp();
    }

    @Test
    void aFaultInTheChainHangsTheCallerUpRatherThanLeaveThemInSilence() {
        destination = null;                        // a bug: the dial request throws in the continuation
        FakeChannel grace = call("grace");
        key(grace, "1234");
        assertEquals(HangupCause.NORMAL_TEMPORARY_FAILURE, grace.channel().snapshot().hangupCause());
        assertCleanAfterHangUp();
    }

    @Test
    @ExtendWith(NoLeakExtension.class)
    @Timeout(60)
    void aPromptFileThatCannotBeReadHangsTheCallerUp(TestCores cores, @TempDir Path dir) throws Exception {
        FakeTech pstn = new FakeTech("Pstn");
        cores.real(b -> b.inboundHandler(ch -> new PinIvr(MediaSource.file(dir.resolve("missing.wav")), "1234",
                DialTarget.of("Pstn", "agent"))), pstn);
        FakeChannel frank = pstn.inbound("frank", "100");
        assertTrue(TestCores.await(() -> frank.channel() != null && !frank.channel().snapshot().isLive(),
                Duration.ofSeconds(5)), "hung up at once, not left in silence for 5 s");
        assertEquals(HangupCause.NORMAL_TEMPORARY_FAILURE, frank.channel().snapshot().hangupCause());
        assertEquals(1, pstn.channels().size(), "nobody rung");
    }
}
