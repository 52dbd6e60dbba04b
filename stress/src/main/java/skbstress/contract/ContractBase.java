package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import skbstress.api.ErrorCode;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.junit.SkbLeakCheck;
import skbstress.model.CheckedOps;

/**
 * Base of the contract suite: every test runs against an implementation wrapped in {@link CheckedOps}
 * (every invariant checked after every call; refused calls must leave the state unchanged), and fails if
 * anything is still allocated or was warned about when it ends ({@link SkbLeakCheck}, with the leak report).
 */
public abstract class ContractBase {
    protected SkbOps ops;
    private SkbOps raw;
    /** Fails a test that leaves anything live or warned about, with the implementation's leak report. */
    @RegisterExtension
    final SkbLeakCheck leakCheck = new SkbLeakCheck();

    /** A fresh implementation under test. */
    protected abstract SkbOps create(SkbConfig config);

    @BeforeEach
    void setUpOps() {
        reset(SkbConfig.UNBOUNDED);
    }

    /** Replaces the implementation under test with a fresh one built with {@code config}. */
    protected void reset(SkbConfig config) {
        raw = leakCheck.checkOnly(create(config));
        ops = CheckedOps.wrap(raw);
    }

    /** The implementation without the per-call checks, for tests that make tens of thousands of calls. */
    protected SkbOps unchecked() {
        return raw;
    }

    /**
     * Runs {@code call} while {@code skb} is in the middle of another thread's operation, or returns false
     * when the implementation is sequential (the model): then no call can meet another on one skb.
     */
    protected boolean whileInUseElsewhere(long skb, Runnable call) {
        return false;
    }

    /** For a test whose point is a leak (a saturated counter): the leak check is skipped. */
    protected void expectLeak() {
        leakCheck.expectLeak();
    }

    public static void assertNothingLive(Snapshot s) {
        assertThat(s.liveObjects()).as("live slab objects at the end of the test:\n%s", s).isZero();
        assertThat(s.skbs()).as("live skbs").isEmpty();
        assertThat(s.pages()).as("live pages").isEmpty();
        assertThat(s.driverBuffers()).as("driver buffers whose free function has not run").isEmpty();
        assertThat(s.ubufs()).as("ubufs that have not completed").isEmpty();
        assertThat(s.objects()).as("caller objects").isEmpty();
        assertThat(s.pools()).as("page pools not ended").isEmpty();
    }

    /** Runs a call that must be refused with {@code code}; the state must be unchanged. */
    protected SkbException refused(ErrorCode code, Runnable call) {
        Snapshot before = ops.snapshot();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(t).as("expected %s", code).isInstanceOf(SkbException.class);
        SkbException e = (SkbException) t;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).contains(e.invariant()).contains(code.name());
        assertThat(ops.snapshot()).as("state after the refused call").isEqualTo(before);
        return e;
    }

    protected static void assertRefused(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SkbException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    protected Snapshot.Skb v(long skb) {
        return ops.view(skb);
    }

    protected Snapshot.Cache cache(int id) {
        return ops.snapshot().caches().get(id);
    }

    /** {@code n} bytes of a pattern that differs by seed. */
    protected static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + 1);
        }
        return b;
    }

    protected static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
