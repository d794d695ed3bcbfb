package org.strowger.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.StallReport;
import org.strowger.core.Strowger;
import org.strowger.core.WorkerPool;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.testkit.CallbackLog;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.TestCores;

/**
 * The ChannelTech TCK: extend it in your plugin's tests to prove your tech obeys the SPI contract.
 *
 * <pre>{@code
 * class MySipTechTckTest extends ChannelTechTck {
 *     protected ChannelTech newTech() { return new MySipTech(testConfig()); }
 *     protected String dialableResource() { return "alice@127.0.0.1:5070"; }
 * }
 * }</pre>
 *
 * Each test builds a real core (two pool threads, a 500 ms stall budget) with the tech wrapped in a
 * {@link RecordingTech} ({@code start} must run on the registering thread), drives it, and then checks every channel
 * the tech saw: each callback ran on the channel's own executor and never while another of its callbacks ran; the
 * order rules (the inbound factory or {@code newChannel} first; {@code call} outbound only and {@code answer} inbound
 * only, at most once each; each {@code dtmfEnd} after its {@code dtmfBegin}; {@code bridged} and {@code unbridged}
 * alternating; {@code hangup} exactly once and then nothing but {@code unbridged}; {@code close} exactly once and
 * last); nothing ran after {@code stop}, which ran outside every executor; no callback threw or overran the stall
 * budget unless the test made it; no threads deadlocked ({@link DeadlockWatchdog}); and the registry is empty. After
 * the core's shutdown has stopped the tech, the TCK watches it for a moment longer: every call it makes after
 * {@code stop()} returned (on its sinks, its context, its tech executors), every thread it started that is still
 * alive 2 s later, and every exception that killed one of its threads fails the test
 * ({@link #isSharedThread} exempts a thread the tech shares with others).
 * The core does not hold back {@code write}, {@code indicate}, DTMF or text on an outbound channel until {@code call}
 * (a tech drops what it cannot send yet), so no order between them is checked.
 *
 * <p>The groups: the thread contract of each callback and of {@link ChannelSink#execute}; ordering (frames written
 * in order, upcalls and commands after the hang-up ignored or refused); the far end (answer, frames, hang-up, and a
 * hang-up from both ends at once), each needing the matching optional hook; hang-up and close exactly once on every
 * path (local, far end, both, a bridge ending, core shutdown, unregister, 200 channels from four threads); faults (a
 * throwing callback hangs up only its channel with {@code TECH_FAULT} and is counted; a callback overrunning the
 * stall budget is reported); unregister (live channels hung up with {@code TECH_UNREGISTERED}, new requests and
 * inbound calls refused with {@code UNKNOWN_TECH} from the moment it starts, {@code stop} once and last). Faults and
 * overruns are injected by the recorder in front of the tech's own callback, so any tech can be tested for them.
 *
 * <p>Hooks a tech cannot provide make the tests needing them skip (JUnit "aborted"), never pass silently.
 */
public abstract class ChannelTechTck {
    /** A fresh, unregistered instance of the tech under test. */
    protected abstract ChannelTech newTech();

    /** A resource (the part after {@code Tech/} in a dial string) to which outbound calls can be placed. */
    protected abstract String dialableResource();

    /**
     * True for a thread started during the test that is not the tech's own to end at {@code stop()} (a library's
     * shared pool that outlives one tech instance, say). Default: none.
     */
    protected boolean isSharedThread(Thread t) {
        return false;
    }

    /** How long after the tech's stop() the TCK keeps watching what it does. */
    static final Duration AFTER_STOP_WATCH = Duration.ofMillis(100);

    /**
     * Builds the core under test from {@code builder} (pool, stall budget, inbound handler already set). The tech
     * must be registered wrapped by {@code recorder}. Default: {@code builder.tech(recorder.apply(newTech()))}.
     * Override only for a tech the core registers itself (the built-in {@code Local}).
     */
    protected ChannelCore buildCore(Strowger.Builder builder, UnaryOperator<ChannelTech> recorder) {
        return builder.tech(recorder.apply(newTech())).build();
    }

    /**
     * Optional: make the far end of the outbound {@code channel} answer (e.g. have a test UA send 200 OK). Called on
     * the test thread after {@code call()} completed. Default: skip the tests that need it.
     */
    protected void answerFromFarEnd(RecordingTech tech, Channel channel) {
        Assumptions.abort("the tech provides no far-end answer hook");
    }

    /**
     * Optional: make the far end of {@code channel} hang up with {@code cause} (e.g. send BYE or CANCEL), so the tech
     * reports it through its sink. Called on a test thread (never an executor) after {@code call()} completed; may be
     * called while the core is hanging the channel up itself, or after the channel is gone. Default: skip the tests that need it.
     */
    protected void hangupFromFarEnd(RecordingTech tech, Channel channel, HangupCause cause) {
        Assumptions.abort("the tech provides no far-end hang-up hook");
    }

    /**
     * Optional: make the far end of {@code channel} send {@code frame} (voice or text), so the tech passes it to
     * its sink. Called on the test thread, once per frame, in order; after {@code call()} completed. Default: skip
     * the tests that need it.
     */
    protected void sendFromFarEnd(RecordingTech tech, Channel channel, Frame frame) {
        Assumptions.abort("the tech provides no far-end frame hook");
    }

    /**
     * Optional: make the network deliver one inbound call to the tech (e.g. send an INVITE from a test UA). Default:
     * skip the tests that need it.
     */
    protected void triggerInboundCall(RecordingTech tech) {
        Assumptions.abort("the tech provides no inbound-call hook");
    }

    /** How long a callback may run before the stall watchdog reports it, in the TCK's cores. */
    protected static final Duration STALL_BUDGET = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The tech under test, wrapped by the recorder; set before each test. */
    protected RecordingTech tech;
    /** The core under test; set before each test, shut down after it. */
    protected ChannelCore core;
    /** The application the core's inbound handler gives every inbound channel. */
    protected RecordingApp app;
    private final Queue<StallReport> stalls = new ConcurrentLinkedQueue<>();
    private WorkerPool pool;
    private DeadlockWatchdog deadlocks;
    private long faultsInjected;
    private boolean stallInjected;
    private TechThreads techThreads;

    @BeforeEach
    void buildCore() {
        deadlocks = DeadlockWatchdog.start();
        techThreads = TechThreads.begin(this::isSharedThread);
        app = new RecordingApp();
        pool = WorkerPool.forkJoin(2);
        Strowger.Builder builder = Strowger.builder().pool(pool).inboundHandler(ch -> app)
                .stallBudget(STALL_BUDGET).stallListener(stalls::add);
        core = buildCore(builder, t -> {
            tech = new RecordingTech(t);
            tech.onStopped(techThreads::stopped);
            return tech;
        });
        assertTrue(tech != null, "buildCore did not register the tech wrapped by the recorder");
        assertEquals(Thread.currentThread(), tech.startThread(), "start must run on the registering thread");
    }

    @AfterEach
    void checkContract() throws Exception {
        boolean passed = false;
        try {
            for (Channel c : liveChannels()) {
                c.hangup(HangupCause.NORMAL_CLEARING);
            }
            assertTrue(TestCores.await(() -> core.channelCount() == 0, WAIT), "channels left: " + core.channels());
            assertEquals(List.of(), tech.violations(), "SPI contract violations");
            assertEquals(List.of(), app.violations(), "application callbacks off their executor");
            assertEquals(faultsInjected, core.stats().callbackFaults(),
                    "callbacks threw (TECH_FAULT) besides the faults the TCK injected; see the WARN lines");
            if (!stallInjected) {
                // only stalls inside a callback of the tech count: a loaded machine can stall the core's own code
                assertEquals(List.of(), stalls.stream().filter(ChannelTechTck::inTechCallback).toList(),
                        "a callback of the tech overran the stall budget: it blocked");
            }
            passed = true;
        } finally {
            try {
                core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
                pool.shutdown();
                if (passed) { // else the first failure is the one to report
                    assertStoppedForGood();
                }
            } finally {
                techThreads.close();
                deadlocks.close(); // fails if the JVM saw threads deadlocked (in the tech's own locks, say)
            }
        }
    }

    /** Once stopped, the tech does nothing more: no calls into the core, no threads left, none died. */
    private void assertStoppedForGood() throws InterruptedException {
        if (!tech.stopReturned()) {
            return;
        }
        Thread.sleep(AFTER_STOP_WATCH.toMillis());
        List<String> after = new ArrayList<>(tech.afterStopViolations());
        after.addAll(techThreads.stillAliveAfter(Duration.ofSeconds(2)));
        after.addAll(techThreads.uncaughtExceptions());
        assertEquals(List.of(), after, "what the tech did after its stop() returned");
    }

    // ---- thread contract ----

    @Test
    @Timeout(30)
    void newChannelRunsOnTheNewChannelsExecutorWithItsSetup() {
        Channel ch = request();
        awaitCallbacks(ch, "newChannel");
        CallbackLog log = logOf(ch);
        assertEquals("newChannel", log.names().get(0));
        assertTrue(log.callbacks().get(0).onOwnerExecutor());
        OutboundSetup setup = assertInstanceOf(OutboundSetup.class, log.argumentOf("newChannel"));
        assertEquals(ch.id(), setup.channelId());
        assertEquals(ch.name(), setup.channelName());
        assertEquals(dialableResource(), setup.resource());
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void everyCallbackOfAnOutboundCallRunsOnTheOwnerExecutorAndCloseIsLast() {
        Channel ch = request();
        join(ch.call());
        join(ch.indicate(Control.PROGRESS));
        join(ch.sendText("hello"));
        join(ch.sendDtmf('5', Duration.ofMillis(40)));
        assertTrue(ch.write(new ComfortNoiseFrame(40)));
        assertTrue(ch.write(voice(0)));
        awaitCallbacks(ch, "write"); // media rides the lossy lane; a hang-up would overtake it (control first)
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
        CallbackLog log = logOf(ch);
        List<String> names = log.names();
        assertEquals("newChannel", names.get(0));
        assertEquals("close", names.get(names.size() - 1));
        assertEquals(1, log.count("hangup"));
        assertEquals(1, log.count("close"));
        assertEquals(HangupCause.NORMAL_CLEARING, log.argumentOf("hangup"));
        for (String expected : List.of("call", "indicate", "sendText", "dtmfBegin", "dtmfEnd", "comfortNoise", "write")) {
            assertEquals(1, log.count(expected), expected + " in " + names);
        }
        assertTrue(names.indexOf("call") < names.indexOf("indicate"), "commands ran out of order: " + names);
        assertTrue(names.indexOf("indicate") < names.indexOf("sendText"), "commands ran out of order: " + names);
        assertTrue(names.indexOf("dtmfBegin") < names.indexOf("dtmfEnd"));
        assertTrue(log.callbacks().stream().allMatch(c -> c.onOwnerExecutor()), "callbacks off the owner: " + log.callbacks());
    }

    @Test
    @Timeout(30)
    void sinkExecuteRunsTasksOnTheOwnerExecutorInOrder() {
        Channel ch = request();
        ChannelSink sink = sinkOf(ch);
        int tasks = 100;
        Queue<Integer> ran = new ConcurrentLinkedQueue<>();
        AtomicBoolean offExecutor = new AtomicBoolean();
        for (int i = 0; i < tasks; i++) {
            int n = i;
            assertTrue(sink.execute(() -> {
                if (!sink.inExecutor() || !ch.inExecutor()) {
                    offExecutor.set(true);
                }
                ran.add(n);
            }));
        }
        assertTrue(TestCores.await(() -> ran.size() == tasks, WAIT), "tasks run: " + ran.size());
        assertFalse(offExecutor.get(), "a sink.execute task ran off the channel's executor");
        assertEquals(java.util.stream.IntStream.range(0, tasks).boxed().toList(), List.copyOf(ran));
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void upcallsFromInsideACallbackAreQueuedNeverRunInline() {
        Channel ch = request();
        RecordingApp owner = new RecordingApp();
        join(ch.attach(owner));
        join(ch.call());
        ChannelSink sink = sinkOf(ch);
        tech.inject(ch.id(), "indicate", () -> {
            sink.ringing();
            sink.answered();
            assertTrue(sink.receive(new TextFrame("queued from inside a callback")));
            ch.sendText("a command from inside a callback"); // its sendText callback must wait for this one to end
            assertEquals(ChannelState.DIALING, ch.state(), "an upcall ran inline");
        });
        join(ch.indicate(Control.PROGRESS));
        assertTrue(TestCores.await(() -> ch.state() == ChannelState.UP && logOf(ch).count("sendText") == 1
                && owner.log(ch).stream().anyMatch(s -> s.contains("queued from inside a callback")), WAIT),
                "state " + ch.state() + ", callbacks " + logOf(ch).names() + ", owner " + owner.log(ch));
        List<String> names = logOf(ch).names();
        assertTrue(names.indexOf("indicate") < names.indexOf("sendText"), names.toString());
        sink.answered(); // a duplicate answer is ignored
        sink.busy();     // the far end reports busy: the channel ends with USER_BUSY
        awaitDestroyed(ch);
        assertEquals(HangupCause.USER_BUSY, ch.snapshot().hangupCause());
        assertEquals(HangupCause.USER_BUSY, logOf(ch).argumentOf("hangup"));
        assertEquals(List.of(), owner.violations());
    }

    @Test
    @Timeout(30)
    void announceInboundRegistersTheChannelFirstAndQueuesUpcallsBehindTheFactory() {
        Queue<String> order = new ConcurrentLinkedQueue<>();
        ChannelSink sink = tech.context().announceInbound(InboundCall.of("tck", "100"), s -> {
            order.add("factory on executor=" + s.inExecutor());
            return new org.strowger.spi.TechChannel() {
                @Override
                public void answer() {
                }

                @Override
                public void hangup(HangupCause cause) {
                }

                @Override
                public void close() {
                }
            };
        });
        assertTrue(core.channel(sink.channel().id()).isPresent(), "not registered when announceInbound returned");
        assertTrue(sink.execute(() -> order.add("task")));
        assertTrue(TestCores.await(() -> order.size() == 2, WAIT), "ran: " + order);
        assertEquals(List.of("factory on executor=true", "task"), List.copyOf(order));
        assertThrows(org.strowger.api.InvalidArgumentException.class, () -> tech.context().announceInbound(null, s -> null));
        assertThrows(org.strowger.api.InvalidArgumentException.class,
                () -> tech.context().announceInbound(InboundCall.of("tck", "100"), null));
        Channel ch = sink.channel();
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void inboundCallIsRoutedToTheHandlerAndCanBeAnswered() {
        Channel ch = awaitInbound();
        CallbackLog log = logOf(ch);
        assertEquals("newChannel", log.names().get(0), "the inbound factory runs first");
        assertInstanceOf(InboundCall.class, log.argumentOf("newChannel"));
        assertTrue(TestCores.await(() -> app.log(ch).contains("attach"), WAIT), "the handler's application never attached");
        join(ch.answer());
        assertEquals(ChannelState.UP, ch.state());
        assertEquals(1, log.count("answer"));
        assertEquals(0, log.count("call"));
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    // ---- ordering ----

    @Test
    @Timeout(30)
    void framesAreWrittenToTheTechInTheOrderTheyWereQueued() {
        Channel ch = request();
        join(ch.call());
        int frames = 20; // fewer than the media lane holds: none may be dropped
        for (int i = 0; i < frames; i++) {
            assertTrue(ch.write(voice(i * 160L)));
        }
        assertTrue(TestCores.await(() -> logOf(ch).count("write") == frames, WAIT), "writes: " + logOf(ch).count("write"));
        List<Long> stamps = logOf(ch).callbacks().stream().filter(c -> c.name().equals("write"))
                .map(c -> ((MediaFrame) c.argument()).timestamp()).toList();
        assertEquals(java.util.stream.LongStream.range(0, frames).map(i -> i * 160).boxed().toList(), stamps);
        assertEquals(0, ch.mediaFramesDropped());
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void commandsAfterHangupFailWithAClearErrorAndReachNoCallback() {
        Channel ch = request();
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
        int before = logOf(ch).names().size();
        CompletionException e = assertThrows(CompletionException.class, () -> join(ch.indicate(Control.RINGING)));
        assertInstanceOf(NoSuchChannelException.class, e.getCause());
        assertThrows(CompletionException.class, () -> join(ch.call()));
        assertFalse(ch.write(voice(0)));
        assertEquals(before, logOf(ch).names().size(), "a callback ran after close");
    }

    @Test
    @Timeout(30)
    void upcallsAfterTheHangupAreIgnored() {
        Channel ch = request();
        join(ch.call());
        ChannelSink sink = sinkOf(ch);
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
        int before = logOf(ch).names().size();
        AtomicBoolean ran = new AtomicBoolean();
        sink.answered();
        sink.ringing();
        sink.hangup(HangupCause.USER_BUSY);
        assertFalse(sink.receive(voice(0)), "receive after the hang-up must return false");
        assertFalse(sink.receive(new TextFrame("late")), "receive after the hang-up must return false");
        assertFalse(sink.execute(() -> ran.set(true)), "execute after destroy must return false");
        sleepBriefly();
        assertFalse(ran.get(), "a task ran on a destroyed channel");
        assertEquals(ChannelState.DESTROYED, ch.state());
        assertEquals(HangupCause.NORMAL_CLEARING, ch.snapshot().hangupCause());
        assertEquals(before, logOf(ch).names().size(), "a late upcall reached a callback");
    }

    // ---- the far end ----

    @Test
    @Timeout(30)
    void farEndAnswerMovesTheChannelUp() {
        Channel ch = request();
        join(ch.call());
        answerFromFarEnd(tech, ch);
        assertTrue(TestCores.await(() -> ch.state() == ChannelState.UP, WAIT), "state " + ch.state());
        assertEquals(0, logOf(ch).count("answer"), "answer is for inbound channels");
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void farEndFramesReachTheOwnerInOrder() {
        Channel ch = request();
        RecordingApp owner = new RecordingApp();
        join(ch.attach(owner));
        join(ch.call());
        int frames = 10;
        for (int i = 0; i < frames; i++) {
            sendFromFarEnd(tech, ch, voice(i * 160L));
        }
        sendFromFarEnd(tech, ch, new TextFrame("hello from the far end"));
        assertTrue(TestCores.await(() -> owner.log(ch).stream().filter(s -> s.startsWith("media ")).count() == frames
                && owner.log(ch).stream().anyMatch(s -> s.contains("hello from the far end")), WAIT),
                "the owner heard " + owner.log(ch));
        List<String> media = owner.log(ch).stream().filter(s -> s.startsWith("media ")).toList();
        assertEquals(java.util.stream.LongStream.range(0, frames).mapToObj(i -> "media " + i * 160).toList(), media);
        assertEquals(List.of(), owner.violations());
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void farEndHangupHangsUpOnceWithItsCause() {
        Channel ch = request();
        join(ch.call());
        hangupFromFarEnd(tech, ch, HangupCause.CALL_REJECTED);
        awaitDestroyed(ch);
        assertEquals(HangupCause.CALL_REJECTED, ch.snapshot().hangupCause());
        assertEquals(1, logOf(ch).count("hangup"));
        assertEquals(HangupCause.CALL_REJECTED, logOf(ch).argumentOf("hangup"));
    }

    @Test
    @Timeout(60)
    void hangupFromBothEndsAtOnceHangsUpOnce() throws Exception {
        int calls = 30;
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Channel ch = request();
            join(ch.call());
            chans.add(ch);
        }
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> remote = CompletableFuture.runAsync(() -> {
            await(go);
            chans.forEach(ch -> hangupFromFarEnd(tech, ch, HangupCause.ORIGINATOR_CANCEL));
        });
        CompletableFuture<Void> local = CompletableFuture.runAsync(() -> {
            await(go);
            chans.forEach(ch -> ch.hangup(HangupCause.NORMAL_CLEARING));
        });
        go.countDown();
        unwrapAborted(() -> CompletableFuture.allOf(remote, local).get(20, TimeUnit.SECONDS));
        for (Channel ch : chans) {
            awaitDestroyed(ch);
            assertEquals(1, logOf(ch).count("hangup"), ch.id() + ": " + logOf(ch).names());
            assertTrue(Set.of(HangupCause.NORMAL_CLEARING, HangupCause.ORIGINATOR_CANCEL)
                    .contains(ch.snapshot().hangupCause()), "cause " + ch.snapshot().hangupCause());
            assertEquals(ch.snapshot().hangupCause(), logOf(ch).argumentOf("hangup"), "the tech was told another cause");
        }
    }

    // ---- hang-up and close exactly once, on every path ----

    @Test
    @Timeout(60)
    void manyChannelsFromManyThreadsEachSeeHangupAndCloseOnce() throws Exception {
        int threads = 4;
        int perThread = 50;
        Queue<Channel> requested = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    Channel ch = request();
                    requested.add(ch);
                    ch.call();
                    ch.hangup(HangupCause.NORMAL_CLEARING);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertTrue(TestCores.await(() -> core.channelCount() == 0, WAIT));
        assertEquals(threads * perThread, requested.size());
        for (Channel ch : requested) {
            assertEquals(ChannelState.DESTROYED, ch.state());
            assertEquals(1, logOf(ch).count("hangup"), ch.id() + ": " + logOf(ch).names());
            assertEquals(1, logOf(ch).count("close"), ch.id() + ": " + logOf(ch).names());
        }
    }

    @Test
    @Timeout(30)
    void aBridgeEndingHangsUpItsMembersOnceAfterBridgedAndUnbridged() {
        Channel a = request();
        Channel b = request();
        join(a.call());
        join(b.call());
        Bridge bridge = core.createBridge(BridgeOptions.call());
        join(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        join(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        awaitCallbacks(a, "bridged");
        awaitCallbacks(b, "bridged");
        assertEquals(new BridgePeer(b.id(), b.techName()), logOf(a).argumentOf("bridged"));
        assertEquals(new BridgePeer(a.id(), a.techName()), logOf(b).argumentOf("bridged"));
        join(a.hangup(HangupCause.NORMAL_CLEARING)); // one member left: the bridge dissolves and b hangs up after it
        awaitDestroyed(a);
        awaitDestroyed(b);
        List<String> names = logOf(b).names();
        assertEquals(1, logOf(b).count("unbridged"), names.toString());
        assertTrue(names.indexOf("bridged") < names.indexOf("unbridged")
                && names.indexOf("unbridged") < names.indexOf("hangup"), names.toString());
        assertEquals(HangupCause.NORMAL_CLEARING, logOf(b).argumentOf("hangup"));
        assertTrue(TestCores.await(() -> core.bridgeCount() == 0, WAIT), "bridges left: " + core.bridges());
    }

    @Test
    @Timeout(30)
    void coreShutdownHangsUpEveryChannelOnceThenStopsTheTech() throws Exception {
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Channel ch = request();
            ch.call();
            chans.add(ch);
        }
        core.shutdown().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1, tech.stops());
        for (Channel ch : chans) {
            assertEquals(ChannelState.DESTROYED, ch.state());
            assertEquals(1, logOf(ch).count("hangup"), ch.id() + ": " + logOf(ch).names());
            assertEquals(HangupCause.SYSTEM_SHUTDOWN, logOf(ch).argumentOf("hangup"));
        }
        CommandRejectedException e = assertThrows(CommandRejectedException.class, this::request);
        assertEquals(CommandRejectedException.Reason.SHUTTING_DOWN, e.reason());
    }

    // ---- unregister ----

    @Test
    @Timeout(30)
    void unregisterHangsUpLiveChannelsThenStopsTheTechLast() throws Exception {
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Channel ch = request();
            ch.call();
            chans.add(ch);
        }
        core.unregisterTech(tech.name()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1, tech.stops());
        assertEquals(0, core.channelCount());
        for (Channel ch : chans) {
            assertEquals(ChannelState.DESTROYED, ch.state());
            assertEquals(1, logOf(ch).count("hangup"), ch.id() + ": " + logOf(ch).names());
            assertEquals(HangupCause.TECH_UNREGISTERED, logOf(ch).argumentOf("hangup"));
        }
        assertRefused(CommandRejectedException.Reason.UNKNOWN_TECH);
    }

    @Test
    @Timeout(30)
    void unregisterRefusesNewCallsWhileItDrainsAndStopsOnlyAfterTheLastClose() throws Exception {
        Channel held = request();
        join(held.call());
        CountDownLatch inHangup = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tech.inject(held.id(), "hangup", () -> { // holds the drain open: the channel is not destroyed yet
            inHangup.countDown();
            await(release);
        });
        CompletableFuture<Void> unregistered = core.unregisterTech(tech.name()).toCompletableFuture();
        try {
            assertTrue(inHangup.await(10, TimeUnit.SECONDS), "unregister never hung the channel up");
            assertRefused(CommandRejectedException.Reason.UNKNOWN_TECH);
            assertFalse(unregistered.isDone(), "unregister completed before its last channel was destroyed");
            assertEquals(0, tech.stops(), "stop ran before the last channel was destroyed");
        } finally {
            release.countDown();
        }
        unregistered.get(20, TimeUnit.SECONDS);
        awaitDestroyed(held);
        assertEquals(1, tech.stops());
        assertEquals(HangupCause.TECH_UNREGISTERED, logOf(held).argumentOf("hangup"));
    }

    // ---- faults ----

    @Test
    @Timeout(30)
    void aThrowingCallbackHangsUpOnlyItsChannelWithTechFault() {
        Channel bystander = request();
        join(bystander.call());
        long faultsBefore = core.stats().callbackFaults();
        List<Channel> faulted = new ArrayList<>();
        for (String callback : List.of("call", "indicate", "sendText", "dtmfBegin", "write")) {
            Channel ch = request();
            awaitCallbacks(ch, "newChannel");
            tech.inject(ch.id(), callback, () -> {
                throw new IllegalStateException("TCK: injected fault in " + callback);
            });
            if (!callback.equals("call")) {
                join(ch.call());
            }
            switch (callback) {
                case "call" -> ch.call();
                case "indicate" -> ch.indicate(Control.PROGRESS);
                case "sendText" -> ch.sendText("boom");
                case "dtmfBegin" -> ch.sendDtmf('1', Duration.ofMillis(40));
                default -> ch.write(voice(0));
            }
            faulted.add(ch);
        }
        Channel byTask = request();
        join(byTask.call());
        assertTrue(sinkOf(byTask).execute(() -> {
            throw new IllegalStateException("TCK: injected fault in a sink.execute task");
        }));
        faulted.add(byTask);
        faultsInjected = faulted.size();
        for (Channel ch : faulted) {
            awaitDestroyed(ch);
            assertEquals(HangupCause.TECH_FAULT, ch.snapshot().hangupCause(), ch.id() + ": " + logOf(ch).names());
            assertEquals(HangupCause.TECH_FAULT, logOf(ch).argumentOf("hangup"));
            assertEquals(1, logOf(ch).count("close"));
        }
        assertEquals(faultsBefore + faulted.size(), core.stats().callbackFaults(), "every fault is counted");
        // the core and the other channel carry on
        assertTrue(bystander.snapshot().isLive());
        join(bystander.indicate(Control.PROGRESS));
        Channel after = request();
        join(after.call());
        join(after.hangup(HangupCause.NORMAL_CLEARING));
        join(bystander.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(after);
        awaitDestroyed(bystander);
    }

    @Test
    @Timeout(30)
    void aCallbackOverrunningTheStallBudgetIsReported() {
        Channel ch = request();
        join(ch.call());
        long stallsBefore = core.stats().stalls();
        stallInjected = true;
        tech.inject(ch.id(), "indicate", () -> sleep(STALL_BUDGET.multipliedBy(3)));
        CompletionStage<Void> slow = ch.indicate(Control.PROGRESS);
        Channel other = request(); // another channel makes progress meanwhile
        join(other.call());
        join(other.hangup(HangupCause.NORMAL_CLEARING));
        join(slow);
        assertTrue(TestCores.await(() -> stalls.stream().anyMatch(r -> r.executor().contains(ch.id().value())), WAIT),
                "no stall report names " + ch.id() + ": " + stalls);
        assertTrue(core.stats().stalls() > stallsBefore, "the stall was not counted");
        assertEquals(1, logOf(ch).count("indicate"));
        assertTrue(ch.snapshot().isLive(), "a stall alone must not hang the channel up");
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
        awaitDestroyed(other);
    }

    // ---- helpers ----

    /** Requests an outbound channel of the tech to {@link #dialableResource()}. */
    protected final Channel request() {
        return core.request(OutboundRequest.of(tech.name(), dialableResource()));
    }

    protected final CallbackLog logOf(Channel ch) {
        return tech.recorded(ch.id()).orElseThrow(() -> new AssertionError("no callbacks recorded for " + ch.id()))
                .log();
    }

    /** The sink the core gave the tech for {@code ch} (waits for the channel's first callback). */
    protected final ChannelSink sinkOf(Channel ch) {
        awaitCallbacks(ch, "newChannel");
        return tech.recorded(ch.id()).orElseThrow().sink();
    }

    protected final void awaitCallbacks(Channel ch, String name) {
        assertTrue(TestCores.await(() -> tech.recorded(ch.id()).map(r -> r.log().count(name) > 0).orElse(false), WAIT),
                name + " never ran for " + ch.id());
    }

    protected final void awaitDestroyed(Channel ch) {
        assertTrue(TestCores.await(() -> ch.state() == ChannelState.DESTROYED, WAIT), "not destroyed: " + ch.snapshot());
    }

    protected static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private Channel awaitInbound() {
        Set<Object> before = new HashSet<>();
        tech.channels().forEach(r -> before.add(r.id()));
        triggerInboundCall(tech);
        assertTrue(TestCores.await(() -> tech.channels().stream().anyMatch(r -> r.inbound() && !before.contains(r.id())),
                WAIT), "no inbound channel appeared");
        RecordingTech.Recorded r = tech.channels().stream().filter(x -> x.inbound() && !before.contains(x.id()))
                .findFirst().orElseThrow();
        Channel ch = r.sink().channel();
        awaitCallbacks(ch, "newChannel"); // the recording appears just before its first callback is logged
        return ch;
    }

    private void assertRefused(CommandRejectedException.Reason reason) {
        CommandRejectedException e = assertThrows(CommandRejectedException.class, this::request);
        assertEquals(reason, e.reason());
        AtomicBoolean factoryRan = new AtomicBoolean();
        CommandRejectedException in = assertThrows(CommandRejectedException.class,
                () -> tech.context().announceInbound(InboundCall.of("tck", "100"), sink -> {
                    factoryRan.set(true);
                    return null;
                }));
        assertEquals(reason, in.reason());
        assertFalse(factoryRan.get());
    }

    private static boolean inTechCallback(StallReport r) {
        return r.stack().stream().anyMatch(f -> f.getClassName().startsWith(RecordingTech.class.getName() + "$"));
    }

    private List<Channel> liveChannels() {
        List<Channel> out = new ArrayList<>();
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(out::add));
        return out;
    }

    private static VoiceFrame voice(long timestamp) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, timestamp);
    }

    private interface Blocking {
        void run() throws Exception;
    }

    /** Rethrows a hook's "skip this test" from a helper thread as itself, so the test skips instead of failing. */
    private static void unwrapAborted(Blocking body) throws Exception {
        try {
            body.run();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.opentest4j.TestAbortedException aborted) {
                throw aborted;
            }
            throw e;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepBriefly() {
        sleep(Duration.ofMillis(50));
    }
}
