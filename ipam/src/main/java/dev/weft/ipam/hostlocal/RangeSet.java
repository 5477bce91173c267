package dev.weft.ipam.hostlocal;

import dev.weft.net.IpAddress;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Ranges that together yield one address (usually one family); none may overlap. */
public record RangeSet(List<Range> ranges) {
    public RangeSet {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a range set needs at least one range");
        }
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).start().isV4() != ranges.getFirst().start().isV4()) {
                throw new IllegalArgumentException("range set mixes IPv4 and IPv6: " + this);
            }
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    throw new IllegalArgumentException("ranges " + ranges.get(i) + " and " + ranges.get(j) + " overlap");
                }
            }
        }
    }

    public Optional<Range> rangeFor(IpAddress a) {
        return ranges.stream().filter(r -> r.contains(a)).findFirst();
    }

    public boolean overlaps(RangeSet o) {
        return ranges.stream().anyMatch(r -> o.ranges.stream().anyMatch(r::overlaps));
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }
}
