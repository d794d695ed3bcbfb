package org.strowger.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.strowger.api.frame.MediaFormat;
import org.strowger.spi.Codec;

/**
 * The codec is found as a service on the class path (META-INF/services), and as a named module on the module path
 * ({@code provides}), where it resolves with Concentus as an automatic module.
 */
class OpusServiceLoaderTest {
    @Test
    void serviceLoaderFindsItOnTheClassPath() {
        List<Codec> opus = ServiceLoader.load(Codec.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.format().equals(MediaFormat.OPUS)).toList();
        assertEquals(1, opus.size());
        assertTrue(opus.get(0) instanceof OpusCodec);
    }

    private static Path locationOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void asAModuleItProvidesTheCodecAndResolvesWithConcentus() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locationOf(OpusCodec.class), locationOf(Codec.class),
                locationOf(io.github.jaredmdobson.concentus.OpusDecoder.class));
        ModuleReference self = finder.find("org.strowger.codec.opus").orElseThrow();
        ModuleDescriptor d = self.descriptor();
        assertTrue(d.provides().stream().anyMatch(p -> p.service().equals(Codec.class.getName())
                && p.providers().equals(List.of(OpusCodec.class.getName()))), d.provides().toString());
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("concentus")));

        // a layer of just these three modules: the service is found there by the module system
        var config = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of("org.strowger.codec.opus"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
        Class<?> spi = layer.findLoader("org.strowger.api").loadClass(Codec.class.getName());
        List<Object> found = ServiceLoader.load(layer, spi).stream().map(ServiceLoader.Provider::get)
                .map(Object.class::cast).toList();
        assertEquals(1, found.size());
        Object codec = found.get(0);
        assertEquals("org.strowger.codec.opus", codec.getClass().getModule().getName());
        assertEquals(48_000, spi.getMethod("sampleRate").invoke(codec));
        spi.getMethod("newDecoder").invoke(codec); // each makes a Concentus object: its classes load in the layer
        spi.getMethod("newEncoder").invoke(codec);
        assertTrue(layer.findModule("concentus").orElseThrow().getDescriptor().isAutomatic());
    }
}
