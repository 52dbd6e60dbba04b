package skbstress.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.Refusals;
import skbstress.impl.slab.SlabCache;

/**
 * One pull or trim, planned before any change (as the model's PullTail.Needs): its decisions in the order the
 * change takes them (a new head or not, a member cloned or pulled in place), the frag_list members it pinned
 * (writer for an in-place change, reader for a clone), and the heads and structs it reserved. The change follows
 * the plan, never a re-read: a racing holder letting go of a member or clone meanwhile must not turn a clone
 * made under a reader pin into an in-place edit. Whatever the change did not use is given back at the end.
 */
final class ImplPlan {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplConstructors constructors;
    final ArrayDeque<Boolean> decisions = new ArrayDeque<>();
    private final Map<SlabCache, Integer> heads = new LinkedHashMap<>();
    private int structs;
    long pages;
    private final Map<SlabCache, ArrayDeque<Integer>> reservedHeads = new LinkedHashMap<>();
    private final ArrayDeque<SkbDesc> reservedStructs = new ArrayDeque<>();
    private final List<SkbDesc> writers = new ArrayList<>();
    private final List<SkbDesc> readers = new ArrayList<>();

    ImplPlan(ImplState st, ImplHandles handles, ImplConstructors constructors) {
        this.st = st;
        this.handles = handles;
        this.constructors = constructors;
    }

    void needHead(SlabCache c) {
        heads.merge(c, 1, Integer::sum);
    }

    void needStruct() {
        structs++;
    }

    /** Pins a frag_list member for the change (refused, nothing changed yet, when another operation is inside). */
    void pin(SkbDesc m, boolean writer, String op) {
        long h = ImplHandles.handleOf(m);
        if (writer) {
            writers.add(handles.pinWriter(h, op));
        } else {
            readers.add(handles.pinReader(h, op));
        }
    }

    /** Takes every object the plan counted, or gives back what it took and refuses (EXHAUSTED). */
    void reserve(ImplPages pagesOf, String op) {
        for (Map.Entry<SlabCache, Integer> e : heads.entrySet()) {
            SlabCache c = e.getKey();
            ArrayDeque<Integer> got = reservedHeads.computeIfAbsent(c, k -> new ArrayDeque<>());
            for (int i = 0; i < e.getValue(); i++) {
                int index = c.allocUntracked(st.local(c));
                if (index < 0) {
                    throw Refusals.exhausted(c.name, c.capacity, "");
                }
                got.add(index);
            }
        }
        for (int i = 0; i < structs; i++) {
            reservedStructs.add(constructors.newStruct(false));
        }
        if (pages > 0) { // last, as the model checks them: the pages are counted, not reserved
            pagesOf.requirePages((int) Math.min(pages, Integer.MAX_VALUE), op);
        }
    }

    /** A reserved head of cache {@code c}, or -1 when the plan reserved none there. */
    int head(SlabCache c) {
        ArrayDeque<Integer> got = reservedHeads.get(c);
        return got == null || got.isEmpty() ? -1 : got.poll();
    }

    /** A reserved head-cache struct for a clone, or null. */
    SkbDesc struct() {
        return reservedStructs.poll();
    }

    boolean next() {
        return decisions.removeFirst();
    }

    /** Gives back the unused reservations (in reverse, so the free lists read as before) and the pins. */
    void close() {
        while (!reservedStructs.isEmpty()) {
            constructors.undoStruct(reservedStructs.pollLast());
        }
        for (Map.Entry<SlabCache, ArrayDeque<Integer>> e : reservedHeads.entrySet()) {
            while (!e.getValue().isEmpty()) {
                e.getKey().freeUntracked(st.local(e.getKey()), e.getValue().pollLast());
            }
        }
        for (int i = writers.size() - 1; i >= 0; i--) {
            handles.unpinWriter(writers.get(i));
        }
        for (int i = readers.size() - 1; i >= 0; i--) {
            handles.unpinReader(readers.get(i));
        }
    }
}
