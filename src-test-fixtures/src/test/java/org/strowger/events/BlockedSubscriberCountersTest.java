package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * {@code matched == delivered + dropped + queued} holds in every stats read, also while the subscriber is blocked
 * inside {@code onEvent}: the event it holds is still queued. Before the fix a blocked subscriber read matched 3,
 * delivered 0, queued 2.
 */
@ExtendWith(NoLeakExtension.class)
class BlockedSubscriberCountersTest {
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** A subscriber that blocks on its first event until released, with three events matched meanwhile. */
    private Subscription blockedWithThreeMatched(ChannelCore core) throws InterruptedException {
        Subscription s = core.subscribe(EventFilter.all().withKinds(EventKind.CHANNEL_CREATED), e -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 3; i++) {
            core.request(OutboundRequest.of("Fake", "c" + i));
        }
        assertTrue(inside.await(10, TimeUnit.SECONDS), "the subscriber got its first event");
        assertTrue(TestCores.await(() -> s.stats().matched() == 3, Duration.ofSeconds(10)), "" + s.stats());
        return s;
    }

    private static void hangUpAll(ChannelCore core) {
        core.channels().forEach(c -> core.channel(c.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
    }

    @Test
    @Timeout(60)
    void theCountersAddUpWhileTheSubscriberIsBlocked(TestCores cores) throws Exception {
        ChannelCore core = cores.real(b -> { }, new FakeTech());
        Subscription s;
        try {
            s = blockedWithThreeMatched(core);
            SubscriptionStats st = s.stats();
            assertEquals(0, st.delivered(), st.toString());
            assertEquals(3, st.queued(), "the event in the subscriber's hands is still queued: " + st);
            assertEquals(st.matched(), st.delivered() + st.dropped() + st.queued(), st.toString());
        } finally {
            release.countDown();
        }
        assertTrue(TestCores.await(() -> s.stats().delivered() == 3, Duration.ofSeconds(10)), "" + s.stats());
        SubscriptionStats st = s.stats();
        assertEquals(0, st.queued(), st.toString());
        assertEquals(st.matched(), st.delivered() + st.dropped() + st.queued(), st.toString());
        s.close();
        hangUpAll(core);
    }

    @Test
    @Timeout(60)
    void whatACloseDiscardsIsCountedAsDropped(TestCores cores) throws Exception {
        ChannelCore core = cores.real(b -> { }, new FakeTech());
        Subscription s;
        try {
            s = blockedWithThreeMatched(core);
            s.close(); // one event in the subscriber's hands, two waiting
            SubscriptionStats closed = s.stats();
            assertEquals(closed.matched(), closed.delivered() + closed.dropped() + closed.queued(), closed.toString());
        } finally {
            release.countDown();
        }
        assertTrue(TestCores.await(() -> s.stats().queued() == 0, Duration.ofSeconds(10)), "" + s.stats());
        SubscriptionStats st = s.stats();
        assertEquals(1, st.delivered(), "the event in hand was delivered: " + st);
        assertEquals(2, st.dropped(), "the two the close discarded: " + st);
        assertEquals(3, st.matched(), st.toString());
        hangUpAll(core);
    }
}
