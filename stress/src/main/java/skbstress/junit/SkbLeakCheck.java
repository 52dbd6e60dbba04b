package skbstress.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import skbstress.api.LeakReport;
import skbstress.api.SkbDiagnostics;
import skbstress.api.SkbOps;

/**
 * Fails a test that leaves objects live in an implementation it used, or during which the implementation reported
 * misuse that nobody was refused for (a warning, poison found overwritten). The failure message is the leak
 * report: each live object by kind and handle, with its allocation site and history when the implementation
 * tracked it (SkbImpl at leak detection sampled or paranoid, {@code -Dskbstress.leakDetection=paranoid}). The
 * check reads the implementation at the end of the test: it needs no GC and no finalization.
 *
 * <p>Two ways to use it:
 * <pre>
 * // declared: every field annotated @SkbLeakCheck.Checked is checked
 * &#64;ExtendWith(SkbLeakCheck.class)
 * class MyTest {
 *     &#64;SkbLeakCheck.Checked SkbOps ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID);
 * }
 *
 * // registered: the test names what to check, and may say a leak is its point
 * &#64;RegisterExtension final SkbLeakCheck leaks = new SkbLeakCheck();
 * ... SkbOps ops = leaks.check(new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID));
 * </pre>
 * A test that already failed keeps its own failure; the leak report is then added to it as a suppressed one.
 * An implementation without {@link SkbDiagnostics} is checked through its snapshot (every live object by kind and
 * handle, no sites).
 */
public final class SkbLeakCheck implements AfterEachCallback {
    /** Marks a field whose implementation (an {@link SkbOps}) is checked at the end of each test. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Checked {}

    private final List<SkbOps> checked = new ArrayList<>();
    private boolean leakExpected;

    /** Checks {@code ops} at the end of this test (besides any annotated field); returns it. */
    public <T extends SkbOps> T check(T ops) {
        checked.add(ops);
        return ops;
    }

    /** Checks only {@code ops} from now on (an implementation the test replaced is dropped); returns it. */
    public <T extends SkbOps> T checkOnly(T ops) {
        checked.clear();
        return check(ops);
    }

    /** This test's point is a leak or a warning (a saturated counter): nothing is checked at its end. */
    public void expectLeak() {
        leakExpected = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (leakExpected) {
                return;
            }
            StringBuilder failures = new StringBuilder();
            for (SkbOps ops : subjects(context)) {
                LeakReport r = report(ops);
                if (!r.isEmpty()) {
                    failures.append(ops).append(" left objects live or reported misuse at the end of ")
                            .append(context.getDisplayName()).append(":\n").append(r.text());
                }
            }
            if (failures.length() != 0) {
                AssertionFailedError e = new AssertionFailedError(failures.toString());
                if (context.getExecutionException().isPresent()) {
                    context.getExecutionException().get().addSuppressed(e);
                    return;
                }
                throw e;
            }
        } finally {
            checked.clear();
            leakExpected = false;
        }
    }

    /** The leak report of any implementation: its own when it keeps one, else its snapshot's. */
    public static LeakReport report(SkbOps ops) {
        if (ops instanceof SkbDiagnostics d) {
            return d.leaks();
        }
        return LeakReport.of(ops.snapshot(), "snapshot");
    }

    private List<SkbOps> subjects(ExtensionContext context) throws IllegalAccessException {
        List<SkbOps> out = new ArrayList<>(checked);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.isAnnotationPresent(Checked.class)) {
                        f.setAccessible(true);
                        Object v = f.get(instance);
                        if (v instanceof SkbOps ops && !out.contains(ops)) {
                            out.add(ops);
                        } else if (v != null && !(v instanceof SkbOps)) {
                            throw new IllegalStateException("@SkbLeakCheck.Checked field " + c.getSimpleName() + "."
                                    + f.getName() + " is a " + v.getClass().getName() + ", not an SkbOps");
                        }
                    }
                }
            }
        }
        return out;
    }
}
