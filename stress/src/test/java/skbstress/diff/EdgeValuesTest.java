package skbstress.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;
import skbstress.model.SkbModel;

/** The edge-value sweep ({@link EdgeValues}) on the model and the implementation, and shown able to fail. */
class EdgeValuesTest {
    static final SkbConfig CONFIG = EdgeValues.CONFIG;

    @Test
    void magazinesWorkAtBothEndsOfTheirRangeAndAreRefusedOutsideIt() {
        assertThat(MagazineLimits.problems(m -> new SkbImpl(CONFIG, false, m), 20261201L, 300)).isEmpty();
    }

    @Test
    void aMagazineLimitOffByOneIsSeen() {
        // an implementation that refuses the largest capacity, as an off-by-one bound would
        assertThat(MagazineLimits.problems(m -> {
            if (m >= 1024) {
                throw new IllegalArgumentException("magazine capacity " + m);
            }
            return new SkbImpl(CONFIG, false, m);
        }, 20261201L, 50)).singleElement().asString().startsWith("magazine 1024: crashed");
    }

    @Test
    void theCacheTableFillsAndRefusesAsTheModelDoes() {
        assertThat(CacheTable.problems(() -> new SkbModel(CONFIG), () -> new SkbImpl(CONFIG))).isEmpty();
    }

    @Test
    void anUnboundedCacheGrowsToItsLimitExactlyAsTheModelDoes() {
        assertThat(CacheTable.unboundedProblems(SkbModel::new, SkbImpl::new)).isEmpty();
    }

    @Test
    void aCacheTableThatCrashesAtItsLastRoomIsSeen() {
        // an implementation whose table index runs one past its array when it fills, as an off-by-one would
        SkbOps real = new SkbImpl(CONFIG);
        SkbOps broken = (SkbOps) java.lang.reflect.Proxy.newProxyInstance(SkbOps.class.getClassLoader(),
                new Class<?>[] {SkbOps.class}, (proxy, method, args) -> {
                    Object v;
                    try {
                        v = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("createCache") && (int) v == skbstress.api.Kernel.MAX_CACHES - 1) {
                        throw new ArrayIndexOutOfBoundsException(skbstress.api.Kernel.MAX_CACHES);
                    }
                    return v;
                });
        assertThat(CacheTable.problems(() -> new SkbModel(CONFIG), () -> broken)).singleElement().asString()
                .contains("implementation crashed ArrayIndexOutOfBoundsException");
    }

    @Test
    void everyOperationRefusesOrAcceptsEveryExtremeValueAsTheModelDoes() {
        EdgeValues.Sweep r = EdgeValues.sweep(() -> new SkbModel(CONFIG), () -> new SkbImpl(CONFIG), 20261130L, 20);
        System.out.printf("edge values: %d calls, %d accepted, %d refused by name%n", r.calls(), r.accepted(), r.refused());
        assertThat(r.accepted()).as("accepted calls (checked against the invariants)").isGreaterThan(r.calls() / 10);
        assertThat(r.refused()).as("refused calls (checked for an unchanged state)").isGreaterThan(r.calls() / 10);
        assertThat(r.problems()).as("calls whose outcome was a crash, a changed state on refusal, a broken invariant "
                + "or a disagreement").isEmpty();
    }

    @Test
    void theSweepCoversEveryOperationAndEveryExtreme() {
        List<EdgeValues.Call> calls = EdgeValues.calls(1, 12);
        assertThat(calls.stream().map(EdgeValues.Call::method).distinct()).hasSameSizeAs(EdgeValues.operations());
        assertThat(EdgeValues.operations()).hasSizeGreaterThan(50);
        long intCalls = calls.stream().filter(c -> Arrays.stream(c.args())
                .anyMatch(a -> a.type() == int.class && a.pick() == 4)).count(); // Integer.MIN_VALUE
        assertThat(intCalls).as("calls with Integer.MIN_VALUE somewhere").isGreaterThan(50);
    }

    /**
     * The sweep can fail: a refusal that changed the state (a put that wrote, then said SKB_OVER) is caught.
     * Only put's calls are swept: the rest of the sweep is the test above.
     */
    @Test
    void aRefusalThatChangedTheStateIsCaught() {
        List<String> problems = EdgeValues.sweep(() -> new SkbModel(CONFIG), () -> proxy(new SkbImpl(CONFIG), "put", (real, args) -> {
            byte[] bytes = (byte[]) args[1];
            // too long for any fixture skb: write one byte, then refuse (where one byte may be written)
            if (bytes != null && bytes.length > 1000 && !real.cloned((long) args[0])) {
                real.put((long) args[0], new byte[1]);
                throw new SkbException(ErrorCode.SKB_OVER, "I-GEOM-1", "refused after writing");
            }
            real.put((long) args[0], bytes);
            return null;
        }), 4L, 1, "put").problems(); // seed 4 sweeps puts of 4096 and 70000 bytes onto the linear fixture skb
        assertThat(problems).singleElement().asString().contains("put").contains("the state changed");
    }

    interface Replacement {
        Object call(SkbOps real, Object[] args) throws Throwable;
    }

    /** The implementation with one operation replaced. */
    static SkbOps proxy(SkbOps real, String name, Replacement override) {
        return (SkbOps) java.lang.reflect.Proxy.newProxyInstance(SkbOps.class.getClassLoader(),
                new Class<?>[] {SkbOps.class}, (proxy, method, args) -> {
                    if (method.getName().equals(name)) {
                        return override.call(real, args);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The sweep can fail: an implementation that refuses a negative reserve with a raw JDK exception is caught. */
    @Test
    void aReserveThatWrapsIsCaught() {
        Supplier<SkbOps> broken = () -> proxy(new SkbImpl(CONFIG), "reserve", (real, args) -> {
            if ((int) args[1] < 0) {
                throw new IllegalArgumentException("a raw JDK refusal of " + args[1]);
            }
            real.reserve((long) args[0], (int) args[1]);
            return null;
        });
        List<String> problems = EdgeValues.sweep(() -> new SkbModel(CONFIG), broken, 20261130L, 1, "reserve")
                .problems();
        assertThat(problems).singleElement().asString().contains("reserve").contains("crashed");
    }
}
