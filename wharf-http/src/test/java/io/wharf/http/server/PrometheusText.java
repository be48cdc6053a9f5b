package io.wharf.http.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict enough check of the Prometheus text exposition format 0.0.4 (the client has no parser for it):
 * every line is a HELP, a TYPE or a sample; a sample's family was TYPEd before it; no family is TYPEd twice;
 * no series (name and labels) appears twice.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String VALUE = "(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN)";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary"
            + "|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL
            + ")*,?)?})? " + VALUE + "(?: -?\\d+)?");
    private static final String[] SUFFIXES = {"_total", "_bucket", "_count", "_sum", "_created", "_info"};

    private PrometheusText() {
    }

    /** @throws AssertionError naming the first bad line */
    static void check(String text) {
        Map<String, String> types = new HashMap<>();
        Set<String> series = new HashSet<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                if (n != text.split("\n", -1).length) {
                    throw new AssertionError("line " + n + ": empty line inside the exposition");
                }
                continue;
            }
            Matcher m;
            if (HELP.matcher(line).matches()) {
                continue;
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": family TYPEd twice: " + line);
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (!types.containsKey(family(m.group(1), types))) {
                    throw new AssertionError("line " + n + ": sample of no TYPEd family: " + line);
                }
                if (!series.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)))) {
                    throw new AssertionError("line " + n + ": series twice: " + line);
                }
            } else {
                throw new AssertionError("line " + n + " is not exposition format: " + line);
            }
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a newline");
        }
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return sample;
    }
}
