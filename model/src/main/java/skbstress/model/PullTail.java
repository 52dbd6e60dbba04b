package skbstress.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.DatarefWord;
import skbstress.api.Kernel;
import skbstress.api.Refusals;

/**
 * __pskb_pull_tail and the calls built on it (specs/geometry.md, I-GEOM-7, I-GEOM-8): skb_linearize (all data_len
 * bytes), pskb_may_pull and pskb_pull (the first len bytes made linear). The head is replaced first when it lacks
 * the room (pskb_expand_head with 128 bytes to spare) or is cloned; then the bytes are copied behind the linear
 * ones; frag_list members eaten whole are consumed, a partly eaten one is pulled from the front (cloned first when
 * shared, the clone taking its place); the frags eaten whole drop their page references, a partly eaten one is
 * moved on; the zero-copy ubuf is released as copied when nothing paged is left. Every allocation the call will
 * make is counted before any change ({@link Needs}), so a refused call changes nothing.
 */
final class PullTail {
    private final ModelState state;
    private final Frags frags;
    private final Release release;
    private final ZeroCopy zeroCopy;
    private final Clones clones;

    PullTail(ModelState state, Frags frags, Release release, ZeroCopy zeroCopy, Clones clones) {
        this.state = state;
        this.frags = frags;
        this.release = release;
        this.zeroCopy = zeroCopy;
        this.clones = clones;
    }

    /** The objects (per cache, in the order first needed) and pages one call takes, checked before any change. */
    static final class Needs {
        final Map<ModelCache, Integer> objects = new LinkedHashMap<>();
        long pages;

        void add(ModelCache c) {
            objects.merge(c, 1, Integer::sum);
        }
    }

    void verify(Needs n, String op) {
        for (Map.Entry<ModelCache, Integer> e : n.objects.entrySet()) {
            if (!e.getKey().canAlloc(e.getValue())) {
                throw Refusals.exhausted(e.getKey().name, e.getKey().capacity, "");
            }
        }
        if (n.pages > 0) {
            frags.requirePages((int) Math.min(n.pages, Integer.MAX_VALUE), op);
        }
    }

    // ---------------------------------------------------------------- the calls

    void linearize(long h) {
        ModelSkb skb = state.skb(h, "skb_linearize");
        Frags.requireNotListMember(skb, "skb_linearize");
        if (skb.dataLen == 0) {
            return;
        }
        checked(skb, skb.dataLen, "skb_linearize");
        pullTail(skb, skb.dataLen);
    }

    boolean mayPull(long h, int len) {
        ModelSkb skb = state.skb(h, "pskb_may_pull");
        Frags.requireNotListMember(skb, "pskb_may_pull");
        if (len < 0) {
            throw Refusals.negative("pskb_may_pull", "len", len, "I-GEOM-8");
        }
        if (len <= skb.headlen()) {
            return true;
        }
        if (len > skb.len) {
            return false; // SKB_DROP_REASON_PKT_TOO_SMALL: nothing changed
        }
        checked(skb, len - skb.headlen(), "pskb_may_pull");
        pullTail(skb, len - skb.headlen());
        return true;
    }

    void pskbPull(long h, int len) {
        ModelSkb skb = state.skb(h, "pskb_pull");
        Frags.requireNotListMember(skb, "pskb_pull");
        if (len < 0) {
            throw Refusals.negative("pskb_pull", "len", len, "I-GEOM-8");
        }
        if (len > skb.len) {
            throw Refusals.pullTooFar(h, len, skb.len, Refusals.where(skb.len, skb.dataLen, skb.head, skb.data,
                    skb.tail, skb.end));
        }
        if (len > skb.headlen()) {
            checked(skb, len - skb.headlen(), "pskb_pull");
        }
        pull(skb, len);
    }

    private void checked(ModelSkb skb, int delta, String op) {
        Needs n = new Needs();
        planPullTail(skb, delta, DatarefWord.cloned(skb.cloned, skb.shinfo.dataref), skb.users.value(), op, n);
        verify(n, op); // every refusal before any change
    }

    // ---------------------------------------------------------------- planning (no change)

    /**
     * Counts what pskb_expand_head(skb, 0, ntail) takes and refuses where it would ({@code users}: skb's users when
     * it runs; {@code cloned}: whether its data is cloned then).
     */
    void planExpand(ModelSkb skb, long ntail, boolean cloned, int users, String op, Needs n) {
        if (users != 1) {
            throw Refusals.sharedExpand(op, skb.handle, users);
        }
        long size = (long) (skb.end - skb.head) + ntail;
        if (size > Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)) {
            throw Refusals.newHeadTooLarge(op, size);
        }
        n.add(state.heads((int) size));
        if (cloned && zeroCopy.needsOrphan(skb.shinfo)) {
            n.pages += zeroCopy.orphanPages(skb.shinfo);
        }
    }

    /**
     * Counts what skb_clone of a shared frag_list member takes, refusing where skb_clone would ({@code users}: the
     * member's users when it is cloned). Zero-copy frags to orphan are always refused: the member is shared then,
     * and skb_copy_ubufs refuses a shared skb (I-ZC-3), so the kernel's clone fails after the head was replaced.
     */
    void planClone(ModelSkb m, int users, String op, Needs n) {
        if (zeroCopy.needsOrphan(m.shinfo)) {
            throw Refusals.orphanShared(op, m.handle, users);
        }
        if (!clones.checkClone(m, op)) {
            n.add(state.headCache());
        }
    }

    /** Plans __pskb_pull_tail(skb, delta) without changing anything. */
    void planPullTail(ModelSkb skb, int delta, boolean cloned, int users, String op, Needs n) {
        long eat = (long) skb.tail + delta - skb.end;
        boolean expand = eat > 0 || cloned;
        if (expand) {
            planExpand(skb, eat > 0 ? eat + 128 : 0, cloned, users, op, n);
        }
        boolean membersShared = expand && cloned; // the new head takes a users reference on every member
        long rest = (long) delta - skb.shinfo.fragBytes();
        for (ModelSkb m : skb.shinfo.fragList) {
            if (rest <= 0) {
                return;
            }
            if (m.len <= rest) {
                rest -= m.len;
                continue;
            }
            if (membersShared || m.users.value() > 1) {
                planClone(m, m.users.value() + (membersShared ? 1 : 0), op, n);
                planPull(m, (int) rest, true, 1, op, n);
            } else {
                planPull(m, (int) rest, DatarefWord.cloned(m.cloned, m.shinfo.dataref), 1, op, n);
            }
            return;
        }
    }

    private void planPull(ModelSkb skb, int len, boolean cloned, int users, String op, Needs n) {
        if (len > skb.headlen()) {
            planPullTail(skb, len - skb.headlen(), cloned, users, op, n);
        }
    }

    // ---------------------------------------------------------------- the changes (once planned)

    /** pskb_pull once planned: the first len bytes made linear, then pulled off the front. */
    void pull(ModelSkb skb, int len) {
        if (len > skb.headlen()) {
            pullTail(skb, len - skb.headlen());
        }
        skb.data += len;
        skb.len -= len;
    }

    /** __pskb_pull_tail(skb, delta) once planned. */
    void pullTail(ModelSkb skb, int delta) {
        long eat = (long) skb.tail + delta - skb.end;
        boolean expand = eat > 0 || DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
        byte[] all = Frags.allBytes(skb);
        if (expand) {
            frags.doExpand(skb, 0, eat > 0 ? (int) (eat + 128) : 0);
        }
        ModelShinfo sh = skb.shinfo;
        System.arraycopy(all, skb.headlen(), sh.buffer(), skb.tail, delta);
        int rest = delta - sh.fragBytes();
        if (rest > 0) {
            pullMembers(sh, rest);
        }
        int left = delta;
        List<ModelShinfo.Frag> kept = new ArrayList<>();
        for (ModelShinfo.Frag f : sh.frags) {
            if (f.size() <= left) {
                left -= f.size();
                frags.skbPageUnref(f.page(), skb.ppRecycle); // eaten whole: the page reference goes
            } else {
                kept.add(left == 0 ? f : new ModelShinfo.Frag(f.page(), f.offset() + left, f.size() - left));
                left = 0;
            }
        }
        sh.frags.clear();
        sh.frags.addAll(kept);
        skb.tail += delta;
        skb.dataLen -= delta;
        if (skb.dataLen == 0) {
            zeroCopy.zcopyClear(sh, false);
        }
    }

    /**
     * The frag_list part of a pull of {@code rest} bytes: the members eaten whole are consumed; a partly eaten one
     * is pulled in place when only this list holds it, else cloned, the clone pulled and put first in the list.
     */
    private void pullMembers(ModelShinfo sh, int rest) {
        int eaten = 0;
        ModelSkb clone = null;
        for (ModelSkb m : sh.fragList) {
            if (m.len <= rest) {
                rest -= m.len;
                eaten++;
                if (rest == 0) {
                    break;
                }
                continue;
            }
            if (m.users.value() > 1) { // skb_shared: another holder still reads it whole
                clone = clones.doClone(m, clones.checkClone(m, "__pskb_pull_tail"));
                pull(clone, rest);
                eaten++; // the original leaves the list with the eaten ones
            } else {
                pull(m, rest);
            }
            break;
        }
        for (int i = 0; i < eaten; i++) { // consume_skb of each
            ModelSkb m = sh.fragList.remove(0);
            m.listRefs--;
            release.unref(m);
        }
        if (clone != null) {
            clone.listRefs++; // the list owns the clone's one reference
            sh.fragList.add(0, clone);
        }
        sh.listDepth = depth(sh);
    }

    /** How deep the frag_list tree below {@code sh} goes now. */
    static int depth(ModelShinfo sh) {
        int d = 0;
        for (ModelSkb m : sh.fragList) {
            d = Math.max(d, m.shinfo.listDepth + 1);
        }
        return d;
    }
}
