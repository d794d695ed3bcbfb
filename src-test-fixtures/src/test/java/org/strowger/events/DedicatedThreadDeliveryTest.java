package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.core.Strowger;
import org.strowger.testkit.FakeTech;

/**
 * The default delivery, on a thread of the subscription's (or sink's) own, named after it; closing a subscription
 * whose subscriber is blocked in onEvent interrupts it. A small real-thread test that the mutation run keeps (it
 * takes milliseconds): the simulated isolation tests run everything on the pool.
 */
class DedicatedThreadDeliveryTest {
    @Test
    @Timeout(30)
    void deliveryRunsOnAThreadOfItsOwnAndCloseInterruptsABlockedSubscriber() throws Exception {
        FakeTech fake = new FakeTech();
        AtomicReference<String> sinkThread = new AtomicReference<>();
        CountDownLatch recorded = new CountDownLatch(1);
        ChannelCore core = Strowger.builder().tech(fake).callRecordSink(r -> {
            sinkThread.set(Thread.currentThread().getName());
            recorded.countDown();
        }, CallRecordSinkOptions.defaults().withName("db")).build();
        AtomicReference<String> subscriberThread = new AtomicReference<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Subscription blocked = core.subscribe(EventFilter.all(), e -> {
            subscriberThread.set(Thread.currentThread().getName());
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException ie) {
                interrupted.countDown();
            }
        }, SubscribeOptions.defaults().withName("slowdb"));
        try {
            Channel c = core.request(OutboundRequest.of("Fake", "x"));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertEquals("strowger-events-slowdb", subscriberThread.get());
            blocked.close();
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "close() did not interrupt the blocked subscriber");
            c.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(recorded.await(10, TimeUnit.SECONDS));
            assertEquals("strowger-cdr-db", sinkThread.get());
        } finally {
            never.countDown();
            core.shutdown().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }
}
