package skbstress.subject;

/** The version of the Netty on the class path, as its jar states it. */
final class NettyVersion {
    private NettyVersion() {}

    static {
        // Netty logs through SLF4J when its API is on the class path, as a dependency of ours puts it with no
        // provider: every JVM's first Netty call would print SLF4J's "no providers" warning. The JDK's
        // logging says the same things, quietly by default.
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
    }

    /** Sets Netty's logging up (the class initializer above), before a subject first calls into Netty. */
    static void ready() {
        // the work is in the static initializer, which runs once
    }

    static String of() {
        var versions = io.netty.util.Version.identify();
        var buffer = versions.get("netty-buffer");
        return buffer == null ? "unknown" : buffer.artifactVersion();
    }
}
