package skbstress.canary;

import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;

/**
 * The broken variants of the implementation that the canaries run: each is the implementation with one
 * change (stress/src/mutants/*.mutant), compiled into its own package, so the implementation carries no
 * switch for any of them. Each factory names the kernel bug class it stands for.
 */
public final class Canaries {
    private Canaries() {}

    /** users dropped with a plain read-modify-write (racing drops lose one). */
    public static SkbOps usersPlainDecrement(SkbConfig c, int magazine) {
        return new skbstress.mutant.users_plain_decrement.impl.SkbImpl(c, false, magazine);
    }

    /** skb_linearize pulls a cloned skb in place (drops references its clone still shares). */
    public static SkbOps linearizeWithoutUnclone(SkbConfig c, int magazine) {
        return new skbstress.mutant.linearize_without_unclone.impl.SkbImpl(c, false, magazine);
    }

    /** pskb_trim cuts a cloned skb in place (shortens and drops frags its clone still reads). */
    public static SkbOps trimWithoutUnclone(SkbConfig c, int magazine) {
        return new skbstress.mutant.trim_without_unclone.impl.SkbImpl(c, false, magazine);
    }

    /** An skb_ext's reference dropped with a plain read-modify-write (racing puts lose one: the skb_ext leaks). */
    public static SkbOps extPlainPut(SkbConfig c, int magazine) {
        return new skbstress.mutant.ext_plain_put.impl.SkbImpl(c, false, magazine);
    }

    /** A CPU's NAPI cache taken with a plain read, then a plain write of its owner word (two threads hold it). */
    public static SkbOps napiPlainOwner(SkbConfig c, int magazine) {
        return new skbstress.mutant.napi_plain_owner.impl.SkbImpl(c, false, magazine);
    }

    /** A socket's write charge updated with a plain read-modify-write (racing sock_wfree uncharges lose one). */
    public static SkbOps socketPlainUncharge(SkbConfig c, int magazine) {
        return new skbstress.mutant.socket_plain_uncharge.impl.SkbImpl(c, false, magazine);
    }

    /** A structure's pp reference dropped with a plain read-then-write (racing drops lose one: no recycle). */
    public static SkbOps pagePoolPlainLastDrop(SkbConfig c, int magazine) {
        return new skbstress.mutant.pp_plain_last_drop.impl.SkbImpl(c, false, magazine);
    }

    /** A pool's cache push that expects a head read after linking its node to an older one (a racing push is lost). */
    public static SkbOps pagePoolPushLost(SkbConfig c, int magazine) {
        return new skbstress.mutant.pp_pool_push_lost.impl.SkbImpl(c, false, magazine);
    }

    /** A coalesce of a cloned skb drops its data reference before referencing the frags it hands on. */
    public static SkbOps coalesceReferencesAfterRelease(SkbConfig c, int magazine) {
        return new skbstress.mutant.coalesce_references_after_release.impl.SkbImpl(c, false, magazine);
    }

    /** A segment's frag copies the original's page descriptor without taking a page reference. */
    public static SkbOps segmentWithoutPageReference(SkbConfig c, int magazine) {
        return new skbstress.mutant.segment_without_page_reference.impl.SkbImpl(c, false, magazine);
    }

    /** The last free decided on a plain read of users == 1 (two frees of one reference both release). */
    public static SkbOps lastFreePlainRead(SkbConfig c, int magazine) {
        return new skbstress.mutant.last_free_plain_read.impl.SkbImpl(c, false, magazine);
    }

    /** B11(c): the fclone pair freed when fclone_ref reaches 1. */
    public static SkbOps fclonePairFreedAtOne(SkbConfig c, int magazine) {
        return new skbstress.mutant.fclone_pair_freed_at_one.impl.SkbImpl(c, false, magazine);
    }

    /** B11(a): a dying fast-clone member drops fclone_ref before its own release. */
    public static SkbOps fcloneRefDroppedBeforeRelease(SkbConfig c, int magazine) {
        return new skbstress.mutant.fclone_ref_dropped_before_release.impl.SkbImpl(c, false, magazine);
    }

    /** build_skb does not claim the page lines of its head. */
    public static SkbOps headsWithoutLineClaim(SkbConfig c, int magazine) {
        return new skbstress.mutant.heads_without_line_claim.impl.SkbImpl(c, false, magazine);
    }

    /** A copied shared info points at the ubuf without a reference of its own. */
    public static SkbOps ubufSharedWithoutReference(SkbConfig c, int magazine) {
        return new skbstress.mutant.ubuf_shared_without_reference.impl.SkbImpl(c, false, magazine);
    }

    /** A ubuf's id is the socket's counter after its increment (id 0 never used). */
    public static SkbOps zckeyNewValueAsId(SkbConfig c, int magazine) {
        return new skbstress.mutant.zckey_new_value_as_id.impl.SkbImpl(c, false, magazine);
    }

    /** kmem_cache_create takes a table slot with a check for null, then a store: no CAS. */
    public static SkbOps cacheSlotWithoutCas(SkbConfig c, int magazine) {
        return new skbstress.mutant.cache_slot_without_cas.impl.SkbImpl(c, false, magazine);
    }

    /** A retiring struct counts itself out of its cache with a read, then a write: no atomic add. */
    public static SkbOps retiredCountPlain(SkbConfig c, int magazine) {
        return new skbstress.mutant.retired_count_plain.impl.SkbImpl(c, false, magazine);
    }

    /** Debug mode (poison on) counts a poison violation with a read, then a write: no atomic add. */
    public static SkbOps poisonCountPlain(SkbConfig c, int magazine) {
        return new skbstress.mutant.poison_count_plain.impl.SkbImpl(c, true, magazine);
    }

    /** msg_zerocopy_realloc advances the socket's counter with a check, then a store: no CAS. */
    public static SkbOps extendAdvancesWithoutCas(SkbConfig c, int magazine) {
        return new skbstress.mutant.extend_advances_without_cas.impl.SkbImpl(c, false, magazine);
    }

    /** msg_zerocopy_realloc checks the caller's reference, then extends without holding a reference of its own. */
    public static SkbOps extendChecksThenExtends(SkbConfig c, int magazine) {
        return new skbstress.mutant.extend_checks_then_extends.impl.SkbImpl(c, false, magazine);
    }

    /** A frag_list add backs out on any claim of its member, a caller's undecided free's too. */
    public static SkbOps listAddBacksOutOnAnyClaim(SkbConfig c, int magazine) {
        return new skbstress.mutant.list_add_backs_out_on_any_claim.impl.SkbImpl(c, false, magazine);
    }

    /** A frag_list add takes the member's list reference without excluding another list. */
    public static SkbOps listReferenceWithoutExclusion(SkbConfig c, int magazine) {
        return new skbstress.mutant.list_reference_without_exclusion.impl.SkbImpl(c, false, magazine);
    }

    /** The end of a pin on a slab object decides on a re-read of the life word, not on its decrement's value. */
    public static SkbOps unpinDecidesOnReread(SkbConfig c, int magazine) {
        return new skbstress.mutant.unpin_decides_on_reread.impl.SkbImpl(c, false, magazine);
    }

    /** A frag_list's release gives back its member's list reference before it drops the member. */
    public static SkbOps listReferenceGivenBackBeforeClaim(SkbConfig c, int magazine) {
        return new skbstress.mutant.list_reference_given_back_before_claim.impl.SkbImpl(c, false, magazine);
    }

    /** A copied shared info shares its frag pages without a reference of its own. */
    public static SkbOps copiedFragWithoutPageReference(SkbConfig c, int magazine) {
        return new skbstress.mutant.copied_frag_without_page_reference.impl.SkbImpl(c, false, magazine);
    }

    /** A shared info attaches a ubuf without a reference of its own. */
    public static SkbOps attachWithoutUbufReference(SkbConfig c, int magazine) {
        return new skbstress.mutant.attach_without_ubuf_reference.impl.SkbImpl(c, false, magazine);
    }

    /** A clone shares the data without counting itself in dataref. */
    public static SkbOps cloneWithoutDataref(SkbConfig c, int magazine) {
        return new skbstress.mutant.clone_without_dataref.impl.SkbImpl(c, false, magazine);
    }

    /** The driver's release tests its bit, then clears it with a separate subtraction. */
    public static SkbOps driverBitTestedThenCleared(SkbConfig c, int magazine) {
        return new skbstress.mutant.driver_bit_tested_then_cleared.impl.SkbImpl(c, false, magazine);
    }

    /** A batch pop swings the depot's head with a plain store. */
    public static SkbOps depotBatchPopPlainStore(SkbConfig c, int magazine) {
        return new skbstress.mutant.depot_batch_pop_plain_store.impl.SkbImpl(c, false, magazine);
    }

    /** A free leaves the object's generation where it was. */
    public static SkbOps freeKeepsGeneration(SkbConfig c, int magazine) {
        return new skbstress.mutant.free_keeps_generation.impl.SkbImpl(c, false, magazine);
    }

    /** A driver's release leaves its free function for the thread's next call. */
    public static SkbOps driverReleaseWithoutDrain(SkbConfig c, int magazine) {
        return new skbstress.mutant.driver_release_without_drain.impl.SkbImpl(c, false, magazine);
    }

    /** B11(b): the fast clone taken while skb2 is still in use (fclone_ref 2). */
    public static SkbOps fcloneWhenBusy(SkbConfig c, int magazine) {
        return new skbstress.mutant.fclone_when_busy.impl.SkbImpl(c, false, magazine);
    }

    /** The kernel's fast clone without its owner's serialisation: a plain check and store of fclone_ref. */
    public static SkbOps fastClonePlainStore(SkbConfig c, int magazine) {
        return new skbstress.mutant.fast_clone_plain_store.impl.SkbImpl(c, false, magazine);
    }

    /** dataref dropped with a plain read-modify-write. */
    public static SkbOps datarefPlainDecrement(SkbConfig c, int magazine) {
        return new skbstress.mutant.dataref_plain_decrement.impl.SkbImpl(c, false, magazine);
    }

    /** The driver buffer's free function on every slice's release. */
    public static SkbOps freeFunctionPerSlice(SkbConfig c, int magazine) {
        return new skbstress.mutant.free_function_per_slice.impl.SkbImpl(c, false, magazine);
    }

    /** The ubuf completion on every reference drop. */
    public static SkbOps completionPerRelease(SkbConfig c, int magazine) {
        return new skbstress.mutant.completion_per_release.impl.SkbImpl(c, false, magazine);
    }

    /** A page flip that does not revoke the source's access. */
    public static SkbOps flipWithoutRevoke(SkbConfig c, int magazine) {
        return new skbstress.mutant.flip_without_revoke.impl.SkbImpl(c, false, magazine);
    }

    /** B14/B15: users wraps past REFCOUNT_MAX. */
    public static SkbOps usersWrap(SkbConfig c, int magazine) {
        return new skbstress.mutant.users_wrap.impl.SkbImpl(c, false, magazine);
    }

    /** A clone that reads its original without holding it. */
    public static SkbOps cloneWithoutPin(SkbConfig c, int magazine) {
        return new skbstress.mutant.clone_without_pin.impl.SkbImpl(c, false, magazine);
    }

    /** Edits of one skb that do not exclude other operations on it. */
    public static SkbOps editWithoutExclusion(SkbConfig c, int magazine) {
        return new skbstress.mutant.edit_without_exclusion.impl.SkbImpl(c, false, magazine);
    }

    /** Objects that never retire: generations wrap. */
    public static SkbOps generationWraps(SkbConfig c, int magazine) {
        return new skbstress.mutant.generation_wraps.impl.SkbImpl(c, false, magazine);
    }

    /** Magazines of ended threads never given back. */
    public static SkbOps endedThreadsKeepMagazines(SkbConfig c, int magazine) {
        return new skbstress.mutant.ended_threads_keep_magazines.impl.SkbImpl(c, false, magazine);
    }

    /** The depot's link check off by one: the newest object of a slab is never valid, pops retry for ever. */
    public static SkbOps slabValidOffByOne(SkbConfig c, int magazine) {
        return new skbstress.mutant.slab_valid_off_by_one.impl.SkbImpl(c, false, magazine);
    }

    /** A drop of users that lost its CAS stores the decrement of a re-read plainly (a three-switch bug). */
    public static SkbOps usersRetryPlainStore(SkbConfig c, int magazine) {
        return new skbstress.mutant.users_retry_plain_store.impl.SkbImpl(c, false, magazine);
    }

    /** The registry's removal of an ended thread checks the array unchanged, then stores: no CAS. */
    public static SkbOps forgetWithoutCas(SkbConfig c, int magazine) {
        return new skbstress.mutant.registry_forget_without_cas.impl.SkbImpl(c, false, magazine);
    }

    /** The end of a pin takes the value its decrement replaced from a re-read: two exits can both be last. */
    public static SkbOps unpinLastOutOnReread(SkbConfig c, int magazine) {
        return new skbstress.mutant.unpin_last_out_on_reread.impl.SkbImpl(c, false, magazine);
    }

    /** A flip's revoke reads the pins before its FLIPPING store: the order a StoreLoad reordering gives. */
    public static SkbOps revokeReadsPinsFirst(SkbConfig c, int magazine) {
        return new skbstress.mutant.revoke_reads_pins_first.impl.SkbImpl(c, false, magazine);
    }
}
