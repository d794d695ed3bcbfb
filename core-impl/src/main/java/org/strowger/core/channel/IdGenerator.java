package org.strowger.core.channel;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/*
 * Generated ids are "<prefix>-<n>": a prefix fixed per core (random unless configured) and a counter that never
 * repeats, so a generated id is never reused. Caller-chosen ids may not start with "<prefix>-", which keeps the two
 * namespaces apart: a caller can never take an id the generator will hand out later.
 */
public final class IdGenerator {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public IdGenerator(String prefix) {
        if (prefix == null) {
            prefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 24, 36);
        }
        new ChannelId(prefix + "-0"); // validates the prefix's characters
        this.prefix = prefix;
    }

    public ChannelId next() {
        return new ChannelId(prefix + '-' + next.incrementAndGet());
    }

    public BridgeId nextBridge() {
        return new BridgeId(prefix + "-b" + next.incrementAndGet());
    }

    public ChannelId checkChosen(ChannelId chosen) {
        checkChosen(chosen.value());
        return chosen;
    }

    public BridgeId checkChosen(BridgeId chosen) {
        checkChosen(chosen.value());
        return chosen;
    }

    private void checkChosen(String chosen) {
        if (chosen.startsWith(prefix + '-')) {
            throw new InvalidArgumentException("ids starting with '" + prefix + "-' are reserved for generated ids");
        }
    }
}
