package skbstress.races;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The jcstress tests of this project, as jcstress's annotation processor listed them in META-INF/TestList. */
public final class RaceCatalog {
    private RaceCatalog() {}

    /** Test class names under {@code skbstress.races}, canaries included, in the processor's order. */
    public static List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (URL u : Collections.list(RaceCatalog.class.getClassLoader().getResources("META-INF/TestList"))) {
                try (InputStream in = u.openStream()) {
                    String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Matcher m = Pattern.compile("JCTEST(\\d+)S").matcher(list); // a length-prefixed class name
                    while (m.find()) {
                        String name = list.substring(m.end(), m.end() + Integer.parseInt(m.group(1)));
                        if (name.startsWith("skbstress.races.")) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(names);
    }

    /** Whether a test is a canary (a deliberately broken variant that must fail). */
    public static boolean canary(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.startsWith("Broken") || simple.startsWith("Wrong");
    }

    /** The jcstress -t regex selecting the real tests, or the canaries. */
    public static String selector(boolean canaries) {
        return canaries ? "skbstress\\.races\\.(Broken|Wrong)" : "skbstress\\.races\\.(?!Broken|Wrong)";
    }
}
