package org.strowger.bench.lockpeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

@Timeout(60)
class LockCoreTest {
    private static final VoiceFrame FRAME = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);
    private final LockCore core = new LockCore("t");
    private final LockBenchTech tech = new LockBenchTech();

    private LockChannel[] pair() {
        LockChannel a = core.create("T", "a", tech::driver);
        LockChannel b = core.create("T", "b", tech::driver);
        core.call(a);
        core.call(b);
        LockBridge bridge = core.createBridge();
        bridge.join(a, true);
        bridge.join(b, true);
        return new LockChannel[] {a, b};
    }

    @Test
    void aFrameCrossesThePairAndAHangupTakesBothSidesDown() {
        LockChannel[] p = pair();
        assertSame(p[0], core.byName(p[0].name()));
        p[0].receive(FRAME);
        p[1].receive(FRAME);
        assertEquals(2, tech.written.sum());
        core.hangup(p[0]);
        assertEquals(LockChannel.State.HUNG_UP, p[1].state());
        assertEquals(0, core.channelCount());
        assertEquals(0, core.bridgeCount());
        assertEquals(2, tech.closed.get());
        assertNull(core.byId(p[1].id()));
        p[0].receive(FRAME); // a frame for a destroyed channel goes nowhere
        assertEquals(2, tech.written.sum());
    }

    @Test
    void anAttendedTransferBridgesTransfereeAndTargetAndHangsUpTheTransferer() {
        LockChannel[] p = pair();
        LockTransfer t = LockTransfer.start(core, p[1], "T", "target", tech::driver);
        p[0].receive(FRAME); // the transferee is alone: nowhere to go
        assertEquals(0, tech.written.sum());
        p[1].receive(FRAME); // the transferer talks to the target
        assertEquals(1, tech.written.sum());
        t.complete();
        assertEquals(LockChannel.State.HUNG_UP, p[1].state());
        p[0].receive(FRAME);
        t.target().receive(FRAME);
        assertEquals(3, tech.written.sum());
        assertEquals(2, core.channelCount());
        assertEquals(1, core.bridgeCount());
        core.hangup(t.target());
        assertEquals(0, core.channelCount());
        assertEquals(0, core.bridgeCount());
        assertThrows(IllegalStateException.class, t::complete);
    }

    @Test
    void framesBothWaysWhileCallsHangUpNeitherDeadlockNorLeak() throws Exception {
        List<LockChannel[]> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pairs.add(pair());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            int s = side;
            threads.add(Thread.ofPlatform().start(() -> {
                await(go);
                for (int k = 0; k < 200; k++) {
                    for (LockChannel[] p : pairs) {
                        p[s].receive(FRAME);
                    }
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            await(go);
            for (int i = 0; i < pairs.size(); i++) {
                core.hangup(pairs.get(i)[i % 2]);
            }
        }));
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, core.channelCount());
        assertEquals(0, core.bridgeCount());
        assertEquals(400, tech.closed.get());
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
