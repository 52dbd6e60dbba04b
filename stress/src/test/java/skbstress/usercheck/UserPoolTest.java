package skbstress.usercheck;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.Subject;
import skbstress.subject.SubjectContracts;

/**
 * A user's own pool, not registered anywhere, through the public entry points alone: its sequential
 * contracts, and its Lincheck scenarios in both modes with their canaries caught.
 */
class UserPoolTest {
    /** What a user writes: a pool of byte arrays, and the dozen lines that make it a subject. */
    static final class UserPool implements Subject {
        @Override
        public String name() {
            return "user-pool";
        }

        @Override
        public String about() {
            return "a queue of 64-byte arrays";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.OBJECT_ALLOCATOR);
        }

        @Override
        public ObjectAllocator newAllocator() {
            ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
            AtomicLong out = new AtomicLong();
            return new ObjectAllocator() {
                @Override
                public Object alloc() {
                    byte[] b = free.poll();
                    out.incrementAndGet();
                    return b != null ? b : new byte[64];
                }

                @Override
                public void free(Object o) {
                    out.decrementAndGet();
                    free.add((byte[]) o);
                }

                @Override
                public long outstanding() {
                    return out.get();
                }
            };
        }
    }

    @TestFactory
    Stream<DynamicTest> keepsTheContracts() {
        return SubjectContracts.of(new UserPool());
    }

    @TestFactory
    Stream<DynamicTest> isLinearizable() {
        return SubjectContracts.linearizable(new UserPool());
    }
}
