package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A page_pool: a CAS-guarded stack of recycled page indexes (immutable nodes, so a popped node is never pushed
 * again and no ABA arises), and how many pages it holds, cached or in flight (the kernel's hold_cnt -
 * release_cnt). The cache's head is {@link #CLOSED} once page_pool_destroy took it: pushes then return the
 * page, pops and new holds refuse; the pool has ended when it is closed and holds no page.
 */
final class ImplPool {
    private static final VarHandle HEAD;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(ImplPool.class, "head", Node.class);
            STATE = l.findVarHandle(ImplPool.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One cached page; depth counts the nodes from here down, so the capacity check needs no walk. */
    record Node(int page, Node next, int depth) {}

    /** The head of a destroyed pool's cache. */
    static final Node CLOSED = new Node(-1, null, 0);

    final int index;
    long handle;
    int capacity;
    @SuppressWarnings("unused") // through HEAD
    private Node head;
    @SuppressWarnings("unused") // through STATE
    private long state;

    ImplPool(int index) {
        this.index = index;
    }

    /** A new pool. Release: capacity and handle are published with the state; the handle reaches others after. */
    void start(long h, int capacity) {
        this.handle = h;
        this.capacity = capacity;
        HEAD.setRelease(this, (Node) null);
        STATE.setRelease(this, 0L); // release: with HEAD's above; others get the handle only after start
    }

    /** acquire: a popper reads the pushed node's fields (and the page's state the pusher wrote) after this. */
    Node getHeadAcquire() {
        return (Node) HEAD.getAcquire(this);
    }

    /** acquire and release: a push publishes the page's state to its popper; a pop claims the node once. */
    boolean casHead(Node expect, Node update) {
        return HEAD.compareAndSet(this, expect, update);
    }

    /** page_pool_destroy takes the whole cache. Acquire and release: pushes before it are ours, later see CLOSED. */
    Node closeCache() {
        return (Node) HEAD.getAndSet(this, CLOSED);
    }

    long getStateAcquire() {
        return (long) STATE.getAcquire(this); // acquire: read by held() only, for a snapshot at quiescence
    }

    /** A new page held. Release: a volatile RMW, so racing holds and returns never lose one. */
    void hold() {
        STATE.getAndAdd(this, 1L);
    }

    /** A page returned (page_pool_return_page), or a hold given back. Release: an atomic RMW, none lost. */
    void release() {
        STATE.getAndAdd(this, -1L);
    }

    /** Pages held, cached or in flight. */
    int held() {
        return (int) getStateAcquire(); // acquire: for a snapshot at quiescence, after the hand-off
    }

    boolean destroyed() {
        return getHeadAcquire() == CLOSED; // acquire: CLOSED stays; a stale read puts the call before the destroy
    }
}
