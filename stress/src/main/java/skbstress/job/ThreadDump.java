package skbstress.job;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Every thread of this JVM with its whole stack, the monitors it holds at each frame, what it waits for,
 * and the synchronizers it owns. {@link ThreadInfo#toString()} stops at eight frames, which hides where a
 * spinning thread really is, so the dump is formatted here.
 */
public final class ThreadDump {
    private ThreadDump() {}

    public static String all() {
        ThreadInfo[] infos = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        Arrays.sort(infos, Comparator.comparing(ThreadInfo::getThreadName));
        StringBuilder out = new StringBuilder();
        out.append(infos.length).append(" threads\n");
        for (ThreadInfo t : infos) {
            out.append('\n');
            append(out, t);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, ThreadInfo t) {
        out.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
                .append(t.isDaemon() ? " daemon" : "").append(' ').append(t.getThreadState());
        if (t.getLockName() != null) {
            out.append(" on ").append(t.getLockName());
            if (t.getLockOwnerName() != null) {
                out.append(" owned by \"").append(t.getLockOwnerName()).append("\" #").append(t.getLockOwnerId());
            }
        }
        out.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            out.append("    at ").append(stack[i]).append('\n');
            if (i == 0 && t.getLockInfo() != null) {
                out.append("    - ").append(waitWord(t)).append(' ').append(t.getLockInfo()).append('\n');
            }
            for (MonitorInfo m : t.getLockedMonitors()) {
                if (m.getLockedStackDepth() == i) {
                    out.append("    - locked ").append(m).append('\n');
                }
            }
        }
        LockInfo[] owned = t.getLockedSynchronizers();
        if (owned.length > 0) {
            out.append("    owns:");
            for (LockInfo l : owned) {
                out.append(' ').append(l);
            }
            out.append('\n');
        }
    }

    private static String waitWord(ThreadInfo t) {
        return switch (t.getThreadState()) {
            case BLOCKED -> "blocked on";
            case WAITING, TIMED_WAITING -> "waiting on";
            default -> "on";
        };
    }
}
