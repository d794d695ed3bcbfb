package org.strowger.core.exec;

import java.util.Objects;
import java.util.function.Consumer;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/** Lincheck 3.7's custom-scenario DSL is Kotlin; these helpers make it usable from Java tests. */
final class LincheckScenarios {
    private LincheckScenarios() {
    }

    /** The operation {@code name} of {@code model} as the KFunction the DSL's {@code actor(...)} wants. */
    static KFunction<?> op(Class<?> model, String name, Class<?>... params) {
        try {
            return Objects.requireNonNull(ReflectJvmMapping.getKotlinFunction(model.getMethod(name, params)), name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** A scenario: {@code initial} runs first, then one thread per entry of {@code threads}, in parallel; no post part. */
    @SafeVarargs
    static Function1<DSLScenarioBuilder, Unit> scenario(Consumer<DSLThreadScenario> initial,
            Consumer<DSLThreadScenario>... threads) {
        return b -> {
            b.initial(thread(initial));
            b.parallel(p -> {
                for (Consumer<DSLThreadScenario> t : threads) {
                    p.thread(thread(t));
                }
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        };
    }

    private static Function1<DSLThreadScenario, Unit> thread(Consumer<DSLThreadScenario> body) {
        return t -> {
            body.accept(t);
            return Unit.INSTANCE;
        };
    }
}
