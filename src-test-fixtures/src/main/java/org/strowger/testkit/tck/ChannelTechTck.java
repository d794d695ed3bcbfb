package org.strowger.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.Strowger;
import org.strowger.core.WorkerPool;
import org.strowger.testkit.CallbackLog;
import org.strowger.testkit.RecordingApp;
import org.strowger.spi.ChannelTech;
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
 * Each test builds a real core (two pool threads) with the tech wrapped in a {@link RecordingTech} and checks, for
 * every channel: each callback ran on the channel's own executor; {@code hangup} and {@code close} ran exactly once,
 * {@code close} last; nothing ran after {@code stop}; and the registry is empty at the end. Tests that need the far
 * end to act (answer, inbound calls) call the optional hooks; a tech that does not override them skips those tests.
 */
public abstract class ChannelTechTck {
    /** A fresh, unregistered instance of the tech under test. */
    protected abstract ChannelTech newTech();

    /** A resource (the part after {@code Tech/} in a dial string) to which outbound calls can be placed. */
    protected abstract String dialableResource();

    /**
     * Optional: make the far end of {@code channel} answer (e.g. have a test UA send 200 OK). Called on the test
     * thread after {@code call()} completed. Default: skip the tests that need it.
     */
    protected void answerFromFarEnd(RecordingTech tech, Channel channel) {
        Assumptions.abort("the tech provides no far-end answer hook");
    }

    /**
     * Optional: make the network deliver one inbound call to the tech (e.g. send an INVITE from a test UA). Default:
     * skip the tests that need it.
     */
    protected void triggerInboundCall(RecordingTech tech) {
        Assumptions.abort("the tech provides no inbound-call hook");
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    protected RecordingTech tech;
    protected ChannelCore core;
    protected RecordingApp app;
    private WorkerPool pool;

    @BeforeEach
    void buildCore() {
        tech = new RecordingTech(newTech());
        app = new RecordingApp();
        pool = WorkerPool.forkJoin(2);
        core = Strowger.builder().pool(pool).inboundHandler(ch -> app).tech(tech).build();
    }

    @AfterEach
    void checkContract() throws Exception {
        try {
            for (Channel c : liveChannels()) {
                c.hangup(HangupCause.NORMAL_CLEARING);
            }
            assertTrue(TestCores.await(() -> core.channelCount() == 0, WAIT), "channels left: " + core.channels());
            assertEquals(List.of(), tech.violations(), "SPI contract violations");
            assertEquals(List.of(), app.violations(), "application callbacks off their executor");
        } finally {
            core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
            pool.shutdown();
        }
    }

    @Test
    @Timeout(30)
    void newChannelRunsOnTheNewChannelsExecutorWithItsSetup() {
        Channel ch = core.request(OutboundRequest.of(tech.name(), dialableResource()));
        awaitCallbacks(ch, "newChannel");
        CallbackLog log = logOf(ch);
        assertEquals("newChannel", log.names().get(0));
        assertTrue(log.callbacks().get(0).onOwnerExecutor());
        org.strowger.spi.OutboundSetup setup = assertInstanceOf(org.strowger.spi.OutboundSetup.class, log.argumentOf("newChannel"));
        assertEquals(ch.id(), setup.channelId());
        assertEquals(ch.name(), setup.channelName());
        assertEquals(dialableResource(), setup.resource());
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    @Timeout(30)
    void everyCallbackOfAnOutboundCallRunsOnTheOwnerExecutorAndCloseIsLast() {
        Channel ch = core.request(OutboundRequest.of(tech.name(), dialableResource()));
        join(ch.call());
        join(ch.indicate(Control.PROGRESS));
        join(ch.sendText("hello"));
        join(ch.sendDtmf('5', Duration.ofMillis(40)));
        assertTrue(ch.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0)));
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
        for (String expected : List.of("call", "indicate", "sendText", "dtmfBegin", "dtmfEnd", "write")) {
            assertEquals(1, log.count(expected), expected + " in " + names);
        }
        assertTrue(names.indexOf("dtmfBegin") < names.indexOf("dtmfEnd"));
        assertTrue(log.callbacks().stream().allMatch(c -> c.onOwnerExecutor()), "callbacks off the owner: " + log.callbacks());
    }

    @Test
    @Timeout(30)
    void commandsAfterHangupFailWithAClearErrorAndReachNoCallback() {
        Channel ch = core.request(OutboundRequest.of(tech.name(), dialableResource()));
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
        int before = logOf(ch).names().size();
        CompletionException e = assertThrows(CompletionException.class, () -> join(ch.indicate(Control.RINGING)));
        assertInstanceOf(NoSuchChannelException.class, e.getCause());
        assertThrows(CompletionException.class, () -> join(ch.call()));
        assertFalse(ch.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0)));
        assertEquals(before, logOf(ch).names().size(), "a callback ran after close");
    }

    @Test
    @Timeout(60)
    void manyChannelsFromManyThreadsEachSeeHangupAndCloseOnce() throws Exception {
        int threads = 4;
        int perThread = 50;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    Channel ch = core.request(OutboundRequest.of(tech.name(), dialableResource()));
                    ch.call();
                    ch.hangup(HangupCause.NORMAL_CLEARING);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertTrue(TestCores.await(() -> core.channelCount() == 0, WAIT));
        assertEquals(threads * perThread, tech.channels().size());
        for (RecordingTech.Recorded r : tech.channels()) {
            assertEquals(1, r.log().count("hangup"), r.id() + ": " + r.log().names());
            assertEquals(1, r.log().count("close"), r.id() + ": " + r.log().names());
        }
    }

    @Test
    @Timeout(30)
    void unregisterHangsUpLiveChannelsThenStopsTheTechLast() throws Exception {
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Channel ch = core.request(OutboundRequest.of(tech.name(), dialableResource()));
            ch.call();
            chans.add(ch);
        }
        core.unregisterTech(tech.name()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1, tech.stops());
        assertEquals(0, core.channelCount());
        for (Channel ch : chans) {
            assertEquals(ChannelState.DESTROYED, ch.state());
            assertEquals(HangupCause.TECH_UNREGISTERED, logOf(ch).argumentOf("hangup"));
        }
        CommandRejectedException e = assertThrows(CommandRejectedException.class,
                () -> core.request(OutboundRequest.of(tech.name(), dialableResource())));
        assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
    }

    @Test
    @Timeout(30)
    void farEndAnswerMovesTheChannelUp() {
        Channel ch = core.request(OutboundRequest.of(tech.name(), dialableResource()));
        join(ch.call());
        answerFromFarEnd(tech, ch);
        assertTrue(TestCores.await(() -> ch.state() == ChannelState.UP, WAIT), "state " + ch.state());
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    @Test
    @Timeout(30)
    void inboundCallIsRoutedToTheHandlerAndCanBeAnswered() {
        triggerInboundCall(tech);
        assertTrue(TestCores.await(() -> !app.log().isEmpty(), WAIT), "the inbound handler's application never attached");
        Channel ch = core.channels().stream().map(s -> core.requireChannel(s.id())).findFirst().orElseThrow();
        join(ch.answer());
        assertEquals(ChannelState.UP, ch.state());
        assertEquals(1, logOf(ch).count("answer"));
        join(ch.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(ch);
    }

    // ---- helpers ----

    protected final CallbackLog logOf(Channel ch) {
        return tech.channels().stream().filter(r -> r.id().equals(ch.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no callbacks recorded for " + ch.id())).log();
    }

    protected final void awaitCallbacks(Channel ch, String name) {
        assertTrue(TestCores.await(() -> tech.channels().stream()
                .anyMatch(r -> r.id().equals(ch.id()) && r.log().count(name) > 0), WAIT), name + " never ran");
    }

    protected final void awaitDestroyed(Channel ch) {
        assertTrue(TestCores.await(() -> ch.state() == ChannelState.DESTROYED, WAIT), "not destroyed: " + ch.snapshot());
    }

    protected static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private List<Channel> liveChannels() {
        List<Channel> out = new ArrayList<>();
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(out::add));
        return out;
    }
}
