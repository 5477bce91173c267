package dev.weft.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Label selector semantics as a table: selector in kubectl syntax, labels, expected match. */
class LabelSelectorTest {

    /** Parses the table's compact syntax: {@code k=v}, {@code k in (a|b)}, {@code k notin (a)}, {@code k}, {@code !k}; {@code ;} separates. */
    static LabelSelector selector(String text) {
        TreeMap<String, String> labels = new TreeMap<>();
        List<LabelRequirement> reqs = new ArrayList<>();
        for (String part : text.isBlank() ? new String[0] : text.split(";")) {
            String p = part.strip();
            if (p.contains(" in ") || p.contains(" notin ")) {
                boolean in = p.contains(" in ");
                String[] kv = p.split(in ? " in " : " notin ");
                List<String> values = List.of(kv[1].replaceAll("[()]", "").split("\\|"));
                reqs.add(new LabelRequirement(kv[0], in ? LabelRequirement.Operator.IN : LabelRequirement.Operator.NOT_IN, values));
            } else if (p.startsWith("!")) {
                reqs.add(new LabelRequirement(p.substring(1), LabelRequirement.Operator.DOES_NOT_EXIST, List.of()));
            } else if (p.contains("=")) {
                labels.put(p.split("=")[0], p.split("=", -1)[1]);
            } else {
                reqs.add(new LabelRequirement(p, LabelRequirement.Operator.EXISTS, List.of()));
            }
        }
        return new LabelSelector(labels, reqs);
    }

    static Map<String, String> labels(String text) {
        Map<String, String> out = new TreeMap<>();
        for (String kv : text.isBlank() ? new String[0] : text.split(";")) {
            out.put(kv.split("=")[0].strip(), kv.split("=", -1)[1].strip());
        }
        return out;
    }

    @ParameterizedTest(name = "[{0}] on [{1}] -> {2}")
    @CsvSource(delimiter = ',', value = {
            "'', '', true",
            "'', 'app=web', true",
            "'app=web', 'app=web;tier=fe', true",
            "'app=web', 'app=db', false",
            "'app=web', '', false",
            "'app=', 'app=', true",
            "'app=web;tier=fe', 'app=web', false",
            "'app in (web|db)', 'app=db', true",
            "'app in (web|db)', 'app=cache', false",
            "'app in (web|db)', '', false",
            "'app notin (web)', 'app=db', true",
            "'app notin (web)', 'app=web', false",
            "'app notin (web)', '', true",
            "'app', 'app=', true",
            "'app', 'tier=x', false",
            "'!app', 'tier=x', true",
            "'!app', 'app=x', false",
            "'app=web;!canary', 'app=web;canary=true', false",
            "'app=web;tier in (fe)', 'app=web;tier=fe', true",
    })
    void matches(String selector, String podLabels, boolean expected) {
        assertThat(selector(selector).matches(labels(podLabels))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ',', value = {"'a=1;b in (x|y)'", "'b in (y|x);a=1'"})
    void equalSelectorsAreEqualValuesWhateverTheOrder(String text) {
        assertThat(selector(text)).isEqualTo(selector("a=1;b in (x|y)"));
        assertThat(selector(text)).hasToString("a=1,b in (x,y)");
    }
}
