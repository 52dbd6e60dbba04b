package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * The life of an skb struct in the implementation: generations that never come back, and a release
 * that waits for a thread inside an operation on the struct.
 */
class SkbLifeTest {

    @Test
    void aStructRetiresBeforeItsGenerationWrapsSoAStaleHandleStaysStale() {
        SkbImpl impl = new SkbImpl();
        long first = impl.allocSkb(64, false);
        SkbDesc d = impl.descForTest(first);
        impl.free(first);
        SkbImpl.ageForTest(d, (1L << 31) - 2); // its next life is its last
        long last = impl.allocSkb(64, false);
        assertThat(impl.descForTest(last)).isSameAs(d);
        skbstress.api.Snapshot.Cache before = impl.snapshot().caches().get(skbstress.api.SkbOps.HEAD_CACHE);
        assertThat(impl.free(last)).isTrue();
        skbstress.api.Snapshot.Cache after = impl.snapshot().caches().get(skbstress.api.SkbOps.HEAD_CACHE);
        assertThat(after.slabs()).as("an unbounded cache makes nothing in a retired struct's place").isEqualTo(before.slabs());
        assertThat(after.free()).as("and the retired struct is not free").isEqualTo(before.free());
        for (int k = 0; k < 100; k++) {
            long h = impl.allocSkb(64, false);
            assertThat(impl.descForTest(h)).as("I-USERS-2: the retired struct is never handed out again").isNotSameAs(d);
            impl.free(h);
        }
        SkbException e = catchThrowableOfType(SkbException.class, () -> impl.free(last));
        assertThat(e.code()).as("its last handle stays stale").isEqualTo(ErrorCode.DOUBLE_FREE);
        assertThat(catchThrowableOfType(SkbException.class, () -> impl.get(first)).code())
                .isEqualTo(ErrorCode.USE_AFTER_FREE);
        assertThat(impl.leaks().text()).isEmpty();
    }

    /**
     * A clone whose check found skb2 free, with lives left, while another cloner then took skb2's last life and
     * freed it before this clone's compare-and-set of fclone_ref: the CAS wins (fclone_ref is 1 again), and the
     * clone must still not start a life on the retired skb2.
     */
    @Test
    void aFastCloneThatARacingCloneBeatToSkb2sLastLifeTakesAHeadCacheStruct() {
        SkbImpl impl = new SkbImpl();
        long orig = impl.allocSkb(64, true);
        long c1 = impl.clone(orig);
        SkbDesc skb2 = impl.descForTest(c1);
        impl.free(c1);
        SkbImpl.ageForTest(skb2, (1L << 31) - 2); // its next life is its last
        ImplHandles handles = impl.handlesForTest();
        SkbDesc d = handles.pinReader(orig, "skb_clone");
        boolean fast = impl.clonesForTest().checkClone(d, orig, "skb_clone");
        assertThat(fast).as("checked: skb2 free and not retired").isTrue();
        long racing = impl.clone(orig); // the other cloner, between this clone's check and its CAS
        assertThat(impl.descForTest(racing)).as("skb2's last life").isSameAs(skb2);
        impl.free(racing);
        SkbDesc n = impl.clonesForTest().doClone(d, fast);
        handles.unpinReader(d);
        assertThat(n).as("I-FCLONE-3: a retired skb2 is never handed out again").isNotSameAs(skb2);
        long c = ImplHandles.handleOf(n);
        assertThat(impl.view(c).fclone()).isEqualTo(skbstress.api.FcloneState.UNAVAILABLE);
        assertThat(catchThrowableOfType(SkbException.class, () -> impl.free(racing)).code())
                .as("skb2's last handle stays stale").isEqualTo(ErrorCode.DOUBLE_FREE);
        impl.free(c);
        impl.free(orig);
        assertThat(impl.leaks().text()).isEmpty();
    }

    /**
     * Two clones checked while the data had one reference below the limit both pass the check; only one may take
     * a reference, or the count carries into the payload-only half of the word (I-DATA-2).
     */
    @Test
    void twoClonesCheckedOneBelowTheDatarefLimitTakeOneReferenceBetweenThem() {
        SkbImpl impl = new SkbImpl();
        long orig = impl.allocSkb(64, false);
        SkbDesc d = impl.descForTest(orig);
        d.shinfo.setDatarefRelease(skbstress.api.DatarefWord.MASK - 1); // as if 65,533 clones shared the data
        ImplHandles handles = impl.handlesForTest();
        SkbDesc pinned = handles.pinReader(orig, "skb_clone");
        ImplClones clones = impl.clonesForTest();
        boolean a = clones.checkClone(pinned, orig, "skb_clone");
        boolean b = clones.checkClone(pinned, orig, "skb_clone"); // a second cloner, before the first adds
        SkbDesc first = clones.doClone(pinned, a);
        SkbException e = catchThrowableOfType(SkbException.class, () -> clones.doClone(pinned, b));
        handles.unpinReader(pinned);
        assertThat(e).as("the second clone is refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.DATAREF_OVERFLOW);
        assertThat(d.shinfo.getDatarefAcquire()).as("the limit, not past it")
                .isEqualTo(skbstress.api.DatarefWord.MASK);
        impl.free(ImplHandles.handleOf(first));
        d.shinfo.setDatarefRelease(1); // the 65,533 stand-ins gone
        impl.free(orig);
        assertThat(impl.leaks().text()).as("the refused clone's struct went back").isEmpty();
    }

    @Test
    void skb2OfAPairThatUsedItsGenerationsIsNotHandedOutAgain() {
        SkbImpl impl = new SkbImpl();
        long orig = impl.allocSkb(64, true);
        long c1 = impl.clone(orig);
        SkbDesc skb2 = impl.descForTest(c1);
        impl.free(c1);
        SkbImpl.ageForTest(skb2, (1L << 31) - 2);
        long c2 = impl.clone(orig);
        assertThat(impl.descForTest(c2)).as("the last life of skb2").isSameAs(skb2);
        impl.free(c2);
        long c3 = impl.clone(orig);
        assertThat(impl.view(c3).fclone()).as("I-FCLONE-3: then the slow path").isEqualTo(skbstress.api.FcloneState.UNAVAILABLE);
        assertThat(catchThrowableOfType(SkbException.class, () -> impl.free(c2)).code()).isEqualTo(ErrorCode.DOUBLE_FREE);
        impl.free(c3);
        impl.free(orig);
        assertThat(impl.leaks().text()).isEmpty();
    }

    @Test
    void theLastFreeWhileAnotherThreadIsInsideReleasesWhenItLeaves() {
        SkbImpl impl = new SkbImpl();
        long skb = impl.allocSkb(64, false);
        impl.setDestructor(skb, 3);
        ImplHandles handles = impl.handlesForTest();
        SkbDesc d = handles.pinReader(skb, "a racing skb_clone");
        assertThat(impl.free(skb)).as("I-USERS-2: the drop released it").isTrue();
        assertThat(catchThrowableOfType(SkbException.class, () -> impl.free(skb)).code())
                .isEqualTo(ErrorCode.DOUBLE_FREE);
        assertThat(impl.liveObjects(SkbOps.HEAD_CACHE)).as("not under the thread inside").isEqualTo(1);
        assertThat(impl.snapshot().destructorLog()).isEmpty();
        handles.unpinReader(d);
        assertThat(impl.liveObjects(SkbOps.HEAD_CACHE)).as("the last one out released it").isZero();
        assertThat(impl.snapshot().destructorLog()).hasSize(1);
        assertThat(impl.leaks().text()).isEmpty();
    }

    /**
     * P-SKB-1 under misuse: a thread with a stale handle that pinned the dead struct an instant before it
     * was handed out again (the window the concurrent soak found) must not make the new owner's edit look
     * concurrent. The pin word carries the life it pins: the new life drops the stale pin.
     */
    @Test
    void aStalePinNeverMakesTheNextOwnersEditLookConcurrent() {
        SkbImpl impl = new SkbImpl();
        long first = impl.allocSkb(64, false);
        SkbDesc d = impl.descForTest(first);
        impl.free(first);
        int dead = skbstress.impl.slab.HandleWord.generation(first);
        // the stale holder's pin lands on the dead struct (its pin word still names the old life)
        assertThat(d.compareAndSetPins(SkbPins.make(dead, 0), SkbPins.make(dead, SkbPins.READER))).isTrue();
        long next = impl.allocSkb(64, false);
        assertThat(impl.descForTest(next)).as("the struct comes back").isSameAs(d);
        impl.put(next, new byte[] {1, 2, 3}); // refused with CONCURRENT_USE when the stale pin survives
        assertThat(impl.view(next).len()).isEqualTo(3);
        assertThat(catchThrowableOfType(SkbException.class, () -> impl.clone(first)).code())
                .as("the stale handle stays refused").isEqualTo(ErrorCode.USE_AFTER_FREE);
        assertThat(SkbPins.inside(d.getPinsVolatile())).as("nobody inside once the owner is done").isZero();
        assertThat(impl.free(next)).isTrue();
        assertThat(impl.leaks().text()).isEmpty();
    }
}
