package dev.weft.overlay.udp.packet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Segmentation and coalescing against each other and against packets built independently. */
class GsoGroProperties {

    /** A TCP flow's worth of data: what a TSO packet or its segments carry. */
    record Flow(int mss, byte[] payload, byte[] options, int seq, int ack, int id, boolean psh) {
        byte[] superPacket() {
            return Packets.tcp(Packets.SRC, Packets.DST, id, 63, 40000, 5201, seq, ack,
                    Tcp.ACK | (psh ? Tcp.PSH : 0), options, payload);
        }

        /** The segments Linux's GSO would make, each built from scratch. */
        List<byte[]> segments() {
            List<byte[]> out = new ArrayList<>();
            int n = Math.max(1, (payload.length + mss - 1) / mss);
            for (int i = 0; i < n; i++) {
                byte[] chunk = Arrays.copyOfRange(payload, i * mss, Math.min(payload.length, (i + 1) * mss));
                boolean last = i == n - 1;
                out.add(Packets.tcp(Packets.SRC, Packets.DST, (id + i) & 0xffff, 63, 40000, 5201, seq + i * mss, ack,
                        Tcp.ACK | (psh && last ? Tcp.PSH : 0), options, chunk));
            }
            return out;
        }
    }

    @Provide
    Arbitrary<Flow> flows() {
        Arbitrary<byte[]> options = Arbitraries.of(new byte[0], timestamps(), new byte[] {1, 1, 1, 1});
        return Combinators.combine(Arbitraries.integers().between(8, 1460), Arbitraries.integers().between(1, 65000),
                        options, Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers().between(0, 65535),
                        Arbitraries.of(true, false), Arbitraries.longs())
                .as((mss, len, opt, seq, ack, id, psh, seed) -> {
                    int max = 65535 - 20 - 20 - opt.length;
                    byte[] payload = new byte[Math.min(len, max)];
                    new java.util.Random(seed).nextBytes(payload);
                    return new Flow(mss, payload, opt, seq, ack, id, psh);
                })
                .filter(f -> (f.payload.length + f.mss - 1) / f.mss <= 2000);
    }

    private static byte[] timestamps() {
        return new byte[] {1, 1, 8, 10, 0, 0, 0, 42, 0, 0, 0, 7};
    }

    @Property(tries = 300)
    void segmentingASuperPacketGivesWhatLinuxGsoGives(@ForAll("flows") Flow f) {
        byte[] sp = f.superPacket();
        List<byte[]> got = segment(sp, f.mss);
        assertThat(got).hasSameSizeAs(f.segments());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).as("segment %d", i).isEqualTo(f.segments().get(i));
            assertThat(Packets.checksumsValid(got.get(i))).isTrue();
        }
    }

    @Property(tries = 300)
    void coalescingTheSegmentsGivesTheSuperPacketBack(@ForAll("flows") Flow f) {
        Assume.that(f.segments().size() <= TcpCoalescer.MAX_SEGMENTS);
        List<byte[]> emitted = coalesce(f.segments());
        assertThat(emitted).hasSize(1);
        byte[] withHdr = emitted.getFirst();
        MemorySegment s = MemorySegment.ofArray(withHdr);
        VirtioNetHdr h = VirtioNetHdr.decode(s, 0);
        byte[] pkt = Arrays.copyOfRange(withHdr, VirtioNetHdr.SIZE, withHdr.length);
        if (f.segments().size() == 1) {
            assertThat(h).isEqualTo(VirtioNetHdr.NONE);
        } else {
            assertThat(h).isEqualTo(new VirtioNetHdr(VirtioNetHdr.F_NEEDS_CSUM, VirtioNetHdr.GSO_TCPV4,
                    40 + f.options.length, f.mss, 20, 16));
            VirtioNetHdr.completeChecksum(MemorySegment.ofArray(pkt), 0, pkt.length, h.csumStart(), h.csumOffset());
        }
        assertThat(pkt).isEqualTo(f.superPacket());
    }

    @Property(tries = 300)
    void segmentOfCoalesceRoundTrips(@ForAll("flows") Flow f) {
        Assume.that(f.segments().size() <= TcpCoalescer.MAX_SEGMENTS);
        byte[] withHdr = coalesce(f.segments()).getFirst();
        MemorySegment s = MemorySegment.ofArray(withHdr);
        int gso = Math.max(VirtioNetHdr.gsoSize(s, 0), 1);
        List<byte[]> again = segment(Arrays.copyOfRange(withHdr, VirtioNetHdr.SIZE, withHdr.length),
                VirtioNetHdr.gsoType(s, 0) == VirtioNetHdr.GSO_NONE ? 65535 : gso);
        assertThat(again).hasSameSizeAs(f.segments());
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i)).as("segment %d", i).isEqualTo(f.segments().get(i));
        }
    }

    static List<byte[]> segment(byte[] packet, int mss) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocate(packet.length);
            MemorySegment.copy(MemorySegment.ofArray(packet), 0, in, 0, packet.length);
            int cap = 200_000;
            MemorySegment hdrs = a.allocate(cap);
            Gather parts = new Gather(2 * 70_000);
            TcpSegmenter seg = new TcpSegmenter();
            int n = seg.segment(in, 0, packet.length, mss, hdrs, 0, cap, parts);
            assertThat(n).isPositive();
            assertThat(parts.count()).isEqualTo(n * TcpSegmenter.PARTS);
            List<byte[]> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] s = parts.toBytes(i * TcpSegmenter.PARTS, (i + 1) * TcpSegmenter.PARTS);
                assertThat(s).hasSize(i == n - 1 ? seg.lastSize() : seg.segmentSize());
                assertThat(parts.length(i * TcpSegmenter.PARTS)).isEqualTo(seg.headerSize());
                list.add(s);
            }
            return list;
        }
    }

    /** Coalesces {@code packets}, laid out back to back in one buffer as a GRO read leaves them. */
    static List<byte[]> coalesce(List<byte[]> packets) {
        List<byte[]> emitted = new ArrayList<>();
        TcpCoalescer c = new TcpCoalescer(Arena.ofAuto(), g -> emitted.add(g.toBytes(0, g.count())), true);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        packets.forEach(batch::writeBytes);
        byte[] bytes = batch.toByteArray();
        MemorySegment b = MemorySegment.ofArray(bytes);
        long pos = 0;
        for (byte[] p : packets) {
            c.add(b, pos, p.length);
            pos += p.length;
        }
        c.flush();
        return emitted;
    }
}
