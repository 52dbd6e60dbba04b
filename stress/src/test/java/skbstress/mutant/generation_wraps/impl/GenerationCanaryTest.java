package skbstress.mutant.generation_wraps.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The canary of the implementation's SkbLifeTest: a struct that never retires
 * (stress/src/mutants/generation-wraps.mutant) comes back, after 2^31 lives, at the generation of its
 * first life, and that life's stale handle then names the new owner's skb (I-USERS-2). The lives are
 * skipped by ageing the struct, as the implementation's own test does.
 */
class GenerationCanaryTest {

    @Test
    void withoutRetirementAStaleHandleNamesTheNewOwnersSkb() {
        SkbImpl impl = new SkbImpl();
        long first = impl.allocSkb(64, false);
        SkbDesc d = impl.descForTest(first);
        impl.free(first);
        SkbImpl.ageForTest(d, (1L << 31) - 1); // the next life ends where the first began
        impl.free(impl.allocSkb(64, false));
        long owner = impl.allocSkb(64, false);
        assertThat(impl.descForTest(owner)).isSameAs(d);
        assertThat(owner).as("the new owner's handle is the first life's").isEqualTo(first);
        // the stale holder's free is accepted, and releases the new owner's skb under it
        assertThat(impl.free(first)).isTrue();
    }
}
