package skbstress.contract;

import org.junit.jupiter.api.Nested;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;

/**
 * The whole skb contract suite, for any implementation of {@link SkbOps}: extend it in a JUnit 5 test
 * class and say how to build a fresh implementation. Every area runs as a nested class; every call is
 * checked against the invariants of {@code specs/} and every refused call must leave the state unchanged
 * ({@link ContractBase}). The model and our implementation run it this way, as a user's would:
 *
 * <pre>
 * class MySkbKeepsTheContracts extends SkbContracts {
 *     protected SkbOps create(SkbConfig config) { return new MySkb(config); }
 * }
 * </pre>
 *
 * One area alone is one of the abstract classes ({@code UsersContract}, ...) with the same method.
 */
public abstract class SkbContracts {
    /** A fresh implementation under test, built with {@code config}. */
    protected abstract SkbOps create(SkbConfig config);

    /**
     * Runs {@code call} while {@code skb} is in the middle of another thread's operation on {@code ops} (the
     * implementation without its checks), and returns true; or returns false, as by default, where the
     * implementation offers no way to hold an skb that way (a sequential one: then no call meets another).
     */
    protected boolean whileInUseElsewhere(SkbOps ops, long skb, Runnable call) {
        return false;
    }

    @Nested
    class Geometry extends GeometryContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Users extends UsersContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Dataref extends DatarefContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Fclone extends FcloneContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Frags extends FragsContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Linearize extends LinearizeContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Coalesce extends CoalesceContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Segment extends SegmentContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class PullTrim extends PullTrimContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class PagePool extends PagePoolContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Ext extends ExtContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Napi extends NapiContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Socket extends SocketContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class ZeroCopy extends ZeroCopyContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class PageFlip extends PageFlipContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Slab extends SlabContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Destructor extends DestructorContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Scenario extends ScenarioContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Errors extends ErrorsContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }

        @Override
        protected boolean whileInUseElsewhere(long skb, Runnable call) {
            return SkbContracts.this.whileInUseElsewhere(unchecked(), skb, call);
        }
    }

    @Nested
    class Misuse extends MisuseContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Lkdtm extends LkdtmConformance {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class MsgZerocopy extends ZerocopyConformance {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Dpdk extends DpdkConformance {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }

    @Nested
    class Slub extends SlabConformance {
        @Override
        protected SkbOps create(SkbConfig c) {
            return SkbContracts.this.create(c);
        }
    }
}
