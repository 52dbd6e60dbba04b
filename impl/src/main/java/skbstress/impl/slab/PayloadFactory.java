package skbstress.impl.slab;

/** Makes the Java payload of a new cache object, given its cache and index (once, when its slab is made). */
@FunctionalInterface
public interface PayloadFactory {
    Object make(SlabCache cache, int index);
}
