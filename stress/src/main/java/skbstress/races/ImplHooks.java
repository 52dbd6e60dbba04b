package skbstress.races;

import java.lang.reflect.Method;
import skbstress.api.SkbOps;

/**
 * The implementation's test hooks and slab view, reached by reflection on the subject's own class, so that
 * a canary (the implementation compiled into a package of its own) is driven exactly as the implementation
 * is. They set states that honest use reaches only after billions of operations (a struct at the end of
 * its generations, a page at refcount INT_MAX) or write where no API may (a freed object's poison).
 */
public final class ImplHooks {
    private ImplHooks() {}

    /** The struct behind a live skb handle ({@code descForTest}). */
    public static Object desc(SkbOps ops, long h) {
        return call(ops, "descForTest", new Class<?>[] {long.class}, ops, h);
    }

    /** Ages a dead struct so that its next {@code lives} lives are its last ({@code ageForTest}). */
    public static void age(SkbOps ops, Object desc, long lives) {
        call(ops, "ageForTest", new Class<?>[] {desc.getClass(), long.class}, null, desc, lives);
    }

    /** Sets a page's refcount ({@code pageRefcountForTest}). */
    public static void pageRefcount(SkbOps ops, long page, int refcount) {
        call(ops, "pageRefcountForTest", new Class<?>[] {long.class, int.class}, ops, page, refcount);
    }

    /** The count of allocations that found a freed object's poison overwritten. */
    public static int poisonViolations(SkbOps ops) {
        try {
            return (int) ops.getClass().getMethod("poisonViolations").invoke(ops);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no poisonViolations on " + ops.getClass().getName(), e);
        }
    }

    /** Writes one byte into the memory of object {@code h} of {@code cache}, at {@code offset} (no API may). */
    public static void scribble(SkbOps ops, int cache, long h, int offset, byte value) {
        try {
            Object c = slabCache(ops, cache);
            int index = index(c, h);
            byte[] bytes = (byte[]) c.getClass().getMethod("bytesOf", int.class).invoke(c, index);
            int at = (int) c.getClass().getMethod("byteOffset", int.class).invoke(c, index);
            bytes[at + offset] = value;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no slab view on " + ops.getClass().getName(), e);
        }
    }

    /**
     * Pins object {@code h} of caller cache {@code cache} as a read through its handle does on entry; true
     * when its life is current. The pin stands for a reader still inside when the race starts.
     */
    public static boolean pin(SkbOps ops, int cache, long h) {
        try {
            Object c = slabCache(ops, cache);
            return (boolean) c.getClass().getMethod("pin", int.class, int.class).invoke(c, index(c, h),
                    generation(c, h));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no slab pin on " + ops.getClass().getName(), e);
        }
    }

    /**
     * Ends a pin taken by {@link #pin} as a read's exit does: the implementation's own unpin, which releases
     * the object when this was the last pin out of a life that ended meanwhile.
     */
    public static void endPin(SkbOps ops, int cache, long h) {
        try {
            Object c = slabCache(ops, cache);
            java.lang.reflect.Field f = ops.getClass().getDeclaredField("st");
            f.setAccessible(true);
            Object st = f.get(ops);
            Method unpin = st.getClass().getDeclaredMethod("unpin", c.getClass(), int.class);
            unpin.setAccessible(true);
            unpin.invoke(st, c, index(c, h));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no slab unpin on " + ops.getClass().getName(), e);
        }
    }

    private static Object slabCache(SkbOps ops, int cache) throws ReflectiveOperationException {
        return ops.getClass().getMethod("slabCache", int.class).invoke(ops, cache);
    }

    private static int index(Object cache, long h) throws ReflectiveOperationException {
        return handleField(cache, "index", h);
    }

    private static int generation(Object cache, long h) throws ReflectiveOperationException {
        return handleField(cache, "generation", h);
    }

    /** A field of handle {@code h} as the cache's own HandleWord decodes it (a canary's package has its own). */
    private static int handleField(Object cache, String field, long h) throws ReflectiveOperationException {
        Class<?> handleWord = Class.forName(cache.getClass().getPackageName() + ".HandleWord");
        return (int) handleWord.getMethod(field, long.class).invoke(null, h);
    }

    private static Object call(SkbOps ops, String name, Class<?>[] types, Object target, Object... args) {
        try {
            Method m = ops.getClass().getDeclaredMethod(name, types);
            m.setAccessible(true);
            return m.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no " + name + " hook on " + ops.getClass().getName(), e);
        }
    }
}
