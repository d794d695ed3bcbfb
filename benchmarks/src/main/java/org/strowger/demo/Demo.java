package org.strowger.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CoreStats;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.Subscription;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaSource;
import org.strowger.core.Strowger;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;

/**
 * A guided tour of Strowger on real threads: inbound calls into a small IVR, an outbound call, bad input, a tech
 * fault that stays contained, a tech unregistered under load, the Echo tech from {@code docs/spi-guide.md}, a ring
 * group with a usage limit and its events, a clean shutdown, and the PIN IVR of {@code docs/architecture.md}. The far ends are played by the test kit's {@link FakeTech} through {@link FakeChannel#remote()}.
 *
 * <p>Run it with {@code mvn -B -q -DskipTests -Pdemo verify} from the repository root. The main thread waits with a
 * small polling helper between steps, which is fine here: it is not an executor thread. Code running on a channel's
 * executor (the IVR below) never waits; it reacts to events.
 */
public final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The IVR instance of each inbound call, so the main thread can print what it heard. */
    private static final Map<ChannelId, MenuIvr> IVRS = new ConcurrentHashMap<>();

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        configureLogging();
        System.out.println("Strowger demo on Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor")
                + ", java.home=" + System.getProperty("java.home") + ")");

        FakeTech fake = new FakeTech("Fake");
        FakeTech flaky = new FakeTech("Flaky");
        ChannelCore core = Strowger.builder()
                .idPrefix("demo")
                .inboundHandler(channel -> {          // runs on the new channel's executor
                    MenuIvr ivr = new MenuIvr();      // one instance per call: its fields need no locks
                    IVRS.put(channel.id(), ivr);
                    return ivr;
                })
                .tech(fake)
                .tech(flaky)
                .build();
        System.out.println("techs: " + core.techNames().stream().sorted().toList());

        section("1. Inbound call: alice dials 100, talks, presses 1 2 #");
        FakeChannel alice = fake.inbound("alice", "100");
        Channel aliceCh = alice.channel();
        System.out.println("announced " + aliceCh.name() + " (id " + aliceCh.id() + ", linked id " + aliceCh.linkedId()
                + "), first snapshot: " + aliceCh.state());
        await("the IVR answers alice", () -> aliceCh.state() == ChannelState.UP);
        for (int i = 0; i < 3; i++) {
            alice.remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 160L * i));
        }
        await("the IVR hears 3 voice frames", () -> ivr(aliceCh).voiceFrames() == 3);
        for (char digit : new char[] {'1', '2', '#'}) {
            alice.remote().receive(new DtmfEnd(digit, Duration.ofMillis(80)));
        }
        await("alice's channel is destroyed", () -> aliceCh.state() == ChannelState.DESTROYED);
        printCall(aliceCh, alice);

        section("2. Inbound call: bob presses 9, then hangs up himself");
        FakeChannel bob = fake.inbound(new InboundCall("bob", "100", Party.of("Bob", "2001"),
                Map.of("LANGUAGE", "en"), null));
        Channel bobCh = bob.channel();
        await("the IVR answers bob", () -> bobCh.state() == ChannelState.UP);
        bob.remote().receive(new DtmfEnd('9', Duration.ofMillis(80)));
        await("the IVR hears 9", () -> ivr(bobCh).digits().equals("9"));
        bob.remote().hangup(HangupCause.NORMAL_CLEARING);
        await("bob's channel is destroyed", () -> bobCh.state() == ChannelState.DESTROYED);
        printCall(bobCh, bob);

        section("3. Outbound call: Fake/carol, far end rings then answers; we send DTMF and hang up");
        Channel carol = core.request(OutboundRequest.of("Fake", "carol").withCaller(Party.of("Demo", "100")));
        System.out.println("requested " + carol.name() + ": state " + carol.state() + ", owner "
                + carol.snapshot().ownerKind());
        Watcher watcher = new Watcher();
        join(carol.attach(watcher));
        join(carol.call());
        System.out.println("call() completed: state " + carol.state());
        FakeChannel carolFar = farEndOf(fake, carol);
        carolFar.remote().ringing();
        await("carol rings", () -> carol.state() == ChannelState.RINGING);
        carolFar.remote().answered();
        await("carol answers", () -> carol.state() == ChannelState.UP);
        join(carol.sendDtmf('5', Duration.ofMillis(40)));
        join(carol.hangup(HangupCause.NORMAL_CLEARING));
        await("carol's channel is destroyed", () -> carol.state() == ChannelState.DESTROYED);
        watcher.print();
        printCall(carol, carolFar);

        section("4. Bad input is refused with a reason; nothing is left behind");
        try {
            core.request(OutboundRequest.of("SIP", "alice"));
        } catch (CommandRejectedException e) {
            System.out.println("request SIP/alice        -> CommandRejectedException " + e.reason() + ": "
                    + e.getMessage());
        }
        try {
            OutboundRequest.of("Fake", "eve\u0000");
        } catch (InvalidArgumentException e) {
            System.out.println("resource with a NUL      -> InvalidArgumentException: " + e.getMessage());
        }
        try {
            new DtmfEnd('x', Duration.ofMillis(80));
        } catch (InvalidArgumentException e) {
            System.out.println("DTMF digit 'x'           -> InvalidArgumentException: " + e.getMessage());
        }
        Channel dan = core.request(OutboundRequest.of("Fake", "dan"));
        System.out.println("answer() on outbound dan -> " + failureOf(() -> join(dan.answer())));
        join(dan.hangup(HangupCause.NORMAL_CLEARING));
        System.out.println("answer() on stale carol  -> " + failureOf(() -> join(carol.answer())));
        System.out.println("requireChannel(nobody)   -> " + failureOf(() -> core.requireChannel(ChannelId.of("nobody"))));
        await("dan's channel is destroyed", () -> dan.state() == ChannelState.DESTROYED);
        System.out.println("live channels now: " + core.channelCount() + ", rejected creations so far: "
                + core.stats().channelsRejected());

        section("5. A tech fault is contained: Flaky's answer() throws while a Fake call carries on");
        FakeChannel erin = fake.inbound("erin", "100");
        Channel erinCh = erin.channel();
        await("the IVR answers erin", () -> erinCh.state() == ChannelState.UP);
        flaky.failOn("answer");
        FakeChannel frank = flaky.inbound("frank", "100");
        Channel frankCh = frank.channel();
        await("frank's IVR learns that answer() failed", () -> frankCh.state() == ChannelState.DESTROYED
                && ivr(frankCh).log().stream().anyMatch(l -> l.startsWith("answer() failed")));
        printCall(frankCh, frank);
        erin.remote().receive(new DtmfEnd('7', Duration.ofMillis(80)));
        await("erin's IVR hears 7", () -> ivr(erinCh).digits().equals("7"));
        System.out.println("meanwhile " + erinCh.name() + " is still " + erinCh.state() + " and its IVR heard '"
                + ivr(erinCh).digits() + "'; callback faults counted: " + core.stats().callbackFaults());

        section("6. Unregistering a tech drains it: its live calls are hung up, then stop() runs");
        Channel grace = core.request(OutboundRequest.of("Flaky", "grace"));
        join(grace.call());
        System.out.println(grace.name() + " is " + grace.state() + "; unregistering Flaky");
        core.unregisterTech("Flaky").toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.println("unregistered: " + grace.name() + " is " + grace.state() + " with cause "
                + grace.snapshot().hangupCause() + "; Flaky.stop() ran " + flaky.stops() + "x; techs now "
                + core.techNames());
        System.out.println("request Flaky/grace again -> " + failureOf(() -> core.request(OutboundRequest.of("Flaky",
                "grace"))));

        section("7. The Echo tech from docs/spi-guide.md: everything sent comes back");
        EchoTech echo = new EchoTech();
        core.registerTech(echo);
        Channel mirror = core.request(OutboundRequest.of(EchoTech.NAME, "mirror"));
        Watcher echoWatcher = new Watcher();
        join(mirror.attach(echoWatcher));
        join(mirror.call());
        await("the mirror answers", () -> mirror.state() == ChannelState.UP);
        join(mirror.sendDtmf('4', Duration.ofMillis(50)));
        join(mirror.sendText("hello"));
        mirror.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0));
        await("the echoes arrive", () -> echoWatcher.log().contains("media VoiceFrame")
                && echoWatcher.log().contains("event TextReceived[text=hello]"));
        join(mirror.hangup(HangupCause.NORMAL_CLEARING));
        echoWatcher.print();

        section("8. Dialing: a ring group, a usage limit, its events and the operator's table");
        Queue<String> dialEvents = new ConcurrentLinkedQueue<>();
        Subscription subscription = core.subscribe(EventFilter.all().withKinds(EventKind.DIAL_BEGAN,
                EventKind.DIAL_ENDED), event -> dialEvents.add(describe(event)));
        fake.on("call", (leg, ignored) -> {       // far ends: dave is busy, emma answers after 50 ms, frank never
            switch (leg.resource()) {
                case "dave" -> leg.remote().busy();
                case "emma" -> {
                    leg.remote().ringing();
                    leg.channel().schedule(Duration.ofMillis(50), () -> leg.remote().answered());
                }
                default -> { }
            }
        });
        DialString group = DialString.parse("{timeout=5s}Fake/dave&Fake/emma|Fake/frank");
        System.out.println("dialing " + group.format());
        DialResult rang = join(core.dial(DialRequest.of(group)).result());
        System.out.println("result: " + rang.outcome() + ", winner " + rang.winner().name());
        rang.legs().forEach(leg -> System.out.println("  leg " + leg.target().resource() + ": " + leg.outcome()
                + (leg.cause() == null ? "" : " (" + leg.cause() + ")")));
        System.out.print(core.channelTable());
        core.setUsageLimit("Fake/emma", 1);
        DialResult busy = join(core.dial(DialRequest.of(DialString.parse("Fake/emma"))).result());
        System.out.println("emma again, with a usage limit of 1 -> " + busy.outcome() + ": "
                + busy.legs().get(0).outcome() + " (" + busy.legs().get(0).cause() + ")");
        join(rang.winner().hangup(HangupCause.NORMAL_CLEARING));
        await("emma's channel is destroyed", () -> rang.winner().state() == ChannelState.DESTROYED);
        check(core.usage("Fake/emma").orElseThrow().inUse() == 0, "emma's usage counter not released");
        await("the dial events arrive", () -> dialEvents.size() == 4); // frank's group never started
        subscription.close();
        dialEvents.forEach(line -> System.out.println("event " + line));

        section("9. Shutdown: erin's call is still up; the core hangs it up, stops the techs and its threads");
        core.shutdown().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.println(erinCh.name() + ": " + erinCh.state() + ", cause " + erinCh.snapshot().hangupCause()
                + "; its IVR heard: " + ivr(erinCh).log());
        CoreStats stats = core.stats();
        System.out.println("stats: " + stats);
        System.out.println("registry: " + core.channelCount() + " channels; Fake.stop() ran " + fake.stops()
                + "x; Echo channels still open: " + echo.openChannels());
        List<String> violations = new ArrayList<>(fake.violations());
        violations.addAll(flaky.violations());
        IVRS.values().forEach(i -> violations.addAll(i.violations()));
        System.out.println("SPI/threading contract violations seen by the fakes and the IVRs: "
                + (violations.isEmpty() ? "none" : violations));
        check(stats.channelsLive() == 0 && core.channelCount() == 0, "channels left after shutdown");
        check(stats.channelsCreated() == stats.channelsDestroyed(), "created != destroyed");
        check(violations.isEmpty(), "contract violations");
        check(echo.openChannels() == 0, "Echo channels left open");

        section("10. The README's embedding example (EmbeddingExample.java)");
        EmbeddingExample.main(args);

        section("11. The PIN IVR of docs/architecture.md: a prompt keyed over, a wrong PIN, the right one, an agent");
        pinIvr();

        System.out.println();
        System.out.println("Demo finished: every channel was hung up once and destroyed once; 0 live channels.");
    }

    /**
     * Real threads: the PIN IVR prompts with a WAV file (generated here, a stand-in for a recorded "please key your
     * PIN"); alice keys a wrong PIN over it, hears the error tone and the prompt again, keys the right one and talks
     * to the agent; bob hangs up while the prompt plays.
     */
    private static void pinIvr() throws Exception {
        Path prompt = Files.createTempFile("pin-prompt", ".wav");
        writePrompt(prompt, 440, Duration.ofSeconds(3));
        FakeTech desk = new FakeTech("Desk");
        desk.on("call", (leg, ignored) -> leg.remote().answered());
        ChannelCore core = Strowger.builder().idPrefix("ivr").tech(desk)
                .inboundHandler(ch -> new PinIvr(MediaSource.file(prompt), "1234", DialTarget.of("Desk", "agent")))
                .build();
        FakeChannel alice = desk.inbound("alice", "100");
        await("alice hears the prompt", () -> voiceFramesWritten(alice) >= 25); // half a second of it
        keys(alice, "1111");
        await("the prompt reports the barge-in", () -> alice.channel().variable("PIN_PROMPT").isPresent());
        System.out.println("alice keyed 1111 over the prompt (PIN_PROMPT " + alice.channel().variable("PIN_PROMPT")
                .orElseThrow() + "), hears the error tone, then the prompt again");
        await("the prompt plays again", () -> sourceUpdates(alice) >= 5); // prompt, error tone, prompt
        long again = voiceFramesWritten(alice);
        await("alice hears it again", () -> voiceFramesWritten(alice) >= again + 40);
        keys(alice, "1234");
        await("the agent is rung and answers", () -> desk.channels().stream()
                .anyMatch(c -> c.resource().equals("agent") && c.channel().state() == ChannelState.UP
                        && alice.channel().snapshot().bridge() != null));
        FakeChannel agent = farEnd(desk, "agent");
        System.out.println("alice keyed 1234 (PIN_PROMPT " + alice.channel().variable("PIN_PROMPT").orElseThrow()
                + ") and talks to " + agent.channel().name() + " in " + alice.channel().snapshot().bridge());
        FakeChannel bob = desk.inbound("bob", "100");
        await("bob hears the prompt", () -> voiceFramesWritten(bob) >= 10);
        bob.remote().hangup(HangupCause.NORMAL_CLEARING);
        await("bob's call is gone", () -> !bob.channel().snapshot().isLive());
        check(desk.channels().size() == 3, "the PIN IVR rang someone for bob");
        System.out.println("bob hung up during the prompt; the IVR rang nobody for him");
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        await("every call is over", () -> core.channelCount() == 0 && core.bridgeCount() == 0);
        System.out.println("alice hung up, the agent with her: 0 channels, 0 bridges left");
        core.shutdown().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Files.delete(prompt);
        check(desk.violations().isEmpty(), "SPI/threading contract violations: " + desk.violations());
    }

    /** A prompt file: {@code hz} for {@code length}, 16-bit mono at 8 kHz, as a recorded prompt would be. */
    private static void writePrompt(Path file, double hz, Duration length) throws IOException {
        int samples = (int) (8 * length.toMillis());
        byte[] pcm = new byte[2 * samples];
        for (int i = 0; i < samples; i++) {
            short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / 8000));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, samples)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    private static long voiceFramesWritten(FakeChannel fake) {
        return fake.callbacks().stream().filter(cb -> cb.name().equals("write") && cb.argument() instanceof VoiceFrame)
                .count();
    }

    private static long sourceUpdates(FakeChannel fake) {
        return fake.callbacks().stream().filter(cb -> cb.name().equals("indicate")
                && cb.argument() instanceof ControlFrame cf && cf.control() == Control.SRC_UPDATE).count();
    }

    private static void keys(FakeChannel who, String digits) throws InterruptedException {
        for (char d : digits.toCharArray()) {
            who.remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
            Thread.sleep(20); // a person keys one digit after another
        }
    }

    private static FakeChannel farEnd(FakeTech tech, String resource) {
        return tech.channels().stream().filter(c -> c.resource().equals(resource)).findFirst().orElseThrow();
    }

    // ---- the applications ----

    /**
     * A tiny IVR: answers, collects DTMF, hangs up on '#'. One instance per call, so its plain fields are touched only
     * on that call's executor. The main thread reads what it heard through thread-safe fields.
     */
    static final class MenuIvr implements Application {
        private final StringBuilder digits = new StringBuilder(); // executor only
        private volatile String digitsSoFar = "";
        private volatile int voiceFrames;
        private final Queue<String> log = new ConcurrentLinkedQueue<>();
        private final Queue<String> violations = new ConcurrentLinkedQueue<>();

        @Override
        public void onAttach(Channel channel) {
            note(channel, "attached, answering");
            channel.answer().whenComplete((ok, error) -> note(channel, error == null
                    ? "answer() completed, continuation on the channel's own executor: " + channel.inExecutor()
                    : "answer() failed: " + error.getMessage()));
        }

        @Override
        public void onEvent(Channel channel, ChannelEvent event) {
            switch (event) {
                case ChannelEvent.DtmfEnded dtmf -> {
                    if (dtmf.digit() == '#') {
                        note(channel, "DTMF # -> menu choice '" + digits + "', hanging up");
                        channel.hangup(HangupCause.NORMAL_CLEARING); // queued: runs after this callback returns
                    } else {
                        digits.append(dtmf.digit());
                        digitsSoFar = digits.toString();
                        note(channel, "DTMF " + dtmf.digit() + " (" + dtmf.duration().toMillis() + " ms)");
                    }
                }
                default -> note(channel, "event " + event);
            }
        }

        @Override
        public void onMedia(Channel channel, MediaFrame frame) {
            checkOnExecutor(channel);
            voiceFrames++; // only this call's executor writes it
        }

        @Override
        public void onDetach(Channel channel, DetachReason reason) {
            note(channel, "detached: " + reason + " (heard " + voiceFrames + " voice frames)");
        }

        String digits() {
            return digitsSoFar;
        }

        int voiceFrames() {
            return voiceFrames;
        }

        List<String> log() {
            return List.copyOf(log);
        }

        List<String> violations() {
            return List.copyOf(violations);
        }

        private void note(Channel channel, String what) {
            checkOnExecutor(channel);
            log.add(what);
        }

        private void checkOnExecutor(Channel channel) {
            if (!channel.inExecutor()) {
                violations.add("IVR callback for " + channel.id() + " ran on " + Thread.currentThread().getName());
            }
        }
    }

    /** Records the events of a channel it is attached to. */
    static final class Watcher implements Application {
        private final Queue<String> log = new ConcurrentLinkedQueue<>();

        @Override
        public void onAttach(Channel channel) {
            log.add("attach");
        }

        @Override
        public void onEvent(Channel channel, ChannelEvent event) {
            log.add("event " + event);
        }

        @Override
        public void onMedia(Channel channel, MediaFrame frame) {
            log.add("media " + frame.getClass().getSimpleName());
        }

        @Override
        public void onDetach(Channel channel, DetachReason reason) {
            log.add("detach " + reason);
        }

        List<String> log() {
            return List.copyOf(log);
        }

        void print() {
            System.out.println("application heard:");
            log.forEach(l -> System.out.println("    " + l));
        }
    }

    // ---- helpers (main thread only) ----

    private static void printCall(Channel channel, FakeChannel far) {
        ChannelSnapshot s = channel.snapshot();
        MenuIvr ivr = IVRS.get(channel.id());
        if (ivr != null) {
            System.out.println("IVR heard:");
            ivr.log().forEach(l -> System.out.println("    " + l));
        }
        System.out.println("final snapshot: " + s.name() + " " + s.direction() + " " + s.state() + ", cause "
                + s.hangupCause() + " (Q.850 " + s.hangupCause().q850() + "), caller " + s.caller() + ", variables "
                + s.variables() + ", answered " + (s.answeredAtMillis() > 0) + ", version " + s.version());
        System.out.println("tech callbacks: " + far.callbackNames() + ", all on the owner executor: "
                + far.callbacks().stream().allMatch(Callback::onOwnerExecutor));
    }

    private static MenuIvr ivr(Channel channel) {
        MenuIvr ivr = IVRS.get(channel.id());
        if (ivr == null) {
            throw new IllegalStateException("no IVR for " + channel.id());
        }
        return ivr;
    }

    private static FakeChannel farEndOf(FakeTech tech, Channel channel) {
        return tech.channels().stream().filter(c -> c.channel().id().equals(channel.id())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no fake channel for " + channel.id()));
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Runs {@code action}, which must fail, and describes the failure. */
    private static String failureOf(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String reason = t instanceof CommandRejectedException r ? " " + r.reason()
                    : t instanceof NoSuchChannelException n ? " " + n.reason() : "";
            return t.getClass().getSimpleName() + reason + ": " + t.getMessage();
        }
        throw new IllegalStateException("expected a failure");
    }

    /** Polls until {@code condition} holds; fails the demo after 10 s. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("demo check failed: " + problem);
        }
    }

    private static String describe(CoreEvent event) {
        return switch (event) {
            case DialBegan b -> b.channelName() + " DialBegan " + b.target();
            case DialEnded e -> e.channelName() + " DialEnded " + e.status();
            default -> event.kind().toString();
        };
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title + " ==");
    }

    /** slf4j-simple: one line per event on stdout, so log lines and the demo's output stay in order. */
    private static void configureLogging() {
        Map.of("org.slf4j.simpleLogger.logFile", "System.out",
                "org.slf4j.simpleLogger.showThreadName", "false",
                "org.slf4j.simpleLogger.showShortLogName", "true",
                "org.slf4j.simpleLogger.levelInBrackets", "true")
                .forEach((k, v) -> {
                    if (System.getProperty(k) == null) {
                        System.setProperty(k, v);
                    }
                });
    }
}
