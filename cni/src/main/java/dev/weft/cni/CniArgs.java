package dev.weft.cni;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CNI_ARGS}: ordered {@code KEY=VALUE} pairs separated by {@code ;}. Order is kept because
 * libcni's cache stores it as a list of pairs.
 */
public record CniArgs(List<Map.Entry<String, String>> pairs) {
    public static final CniArgs EMPTY = new CniArgs(List.of());

    public CniArgs {
        pairs = List.copyOf(pairs);
    }

    /** Parses {@code "K=V;K2=V2"}; a pair without {@code =} is error 4. */
    public static CniArgs parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new CniException(CniErrorCode.INVALID_ENVIRONMENT,
                        "CNI_ARGS entry \"" + part + "\" is not KEY=VALUE");
            }
            out.add(Map.entry(part.substring(0, eq), part.substring(eq + 1)));
        }
        return new CniArgs(out);
    }

    public Optional<String> get(String key) {
        return pairs.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).reduce((a, b) -> b);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : pairs) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
