package skbstress.model;

import skbstress.api.DatarefWord;
import skbstress.api.Kernel;
import skbstress.api.Refusals;

/**
 * skb_try_coalesce and, when it succeeds, kfree_skb_partial of the skb it consumed (Linux 6.12; I-FRAG-5).
 * Nothing is copied but a {@code from} that fits in {@code to}'s tailroom; otherwise from's page-fragment head
 * becomes one of to's frags (its page reference with it) and from's frags follow, moved when from's data is
 * exclusive and referenced again when it is cloned. Every refusal and every "false" comes before any change.
 */
final class Coalesce {
    private static final String OP = "skb_try_coalesce";

    private final ModelState state;
    private final Release release;

    Coalesce(ModelState state, Release release) {
        this.state = state;
        this.release = release;
    }

    boolean coalesce(long toHandle, long fromHandle) {
        ModelSkb to = state.skb(toHandle, OP);
        ModelSkb from = state.skbToFree(fromHandle, OP); // consumed on success: a released one is freed twice
        if (to == from) {
            throw Refusals.coalesceSelf(toHandle);
        }
        release.requireCallerReference(from, OP);
        if (from.users.value() != 1) {
            throw Refusals.coalesceShared(fromHandle, from.users.value());
        }
        Frags.requireNotListMember(to, OP); // to's len is part of a parent's data_len
        if (cloned(to)) {
            return false;
        }
        if (to.ppRecycle != from.ppRecycle) { // pool and non-pool references never mix in one skb (I-PP-3)
            return false;
        }
        int tailroom = to.dataLen != 0 ? 0 : to.end - to.tail;
        if (from.len <= tailroom) {
            if (to.dataLen != 0) { // from.len == 0: skb_put on a nonlinear skb is the kernel's BUG
                throw Refusals.putNonlinear(toHandle, to.dataLen);
            }
            Frags.requireLength(to, OP, from.len, 0);
            byte[] all = Frags.allBytes(from);
            System.arraycopy(all, 0, to.shinfo.buffer(), to.tail, all.length);
            to.tail += all.length;
            to.len += all.length;
            release.unref(from); // users 1: __kfree_skb, from's data released whole
            return true;
        }
        ModelShinfo fsh = from.shinfo;
        if (!to.shinfo.fragList.isEmpty() || !fsh.fragList.isEmpty() || to.shinfo.zerocopy || fsh.zerocopy) {
            return false;
        }
        int frags = to.shinfo.frags.size() + fsh.frags.size();
        boolean steal = from.headlen() != 0;
        int delta;
        if (steal) {
            // skb_head_is_locked: only an exclusive page-fragment head can become a frag
            if (frags >= Kernel.MAX_SKB_FRAGS || !from.headFrag || cloned(from)) {
                return false;
            }
            delta = from.truesize - Kernel.skbDataAlign(Kernel.SKB_STRUCT_SIZE);
        } else {
            if (frags > Kernel.MAX_SKB_FRAGS) {
                return false;
            }
            delta = from.truesize - state.profile().truesize(from.end - from.head);
        }
        Frags.requireLength(to, OP, from.len, delta);
        boolean shared = cloned(from);
        if (steal) {
            // the head's page reference becomes the frag's: refcount and structRefs stay, its lines are free
            to.shinfo.frags.add(new ModelShinfo.Frag(fsh.headPage, from.data, from.headlen()));
            fsh.headPage.headUnits &= ~fsh.headUnits;
        }
        for (ModelShinfo.Frag f : fsh.frags) {
            if (shared) {
                ppFragRef(from, f.page()); // from's sharers keep theirs
            }
            to.shinfo.frags.add(f);
        }
        if (!shared) {
            fsh.frags.clear(); // the references moved to to
        }
        to.truesize += delta;
        to.len += from.len;
        to.dataLen += from.len;
        partialFree(from, steal);
        return true;
    }

    /**
     * kfree_skb_partial: the struct dies as any other (destructor, extensions, its struct memory); its data is
     * released as usual unless the head was stolen, when the exclusive shared info just ends with it.
     */
    private void partialFree(ModelSkb from, boolean headStolen) {
        release.releaseHeadState(from);
        if (headStolen) {
            ModelState.ensure(from.shinfo.frags.isEmpty(), "I-FRAG-5", "a stolen head's shared info still owns frags");
            from.shinfo.released = true;
            from.shinfo = null;
        } else {
            release.releaseData(from, true);
        }
        release.kfreeSkbmem(from);
    }

    /** skb_pp_frag_ref of a marked from (a pp reference on a pool page), else __skb_frag_ref (get_page). */
    private static void ppFragRef(ModelSkb from, ModelPage page) {
        if (from.ppRecycle && page.pool != null) {
            PagePool.structRef(page);
        } else {
            Frags.structRef(page);
        }
    }

    private static boolean cloned(ModelSkb skb) {
        return DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
    }
}
