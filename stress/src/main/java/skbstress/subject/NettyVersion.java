package skbstress.subject;

/** The version of the Netty on the class path, as its jar states it. */
final class NettyVersion {
    private NettyVersion() {}

    static String of() {
        var versions = io.netty.util.Version.identify();
        var buffer = versions.get("netty-buffer");
        return buffer == null ? "unknown" : buffer.artifactVersion();
    }
}
