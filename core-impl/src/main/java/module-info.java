/**
 * Strowger's engine: registry, serial executors, channels, bridges, transfers, dialing, events. Applications build a
 * core with {@code Strowger.builder()}; only the entry package is exported, every other package is internal.
 */
module org.strowger.core {
    requires transitive org.strowger.api;
    requires org.slf4j;

    exports org.strowger.core;

    uses org.strowger.spi.ChannelTech;
    uses org.strowger.spi.Codec;
}
