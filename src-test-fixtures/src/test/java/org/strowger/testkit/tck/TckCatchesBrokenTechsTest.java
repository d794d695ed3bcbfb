package org.strowger.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.testkit.CallbackLog;
import org.strowger.testkit.FakeTech;

/**
 * The TCK can fail: a tech that breaks the contract fails it, and each order rule and recorder check catches what it
 * names. (The TCK's own test methods are driven by hand here, with its before/after steps.)
 */
class TckCatchesBrokenTechsTest {
    /** The TCK over a fake tech that {@code breakIt} breaks. */
    static final class BrokenFake extends ChannelTechTck {
        private final Consumer<FakeTech> breakIt;

        BrokenFake(Consumer<FakeTech> breakIt) {
            this.breakIt = breakIt;
        }

        @Override
        protected org.strowger.spi.ChannelTech newTech() {
            FakeTech fake = new FakeTech();
            breakIt.accept(fake);
            return fake;
        }

        @Override
        protected String dialableResource() {
            return "alice";
        }
    }

    private static AssertionError runFailing(BrokenFake tck, Runnable test) throws Exception {
        tck.buildCore();
        test.run();
        return assertThrows(AssertionError.class, tck::checkContract);
    }

    /** A fake tech whose stop() leaves a thread behind that calls its context a moment later. */
    static final class LingeringTck extends ChannelTechTck {
        @Override
        protected org.strowger.spi.ChannelTech newTech() {
            FakeTech fake = new FakeTech();
            return new org.strowger.spi.ChannelTech() {
                private org.strowger.spi.TechContext context;

                @Override
                public String name() {
                    return fake.name();
                }

                @Override
                public void start(org.strowger.spi.TechContext ctx) {
                    context = ctx;
                    fake.start(ctx);
                }

                @Override
                public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
                    return fake.newChannel(setup, sink);
                }

                @Override
                public void stop() {
                    fake.stop();
                    Thread t = new Thread(() -> {
                        sleep(Duration.ofMillis(50));
                        try {
                            context.newExecutor("retransmissions"); // a timer the tech forgot to cancel
                        } catch (RuntimeException refused) {
                            // refused or not, the call came after stop()
                        }
                        sleep(Duration.ofSeconds(5));
                    }, "lingering-sip-timer");
                    t.setDaemon(true);
                    t.start();
                }
            };
        }

        @Override
        protected String dialableResource() {
            return "alice";
        }
    }

    @Test
    void aTechThatWorksAfterItsStopFailsTheTck() throws Exception {
        LingeringTck tck = new LingeringTck();
        tck.buildCore();
        tck.newChannelRunsOnTheNewChannelsExecutorWithItsSetup();
        AssertionError e = assertThrows(AssertionError.class, tck::checkContract);
        assertTrue(e.getMessage().contains("after its stop() returned"), e.getMessage());
        assertTrue(e.getMessage().contains("TechContext.newExecutor()"), e.getMessage());
        assertTrue(e.getMessage().contains("lingering-sip-timer") && e.getMessage().contains("still alive"),
                e.getMessage());
    }

    @Test
    void aTechWhoseCloseThrowsFailsTheTck() throws Exception {
        BrokenFake tck = new BrokenFake(f -> f.failOn("close"));
        AssertionError e = runFailing(tck, tck::newChannelRunsOnTheNewChannelsExecutorWithItsSetup);
        assertTrue(e.getMessage().contains("close of") && e.getMessage().contains("threw"), e.getMessage());
    }

    @Test
    void aTechThatBlocksInACallbackFailsTheTck() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        BrokenFake tck = new BrokenFake(f -> f.on("write", (ch, frame) -> {
            if (once.compareAndSet(false, true)) {
                sleep(ChannelTechTck.STALL_BUDGET.multipliedBy(3));
            }
        }));
        AssertionError e = runFailing(tck, tck::everyCallbackOfAnOutboundCallRunsOnTheOwnerExecutorAndCloseIsLast);
        assertTrue(e.getMessage().contains("overran the stall budget"), e.getMessage());
    }

    @Test
    void aTechThatDoesNotRefuseByHangingUpFailsTheTck() throws Exception {
        BrokenFake tck = new BrokenFake(f -> f.failOn("call"));
        tck.buildCore();
        try {
            assertThrows(Throwable.class, tck::framesAreWrittenToTheTechInTheOrderTheyWereQueued);
        } finally {
            assertThrows(AssertionError.class, tck::checkContract);
        }
    }

    @Test
    void theRecorderNotesCallbacksOffTheExecutorOverlappingOrAfterStop() {
        RecordingTech rec = new RecordingTech(new FakeTech());
        TechChannel[] self = new TechChannel[1];
        FakeSink sink = new FakeSink(new ChannelId("c1"));
        TechChannel ch = rec.newChannel(new OutboundSetup(sink.id, "Fake/x-1", "x", null, java.util.Map.of()), sink);
        self[0] = ch;
        assertTrue(rec.violations().stream().anyMatch(v -> v.contains("not on the owner executor")), rec.violations().toString());
        sink.inExecutor = true;
        RecordingTech nested = new RecordingTech(new org.strowger.spi.ChannelTech() {
            @Override
            public String name() {
                return "Nest";
            }

            @Override
            public TechChannel newChannel(OutboundSetup setup, ChannelSink s) {
                return new TechChannel() {
                    @Override
                    public void answer() {
                    }

                    @Override
                    public void call() {
                        self[0].sendText("inside call"); // as if the core ran a callback inside another
                    }

                    @Override
                    public void hangup(HangupCause cause) {
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        });
        self[0] = nested.newChannel(new OutboundSetup(sink.id, "Nest/x-1", "x", null, java.util.Map.of()), sink);
        self[0].call();
        assertTrue(nested.violations().stream().anyMatch(v -> v.contains("while another callback")), nested.violations().toString());
        nested.stop();
        assertTrue(nested.violations().stream().anyMatch(v -> v.contains("stop ran before")), nested.violations().toString());
        assertTrue(nested.violations().stream().anyMatch(v -> v.contains("stop ran on the executor")), nested.violations().toString());
        self[0].hangup(HangupCause.NORMAL_CLEARING);
        assertTrue(nested.violations().stream().anyMatch(v -> v.contains("after stop")), nested.violations().toString());
    }

    @Test
    void eachOrderRuleCatchesItsBreach() {
        assertEquals(List.of(), order(false, "newChannel", "call", "dtmfBegin", "dtmfEnd", "bridged", "unbridged",
                "hangup", "close"));
        assertEquals(List.of(), order(true, "newChannel", "answer", "bridged", "hangup", "unbridged", "close"));
        assertBreach(order(false, "call", "newChannel", "hangup", "close"), "first callback");
        assertBreach(order(false, "newChannel", "answer", "hangup", "close"), "answer ran on an outbound");
        assertBreach(order(true, "newChannel", "call", "hangup", "close"), "call ran on an inbound");
        assertBreach(order(false, "newChannel", "call", "call", "hangup", "close"), "call ran 2 times");
        assertBreach(order(false, "newChannel", "dtmfEnd", "hangup", "close"), "without a dtmfBegin");
        assertBreach(order(false, "newChannel", "unbridged", "hangup", "close"), "out of turn");
        assertBreach(order(false, "newChannel", "bridged", "bridged", "hangup", "close"), "out of turn");
        assertBreach(order(false, "newChannel", "hangup", "write", "close"), "write ran after hangup");
        assertBreach(order(false, "newChannel", "hangup", "bridged", "close"), "bridged ran after hangup");
        assertBreach(order(false, "newChannel", "close"), "not once each");
        assertBreach(order(false, "newChannel", "hangup", "close", "unbridged"), "close is not last");
    }

    private static void assertBreach(List<String> violations, String expected) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), expected + " not in " + violations);
    }

    private static List<String> order(boolean inbound, String... names) {
        CallbackLog log = new CallbackLog();
        for (String n : names) {
            log.record(n, n.startsWith("dtmf") ? '5' : null, true);
        }
        return CallbackOrder.violations(new RecordingTech.Recorded(new ChannelId("c"), null, log, inbound));
    }

    /** A sink outside any core: a channel handle that knows only its id, and a settable executor check. */
    private static final class FakeSink implements ChannelSink {
        final ChannelId id;
        volatile boolean inExecutor;
        private final org.strowger.api.Channel channel;

        FakeSink(ChannelId id) {
            this.id = id;
            this.channel = (org.strowger.api.Channel) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {org.strowger.api.Channel.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "id" -> id;
                        case "toString" -> "channel " + id;
                        case "hashCode" -> id.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public org.strowger.api.Channel channel() {
            return channel;
        }

        @Override
        public boolean inExecutor() {
            return inExecutor;
        }

        @Override
        public void ringing() {
        }

        @Override
        public void progress() {
        }

        @Override
        public void proceeding() {
        }

        @Override
        public void answered() {
        }

        @Override
        public void mediaChanged(org.strowger.api.media.ChannelMedia media) {
        }

        @Override
        public void redirected(String target) {
        }

        @Override
        public void hangup(HangupCause cause) {
        }

        @Override
        public boolean receive(org.strowger.api.frame.Frame frame) {
            return false;
        }

        @Override
        public boolean execute(Runnable task) {
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
