package org.strowger.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of core-impl, checked on its bytecode: which package may depend on which (a layering with no cycles), that
 * only the entry package is exported, that a method which asserts it runs on its executor is invisible outside its
 * package, and that the cross-package surface of a channel and a bridge only posts (the {@code post...} naming rule)
 * or reads what is thread-safe. The no-locks rule is checked on the sources by NoLocksInCoreTest.
 */
class ArchitectureTest {
    private static final String CORE = "org.strowger.core";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE);

    /** Each internal package and the internal packages it may use (besides itself, core-api, the JDK, slf4j). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("log", Set.of()),
            Map.entry("exec", Set.of("log")),
            Map.entry("event", Set.of("exec", "log")),
            Map.entry("cdr", Set.of("event", "exec", "log")),
            Map.entry("admission", Set.of("log")),
            Map.entry("media", Set.of("log")),
            Map.entry("runtime", Set.of("event", "exec", "media")),
            Map.entry("channel", Set.of("admission", "event", "exec", "log", "media", "runtime")),
            Map.entry("bridge", Set.of("channel", "event", "exec", "log", "media", "runtime")),
            Map.entry("switchboard", Set.of("bridge", "channel", "runtime")),
            Map.entry("dial", Set.of("bridge", "channel", "exec", "log", "runtime", "switchboard")),
            Map.entry("transfer", Set.of("bridge", "channel", "dial", "exec", "runtime", "switchboard")),
            Map.entry("local", Set.of("bridge", "channel", "exec", "log", "runtime", "switchboard")),
            Map.entry("engine", Set.of("admission", "bridge", "cdr", "channel", "dial", "event", "exec", "local", "log",
                    "media", "runtime", "switchboard", "transfer")));

    /** What internal packages may use of the entry package: its public interfaces, never the builder. */
    private static final Set<String> ENTRY_TYPES = Set.of(CORE + ".WorkerPool", CORE + ".CoreScheduler",
            CORE + ".CoreScheduler$Cancellable", CORE + ".StallReport", CORE + ".MdcKeys");

    /** Public methods of ChannelImpl and BridgeImpl that do not post yet may be called from other packages. */
    private static final Set<String> THREAD_SAFE = Set.of("id", "name", "techName", "direction", "linkedId",
            "snapshot", "core", "inExecutor", "mediaFramesDropped", "ref", "handle", "executor", "endpoint",
            "publishedVariables", "requesterFormats", "tech", "sink", "goneException", "gone", "belongsTo", "isHeld", "lists", "toString");

    @Test
    void everyInternalPackageUsesOnlyThePackagesBelowIt() {
        for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
            String pkg = CORE + "." + e.getKey();
            String[] allowed = Stream.concat(
                    Stream.of(pkg + "..", "java..", "org.slf4j..", "org.strowger.api..",
                            "org.strowger.spi.."),
                    e.getValue().stream().map(p -> CORE + "." + p + "..")).toArray(String[]::new);
            classes().that().resideInAPackage(pkg + "..")
                    .should().onlyDependOnClassesThat(DescribedPredicate.describe(
                            "reside in " + String.join(", ", allowed) + " or are the entry package's interfaces",
                            (JavaClass c) -> ENTRY_TYPES.contains(c.getName())
                                    || JavaClass.Predicates.resideInAnyPackage(allowed)
                                    .test(c)))
                    .check(MAIN);
        }
    }

    @Test
    void internalPackagesHaveNoCycles() {
        slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheBuilderReachesIntoTheEngine() {
        classes().that().resideInAPackage(CORE + ".engine..").should().onlyBeAccessed()
                .byClassesThat(DescribedPredicate.describe("are the engine or the builder", (JavaClass c) ->
                        c.getPackageName().startsWith(CORE + ".engine") || c.getName().startsWith(CORE + ".Strowger")))
                .check(MAIN);
    }

    @Test
    void onlyTheEntryPackageIsExported() throws IOException {
        Path descriptor = Path.of("target", "classes", "module-info.class");
        try (InputStream in = Files.newInputStream(descriptor)) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertEquals(Set.of(CORE), module.exports().stream().map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet()), "exports of " + module.name());
        }
    }

    /**
     * A method of a channel, a bridge or a coordinator with {@code assert executor.inExecutor()} runs only on that
     * entity's executor: no other package may call it. (The executor package's own helpers, such as OwnedTimer, assert
     * that their caller is their owner; they are not entities.)
     */
    @Test
    void executorOnlyMethodsAreInvisibleOutsideTheirPackage() {
        methods().that(DescribedPredicate.describe("assert that they run on their executor",
                        ArchitectureTest::assertsOnExecutor))
                .and().areDeclaredInClassesThat().resideOutsideOfPackage(CORE + ".exec..")
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .andShould().notHaveModifier(JavaModifier.PROTECTED)
                .check(MAIN);
    }

    /**
     * The naming rule: what other packages may call on a channel or a bridge either posts to its executor (named
     * post..., or the asynchronous API of Channel and Bridge) or reads what is immutable or published.
     */
    @Test
    void theCrossPackageSurfaceOfChannelsAndBridgesOnlyPosts() {
        methods().that().areDeclaredIn(CORE + ".channel.ChannelImpl").or().areDeclaredIn(CORE + ".bridge.BridgeImpl")
                .and().arePublic()
                .should(new ArchCondition<>("post to the executor, belong to the public API, or be thread-safe reads") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
                        boolean ok = m.getName().startsWith("post") || THREAD_SAFE.contains(m.getName())
                                || overridesApi(m);
                        events.add(new SimpleConditionEvent(m, ok, m.getFullName()
                                + (ok ? " posts or is safe" : " is public but neither posts nor overrides the API")));
                    }
                })
                .check(MAIN);
    }

    private static boolean assertsOnExecutor(JavaMethod m) {
        boolean assertion = m.getFieldAccesses().stream().anyMatch(a -> a.getName().equals("$assertionsDisabled"));
        boolean onExecutor = m.getMethodCallsFromSelf().stream()
                .anyMatch(c -> c.getName().equals("inExecutor") && c.getTargetOwner().getSimpleName()
                        .equals("SerialExecutor"));
        return assertion && onExecutor;
    }

    /** Whether {@code m} implements a method of core-api (the API commands of Channel and Bridge). */
    private static boolean overridesApi(JavaMethod m) {
        for (JavaClass type : m.getOwner().getAllRawInterfaces()) {
            if (type.getPackageName().startsWith("org.strowger.api")) {
                boolean declared = type.getMethods().stream().anyMatch(i -> i.getName().equals(m.getName())
                        && i.getRawParameterTypes().equals(m.getRawParameterTypes()));
                if (declared) {
                    return true;
                }
            }
        }
        return false;
    }
}
