package org.strowger.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: injects a {@link TestCores} into test methods and, after each test, asserts that every core
 * created through it has no live channel, that every channel was hung up once and destroyed once, that the fake techs
 * saw no contract violation and that no thread is deadlocked; then shuts the cores down.
 *
 * <pre>{@code
 * @ExtendWith(NoLeakExtension.class)
 * class MyTest {
 *     @Test void call(TestCores cores) { ChannelCore core = cores.real(b -> {}, new FakeTech()); ... }
 * }
 * }</pre>
 */
public final class NoLeakExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == TestCores.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getStore(NS).getOrComputeIfAbsent("cores", k -> new TestCores(), TestCores.class);
    }

    @Override
    public void afterEach(ExtensionContext c) {
        TestCores cores = c.getStore(NS).remove("cores", TestCores.class);
        if (cores != null) {
            cores.verifyAndClose();
        }
    }
}
