package skbstress.mutation;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The broken atomics that the concurrency operators ({@link Operators}) put in place of the real ones in a
 * mutant's copy of the implementation. Each does what its real counterpart does when no other thread
 * interferes, and loses the interference it exists to handle:
 * <ul>
 *   <li>{@code getAndAdd}, {@code compareAndSet}: a plain read, then a plain write (a lost update; two
 *       CASes of one expected value both succeed);</li>
 *   <li>{@code ...Reread}: the atomic is done, but the decision is taken on a later re-read of the
 *       variable instead of on the atomic's own result (check-then-act).</li>
 * </ul>
 * VarHandle coordinates are passed as they are (a field's holder, or an array and an index), followed by
 * the operation's values; the helpers spread them, so one helper serves every variable's type.
 */
public final class MutantOps {
    private MutantOps() {}

    // ---------------------------------------------------------------- VarHandles

    /** getAndAdd as a plain read then a plain write. Arguments: coordinates..., delta. */
    public static Object getAndAdd(VarHandle h, Object... args) {
        Object[] at = Arrays.copyOf(args, args.length - 1);
        Object old = get(h, at);
        set(h, at, add(old, args[args.length - 1]));
        return old;
    }

    /** getAndAdd done atomically, but the "old value" is a later re-read minus the delta. */
    public static Object getAndAddReread(VarHandle h, Object... args) {
        Object[] at = Arrays.copyOf(args, args.length - 1);
        Object delta = args[args.length - 1];
        invoke(h, VarHandle.AccessMode.GET_AND_ADD, args);
        Thread.yield(); // the window the re-read leaves open, made wide enough to be met
        return add(invoke(h, VarHandle.AccessMode.GET_VOLATILE, at), negate(delta));
    }

    /** compareAndSet as a plain compare then a plain write. Arguments: coordinates..., expected, new. */
    public static boolean compareAndSet(VarHandle h, Object... args) {
        Object[] at = Arrays.copyOf(args, args.length - 2);
        if (!same(get(h, at), args[args.length - 2])) {
            return false;
        }
        set(h, at, args[args.length - 1]);
        return true;
    }

    /** compareAndSet done atomically, but its success decided by a later re-read equal to the new value. */
    public static boolean compareAndSetReread(VarHandle h, Object... args) {
        Object[] at = Arrays.copyOf(args, args.length - 2);
        invoke(h, VarHandle.AccessMode.COMPARE_AND_SET, args);
        Thread.yield();
        return same(invoke(h, VarHandle.AccessMode.GET_VOLATILE, at), args[args.length - 1]);
    }

    private static Object get(VarHandle h, Object[] at) {
        return invoke(h, VarHandle.AccessMode.GET, at);
    }

    private static void set(VarHandle h, Object[] at, Object value) {
        Object[] args = Arrays.copyOf(at, at.length + 1);
        args[at.length] = value;
        Thread.yield(); // between the read and the write: where a racing update is lost
        invoke(h, VarHandle.AccessMode.SET, args);
    }

    private static Object invoke(VarHandle h, VarHandle.AccessMode mode, Object[] args) {
        try {
            return h.toMethodHandle(mode).invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- java.util.concurrent.atomic

    public static int getAndIncrement(AtomicInteger a) {
        int v = a.get();
        Thread.yield();
        a.set(v + 1);
        return v;
    }

    public static long getAndIncrement(AtomicLong a) {
        long v = a.get();
        Thread.yield();
        a.set(v + 1);
        return v;
    }

    public static int incrementAndGet(AtomicInteger a) {
        return getAndIncrement(a) + 1;
    }

    public static int decrementAndGet(AtomicInteger a) {
        int v = a.get();
        Thread.yield();
        a.set(v - 1);
        return v - 1;
    }

    public static int decrementAndGetReread(AtomicInteger a) {
        a.decrementAndGet();
        Thread.yield();
        return a.get();
    }

    public static int incrementAndGetReread(AtomicInteger a) {
        a.incrementAndGet();
        Thread.yield();
        return a.get();
    }

    public static long getAndIncrementReread(AtomicLong a) {
        a.getAndIncrement();
        Thread.yield();
        return a.get() - 1;
    }

    public static <T> boolean compareAndSet(AtomicReference<T> a, T expected, T next) {
        if (a.get() != expected) {
            return false;
        }
        Thread.yield();
        a.set(next);
        return true;
    }

    public static boolean compareAndSet(AtomicBoolean a, boolean expected, boolean next) {
        if (a.get() != expected) {
            return false;
        }
        Thread.yield();
        a.set(next);
        return true;
    }

    public static boolean compareAndSet(AtomicInteger a, int expected, int next) {
        if (a.get() != expected) {
            return false;
        }
        Thread.yield();
        a.set(next);
        return true;
    }

    public static <T> boolean compareAndSet(AtomicReferenceArray<T> a, int i, T expected, T next) {
        if (a.get(i) != expected) {
            return false;
        }
        Thread.yield();
        a.set(i, next);
        return true;
    }

    public static <T> T getAndSet(AtomicReference<T> a, T next) {
        T v = a.get();
        Thread.yield();
        a.set(next);
        return v;
    }

    /** The value a getAndSet returned, taken instead from a re-read after it (which sees its own store). */
    public static <T> T getAndSetReread(AtomicReference<T> a, T next) {
        a.getAndSet(next);
        Thread.yield();
        return a.get();
    }

    public static <T> boolean compareAndSetReread(AtomicReference<T> a, T expected, T next) {
        a.compareAndSet(expected, next);
        Thread.yield();
        return a.get() == next;
    }

    public static boolean compareAndSetReread(AtomicBoolean a, boolean expected, boolean next) {
        a.compareAndSet(expected, next);
        Thread.yield();
        return a.get() == next;
    }

    public static boolean compareAndSetReread(AtomicInteger a, int expected, int next) {
        a.compareAndSet(expected, next);
        Thread.yield();
        return a.get() == next;
    }

    public static <T> boolean compareAndSetReread(AtomicReferenceArray<T> a, int i, T expected, T next) {
        a.compareAndSet(i, expected, next);
        Thread.yield();
        return a.get(i) == next;
    }

    // ---------------------------------------------------------------- values

    /** Numbers compare by value (an int literal against a long variable); everything else by identity. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof Boolean || a instanceof Character) {
            return a.equals(b);
        }
        return a == b;
    }

    private static Object add(Object v, Object delta) {
        long d = ((Number) delta).longValue();
        if (v instanceof Integer i) {
            return (int) (i + d);
        }
        if (v instanceof Long l) {
            return l + d;
        }
        if (v instanceof Short s) {
            return (short) (s + d);
        }
        if (v instanceof Byte b) {
            return (byte) (b + d);
        }
        throw new IllegalArgumentException("getAndAdd on " + v.getClass());
    }

    private static Object negate(Object delta) {
        return delta instanceof Long l ? -l : delta instanceof Integer i ? -i : (Object) (-((Number) delta).longValue());
    }
}
