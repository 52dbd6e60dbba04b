package skbstress.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * PIT's standard operators on the sequential code, read from the {@code mutations.xml} a PIT run leaves
 * ({@code ./mvnw -B -o -pl model,impl org.pitest:pitest-maven:mutationCoverage}), so that one report carries
 * both measures. Counted as PIT counts: a mutant is detected when PIT marks it so (killed, timed out,
 * out of memory, run error); the score is detected of generated, uncovered mutants included.
 */
public final class PitScores {
    private PitScores() {}

    /** One module's PIT run: its counts by status, its score, and every mutant it did not detect. */
    public record Module(String name, String source, int generated, int detected, TreeMap<String, Integer> byStatus,
                         List<Survivor> survivors) {
        public double percent() {
            return generated == 0 ? 0 : 100.0 * detected / generated;
        }
    }

    /** A mutant PIT did not detect: where, which operator, and what it changed. */
    public record Survivor(String status, String clazz, String method, int line, String mutator, String description) {}

    /**
     * Reads {@code dir/mutations.xml}; the module is named after the folder that holds {@code target}.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable, or holds no mutation
     */
    public static Module read(Path dir) {
        Path xml = Files.isDirectory(dir) ? dir.resolve("mutations.xml") : dir;
        if (!Files.isRegularFile(xml)) {
            throw new IllegalArgumentException("--pit " + dir + ": no mutations.xml (run PIT with its XML output first)");
        }
        NodeList ms;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no entities from outside
            javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // errors become the refusal below, unprinted
            ms = b.parse(xml.toFile()).getElementsByTagName("mutation");
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("--pit " + xml + ": not a PIT report: " + e.getMessage());
        }
        if (ms.getLength() == 0) {
            throw new IllegalArgumentException("--pit " + xml + ": holds no mutation");
        }
        TreeMap<String, Integer> byStatus = new TreeMap<>();
        List<Survivor> survivors = new ArrayList<>();
        int detected = 0;
        for (int i = 0; i < ms.getLength(); i++) {
            Element m = (Element) ms.item(i);
            String status = m.getAttribute("status");
            byStatus.merge(status, 1, Integer::sum);
            if (Boolean.parseBoolean(m.getAttribute("detected"))) {
                detected++;
            } else {
                String mutator = text(m, "mutator");
                survivors.add(new Survivor(status, text(m, "mutatedClass"), text(m, "mutatedMethod"),
                        parseLine(text(m, "lineNumber")), mutator.substring(mutator.lastIndexOf('.') + 1),
                        text(m, "description")));
            }
        }
        survivors.sort(java.util.Comparator.comparing(Survivor::clazz).thenComparingInt(Survivor::line));
        return new Module(moduleName(xml), xml.toString(), ms.getLength(), detected, byStatus, survivors);
    }

    private static String moduleName(Path xml) {
        Path abs = xml.toAbsolutePath().normalize();
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("target") && p.getParent() != null) {
                return p.getParent().getFileName().toString();
            }
        }
        return abs.getParent().getFileName().toString();
    }

    private static String text(Element m, String tag) {
        NodeList n = m.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
    }

    private static int parseLine(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code impl: 1400 of 1765 detected (79.3%)} */
    public static String summary(Module m) {
        return String.format(Locale.ROOT, "PIT %s: %d of %d detected (%.1f%%); %s", m.name(), m.detected(),
                m.generated(), m.percent(), m.byStatus());
    }
}
