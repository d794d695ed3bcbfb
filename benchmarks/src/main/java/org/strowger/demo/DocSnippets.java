package org.strowger.demo;

import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.core.Strowger;
import org.strowger.core.WorkerPool;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * Code shown in docs/architecture.md and docs/threading-model.md. Every java block in those documents is an excerpt
 * of a file in this package (DocSnippetsTest in src-test-fixtures checks it), so the snippets always compile against
 * the real API. They are not run by the demo (a simulation builds one core per seed, which would flood its log).
 */
public final class DocSnippets {
    private DocSnippets() {
    }

    /** Blocks its channel's executor: the core refuses with BlockingOnOwnerThreadException. Do not do this. */
    static final class BlockingIvr implements Application {
        @Override
        public void onAttach(Channel ch) {
            ch.answer().toCompletableFuture().join(); // throws BlockingOnOwnerThreadException
        }
    }

    /** Reacts instead of waiting: the continuation runs back on this channel's executor. */
    static final class ReactiveIvr implements Application {
        private int attempts; // touched only on the channel's executor

        @Override
        public void onAttach(Channel ch) {
            ch.answer().whenComplete((ok, error) -> {
                attempts++;                                 // safe: we are on ch's executor again
                if (error == null) {
                    ch.sendText("welcome");                 // queued behind everything already queued
                }
            });
        }
    }

    /** Commands issued from a callback are queued, never run inline. */
    static final class HangUpOnHash implements Application {
        @Override
        public void onEvent(Channel ch, ChannelEvent event) {
            if (event instanceof ChannelEvent.DtmfEnded dtmf && dtmf.digit() == '#') {
                ch.hangup(HangupCause.NORMAL_CLEARING);     // queued; onEvent returns first
            }
        }
    }

    /** A core configured explicitly, with the builder's defaults spelled out where they have one. */
    static ChannelCore configuredCore(Application ivr) {
        return Strowger.builder()
                .pool(WorkerPool.forkJoin(Runtime.getRuntime().availableProcessors())) // not shut down by the core
                .executorThroughput(32)                       // tasks per batch before yielding the pool thread
                .mediaQueueCapacity(32)                       // frames per channel media lane, oldest dropped
                .maxChannels(10_000)                          // beyond it: LIMIT_REACHED
                .stallBudget(java.time.Duration.ofMillis(500)) // batch time before the watchdog reports
                .stallListener(report -> System.err.println("stalled: " + report.executor()))
                .idPrefix("pbx1")                             // ids pbx1-1, pbx1-2, ...
                .inboundHandler(channel -> ivr)
                .tech(new FakeTech("Fake"))
                .serviceLoaderTechs()                         // plus every ChannelTech on the class path
                .build();
    }

    /** One scenario, many seeds: each seed is one interleaving of executors and actors, replayable exactly. */
    static void simulateAnswerRacingCancel(int seeds) {
        Seeds.forEach("answer races cancel", 0, seeds, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(fake).build();
            FakeChannel call = fake.inbound("alice", "100");
            sim.fork(() -> call.channel().answer());                              // the application answers...
            sim.fork(() -> call.remote().hangup(HangupCause.ORIGINATOR_CANCEL));  // ...while the caller cancels
            sim.runAll();                                                         // virtual time, one thread
            Invariants.assertClean(sim, core, fake);                              // one hang-up, one destroy, no leak
            core.shutdown();
            sim.runAll();
        });
    }

    /** A request on behalf of another channel inherits its linked id and its {@code _}/{@code __} variables. */
    static Channel requestOnBehalfOf(ChannelCore core, Channel caller) {
        return core.request(OutboundRequest.of("Fake", "bob").withRequester(caller));
    }
}
