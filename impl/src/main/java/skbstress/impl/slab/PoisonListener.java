package skbstress.impl.slab;

/** Told of each write after free that an allocation finds in a freed object's poison (debug mode). */
@FunctionalInterface
public interface PoisonListener {
    /**
     * @param changed the offsets in the object whose byte is not {@link SlabCache#POISON}, the first few
     * @param values the bytes found at those offsets
     * @param total how many bytes differ in all
     */
    void found(SlabCache cache, int index, int[] changed, byte[] values, int total);
}
