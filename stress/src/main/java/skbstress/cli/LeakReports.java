package skbstress.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import skbstress.api.LeakReport;

/**
 * A test's leak report in the run's report: the JSON object {@link LeakReport#json()} writes (summary.json keeps
 * it as it is, and merge carries it), and read back into a {@link LeakReport} for its text form (index.html).
 */
final class LeakReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeakReports() {}

    /** The report as a JSON tree, or null when there is none or it found nothing. */
    static JsonNode tree(LeakReport r) {
        if (r == null || r.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(r.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LeakReport.json() wrote what does not parse: " + e.getMessage(), e);
        }
    }

    /** The text form of a report's JSON; the JSON itself, indented, if it is not one (a newer writer's, say). */
    static String text(JsonNode n) {
        try {
            return report(n).text();
        } catch (RuntimeException e) {
            return n.toPrettyString();
        }
    }

    /** The report a JSON tree holds (the inverse of {@link #tree}). */
    static LeakReport report(JsonNode n) {
        List<LeakReport.Leak> leaks = new ArrayList<>();
        n.path("leaks").forEach(l -> leaks.add(leak(l)));
        List<String> problems = strings(n.path("problems"));
        List<LeakReport.Misuse> misuses = new ArrayList<>();
        for (JsonNode m : n.path("misuses")) {
            JsonNode owner = m.path("lastOwner");
            misuses.add(new LeakReport.Misuse(m.path("kind").asText(), m.path("object").asText(),
                    m.path("message").asText(), strings(m.path("site")), owner.isObject() ? leak(owner) : null));
        }
        return new LeakReport(n.path("level").asText(), leaks, problems, misuses);
    }

    private static LeakReport.Leak leak(JsonNode l) {
        JsonNode a = l.path("allocated");
        LeakReport.Origin allocated = a.isObject() ? new LeakReport.Origin(a.path("thread").asText(),
                a.path("epochMillis").asLong(), strings(a.path("site"))) : null;
        List<LeakReport.Event> history = new ArrayList<>();
        for (JsonNode e : l.path("history")) {
            history.add(new LeakReport.Event(e.path("what").asText(), e.path("thread").asText(),
                    e.path("afterMillis").asLong(), strings(e.path("site"))));
        }
        return new LeakReport.Leak(kind(l.path("kind").asText()), Long.parseUnsignedLong(l.path("handle").asText(), 16),
                l.path("state").asText(), allocated, history, l.path("eventsDropped").asLong());
    }

    private static LeakReport.Kind kind(String label) {
        for (LeakReport.Kind k : LeakReport.Kind.values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no kind of object is labelled '" + label + "'");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }
}
