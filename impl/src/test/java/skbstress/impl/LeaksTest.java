package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The quiescence check reports the counters that must agree with the caches, not only the caches: a lost
 * update of either (a racing decrement, say) leaves no live object behind, so nothing else would see it.
 */
class LeaksTest {
    @Test
    void aFreeFunctionCountedDueButNeverRunIsReported() throws ReflectiveOperationException {
        SkbImpl impl = new SkbImpl();
        long buf = impl.createDriverBuffer(4096, b -> { });
        impl.releaseDriverBuffer(buf);
        assertThat(impl.leaks().text()).as("the free function ran inside the release").isEmpty();
        Field pending = Callbacks.class.getDeclaredField("pending");
        pending.setAccessible(true);
        pending.setInt(state(impl).callbacks, 1); // as a lost decrement would leave it
        assertThat(impl.leaks().text()).contains("free functions due but not run: 1");
    }

    @Test
    void aPageCountThatDriftedFromThePageCacheIsReported() throws ReflectiveOperationException {
        SkbImpl impl = new SkbImpl();
        long page = impl.allocPage();
        impl.putPage(page);
        assertThat(impl.leaks().text()).isEmpty();
        Field pages = SkbImpl.class.getDeclaredField("pages");
        pages.setAccessible(true);
        Field live = ImplPages.class.getDeclaredField("livePages");
        live.setAccessible(true);
        ((AtomicInteger) live.get(pages.get(impl))).incrementAndGet(); // a lost decrement of a page's release
        assertThat(impl.leaks().text()).contains("page count 1 but 0 pages live");
    }

    private static ImplState state(SkbImpl impl) throws ReflectiveOperationException {
        Field st = SkbImpl.class.getDeclaredField("st");
        st.setAccessible(true);
        return (ImplState) st.get(impl);
    }
}
