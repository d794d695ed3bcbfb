/** Strowger's test kit: fake tech, deterministic simulation, no-leak extension, ChannelTech TCK. */
module org.strowger.testkit {
    requires transitive org.strowger.core;
    requires transitive org.junit.jupiter.api;
    requires java.management;

    exports org.strowger.testkit;
    exports org.strowger.testkit.tck;
}
