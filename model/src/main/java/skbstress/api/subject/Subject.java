package skbstress.api.subject;

import java.util.Set;

/**
 * Something the suite checks: our implementation, a peer (Netty's buffers, its Recycler), a user's own
 * allocator or buffer. Found with {@link java.util.ServiceLoader}: a jar that lists its class in
 * {@code META-INF/services/skbstress.api.subject.Subject} is a subject, with no change to the suite.
 *
 * <p>Each capability method makes a fresh instance (a new allocator, a new buffer pool), so that tests do
 * not share state; a peer whose allocator must live for the whole JVM (Netty's keep per-thread caches that
 * a new allocator per test would leak) shares that one, and makes fresh objects from it. A method of a
 * capability the subject does not provide throws {@link UnsupportedOperationException}.
 */
public interface Subject {
    /** The name {@code --subject} takes: lower case, digits and dashes. */
    String name();

    /** One line on what it is (the peer and its version, what maps to what). */
    String about();

    /** The capabilities it provides. */
    Set<Capability> capabilities();

    /**
     * Options the JVMs that race the subject start with (jcstress forks one per configuration): system
     * properties that set a peer up for checking, say. None by default.
     */
    default java.util.List<String> jvmArgs() {
        return java.util.List.of();
    }

    /**
     * Why Lincheck's model checker cannot run this subject's code, or null (the default) when it can. Its
     * scenarios then run in stress mode only, and a run lists their model-checking runs as not applicable
     * with this reason.
     */
    default String modelCheckingUnavailable() {
        return null;
    }

    default ObjectAllocator newAllocator() {
        throw new UnsupportedOperationException(name() + " is no object allocator");
    }

    default ReferenceCount newReferenceCount() {
        throw new UnsupportedOperationException(name() + " has no reference count");
    }

    default SharedViews newSharedViews() {
        throw new UnsupportedOperationException(name() + " has no shared views");
    }

    default skbstress.api.SkbOps newSkbOps() {
        throw new UnsupportedOperationException(name() + " has no skb operations");
    }
}
