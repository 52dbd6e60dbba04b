package skbstress.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * A captured stack as a report shows it: the caller's frames only. Every call from outside enters through
 * {@link SkbImpl}, so the frames up to its last are ours and are cut; so are the frames of wrappers between the
 * caller and it (the contract suite's checking proxy, reflection).
 */
final class Sites {
    private Sites() {}

    /** Frames kept after the cut: enough for a test's line and the few callers above it. */
    static final int DEPTH = 8;

    private static final String IMPL = SkbImpl.class.getName();

    static List<String> trimmed(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        int from = 0;
        for (int i = 0; i < st.length; i++) {
            if (st[i].getClassName().equals(IMPL)) {
                from = i + 1; // the last frame of the entry point seen so far
            } else if (from > 0) {
                break;
            }
        }
        if (from == 0) { // not under a public call (a test of this package): cut the package's own frames
            while (from < st.length && st[from].getClassName().startsWith("skbstress.impl.")
                    && !st[from].getClassName().endsWith("Test")) {
                from++;
            }
        }
        while (from < st.length && wrapper(st[from].getClassName())) {
            from++;
        }
        List<String> out = new ArrayList<>();
        for (int i = from; i < st.length && out.size() < DEPTH; i++) {
            StackTraceElement e = st[i];
            if (!out.isEmpty() && framework(e.getClassName())) {
                break; // the test framework's or reflection's frames that called the caller: noise in a report
            }
            out.add(e.getClassName() + "." + e.getMethodName() + "(" + (e.getFileName() == null ? "?"
                    : e.getFileName() + (e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : "")) + ")");
        }
        return out;
    }

    private static boolean framework(String c) {
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.") || c.startsWith("org.junit.")
                || c.startsWith("sun.reflect.");
    }

    private static boolean wrapper(String c) {
        return c.startsWith("skbstress.model.CheckedOps") || c.startsWith("jdk.proxy") || c.startsWith("com.sun.proxy")
                || c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.");
    }
}
