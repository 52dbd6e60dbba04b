package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * A CPU's NAPI cache held by another thread (its owner word taken): allocation and consume use the slab, the
 * same skbs result, only the cache's count stays as it was; a drain is refused, and nothing waits.
 */
class NapiCacheTest {
    private static NapiCache cpu(SkbImpl impl, int cpu) throws ReflectiveOperationException {
        Field f = SkbImpl.class.getDeclaredField("napi");
        f.setAccessible(true);
        Field caches = ImplNapi.class.getDeclaredField("cpus");
        caches.setAccessible(true);
        return ((NapiCache[]) caches.get(f.get(impl)))[cpu];
    }

    @Test
    void aTakenCacheFallsBackToTheSlab() throws ReflectiveOperationException {
        SkbImpl impl = new SkbImpl();
        long first = impl.napiAllocSkb(0, 100);
        assertThat(impl.snapshot().napiCached()).containsExactly(15, 0, 0, 0);
        NapiCache c = cpu(impl, 0);
        assertThat(c.compareAndSetOwner()).as("another thread's BH section").isTrue();
        assertThat(c.compareAndSetOwner()).as("one owner at a time").isFalse();
        long second = impl.napiAllocSkb(0, 100);
        impl.napiConsumeSkb(first, 0, 64);
        assertThat(impl.snapshot().napiCached()).as("neither touched the taken cache").containsExactly(15, 0, 0, 0);
        assertThat(impl.snapshot().caches().get(SkbOps.HEAD_CACHE).live()).as("15 cached + the second skb")
                .isEqualTo(16);
        assertThatThrownBy(() -> impl.napiCacheDrain(0)).isInstanceOfSatisfying(SkbException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_USE));
        c.setOwnerRelease();
        impl.napiConsumeSkb(second, 0, 64);
        assertThat(impl.snapshot().napiCached()).as("given back: used again").containsExactly(16, 0, 0, 0);
        impl.napiCacheDrain(0);
        assertThat(impl.leaks().text()).isEmpty();
    }
}
