package skbstress.canary;

/** A free list of object indices: the implementation's depot, a broken copy of it, or a plain stack. */
public interface FreeList {
    void push(int index);

    /** The top index, or -1 when empty. */
    int pop();

    /** Up to {@code max} indices in one step, top first; how many. */
    int popBatch(int[] into, int max);
}
