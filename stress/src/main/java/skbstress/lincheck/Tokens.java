package skbstress.lincheck;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The objects a capability scenario holds, as handles that {@link Holdings} keeps: a subject's objects
 * are any Java objects, where the skb scenarios' are {@code long} handles. Test bookkeeping, run
 * atomically by the model checker as {@link Holdings} is.
 */
final class Tokens {
    /** More objects than any scenario makes in one invocation (its constructor's and one per operation). */
    private static final int MOST = 64;

    private final AtomicReferenceArray<Object> objects = new AtomicReferenceArray<>(MOST);
    private final AtomicInteger next = new AtomicInteger();

    /** A new handle for {@code o}. */
    long of(Object o) {
        int i = next.getAndIncrement();
        if (i >= MOST) {
            throw new IllegalStateException("a scenario made more than " + MOST + " objects");
        }
        objects.set(i, o);
        return i;
    }

    /** The object of handle {@code h}, or null for {@link Holdings#NONE}. */
    Object get(long h) {
        return h == Holdings.NONE ? null : objects.get((int) h);
    }
}
