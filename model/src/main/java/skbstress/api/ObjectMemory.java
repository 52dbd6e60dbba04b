package skbstress.api;

/** The bytes of one slab object, as a constructor sees them. */
public interface ObjectMemory {
    int size();

    byte get(int offset);

    void put(int offset, byte value);
}
