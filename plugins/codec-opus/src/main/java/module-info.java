/**
 * Opus for Strowger: {@link org.strowger.codec.opus.OpusCodec}, an {@link org.strowger.spi.Codec} the core finds
 * with {@link java.util.ServiceLoader} once this module is on the module path or the class path. Pure Java (it
 * requires Concentus, an automatic module, and nothing native).
 */
module org.strowger.codec.opus {
    requires org.strowger.api;
    requires concentus;

    exports org.strowger.codec.opus;

    provides org.strowger.spi.Codec with org.strowger.codec.opus.OpusCodec;
}
