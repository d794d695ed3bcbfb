package org.strowger.core.channel;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/*
 * The live channels, by id and by name, in two ConcurrentHashMaps: lookups are lock-free and never wait for a busy
 * channel (channels are never locked; their executors own them), and iteration is weakly consistent and never
 * blocks creation. add() claims the id with putIfAbsent, so a duplicate loses exactly once; remove() succeeds exactly
 * once per entry (remove(key, value)), which is what lets the core count each destroy once.
 */
public final class ChannelRegistry<E extends ChannelRegistry.Entry> {
    /** What the registry keys an entry by. Both must be immutable. */
    public interface Entry {
        org.strowger.api.ChannelId id();

        String name();
    }

    private final ConcurrentHashMap<org.strowger.api.ChannelId, E> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, E> byName = new ConcurrentHashMap<>();

    /**
     * Adds {@code e}; false (and nothing changed) if its id or its name is held by a live entry. The name is claimed
     * first and the id last, so an entry becomes removable (by id) only once it is complete: a remove racing the add
     * either fails or sees the whole entry.
     */
    public boolean add(E e) {
        if (byName.putIfAbsent(e.name(), e) != null) {
            return false;
        }
        if (byId.putIfAbsent(e.id(), e) != null) {
            byName.remove(e.name(), e);
            return false;
        }
        return true;
    }

    /** Removes {@code e}; true exactly once per added entry. */
    public boolean remove(E e) {
        if (!byId.remove(e.id(), e)) {
            return false;
        }
        byName.remove(e.name(), e);
        return true;
    }

    public E get(org.strowger.api.ChannelId id) {
        return byId.get(id);
    }

    public E getByName(String name) {
        return byName.get(name);
    }

    /** A weakly consistent view of the live entries. */
    public Collection<E> values() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
