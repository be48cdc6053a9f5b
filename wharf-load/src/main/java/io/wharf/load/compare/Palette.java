package io.wharf.load.compare;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A colour per model, by its place in the comparison, so a model looks the same in every chart of both reports
 * (the PNGs and the HTML, which is handed these colours rather than keeping a list of its own). Stateless.
 */
final class Palette {

    private static final int[] RGB = {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf};

    private Palette() {
    }

    static Color colour(CompareResult r, String model) {
        return new Color(RGB[index(r, model) % RGB.length]);
    }

    /** {@code {"event": "#1f77b4", ...}} in the models' order. */
    static Map<String, String> hexByModel(CompareResult r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ModelResult m : r.models()) {
            out.put(m.model(), String.format("#%06x", RGB[index(r, m.model()) % RGB.length]));
        }
        return out;
    }

    private static int index(CompareResult r, String model) {
        for (int i = 0; i < r.models().size(); i++) {
            if (r.models().get(i).model().equals(model)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no model " + model + " in this comparison");
    }
}
