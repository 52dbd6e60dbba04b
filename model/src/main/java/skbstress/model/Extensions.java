package skbstress.model;

import skbstress.api.Refusals;
import skbstress.api.SkbOps;

/**
 * skb extensions (specs/ext.md): one refcounted skb_ext shared by clones and copies (I-EXT-1), copied before a
 * write while shared (I-EXT-2), put when the last skb pointing at it lets go.
 */
final class Extensions {
    private final ModelState state;

    Extensions(ModelState state) {
        this.state = state;
    }

    private static void requireId(String op, int id) {
        if (id < 0 || id >= SkbOps.SKB_EXT_NUM) {
            throw Refusals.extArgument(op, "extension id", id);
        }
    }

    /** skb_ext_add: a new skb_ext, or a private copy of a shared one (skb_ext_maybe_cow), then the write. */
    void add(long h, int id, int value) {
        ModelSkb skb = state.skb(h, "skb_ext_add");
        requireId("skb_ext_add", id);
        if (value < 0) {
            throw Refusals.extArgument("skb_ext_add", "value", value);
        }
        ModelExt e = skb.ext;
        if (e == null) {
            e = newExt();
        } else if (e.refcnt > 1) {
            ModelExt copy = newExt();
            System.arraycopy(e.values, 0, copy.values, 0, e.values.length);
            put(e);
            e = copy;
        }
        e.values[id] = value;
        skb.ext = e;
        skb.activeExt |= 1 << id;
    }

    /** skb_ext_del: clears the id for this skb only (no copy); the last active id gone puts the skb_ext. */
    void del(long h, int id) {
        ModelSkb skb = state.skb(h, "skb_ext_del");
        requireId("skb_ext_del", id);
        if ((skb.activeExt & (1 << id)) == 0) {
            return;
        }
        skb.activeExt &= ~(1 << id);
        if (skb.activeExt == 0) {
            put(skb.ext);
            skb.ext = null;
        }
    }

    int find(long h, int id) {
        ModelSkb skb = state.skb(h, "skb_ext_find");
        requireId("skb_ext_find", id);
        return (skb.activeExt & (1 << id)) == 0 ? -1 : skb.ext.values[id];
    }

    /** __skb_ext_copy (skb_clone, and every copy through __copy_skb_header): the new skb shares the skb_ext. */
    static void share(ModelSkb from, ModelSkb to) {
        to.activeExt = from.activeExt;
        to.ext = from.ext;
        if (from.ext != null) {
            from.ext.refcnt++;
        }
    }

    /** skb_ext_put, when the struct dies (skb_release_head_state). */
    static void release(ModelState state, ModelSkb skb) {
        if (skb.ext != null) {
            put(state, skb.ext);
            skb.ext = null;
            skb.activeExt = 0;
        }
    }

    private ModelExt newExt() {
        ModelExt e = new ModelExt(state.next(Handles.Kind.EXT));
        state.liveExts.put(e.handle, e);
        return e;
    }

    private void put(ModelExt e) {
        put(state, e);
    }

    private static void put(ModelState state, ModelExt e) {
        ModelState.ensure(e.refcnt > 0, "I-EXT-1", "ext " + Long.toHexString(e.handle) + " put at 0");
        if (--e.refcnt == 0) {
            state.liveExts.remove(e.handle);
        }
    }
}
