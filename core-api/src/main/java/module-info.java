/**
 * Strowger's public API (what applications program against) and the ChannelTech SPI (what protocol plugins
 * implement). No runtime dependencies.
 */
module org.strowger.api {
    exports org.strowger.api;
    exports org.strowger.api.cdr;
    exports org.strowger.api.dial;
    exports org.strowger.api.event;
    exports org.strowger.api.frame;
    exports org.strowger.api.media;
    exports org.strowger.spi;
}
