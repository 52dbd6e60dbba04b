package skbstress.api;

/**
 * A slab constructor: runs once per object, when the slab holding it is created, never on each
 * allocation. Objects are expected back in constructed state; the cache does not run it again (I-SLAB-8).
 */
@FunctionalInterface
public interface ObjectCtor {
    void construct(ObjectMemory object);
}
