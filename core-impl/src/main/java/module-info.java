/** Strowger's engine: registry, serial executors, channels, techs. Applications build a core with Strowger.builder(). */
module org.strowger.core {
    requires transitive org.strowger.api;
    requires org.slf4j;

    exports org.strowger.core;

    uses org.strowger.spi.ChannelTech;
}
