package skbstress.model;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import skbstress.api.ErrorCode;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * Wraps any {@link SkbOps} so that every call is checked: after a call that changes state, every
 * invariant holds ({@link InvariantChecker}); after a refused call, the snapshot equals the one before.
 * CALLBACK_FAILED is the exception: it reports a caller's callback that threw after the operation had
 * completed (a free function) or before it changed anything (a constructor), so the state is checked
 * either way. For tests and for replaying recorded traces, never for speed.
 */
public final class CheckedOps implements InvocationHandler {
    /** Calls that only read: not checked, to keep traces short. */
    private static final Set<String> READS = Set.of("snapshot", "profile", "linearBytes", "bytes", "view", "cloned",
            "headerCloned", "readObject", "dataObject", "toString", "hashCode", "equals");

    private final SkbOps target;
    private final InvariantChecker checker;
    private int steps;

    private CheckedOps(SkbOps target) {
        this.target = target;
        this.checker = new InvariantChecker(target.profile());
    }

    public static SkbOps wrap(SkbOps target) {
        return (SkbOps) Proxy.newProxyInstance(SkbOps.class.getClassLoader(), new Class<?>[] {SkbOps.class},
                new CheckedOps(target));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (READS.contains(method.getName())) {
            return call(method, args);
        }
        Snapshot before = target.snapshot();
        Object result;
        try {
            result = call(method, args);
        } catch (SkbException e) {
            Snapshot after = target.snapshot();
            if (e.code() == ErrorCode.CALLBACK_FAILED) {
                steps++;
                checker.check(method.getName(), before, after);
                throw e;
            }
            if (!after.equals(before)) {
                throw new IllegalStateException("refused " + method.getName() + " (" + e.getMessage()
                        + ") changed the state:\nbefore " + before + "\nafter  " + after, e);
            }
            throw e;
        }
        steps++;
        checker.check(method.getName(), before, target.snapshot());
        return result;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return "checked(" + target + ", " + steps + " steps)";
    }
}
