package skbstress.impl.slab;

/**
 * A free list, magazine or count found impossible by a walk (a cycle, more free objects than the cache
 * made, a negative count): the allocator's own state is corrupt. Statistics, leak reports and snapshots
 * throw it, naming the cache and what was found, instead of looping or returning a wrong number.
 */
public final class SlabCorruption extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SlabCorruption(String cache, String what) {
        super("CORRUPTED slab cache '" + cache + "': " + what);
    }
}
