package skbstress.impl;

import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.impl.slab.HandleWord;

/**
 * skb extensions, as in the model: a clone or copy shares the skb_ext (one more reference), a write to a shared
 * one copies it first, the last reference frees it (I-EXT-1, I-EXT-2). An skb's {@code ext} and
 * {@code activeExt} are plain fields under its pins, as its other header fields are.
 */
final class ImplExtensions {
    private final ImplState st;
    private final ImplHandles handles;

    ImplExtensions(ImplState st, ImplHandles handles) {
        this.st = st;
        this.handles = handles;
    }

    private static void requireId(String op, int id) {
        if (id < 0 || id >= SkbOps.SKB_EXT_NUM) {
            throw Refusals.extArgument(op, "extension id", id);
        }
    }

    void add(long h, int id, int value) {
        SkbDesc d = handles.pinWriter(h, "skb_ext_add"); // the handle first, as the model checks it
        try {
            requireId("skb_ext_add", id);
            if (value < 0) {
                throw Refusals.extArgument("skb_ext_add", "value", value);
            }
            SkbExt e = d.ext;
            if (e == null) {
                e = newExt();
            } else if (e.getRefcntAcquire() > 1) { // acquire: at 1 the others' puts came first (skb_ext_maybe_cow)
                SkbExt copy = newExt();
                System.arraycopy(e.values, 0, copy.values, 0, e.values.length);
                put(e);
                e = copy;
            }
            e.values[id] = value;
            d.ext = e;
            d.activeExt |= 1 << id;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void del(long h, int id) {
        SkbDesc d = handles.pinWriter(h, "skb_ext_del");
        try {
            requireId("skb_ext_del", id);
            if ((d.activeExt & (1 << id)) != 0) {
                d.activeExt &= ~(1 << id);
                if (d.activeExt == 0) {
                    put(d.ext);
                    d.ext = null;
                }
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    int find(long h, int id) {
        SkbDesc d = handles.pinReader(h, "skb_ext_find");
        try {
            requireId("skb_ext_find", id);
            return (d.activeExt & (1 << id)) == 0 ? -1 : d.ext.values[id];
        } finally {
            handles.unpinReader(d);
        }
    }

    /** __skb_ext_copy into a new struct not yet published, from a source its caller has pinned. */
    static void share(SkbDesc from, SkbDesc to) {
        SkbExt e = from.ext;
        to.activeExt = from.activeExt;
        to.ext = e;
        if (e != null) {
            e.getVolatile(); // release: atomic; no racing put is lost, and the source's reference keeps it above 0
        }
    }

    /** skb_ext_put when the struct dies; the caller holds it alone. */
    void release(SkbDesc d) {
        if (d.ext != null) {
            put(d.ext);
            d.ext = null;
            d.activeExt = 0;
        }
    }

    private SkbExt newExt() {
        int i = st.exts.alloc(st.local(st.exts));
        SkbExt e = (SkbExt) st.exts.payload(i);
        e.start(HandleWord.make(st.exts.generation(i), HandleWord.OBJECT, st.exts.id, i));
        return e;
    }

    private void put(SkbExt e) {
        if (e.putVolatile()) { // release: our reads of the values precede the last holder's free
            // release: the claim's volatile CAS ends the life, after the last put ordered every holder's reads
            st.exts.claimAndRelease(st.local(st.exts), e.index);
        }
    }
}
