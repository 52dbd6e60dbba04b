package skbstress.lincheck;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Hand-written Lincheck scenarios in one line each, so a known dangerous shape (the ABA pattern, a
 * re-clone racing a free) is always among the searched ones, whatever the random generator picks:
 *
 * <pre>
 *   "pop / pop popTwo | pop push pop / pop pop"
 *    init   thread 1     thread 2       post
 * </pre>
 *
 * An actor is an {@code @Operation} name, with its int arguments in brackets when it has any besides
 * the thread id ({@code take(2)}); the thread id parameter ({@code @Param(name = "t")}) gets the id
 * Lincheck's ThreadIdGen would give: 0 in the initial part, 1..n in the parallel threads, n + 1 after.
 * The scenario is built with Lincheck's public scenario DSL; Lincheck adds the test class's
 * {@code @Validate} function to every custom scenario itself.
 */
public final class CustomScenarios {
    private CustomScenarios() {}

    public static ExecutionScenario parse(Class<?> test, String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a scenario is 'init / thread | thread ... / post': " + text);
        }
        String[] threads = parts[1].split("\\|");
        // resolved before the builder runs, so a typo is refused with its own message
        List<Call> init = calls(test, parts[0], 0);
        List<List<Call>> parallel = new ArrayList<>();
        for (int i = 0; i < threads.length; i++) {
            parallel.add(calls(test, threads[i], i + 1));
        }
        List<Call> post = calls(test, parts[2], threads.length + 1);
        return CustomScenarioDSLKt.scenario(b -> {
            b.initial(t -> add(t, init));
            b.parallel(p -> {
                for (List<Call> thread : parallel) {
                    p.thread(t -> add(t, thread));
                }
                return Unit.INSTANCE;
            });
            b.post(t -> add(t, post));
            return Unit.INSTANCE;
        });
    }

    /** An operation and its arguments. */
    private record Call(KFunction<?> function, Object[] args) {}

    private static Unit add(DSLThreadScenario t, List<Call> calls) {
        for (Call c : calls) {
            t.actor(c.function(), c.args());
        }
        return Unit.INSTANCE;
    }

    private static List<Call> calls(Class<?> test, String part, int threadId) {
        List<Call> out = new ArrayList<>();
        for (String token : part.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                out.add(call(test, token, threadId));
            }
        }
        return out;
    }

    private static Call call(Class<?> test, String token, int threadId) {
        int open = token.indexOf('(');
        String name = open < 0 ? token : token.substring(0, open);
        List<Integer> given = new ArrayList<>();
        if (open >= 0) {
            for (String a : token.substring(open + 1, token.length() - 1).split(",")) {
                given.add(Integer.parseInt(a.trim()));
            }
        }
        Method m = operation(test, name);
        List<Object> args = new ArrayList<>();
        int next = 0;
        for (Parameter p : m.getParameters()) {
            Param param = p.getAnnotation(Param.class);
            if (param != null && param.name().equals("t")) {
                args.add(threadId);
            } else if (next < given.size()) {
                args.add(given.get(next++));
            } else {
                throw new IllegalArgumentException(token + ": " + name + " needs more arguments");
            }
        }
        if (next != given.size()) {
            throw new IllegalArgumentException(token + ": " + name + " takes fewer arguments");
        }
        KFunction<?> f = ReflectJvmMapping.getKotlinFunction(m);
        if (f == null) {
            throw new IllegalStateException("no Kotlin view of " + m);
        }
        return new Call(f, args.toArray());
    }

    private static Method operation(Class<?> test, String name) {
        for (Class<?> c = test; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.isAnnotationPresent(Operation.class)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("no @Operation " + name + " in " + test.getName());
    }
}
